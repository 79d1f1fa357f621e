#!/usr/bin/env bash
# The rights of the people concerned through the CLI: objection and restriction feed the gate;
# erasure shreds the person, lists the recipients to tell, and suppresses later imports of
# them from any source; an uploader's withdrawn address book leaves no trace of a number only
# it held.
source "$(dirname "$0")/lib.sh" "$1"
ADS=marketing.advertising.third_party.targeted
dl init --audience-minimum 1 --audience-rounding 1 --audience-margin 1 >/dev/null

printf 'email,phone,first_name,last_name,country\nann@example.com,+4917112345678,Annabelle,Zzyzx,DE\nbob@example.com,,Bob,Lee,DE\n' > crm.csv
dl import crm.csv --source salesforce --supplier first_party --collected-for marketing >/dev/null
dl consent grant email:ann@example.com --purpose $ADS --evidence "ads opt-in v1" >/dev/null
dl consent grant email:bob@example.com --purpose $ADS --evidence "ads opt-in v1" >/dev/null
# Three address books: each holds Ann's number; book 1 alone holds +4915228817386, books 1 and
# 2 hold +4915111122233.
printf 'BEGIN:VCARD\nVERSION:3.0\nFN:Mom\nTEL:+4917112345678\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Dentist\nTEL:+4915228817386\nTEL:+4915111122233\nEND:VCARD\n' > b1.vcf
printf 'BEGIN:VCARD\nVERSION:3.0\nFN:Anna\nTEL:+4917112345678\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Gym\nTEL:+4915111122233\nEND:VCARD\n' > b2.vcf
printf 'BEGIN:VCARD\nVERSION:3.0\nFN:A.\nTEL:+4917112345678\nEND:VCARD\n' > b3.vcf
for u in 1 2 3; do
  dl import b$u.vcf --source app --supplier third_party --uploader "u$u" --collected-for functional.contact_discovery >/dev/null
done

# Objection and restriction: absolute, over every identifier of the person, shown by explain.
expect_exit "object" 0 dl rights object phone:+4917112345678 --purpose marketing
expect_contains "objection names the operator" "$OUT" "by cli:"
expect_contains "objection covers the e-mail too" "$(dl explain email:ann@example.com --purpose $ADS)" "objection (Art. 21) to marketing"
expect_exit "objecting for an unknown identifier" 3 dl rights object email:nobody@example.com --purpose marketing
expect_exit "objecting to an unknown purpose" 2 dl rights object email:ann@example.com --purpose marketing.spam
expect_exit "restrict" 0 dl rights restrict email:bob@example.com
expect_contains "restriction shown by explain" "$(dl explain email:bob@example.com --purpose essential.service)" "processing restricted (Art. 18)"
dl audience create de --purpose $ADS --where 'country = "DE"' >/dev/null
expect_exit "nobody is exportable while objected and restricted" 1 dl audience export de --format meta --recipient "Meta Ads account 123" --out de.csv
expect_exit "unrestrict" 0 dl rights unrestrict email:bob@example.com
expect_contains "restriction lifted" "$(dl explain email:bob@example.com --purpose $ADS)" "ALLOW"
expect_exit "export Bob" 0 dl audience export de --format meta --recipient "Meta Ads account 123" --out de.csv

# Erasure: Bob was exported, so the recipient must be told.
expect_contains "Bob is held before" "$(dl subject show email:bob@example.com)" "bob@example.com"
expect_exit "erase Bob" 0 dl rights erase email:bob@example.com
expect_contains "erasure lists the recipient to notify" "$OUT" "Meta Ads account 123"
expect_exit "Bob is no longer known" 3 dl subject show email:bob@example.com
expect_exit "ledger verifies after erasure" 0 dl ledger verify
expect_contains "erasure is in the audience at once" "$(dl audience show de --json | json 'd["members"]')" "True"

# Erase Ann, who is in three address books: nothing readable of her remains in the files.
expect_exit "erase Ann" 0 dl rights erase phone:+4917112345678 --json
expect_contains "both of Ann's identifiers" "$(json 'd["identifiers"]' <<<"$OUT")" "2"
expect_contains "her contact cards in the books are shredded too" "$(json 'd["records"] >= 4' <<<"$OUT")" "True"
for f in daylight.db daylight.db-wal daylight.db-shm; do
  [[ -e $f ]] || continue
  for v in ann@example.com 4917112345678 Annabelle Zzyzx bob@example.com; do
    grep -qa -- "$v" "$f" && fail "$f still holds '$v'" || pass "$f holds no '$v'"
  done
