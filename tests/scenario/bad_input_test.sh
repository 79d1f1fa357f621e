#!/usr/bin/env bash
# Malformed input: precise errors (file, line, field, reason), no partial state on abort,
# --max-errors to skip, and bad flags rejected before anything is written.
source "$(dirname "$0")/lib.sh" "$1"
dl init >/dev/null
printf 'email,phone,first_name\nok1@example.com,+4917112345601,A\nnot-an-address,+4917112345602,B\nok3@example.com,+4917112345603,C\n' > bad.csv

expect_exit "malformed row aborts with exit 2" 2 dl import bad.csv --source crm --supplier first_party --collected-for essential.service
expect_contains "error names file and line" "$OUT" "bad.csv:3"
expect_contains "error names the field" "$OUT" "field 'email'"
expect_contains "error says nothing was stored" "$OUT" "nothing was stored"
expect_not_contains "error does not echo the value" "$OUT" "not-an-address"
expect_exit "row before the bad one was not stored" 3 dl subject show email:ok1@example.com
expect_contains "ledger has only the init entry" "$(dl ledger verify --json | json 'd["entries"]')" "1"

expect_exit "--max-errors 1 skips the row" 0 dl import bad.csv --source crm --supplier first_party --collected-for essential.service --max-errors 1
expect_contains "skipped row is reported" "$OUT" "skipped bad.csv:3: field 'email'"
expect_exit "good rows stored" 0 dl subject show email:ok3@example.com

printf 'phone\n12345\n' > shortphone.csv
expect_exit "invalid phone rejected" 2 dl import shortphone.csv --source crm --supplier first_party --collected-for essential.service --region DE
expect_contains "phone error names field" "$OUT" "field 'phone'"

printf 'email\n"unterminated@example.com\n' > quote.csv
expect_exit "unterminated quote rejected" 2 dl import quote.csv --source crm --supplier first_party --collected-for essential.service
expect_contains "structural error names the line" "$OUT" "line 2"

expect_exit "unknown purpose rejected" 2 dl import bad.csv --source crm --supplier first_party --collected-for marketing.spam
expect_contains "purpose error is precise" "$OUT" "unknown purpose"
expect_exit "third_party needs --uploader" 2 dl import bad.csv --source app --supplier third_party --collected-for functional.contact_discovery
expect_exit "unknown supplier rejected" 2 dl import bad.csv --source crm --supplier friend --collected-for essential.service
expect_exit "missing store is an error, not a crash" 1 dl subject show email:a@example.com --db "$WORK/none.db"
expect_exit "init refuses to overwrite" 1 dl init
expect_exit "ledger still verifies" 0 dl ledger verify
finish
