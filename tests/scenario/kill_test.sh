#!/usr/bin/env bash
# SIGKILL in the middle of an import: afterwards the ledger verifies, no record of the killed
# batch is visible, and the same import can simply be run again.
source "$(dirname "$0")/lib.sh" "$1"
dl init >/dev/null
dl generate --profile bench-csv --people 150000 --out gen >/dev/null
first=$(sed -n 2p gen/bench.csv | cut -d, -f3)
before=$(dl ledger verify --json | json 'd["entries"]')

"$DAYLIGHT" import gen/bench.csv --source crm --supplier first_party --collected-for essential.service --region DE &
pid=$!
# Kill once the import has written to the WAL (it is mid-batch), or after 3 s at most.
for _ in $(seq 1 60); do
  sleep 0.05
  if [[ -f daylight.db-wal && $(stat -c %s daylight.db-wal) -gt 4000000 ]]; then break; fi
done
if ! kill -0 $pid 2>/dev/null; then fail "import finished before it could be killed; make the file larger"; fi
kill -9 $pid
set +e; wait $pid; rc=$?; set -e
[[ $rc == 137 ]] && pass "import killed with SIGKILL" || fail "import exit $rc, expected 137 (SIGKILL)"

expect_exit "ledger verifies after the kill" 0 dl ledger verify
expect_contains "no entry of the killed batch remains" "$(dl ledger verify --json | json 'd["entries"]')" "$before"
expect_exit "no record of the killed batch is visible" 3 dl subject show "email:$first"
expect_exit "the same import succeeds afterwards" 0 dl import gen/bench.csv --source crm --supplier first_party --collected-for essential.service --region DE
expect_exit "first row is now there" 0 dl subject show "email:$first"
expect_exit "ledger verifies at the end" 0 dl ledger verify
finish