done
[[ ! -s daylight.db-wal ]] && pass "the WAL was checkpointed and truncated" || fail "WAL not truncated"
expect_exit "the ledger still verifies" 0 dl ledger verify
expect_exit "Ann's e-mail is unknown" 3 dl subject show email:ann@example.com
expect_contains "the other numbers of the books stay" "$(dl subject show phone:+4915111122233)" "known only from 2 distinct uploads"

# A later import of the erased person from another source is suppressed and counted.
printf '{"email":"ann@example.com","phone":"+4917112345678","first_name":"Annabelle"}\n' > signup.jsonl
out=$(dl import signup.jsonl --source web --supplier self --collected-for marketing.communications.email --json)
expect_contains "re-import suppressed and counted" "$(json 'd["suppressed"]' <<<"$out")" "2"
expect_contains "nothing stored" "$(json 'd["records_stored"]' <<<"$out")" "0"
expect_exit "still unknown after the re-import" 3 dl subject show email:ann@example.com
printf 'BEGIN:VCARD\nVERSION:3.0\nFN:Mom\nTEL:+4917112345678\nEND:VCARD\n' > b4.vcf
expect_contains "an address book holding her is suppressed too" \
  "$(dl import b4.vcf --source app --supplier third_party --uploader u4 --collected-for functional.contact_discovery)" "1 identifiers suppressed"

# Upload deletion: the only upload holding a shadow number takes it with it.
expect_contains "uploads list" "$(dl uploads list)" "contacts"
up=$(dl uploads list --uploader u1 --json | json 'd[0]["upload"]')
expect_contains "the shadow number is held before" "$(dl subject show phone:+4915228817386)" "known only from 1 upload"
expect_exit "delete u1's upload" 0 dl uploads delete "$up"
expect_exit "the number only u1 held leaves no trace" 3 dl subject show phone:+4915228817386
expect_contains "a number another upload holds stays, with one upload" "$(dl subject show phone:+4915111122233)" "known only from 1 upload"
expect_contains "the upload is marked deleted" "$(dl uploads list)" "(deleted)"
expect_exit "deleting it twice" 1 dl uploads delete "$up"
expect_exit "a CRM batch is not an upload" 1 dl uploads delete 1
expect_contains "refusal says why" "$OUT" "not an uploaded address book"
expect_exit "unknown upload" 1 dl uploads delete 999

# Art. 14: the number held only from u2's book is due a month after collection, not before.
expect_not_contains "not due yet" "$(dl notices due)" "+4915111122233"
expect_contains "listed with --all" "$(dl notices due --all)" "phone:+4915111122233"
later=$(python3 -c 'import datetime; print((datetime.datetime.utcnow()+datetime.timedelta(days=32)).strftime("%Y-%m-%dT%H:%M:%SZ"))')
expect_contains "due a month later" "$(DAYLIGHT_NOW=$later dl notices due --json | json '[n["identifier"] for n in d]')" "phone:+4915111122233"
expect_exit "notice recorded" 0 dl notices sent phone:+4915111122233 --channel "SMS template v1"
expect_not_contains "a sent notice is no longer due" "$(DAYLIGHT_NOW=$later dl notices due --all)" "+4915111122233"
expect_exit "no notice is owed for a first-party identifier" 3 dl notices sent email:nobody@example.com --channel x

# Art. 30: the records of processing from the ledger.
out=$(dl records --json)
expect_contains "records list the recipient" "$(json '[r["recipient"] for r in d["recipients"]]' <<<"$out")" "Meta Ads account 123"
expect_contains "records count the erasures" "$(json 'd["rights_actions"]["rights.erase"]' <<<"$out")" "2"
expect_contains "records list the third-party source" "$(json '[s["supplier"] for s in d["sources"]]' <<<"$out")" "third_party"
expect_contains "records text" "$(dl records)" "Records of processing (Art. 30)"
# Many people in one batch, all or nothing.
printf 'email\ncarl@example.com\ndora@example.com\n' > more.csv
dl import more.csv --source salesforce --supplier first_party --collected-for marketing >/dev/null
printf '# erasure requests of the week\nemail:carl@example.com\nemail:dora@example.com\nemail:nobody@example.com\n' > erase.txt
printf 'email:carl@example.com\nnot-an-identifier\n' > bad.txt
expect_exit "a bad line erases nothing" 2 dl rights erase --from bad.txt
expect_contains "the bad line is named" "$OUT" "bad.txt:2"
expect_contains "Carl is still there" "$(dl subject show email:carl@example.com)" "carl@example.com"
expect_exit "batch erasure" 0 dl rights erase --from erase.txt --json
expect_contains "two people erased" "$(json 'd["people"]' <<<"$OUT")" "2"
expect_contains "one not held" "$(json 'd["unknown"]' <<<"$OUT")" "1"
expect_exit "Dora is gone" 3 dl subject show email:dora@example.com
expect_exit "ledger verifies at the end" 0 dl ledger verify
finish
