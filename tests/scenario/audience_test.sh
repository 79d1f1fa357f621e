#!/usr/bin/env bash
# Audiences through the CLI (the gate issue): membership is filter AND eligible(purpose); counts
# are guarded; exports hold only identifiers the gate allows and are recorded in the ledger; the
# next export names whom to remove.
source "$(dirname "$0")/lib.sh" "$1"
ADS=marketing.advertising.third_party.targeted
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
dl init >/dev/null

# 400 CRM customers: the first 300 in DE with an order 200 days ago; 100 in FR. Customer 0 also
# gave a phone, for two-factor login only.
python3 - <<'EOF'
import datetime
old = (datetime.date.today() - datetime.timedelta(days=200)).isoformat()
recent = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()
with open("crm.csv", "w") as f:
    f.write("email,first_name,last_name,country,last_order,orders\n")
    for i in range(400):
        country = "DE" if i < 300 else "FR"
        f.write(f"c{i}@example.org,Ann,Lee,{country},{old if i % 2 == 0 or i >= 300 else recent},{i % 7}\n")
with open("twofa.csv", "w") as f:
    f.write("email,phone\nc0@example.org,+4917112345678\n")
with open("books.vcf", "w") as f:
    f.write("BEGIN:VCARD\nVERSION:3.0\nFN:Friend\nTEL:+4915228817386\nEMAIL:c2@example.org\nEND:VCARD\n")
EOF
dl import crm.csv --source salesforce --supplier first_party --collected-for marketing >/dev/null
dl import twofa.csv --source web --supplier self --collected-for essential.security >/dev/null
for u in $(seq 1 50); do
  dl import books.vcf --source app --supplier third_party --uploader "u$u" --collected-for functional.contact_discovery >/dev/null
done

# Everyone in DE consents to ads through Google consent mode, except customers 290-299.
{
  echo "identifier,signal,time"
  for i in $(seq 0 289); do echo "email:c$i@example.org,ad_user_data=granted;ad_personalization=granted,$NOW"; done
} > consent.csv
dl consent import consent.csv >/dev/null

# Filters: a purpose is required; parse errors point at the column.
expect_exit "no audience without a purpose" 2 dl audience create x --where 'country = "DE"'
expect_contains "the purpose is named as missing" "$OUT" "--purpose"
expect_exit "bad filter" 2 dl audience create x --purpose $ADS --where 'country = "DE" and'
expect_contains "filter error points at the column" "$OUT" "--where: column 19"
expect_exit "bare duration" 2 dl audience create x --purpose $ADS --where 'last_order < 90d'
expect_contains "bare duration explained" "$OUT" "now - 90d"
expect_exit "unknown purpose" 2 dl audience create x --purpose marketing.spam --where 'country = "DE"'
expect_exit "bad name" 2 dl audience create "Lapsed DE" --purpose $ADS --where 'country = "DE"'

# All DE customers with consent: 290 eligible -> shown, rounded to 100.
out=$(dl audience create de-all --purpose $ADS --where 'country = "DE"' --json)
expect_contains "290 eligible shown as a multiple of 100" "$(json 'd["members"]["shown"] in (200, 300)' <<<"$out")" "True"
expect_contains "the true count is inside the shown range" "$(json 'd["members"]["lower"] <= 290 <= d["members"]["upper"]' <<<"$out")" "True"
expect_contains "the ten without consent are excluded for the legal basis" "$(json 'list(d["excluded"].keys())' <<<"$out")" "legal basis"
expect_contains "an excluded count under the minimum is withheld" "$(json 'd["excluded"]["legal basis"]["withheld"]' <<<"$out")" "True"
out=$(dl audience show de-all)
expect_contains "show names the purpose" "$out" "purpose    $ADS"
expect_contains "show prints guarded counts" "$out" "members    about "
expect_contains "show explains the guardrail" "$out" "rounded to multiples of 100"

# Lapsed DE: even customers 0..298 with consent and an old order: 145 (0..288 even) -> may be
# withheld (threshold 100 + secret margin up to 99); 99 members is always withheld.
dl audience create lapsed-de --purpose $ADS --where 'country = "DE" and last_order < now - 90d' >/dev/null
out=$(dl audience create small --purpose $ADS --where 'country = "DE" and orders = 0' --json)
# c0, c7, ..., c287 have orders = 0 and consent: 42 members, under the minimum.
expect_contains "a small audience is withheld" "$(json 'd["members"]["withheld"]' <<<"$out")" "True"
expect_not_contains "no number is shown for it" "$(json 'd["members"]' <<<"$out")" "shown"
expect_exit "and cannot be exported" 1 dl audience export small --format meta --recipient "Meta Ads account 123" --out small.csv
expect_contains "refusal says why" "$OUT" "audience too small to export"
[[ ! -e small.csv ]] && pass "no file for a refused export" || fail "a refused export left small.csv"

