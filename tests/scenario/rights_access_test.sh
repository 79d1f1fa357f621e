#!/usr/bin/env bash
# The rights of access (Art. 15) and portability (Art. 20) through the CLI: the access report
# holds every identifier and detail with its provenance, the gate's decision per purpose,
# consents with evidence and every export with its recipient; the HTML page (English, or German
# with --lang de) is 0600, self-contained and escapes every value; a number known only from
# address books is reported by upload count and date, never by uploader or label; the
# portability export holds only what the person supplied themselves.
source "$(dirname "$0")/lib.sh" "$1"
ADS=marketing.advertising.third_party.targeted
# Guardrails of 1 so that an audience of one person can be exported.
dl init --audience-minimum 1 --audience-rounding 1 --audience-margin 1 >/dev/null

# Ann signs up herself; the CRM adds what the organisation knows (a tier with markup in it).
printf 'email,first_name\nann@example.com,Ann\n' > signup.csv
printf 'email,country,tier,crm_segment\nann@example.com,DE,<b>gold</b>,whale\n' > crm.csv
dl import signup.csv --source web --supplier self --collected-for marketing.communications.email >/dev/null
dl import crm.csv --source salesforce --supplier first_party --collected-for marketing >/dev/null
dl consent grant email:ann@example.com --purpose $ADS --evidence "ads opt-in v1" >/dev/null
dl audience create de --purpose $ADS --where 'country = "DE"' >/dev/null
expect_exit "a one-person audience exports" 0 dl audience export de --format meta --recipient "Meta Ads account 123" --out de.csv

# Access report as JSON.
out=$(dl rights access email:ann@example.com --json 2>stderr.txt)
[[ ! -s stderr.txt ]] && pass "nothing on stderr" || fail "stderr: $(cat stderr.txt)"
expect_contains "format and version" "$(json 'd["format"], d["version"]' <<<"$out")" "('daylight-access', 1)"
expect_contains "the e-mail with its self claim" "$(json '[c["supplier"] for c in d["identifiers"][0]["supplied"]]' <<<"$out")" "'self'"
expect_contains "the e-mail with its CRM claim" "$(json '[c["source"] for c in d["identifiers"][0]["supplied"]]' <<<"$out")" "'salesforce'"
expect_contains "every trait, the CRM's too" "$(json 'sorted(t["name"] for t in d["traits"])' <<<"$out")" "['country', 'crm_segment', 'first_name', 'tier']"
expect_contains "trait values as held" "$(json '[t["value"] for t in d["traits"] if t["name"] == "tier"]' <<<"$out")" "['<b>gold</b>']"
expect_contains "consent with its evidence" "$(json '[(c["purpose"], c["state"], c["evidence"]) for c in d["consents"]]' <<<"$out")" "('$ADS', 'granted', 'ads opt-in v1')"
expect_contains "the export with its recipient" "$(json '[(u["kind"], u["audience"], u["recipient"], u["identifiers"]) for u in d["uses"]]' <<<"$out")" "('audience_export', 'de', 'Meta Ads account 123', ['email:ann@example.com'])"
expect_contains "the export's time" "$(json 'd["uses"][0]["time"]' <<<"$out")" "Z"
expect_contains "used for ads through the e-mail, on consent" "$(json '[(p["used"], p["legal_basis"], p["allowed_through"]) for p in d["purposes"] if p["purpose"] == "'$ADS'"]' <<<"$out")" "(True, 'consent', ['email:ann@example.com'])"
expect_contains "not used for SMS, with the reason" "$(json '[x["exclusion"] for p in d["purposes"] if p["purpose"] == "marketing.communications.sms" for x in p["denied"]]' <<<"$out")" "['legal basis']"
expect_contains "every known purpose is listed" "$(json 'len(d["purposes"])' <<<"$out")" "$(dl purpose list --json | json 'len(d)')"
expect_contains "retention stated honestly" "$(json '(d["retention"]["period"], d["retention"]["statement"][:56])' <<<"$out")" "(None, 'No automatic retention period is configured: the data is"
expect_contains "no restriction, no objection" "$(json '(d["restricted"], d["objections"])' <<<"$out")" "(False, [])"

# Text by default.
out=$(dl rights access email:ann@example.com)
expect_contains "text names the recipient" "$out" "Meta Ads account 123"
expect_contains "text states retention" "$out" "kept until it is erased"

# HTML page: 0600, self-contained, escaped.
expect_exit "HTML report" 0 dl rights access email:ann@example.com --html --out report.html
[[ $(stat -c %a report.html) == 600 ]] && pass "report.html is 0600" || fail "report.html mode $(stat -c %a report.html)"
html=$(cat report.html)
expect_not_contains "no script in the page" "$(tr 'A-Z' 'a-z' <<<"$html")" "<script"
expect_contains "the trait's markup is escaped" "$html" "&lt;b&gt;gold&lt;/b&gt;"
expect_not_contains "the trait's markup is not live" "$html" "<b>gold"
expect_contains "lang attribute" "$html" '<html lang="en">'
expect_contains "tables have captions" "$html" "<caption>"
expect_contains "print styles" "$html" "@media print"
expect_contains "the page names the recipient" "$html" "Meta Ads account 123"
expect_not_contains "no external resources" "$html" "http"
ls -a | grep -q 'tmp-' && fail "a temporary file was left: $(ls -a)" || pass "no temporary file left"
# The same page in German (--lang de), as the portal serves it to a German-speaking person.
expect_exit "German HTML report" 0 dl rights access email:ann@example.com --html --lang de --out bericht.html
[[ $(stat -c %a bericht.html) == 600 ]] && pass "bericht.html is 0600" || fail "bericht.html mode $(stat -c %a bericht.html)"
de=$(cat bericht.html)
expect_contains "German lang attribute" "$de" '<html lang="de">'
expect_contains "German heading" "$de" "Ihre Kennungen und woher sie stammen"
expect_contains "escaped in German too" "$de" "&lt;b&gt;gold&lt;/b&gt;"
expect_not_contains "no English heading left" "$de" "The data we hold about you"
expect_exit "--lang needs --html" 2 dl rights access email:ann@example.com --lang de
expect_exit "--lang is en or de" 2 dl rights access email:ann@example.com --html --lang fr --out r3.html
[[ ! -e r3.html ]] && pass "no file for an unknown language" || fail "r3.html written"
expect_exit "--html needs --out" 2 dl rights access email:ann@example.com --html
expect_exit "--json and --html exclude each other" 2 dl rights access email:ann@example.com --json --html --out r2.html
[[ ! -e r2.html ]] && pass "no file on a usage error" || fail "r2.html written"

