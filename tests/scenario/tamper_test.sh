#!/usr/bin/env bash
# ledger verify finds an altered, a removed and a reordered entry and names the first.
source "$(dirname "$0")/lib.sh" "$1"
dl init >/dev/null
for b in 1 2 3; do
  printf 'email\nperson%s@example.com\n' "$b" > b$b.csv
  dl import b$b.csv --source crm --supplier first_party --collected-for essential.service >/dev/null
done
expect_exit "intact ledger verifies" 0 dl ledger verify
n=$(dl ledger verify --json | json 'd["entries"]')

cp daylight.db pristine.db; cp daylight.db.key pristine.db.key
sql() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()" "$@"; }

sql daylight.db "PRAGMA wal_checkpoint; UPDATE ledger SET actor='cli:mallory' WHERE seq=4;"
expect_exit "altered entry detected (exit 4)" 4 dl ledger verify
expect_contains "altered entry named" "$OUT" "entry 4"
expect_contains "reason given" "$OUT" "altered"

cp pristine.db daylight.db; rm -f daylight.db-wal daylight.db-shm
sql daylight.db "DELETE FROM ledger WHERE seq=3;"
expect_exit "removed entry detected" 4 dl ledger verify
expect_contains "removed entry named" "$OUT" "entry 3"

cp pristine.db daylight.db; rm -f daylight.db-wal daylight.db-shm
sql daylight.db "UPDATE ledger SET seq=-5 WHERE seq=5; UPDATE ledger SET seq=5 WHERE seq=6; UPDATE ledger SET seq=6 WHERE seq=-5;"
expect_exit "reordered entries detected" 4 dl ledger verify
expect_contains "reordered entry named" "$OUT" "entry 5"

cp pristine.db daylight.db; rm -f daylight.db-wal daylight.db-shm
sql daylight.db "DELETE FROM ledger WHERE seq=$n;"
expect_exit "entry cut from the end detected" 4 dl ledger verify
finish