# Just under the minimum: exactly 99 members is withheld and not exportable.
printf 'email,country,segment\n' > seg.csv
for i in $(seq 0 98); do printf 'c%s@example.org,DE,s99\n' "$i" >> seg.csv; done
dl import seg.csv --source salesforce --supplier first_party --collected-for marketing >/dev/null
out=$(dl audience create just-under --purpose $ADS --where 'segment = "s99"' --json)
expect_contains "99 members (just under 100) are withheld" "$(json 'd["members"]["withheld"]' <<<"$out")" "True"
expect_exit "99 members cannot be exported" 1 dl audience export just-under --format google --recipient "Google Ads 42" --out g.csv

# Export de-all for Meta: only allowed identifiers; the 2FA phone never appears, even though
# its owner consented to ads with their e-mail; the shadow phone never appears.
expect_exit "export de-all" 0 dl audience export de-all --format meta --recipient "Meta Ads account 123" --out de.csv
expect_contains "export reports the ledger entry" "$OUT" "ledger entry #"
head -1 de.csv | grep -q '^email,email,email,phone,phone,phone,fn,ln,ct,st,zip,country,dob,gen' && pass "Meta header" || fail "Meta header: $(head -1 de.csv)"
rows=$(($(wc -l < de.csv) - 1))
[[ $rows == 290 ]] && pass "290 rows exported" || fail "expected 290 rows, got $rows"
email_hash() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
grep -q "$(email_hash c1@example.org)" de.csv && pass "a consenting member's hashed e-mail is in the file" || fail "c1 missing"
grep -q "$(email_hash c295@example.org)" de.csv && fail "c295 (no consent) was exported" || pass "no consent, not exported"
grep -q "$(email_hash 4917112345678)" de.csv && fail "the 2FA phone was exported" || pass "the 2FA phone is not in the export"
grep -q "$(email_hash 4915228817386)" de.csv && fail "the shadow phone was exported" || pass "the shadow phone is not in the export"
grep -q "c1@example.org" de.csv && fail "plaintext e-mail in the export" || pass "no plaintext e-mail in the export"
expect_contains "explain still says purpose for the 2FA phone" "$(dl explain phone:+4917112345678 --purpose $ADS)" "DENY (purpose)"
expect_contains "export listed in show" "$(dl audience show de-all)" "to Meta Ads account 123"

# A withdrawal removes the person from the next evaluation and export, and the export says
# whom to remove at the recipient.
dl consent withdraw email:c1@example.org --purpose $ADS >/dev/null
expect_exit "re-export after a withdrawal" 0 dl audience export de-all --format meta --recipient "Meta Ads account 123" --out de2.csv --json
expect_contains "one identifier to remove" "$(json 'd["removed"]' <<<"$OUT")" "1"
grep -q "$(email_hash c1@example.org)" de2.csv && fail "withdrawn person still exported" || pass "withdrawn person left out of the next export"
grep -q "$(email_hash c1@example.org)" de2.remove.csv && pass "removal list names the withdrawn person (hashed)" || fail "removal list: $(cat de2.remove.csv 2>/dev/null)"
[[ $(($(wc -l < de2.remove.csv) - 1)) == 1 ]] && pass "removal list has one row" || fail "removal list rows"

# GPC excludes from third-party targeted advertising and from nothing else.
printf 'identifier,signal,time\nemail:c3@example.org,Sec-GPC: 1,%s\n' "$NOW" > gpc.csv
dl consent import gpc.csv >/dev/null
dl audience export de-all --format meta --recipient "Meta Ads account 123" --out de3.csv >/dev/null
grep -q "$(email_hash c3@example.org)" de3.csv && fail "GPC person exported for third-party ads" || pass "GPC person left out of third-party ads"
out=$(dl audience create de-email --purpose marketing.communications.email --where 'country = "DE"' --json)
expect_not_contains "e-mail marketing audience unaffected by GPC: no objection reason" "$(json 'list(d["excluded"].keys())' <<<"$out")" "objection"

# Exports are ledger entries; the ledger verifies; list shows the audiences.
expect_contains "list shows the audience" "$(dl audience list)" "lapsed-de"
expect_exit "unknown audience" 1 dl audience show nope
expect_contains "unknown audience named" "$OUT" "no audience named 'nope'"
expect_exit "ledger verifies" 0 dl ledger verify
ls -l de.csv | grep -q -- '-rw-------' && pass "export file is 0600" || fail "export mode: $(ls -l de.csv)"
for f in daylight.db daylight.db-wal; do
  [[ -e $f ]] || continue
  grep -qa "c1@example.org" "$f" && fail "plaintext e-mail in $f" || pass "no plaintext e-mail in $f"
done
finish
