#!/usr/bin/env bash
# The README's demo command runs `daylight demo`: it must generate, import, show a person and a
# shadow contact, and end with a verified ledger — and refuse to overwrite without --force.
source "$(dirname "$0")/lib.sh" "$1"
out=$(dl demo --dir d --people 400 2>&1)
expect_contains "demo imports the CRM export" "$out" "crm.csv"
expect_contains "demo reports shadow identifiers" "$out" "shadow (third-party only, quarantined)"
expect_contains "demo shows a person from several sources" "$out" "a person known from several sources"
expect_contains "demo shows a shadow contact" "$out" "known only from"
expect_contains "demo verifies the ledger" "$out" "ledger ok"
expect_contains "demo's gate denies the shadow contact" "$out" "DENY (shadow)"
expect_contains "demo's gate allows the person after consent" "$out" "ALLOW"
expect_not_contains "demo shows no uploader label" "$out" "Mom"
expect_exit "demo refuses to overwrite its store" 1 dl demo --dir d --people 400
expect_exit "demo --force replaces it" 0 dl demo --dir d --people 400 --force
finish
