#!/usr/bin/env bash
# The privacy portal against a running `daylight serve`: the same answer for a held and an unheld
# address, a one-time code read from the demo outbox with an admin key, the person's data, an
# objection that the gate applies at once, the export, an erasure request in the officer's queue
# (listed through the API, carried out with `rights requests done`), CSRF refusals, the lock
# after five wrong codes, an expired code, and no personal data in the server's log.
# docs/privacy-portal.md.
source "$(dirname "$0")/lib.sh" "$1"
EMAIL_PURPOSE=marketing.communications.email
# curl with the cookie jar of one browser.
browser() { curl -s -c jar -b jar "$@"; }
# field NAME < page: the value of the first hidden field NAME.
field() { grep -o "name=\"$1\" value=\"[^\"]*\"" | head -1 | sed 's/.*value="\([^"]*\)"/\1/'; }
# latest_code RECIPIENT: the code in the newest outbox message to RECIPIENT.
latest_code() {
  curl -s -H "Authorization: Bearer $KEY" "$URL/api/v1/outbox" |
    python3 -c "import json,re,sys; m=[x for x in json.load(sys.stdin)['messages'] if x['to']==sys.argv[1]]; print(re.search(r'\b(\d{6})\b', m[0]['text']).group(1))" "$1"
}
# start ID: GET the form and POST the identifier; the code page lands in code.html, and CSRF
# and TOKEN are set.
start() {
  CSRF=$(browser "$URL/privacy" | field csrf)
  STATUS=$(browser -o code.html -w '%{http_code}' -d "csrf=$CSRF" --data-urlencode "identifier=$1" "$URL/privacy")
  TOKEN=$(field token <code.html)
}
verify() {  # verify CODE: prints the status and where it redirects to
  browser -o verify.html -w '%{http_code} %{redirect_url}' -d "csrf=$CSRF" -d "token=$TOKEN" -d "code=$1" "$URL/privacy/verify"
}

dl init >/dev/null
printf 'email,first_name,last_name\nann@example.com,Annabelle,Zzyzx\n' >signup.csv
dl import signup.csv --source web --supplier self --collected-for $EMAIL_PURPOSE >/dev/null
dl consent grant email:ann@example.com --purpose $EMAIL_PURPOSE --evidence "signup form v3" >/dev/null
expect_contains "Ann may get marketing e-mail before" "$(dl explain email:ann@example.com --purpose $EMAIL_PURPOSE)" "ALLOW"
KEY=$(dl keys create api --name t --scopes admin --json | json 'd["key"]')
READ_KEY=$(dl keys create api --name r --scopes read --json | json 'd["key"]')
DPO_KEY=$(dl keys create api --name dpo --scopes rights --json | json 'd["key"]')
start_server server-1.log

# The form, in English and German.
page=$(browser -D headers.txt "$URL/privacy")
expect_contains "GET /privacy shows the form" "$page" 'name="identifier"'
expect_contains "with a label" "$page" '<label for="identifier">'
expect_contains "English by default" "$page" '<html lang="en">'
expect_contains "a language switch" "$page" 'href="/privacy?lang=de"'
expect_contains "a strict CSP" "$(cat headers.txt)" "Content-Security-Policy: default-src 'none'"
de=$(browser "$URL/privacy?lang=de")
expect_contains "German on request" "$de" '<html lang="de">'
expect_contains "German strings" "$de" "Code senden"
expect_contains "Accept-Language is honoured" "$(curl -s -H 'Accept-Language: de-DE,de;q=0.9' "$URL/privacy")" "E-Mail-Adresse oder Telefonnummer"
rm -f jar

# The same page for an address held and one not held; only the tokens differ.
start nobody@example.org
cp code.html unknown.html
[[ $STATUS == 200 ]] && pass "POST /privacy for an unknown address: 200" || fail "unknown address: $STATUS"
start ann@example.com
cp code.html known.html
[[ $STATUS == 200 ]] && pass "POST /privacy for a known address: 200" || fail "known address: $STATUS"
strip() { sed -E 's/name="token" value="[0-9a-f]{64}"/name="token" value="T"/' "$1"; }
if diff <(strip unknown.html) <(strip known.html) >/dev/null; then
  pass "known and unknown addresses get byte-identical pages but for the token"
