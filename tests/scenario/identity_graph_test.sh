#!/usr/bin/env bash
# Subjects form only from self/first_party claims; shared numbers stop merging; two uploaders
# holding the same number are not linked through it.
source "$(dirname "$0")/lib.sh" "$1"
dl init >/dev/null
{
  echo "email,phone"
  for i in 1 2 3 4 5 6; do echo "family$i@example.com,+4930901820"; done
  echo "pair1@example.com,+4917112345699"
  echo "pair2@example.com,+4917112345699"
} > family.csv
dl import family.csv --source crm --supplier first_party --collected-for essential.service >/dev/null
out=$(dl subject show phone:+4930901820)
expect_contains "office number claimed by 6 subjects is shared" "$out" "shared by 6 subjects"
a=$(dl subject show email:family1@example.com --json | json 'd["subject_id"]')
b=$(dl subject show email:family2@example.com --json | json 'd["subject_id"]')
[[ "$a" != "$b" ]] && pass "shared number does not merge people" || fail "family members merged through a shared number"
p1=$(dl subject show email:pair1@example.com --json | json 'd["subject_id"]')
p2=$(dl subject show email:pair2@example.com --json | json 'd["subject_id"]')
[[ "$p1" == "$p2" ]] && pass "number below the share limit joins its claimants" || fail "pair not merged"
expect_contains "merge is explained" "$(dl subject show email:pair1@example.com)" "joined by"

# Two uploaders each hold the other's number plus a common shadow contact: no subject appears.
printf 'BEGIN:VCARD\nVERSION:3.0\nFN:X\nTEL:+4915228817386\nEMAIL:uploader-b@example.com\nEND:VCARD\n' > a.vcf
printf 'BEGIN:VCARD\nVERSION:3.0\nFN:Y\nTEL:+4915228817386\nEMAIL:uploader-a@example.com\nEND:VCARD\n' > b.vcf
dl import a.vcf --source app --supplier third_party --uploader ua --collected-for functional.contact_discovery >/dev/null
dl import b.vcf --source app --supplier third_party --uploader ub --collected-for functional.contact_discovery >/dev/null
expect_contains "third-party cards create no subject" "$(dl subject show email:uploader-a@example.com)" "belongs to no subject"
expect_contains "third-party co-occurrence links nothing" "$(dl subject show phone:+4915228817386 --json | json 'len(d["identifiers"])')" "1"
finish
