#!/usr/bin/env bash
# The README's demo command runs `daylight demo`: it must generate, import, show a person and a
# shadow contact, build an audience with guarded counts, and end with a verified ledger — and
# refuse to overwrite without --force.
source "$(dirname "$0")/lib.sh" "$1"
out=$(dl demo --dir d --people 400 2>&1)
expect_contains "demo imports the CRM export" "$out" "crm.csv"
expect_contains "demo imports the consent signals" "$out" "signals.csv      consent"
expect_contains "demo reports shadow identifiers" "$out" "shadow (third-party only, quarantined)"
expect_contains "demo shows a person from several sources" "$out" "a person known from several sources"
expect_contains "demo shows a shadow contact" "$out" "known only from"
expect_contains "demo verifies the ledger" "$out" "ledger ok"
expect_contains "demo's gate denies the shadow contact" "$out" "DENY (shadow)"
expect_contains "demo's gate allows the person after consent" "$out" "ALLOW"
expect_not_contains "demo shows no uploader label" "$out" "Mom"

# Purchase history: the CRM's custom fields arrive as the traits last_order and orders (--map in
# the MANIFEST). Some rows carry planted defects, so the first of a few candidates must show.
history=no
while IFS=, read -r email date n; do
  shown=$(dl subject show "email:$email" --db d/daylight.db 2>&1 || true)
  if grep -qE "last_order +$date " <<<"$shown" && grep -qE "orders +$n " <<<"$shown"; then
    history=yes
    break
  fi
done < <(python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(open("d/data/crm.csv", newline="")) if r["Last_Order_Date__c"]]
for r in rows[:5]:
    print(",".join([r["Email"].strip().lower(), r["Last_Order_Date__c"], r["Number_Of_Orders__c"]]))
')
[[ $history == yes ]] && pass "CRM purchase history lands as traits last_order and orders" \
  || fail "no subject shows the last_order/orders of its CRM row"

# The audience, shown as the commands a user would type. 400 people are too few for it: its
# size is withheld and the export refused, and the demo says so and goes on.
expect_contains "demo shows the audience command" "$out" \
  "== daylight audience create lapsed-de --purpose marketing.advertising.third_party.targeted --where 'country = \"DE\" and last_order < now - 90d'"
expect_contains "demo creates the audience" "$out" "created audience lapsed-de"
expect_contains "demo prints the guardrail note" "$out" \
  "Counts are rounded to multiples of 100 and withheld under the minimum (docs/guardrails.md)."
expect_contains "a small audience is withheld" "$out" "members    withheld (under the minimum of 100"
expect_contains "demo shows the export command" "$out" \
  "== daylight audience export lapsed-de --format meta --recipient \"Meta Ads account 123\" --out d/exports/lapsed-de.meta.csv"
expect_contains "a small audience is not exported" "$out" "refused: audience too small to export"
[[ ! -e d/exports/lapsed-de.meta.csv ]] && pass "no file for a refused export" \
  || fail "a refused export left d/exports/lapsed-de.meta.csv"
expect_contains "the audience is in the store" "$(dl audience list --db d/daylight.db)" "lapsed-de"

expect_exit "demo refuses to overwrite its store" 1 dl demo --dir d --people 400
expect_exit "demo --force replaces it" 0 dl demo --dir d --people 400 --force

# At the default size the audience is large enough: its size is shown (rounded) and the file for
# Meta is written, with the rows the gate allows.
out=$(dl demo --dir big 2>&1)
expect_contains "the default audience's size is shown" "$out" "members    about "
expect_not_contains "the default audience is not withheld" "$out" "members    withheld"
expect_contains "the default audience is exported" "$out" "wrote big/exports/lapsed-de.meta.csv: "
if [[ -f big/exports/lapsed-de.meta.csv ]] && [[ $(wc -l <big/exports/lapsed-de.meta.csv) -gt 200 ]]; then
  pass "the Meta file holds the members"
else
  fail "big/exports/lapsed-de.meta.csv missing or under 200 rows"
fi
expect_contains "the export is on record" "$(dl audience show lapsed-de --db big/daylight.db)" \
  "meta  to Meta Ads account 123"
finish