else
  fail "the pages differ:"; diff <(strip unknown.html) <(strip known.html) >&2 || true
fi
expect_not_contains "the page does not echo the address" "$(cat known.html)" "ann@example.com"
expect_contains "both got a code" "$(curl -s -H "Authorization: Bearer $KEY" "$URL/api/v1/outbox" | json '[m["to"] for m in d["messages"]]')" "'email:nobody@example.org'"
status=$(browser -o /dev/null -w '%{http_code}' -d "csrf=$CSRF" --data-urlencode "identifier=not an address" "$URL/privacy")
[[ $status == 400 ]] && pass "an unreadable identifier: 400" || fail "unreadable identifier: $status"

# The outbox needs an admin key.
status=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/outbox")
[[ $status == 401 ]] && pass "outbox without a key: 401" || fail "outbox without a key: $status"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $READ_KEY" "$URL/api/v1/outbox")
[[ $status == 403 ]] && pass "outbox with a read key: 403" || fail "outbox with a read key: $status"

# Verify with the code from the outbox; the session cookie is HttpOnly and SameSite=Strict.
CODE=$(latest_code email:ann@example.com)
[[ $CODE =~ ^[0-9]{6}$ ]] && pass "a 6-digit code in the outbox" || fail "no code: '$CODE'"
out=$(browser -D verify_headers.txt -o /dev/null -w '%{http_code} %{redirect_url}' -d "csrf=$CSRF" -d "token=$TOKEN" -d "code=$CODE" "$URL/privacy/verify")
expect_contains "the right code: 303 to /privacy/me" "$out" "303 $URL/privacy/me"
cookie=$(grep -i '^set-cookie: dl_portal=' verify_headers.txt || true)
expect_contains "session cookie HttpOnly" "$cookie" "HttpOnly"
expect_contains "session cookie SameSite=Strict" "$cookie" "SameSite=Strict"
me=$(browser "$URL/privacy/me")
expect_contains "the access report shows her details" "$me" "Annabelle"
expect_contains "and her consent with its evidence" "$me" "signup form v3"
SCSRF=$(field csrf <<<"$me")

# Objection to all marketing: at once, in the gate.
status=$(browser -o /dev/null -w '%{http_code}' -d "csrf=0000" -d "purpose=marketing" "$URL/privacy/me/object")
[[ $status == 403 ]] && pass "an action without the session's CSRF token: 403" || fail "forged action: $status"
expect_contains "and it changed nothing" "$(dl explain email:ann@example.com --purpose $EMAIL_PURPOSE)" "ALLOW"
out=$(browser -o /dev/null -w '%{http_code} %{redirect_url}' -d "csrf=$SCSRF" -d "purpose=marketing" "$URL/privacy/me/object")
expect_contains "objection: 303 back to her data" "$out" "303 $URL/privacy/me?done=objected"
explain=$(dl explain email:ann@example.com --purpose $EMAIL_PURPOSE)
expect_contains "explain denies marketing e-mail" "$explain" "DENY"
expect_contains "because of the objection" "$explain" "objection (Art. 21) to marketing"
expect_contains "the page shows it" "$(browser "$URL/privacy/me")" "You have objected to all marketing."

# The export as a download.
browser -D export_headers.txt -o export.json "$URL/privacy/me/export"
expect_contains "the export is an attachment" "$(cat export_headers.txt)" "attachment"
expect_contains "the export holds what she supplied" "$(cat export.json)" "Annabelle"

