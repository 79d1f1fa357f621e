#!/usr/bin/env bash
# The issue's user story end to end: init, import CRM, sign-ups and two address books, then
# look people up and check provenance, shadow handling, deduplication and encryption at rest.
source "$(dirname "$0")/lib.sh" "$1"

dl init >/dev/null
expect_contains "key file is 0600" "$(stat -c %a daylight.db.key)" "600"

dl import "$DATA/crm.csv" --source salesforce --supplier first_party --collected-for essential.service --region DE --preset salesforce >/dev/null
dl import "$DATA/signups.jsonl" --source web --supplier self --collected-for marketing.communications.email >/dev/null
dl import "$DATA/book-u42.vcf" --source app --supplier third_party --uploader u42 --collected-for functional.contact_discovery --region DE >/dev/null
dl import "$DATA/book-u77.vcf" --source app --supplier third_party --uploader u77 --collected-for functional.contact_discovery --region DE >/dev/null

out=$(dl subject show email:ann@example.com)
expect_contains "ann has a subject" "$out" "subject s_"
expect_contains "ann's phone joined from CRM and sign-up" "$out" "phone:+4917112345678"
expect_contains "claim from salesforce" "$out" "source=salesforce"
expect_contains "claim from web sign-up" "$out" "source=web"
expect_contains "address-book presence summarised" "$out" "also in 1 upload"
expect_not_contains "no label on ann" "$out" "Ann from work"

j=$(dl subject show 'phone:0171 12345678' --region DE --json)
expect_contains "national form finds the same subject" "$(json 'd["subject_id"]' <<<"$j")" "s_"
expect_contains "same subject through either identifier" "$(dl subject show email:ann@example.com --json | json 'd["subject_id"]')" "$(json 'd["subject_id"]' <<<"$j")"

shadow=$(dl subject show phone:+4915228817386)
expect_contains "shadow number is shadow" "$shadow" "shadow: known only from 2 distinct uploads"
expect_contains "shadow number has no subject" "$shadow" "belongs to no subject"
for secret in u42 u77 Mom Auntie; do expect_not_contains "shadow view hides $secret" "$shadow" "$secret"; done
sj=$(dl subject show phone:+4915228817386 --json)
expect_contains "json says shadow" "$(json 'd["shadow"]' <<<"$sj")" "True"
expect_contains "json counts uploads" "$(json 'd["identifiers"][0]["third_party"]["uploads"]' <<<"$sj")" "2"
for secret in u42 u77 Mom Auntie; do expect_not_contains "shadow json hides $secret" "$sj" "$secret"; done

expect_contains "opt-out column became an objection" "$(dl subject show email:bernd@example.org)" "objection: marketing.communications.email"
expect_contains "placeholder is blocked" "$(dl subject show email:test@test.com)" "[blocked placeholder]"
expect_exit "unknown identifier exits 3" 3 dl subject show email:nobody@example.com

again=$(dl import "$DATA/crm.csv" --source salesforce --supplier first_party --collected-for essential.service --region DE --preset salesforce --json)
expect_contains "re-import stores nothing" "$(json 'd["records_stored"]' <<<"$again")" "0"
expect_contains "re-import counts duplicates" "$(json 'd["duplicates"]' <<<"$again")" "4"
expect_contains "claims not duplicated" "$(dl subject show email:ann@example.com --json | json 'len(d["identifiers"][0]["claims"])')" "2"

expect_exit "ledger verifies" 0 dl ledger verify
st=$(dl status --json)
expect_contains "status counts the shadow number" "$(json 'd["shadow_identifiers"]' <<<"$st")" "1"
expect_contains "status counts subjects" "$(json 'd["subjects"] >= 3' <<<"$st")" "True"

# Encryption at rest: no identifier or name in plaintext in the database, WAL or key file.
for f in daylight.db*; do
  for needle in ann@example.com 4917112345678 Schmidt Mom; do
    if grep -qa "$needle" "$f"; then fail "plaintext '$needle' found in $f"; fi
  done
done
pass "no plaintext personal data in the store files"
finish
