#!/usr/bin/env bash
# The gate through the CLI (groundwork for the gate issue): a shadow number from 50 address
# books is excluded as "shadow"; a number given for two-factor login (essential.security) is
# never eligible for advertising, even after its owner consents to ads with their e-mail; a
# withdrawn consent removes eligibility for every decision after it.
source "$(dirname "$0")/lib.sh" "$1"
ADS=marketing.advertising.third_party.targeted
dl init >/dev/null
expect_contains "init writes the policy file" "$(cat daylight.db.policy)" "marketing"
expect_contains "policy show lists the bases" "$(dl policy show)" "consent"
expect_contains "purpose list" "$(dl purpose list)" "$ADS"

# 50 uploaders hold the same number.
for u in $(seq 1 50); do
  printf 'BEGIN:VCARD\nVERSION:3.0\nFN:Friend %s\nTEL:+4915228817386\nEND:VCARD\n' "$u" > b$u.vcf
  dl import b$u.vcf --source app --supplier third_party --uploader "u$u" --collected-for functional.contact_discovery >/dev/null
done
out=$(dl explain phone:+4915228817386 --purpose $ADS)
expect_contains "shadow number denied" "$out" "DENY (shadow)"
expect_contains "reason names 50 uploads" "$out" "supplied only by 50 third-party uploads"
expect_contains "json exclusion is shadow" "$(dl explain phone:+4915228817386 --purpose $ADS --json | json 'd["exclusion"]')" "shadow"
expect_exit "consent for a shadow number is refused" 1 dl consent grant phone:+4915228817386 --purpose $ADS --evidence "x"

# Ann signs up with e-mail for newsletters; her phone comes from the 2FA set-up.
printf 'email,phone\nann@example.com,\n' > signup.csv
printf 'email,phone\nann@example.com,+4917112345678\n' > twofa.csv
dl import signup.csv --source web --supplier self --collected-for marketing.communications.email >/dev/null
dl import twofa.csv --source web --supplier self --collected-for essential.security >/dev/null
expect_contains "no consent yet" "$(dl explain email:ann@example.com --purpose $ADS)" "DENY (legal basis)"
dl consent grant email:ann@example.com --purpose $ADS --evidence "ads opt-in v1" >/dev/null
expect_contains "e-mail eligible after consent" "$(dl explain email:ann@example.com --purpose $ADS)" "ALLOW"
out=$(dl explain phone:+4917112345678 --purpose $ADS)
expect_contains "2FA phone still denied" "$out" "DENY (purpose)"
expect_contains "reason names security" "$out" "essential.security"

sleep 1  # --at has second precision
before=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1
dl consent withdraw email:ann@example.com --purpose $ADS >/dev/null
expect_contains "withdrawal denies" "$(dl explain email:ann@example.com --purpose $ADS)" "consent withdrawn"
expect_contains "decision before the withdrawal still allowed" "$(dl explain email:ann@example.com --purpose $ADS --at "$before")" "ALLOW"
# Signals: GPC excludes from third-party targeted advertising and from nothing else.
dl consent grant email:ann@example.com --purpose $ADS --evidence "ads opt-in v2" >/dev/null
printf 'identifier,signal,time\nemail:ann@example.com,Sec-GPC: 1,%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > gpc.csv
expect_exit "GPC signal imported" 0 dl consent import gpc.csv
expect_contains "GPC denies third-party ads" "$(dl explain email:ann@example.com --purpose $ADS)" "DENY (objection)"
expect_contains "GPC leaves e-mail marketing's objection rule alone" \
  "$(dl explain email:ann@example.com --purpose marketing.communications.email --json | json 'd["rules"][3]["pass"]')" "True"
printf 'identifier,signal,time\nemail:ann@example.com,CPXxRfAPXxRfAAfKABENB,2026-11-01T00:00:00Z\n' > tc.csv
expect_exit "malformed TC string rejected" 2 dl consent import tc.csv
expect_contains "TC error names the line" "$OUT" "tc.csv:2"
expect_contains "TC error gives the bit offset" "$OUT" "bit 120: truncated in VendorListVersion"
expect_exit "unknown purpose rejected" 2 dl explain email:ann@example.com --purpose marketing.spam
expect_exit "ledger verifies" 0 dl ledger verify
finish