# An erasure request: queued for the officer, not executed.
out=$(browser -o /dev/null -w '%{http_code} %{redirect_url}' -d "csrf=$SCSRF" "$URL/privacy/me/erase")
expect_contains "erasure request: 303" "$out" "303 $URL/privacy/me?done=erase"
expect_contains "the page shows it pending" "$(browser "$URL/privacy/me")" "Your erasure request of"
queue=$(dl rights requests --json)
expect_contains "the request is in the officer's queue" "$(json '[(r["kind"], r["status"], r["identifier"]) for r in d]' <<<"$queue")" "('erase', 'pending', 'email:ann@example.com')"
expect_contains "not executed yet" "$(dl subject show email:ann@example.com)" "Annabelle"
queue=$(curl -s -H "Authorization: Bearer $DPO_KEY" "$URL/api/v1/rights/requests")
expect_contains "the API shows the same queue" "$(json '[(r["kind"], r["status"], r["identifier"]) for r in d]' <<<"$queue")" "('erase', 'pending', 'email:ann@example.com')"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $READ_KEY" "$URL/api/v1/rights/requests")
[[ $status == 403 ]] && pass "the queue needs the rights scope" || fail "queue with a read key: $status"

# Every disclosure and action is in the ledger, by the verified person.
actions=$(sqlite3 daylight.db "SELECT kind || ' by ' || actor FROM ledger WHERE actor = 'portal:verified'")
for k in rights.access rights.export rights.object rights.request; do
  expect_contains "ledger: $k by portal:verified" "$actions" "$k by portal:verified"
done
expect_exit "the ledger verifies" 0 dl ledger verify

# Signed out, the data is out of reach.
browser -o /dev/null -d "csrf=$SCSRF" "$URL/privacy/logout"
status=$(browser -o /dev/null -w '%{http_code}' "$URL/privacy/me")
[[ $status == 303 ]] && pass "signed out: /privacy/me redirects to the start" || fail "after sign-out: $status"

# Five wrong codes lock the challenge; the right code is useless after that.
start ann@example.com
CODE=$(latest_code email:ann@example.com)
WRONG=$([[ $CODE == 000000 ]] && echo 000001 || echo 000000)
for i in 1 2 3 4; do
  out=$(verify $WRONG)
  [[ $out == 400* ]] && pass "wrong code $i: 400" || fail "wrong code $i: $out"
done
expect_contains "attempts left are shown" "$(cat verify.html)" "Attempts left: 1"
out=$(verify $WRONG)
[[ $out == 429* ]] && pass "the fifth wrong code locks: 429" || fail "fifth wrong code: $out"
expect_contains "locked page says so" "$(cat verify.html)" "Too many wrong attempts"
out=$(verify "$CODE")
[[ $out == 400* ]] && pass "the right code after the lock: refused" || fail "right code after lock: $out"

# The officer carries the erasure out.
expect_exit "rights requests done" 0 dl rights requests done 1
expect_contains "done: erased" "$OUT" "erased"
expect_exit "she is no longer held" 3 dl subject show email:ann@example.com
expect_contains "the queue keeps no readable identifier" "$(dl rights requests --all --json)" '"resolution": "erased"'
expect_not_contains "no identifier in the resolved request" "$(dl rights requests --all --json)" "ann@example.com"

# A code expires (a 1-second lifetime for the test).
stop_server
SERVER_ENV=(DAYLIGHT_CODE_TTL=1)  # a 1-second code lifetime
start_server server-2.log
rm -f jar
start ann@example.com
CODE=$(latest_code email:ann@example.com)
sleep 2
out=$(verify "$CODE")
[[ $out == 410* ]] && pass "an expired code: 410" || fail "expired code: $out"
expect_contains "expired page says so" "$(cat verify.html)" "This code has expired"
stop_server

# The server's log holds no personal data: no address, no name, no code.
logs=$(cat server-*.log)
expect_contains "the log names what happened" "$logs" "portal.code_sent"
for v in ann@example.com nobody@example.org Annabelle "$CODE"; do
  expect_not_contains "server log has no '$v'" "$logs" "$v"
done
finish