# A number known only from three address books, where each uploader calls it "Mom".
for u in alice bob carol; do
  printf 'BEGIN:VCARD\nVERSION:3.0\nFN:Mom\nN:;Mom;;;\nTEL;TYPE=cell:0152 28817386\nEND:VCARD\n' > book-$u.vcf
  dl import book-$u.vcf --source app --supplier third_party --uploader "uploader-$u" \
    --collected-for functional.contact_discovery --region DE >/dev/null
done
out=$(dl rights access phone:+4915228817386 --json 2>stderr.txt)
[[ ! -s stderr.txt ]] && pass "nothing on stderr for the shadow number" || fail "stderr: $(cat stderr.txt)"
expect_contains "shadow, no subject" "$(json '(d["shadow"], d["subject_id"])' <<<"$out")" "(True, None)"
expect_contains "three uploads" "$(json 'd["identifiers"][0]["third_party"]["uploads"]' <<<"$out")" "3"
expect_contains "since when" "$(json 'd["identifiers"][0]["third_party"]["since"]' <<<"$out")" "Z"
expect_contains "never used, as shadow" "$(json 'sorted(set(x["exclusion"] for p in d["purposes"] for x in p["denied"])), any(p["used"] for p in d["purposes"])' <<<"$out")" "(['shadow'], False)"
text=$(dl rights access phone:+4915228817386)
expect_contains "text: held only from 3 address books" "$text" "held only from 3 uploaded address books since"
dl rights access phone:+4915228817386 --html --out shadow.html >/dev/null
expect_contains "page: held only from 3 address books" "$(cat shadow.html)" "held only from 3 uploaded address books since"
for what in "$out" "$text" "$(cat shadow.html)"; do
  expect_not_contains "no label" "$what" "Mom"
  expect_not_contains "no uploader" "$what" "uploader-"
  expect_not_contains "no uploader name" "$what" "alice"
done

# Unknown and malformed identifiers; messages never carry the value.
expect_exit "unknown identifier exits 3" 3 dl rights access email:nobody@example.com
expect_contains "clear message" "$OUT" "not known to this store"
expect_not_contains "no value in the message" "$OUT" "nobody"
expect_exit "unknown identifier: no HTML file" 3 dl rights access email:nobody@example.com --html --out nobody.html
[[ ! -e nobody.html ]] && pass "no page for an unknown identifier" || fail "nobody.html written"
expect_exit "bad identifier exits 2" 2 dl rights access email:not-an-address
expect_not_contains "no value in the error" "$OUT" "not-an-address"
expect_exit "bad identifier exits 2 for export" 2 dl rights export phone:12 --out x.json

# Portability: what Ann supplied herself, and nothing of the CRM's.
expect_exit "portability export" 0 dl rights export email:ann@example.com --out ann.json
[[ $(stat -c %a ann.json) == 600 ]] && pass "ann.json is 0600" || fail "ann.json mode $(stat -c %a ann.json)"
p=$(cat ann.json)
expect_contains "format and version" "$(json '(d["format"], d["version"])' <<<"$p")" "('daylight-portability', 1)"
expect_contains "the self-supplied e-mail" "$(json '[(i["identifier"], i["value"]) for i in d["identifiers"]]' <<<"$p")" "[('email:ann@example.com', 'ann@example.com')]"
expect_contains "only her own traits" "$(json '[(t["name"], t["value"]) for t in d["traits"]]' <<<"$p")" "[('first_name', 'Ann')]"
expect_contains "her consent decision" "$(json '[c["evidence"] for c in d["consents"]]' <<<"$p")" "['ads opt-in v1']"
expect_contains "events: none stored yet" "$(json 'd["events"]' <<<"$p")" "[]"
for crm in gold whale salesforce crm_segment tier country; do
  expect_not_contains "no first_party '$crm'" "$p" "$crm"
done
expect_exit "portability for the shadow number" 0 dl rights export phone:+4915228817386 --out shadow.json
expect_contains "nothing supplied by the person" "$(json '(d["identifiers"], d["traits"])' <<<"$(cat shadow.json)")" "([], [])"
expect_not_contains "no label in the shadow export" "$(cat shadow.json)" "Mom"
expect_exit "portability for an unknown identifier exits 3" 3 dl rights export email:nobody@example.com --out nobody.json
[[ ! -e nobody.json ]] && pass "no file for an unknown identifier" || fail "nobody.json written"
expect_exit "--out is required" 2 dl rights export email:ann@example.com

# Every report is a rights action on record, naming the operator.
expect_contains "access reports are in the ledger" "$(dl records --json | json 'd["rights_actions"].get("rights.access", 0) > 0')" "True"
expect_contains "portability exports are in the ledger" "$(dl records --json | json 'd["rights_actions"].get("rights.export", 0) > 0')" "True"
expect_exit "ledger verifies" 0 dl ledger verify
finish
