#!/usr/bin/env bash
# Segment-compatible collection against a running `daylight serve` (docs/collection.md): identify
# and track calls with a write key land in the store (subject view, access report); a repeated
# messageId is stored once; malformed JSON, missing fields, no or a bad key, oversized events and
# batches, and a rate-limited key get the right status and a JSON reason that quotes no value;
# nothing personal reaches the log.
source "$(dirname "$0")/lib.sh" "$1"

dl init >/dev/null
KEY=$(dl keys create write --name web --json 2>/dev/null | json 'd["key"]')
expect_contains "a write key was created" "$KEY" "dlw_"

# post PATH BODY [curl args...]: prints the HTTP status; the body is in body.out, headers in
# headers.out. The write key is the Basic user unless NOKEY=1.
post() {
  local path=$1 body=$2; shift 2
  local auth=(-u "$KEY:")
  [[ ${NOKEY:-0} == 1 ]] && auth=()
  curl -s -D headers.out -o body.out -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
    --data-binary "$body" "$@" "$BASE$path"
}
expect_post() {  # NAME WANT PATH BODY [curl args...]
  local name=$1 want=$2; shift 2
  local got; got=$(post "$@")
  BODY=$(cat body.out)
  if [[ $got == "$want" ]]; then pass "$name"; else fail "$name: HTTP $got, want $want: $BODY"; fi
}

start_server serve.log
BASE=$URL

# Identify and track, as the Segment HTTP API documents them.
expect_post "identify is acknowledged" 200 /v1/identify \
  '{"userId":"u1","messageId":"m-identify-1","traits":{"email":"ann@example.com","firstName":"Annabelle","address":{"city":"Berlin"}},"timestamp":"2026-03-01T10:00:00Z"}'
expect_contains "the answer is Segment's" "$BODY" '{"success":true}'
expect_post "track is acknowledged" 200 /v1/track \
  '{"userId":"u1","messageId":"m-track-1","event":"Signed Up","properties":{"plan":"Zyxwv-plan"}}'
expect_post "the same messageId again is acknowledged" 200 /v1/track \
  '{"userId":"u1","messageId":"m-track-1","event":"Signed Up","properties":{"plan":"Zyxwv-plan"}}'
expect_post "page with an anonymous id" 200 /v1/page '{"anonymousId":"anon-1","name":"Home"}'
expect_post "a batch of several types" 200 /v1/batch \
  '{"batch":[{"type":"track","userId":"u1","messageId":"m-batch-1","event":"Upgraded"},{"type":"alias","userId":"u1","previousId":"anon-1","messageId":"m-batch-2"}]}'
NOKEY=1 expect_post "the write key in the body, as analytics.js sends it" 200 /v1/t \
  "{\"userId\":\"u1\",\"messageId\":\"m-body-key\",\"event\":\"From Browser\",\"writeKey\":\"$KEY\"}" \
  -H 'Content-Type: text/plain'
expect_post "GPC header on an identify" 200 /v1/identify \
  '{"userId":"u2","messageId":"m-gpc","traits":{"email":"bob@example.com"}}' -H 'Sec-GPC: 1'

# The events are in the store as soon as they were acknowledged.
expect_exit "the person is a subject" 0 dl subject show email:ann@example.com
expect_contains "identify traits became claims" "$OUT" "Annabelle"
expect_exit "access report" 0 dl rights access email:ann@example.com --json
ACCESS=$OUT
expect_contains "six events, the duplicate stored once" "$(json 'd["events"]["count"]' <<<"$ACCESS")" "6"
expect_contains "the track event is shown with its properties" "$ACCESS" "Zyxwv-plan"
expect_contains "the anonymous page view was linked by the alias" "$ACCESS" '"Home"'
expect_not_contains "the write key is not stored in the event" "$ACCESS" "$KEY"
BOB=$(dl rights access email:bob@example.com --json)
expect_contains "Sec-GPC: 1 became an objection" "$(json 'd["objections"]' <<<"$BOB")" "marketing.advertising.third_party.targeted"

# Refusals: status and a JSON reason naming the field, never the value.
expect_post "malformed JSON is 400" 400 /v1/track '{"userId":"ann@example.com",'
expect_contains "with a JSON reason" "$BODY" '"code":"invalid"'
expect_contains "naming the problem" "$BODY" "malformed JSON"
expect_post "track without event is 400" 400 /v1/track '{"userId":"ann@example.com"}'
expect_contains "naming the field" "$BODY" "field 'event' is required for track"
expect_not_contains "without quoting the value" "$BODY" "ann@example.com"
expect_post "a batch names the bad event" 400 /v1/batch \
  '{"batch":[{"type":"track","userId":"u1","event":"x"},{"type":"track","event":"x"}]}'
expect_contains "by index" "$BODY" "batch[1]: userId or anonymousId is required"
NOKEY=1 expect_post "no write key is 401" 401 /v1/track '{"userId":"u1","event":"x"}'
expect_contains "401 has a JSON reason" "$BODY" '"code":"unauthorized"'
expect_post "a bad write key is 401" 401 /v1/track '{"userId":"u1","event":"x"}' -u 'dlw_notakey:'
python3 -c 'import json; print(json.dumps({"userId":"u1","event":"Big","properties":{"p":"x"*40000}}))' > big-event.json
expect_post "an event over 32 KB is 413" 413 /v1/track @big-event.json
expect_contains "413 names the limit" "$BODY" "32 KB"
python3 -c '
import json
print(json.dumps({"batch":[{"type":"track","userId":"u1","event":"E","properties":{"p":"y"*30000}} for _ in range(20)]}))' > big-batch.json
expect_post "a batch over 500 KB is 413" 413 /v1/batch @big-batch.json
expect_contains "413 names the batch limit" "$BODY" "500 KB"
expect_post "a wrong method is refused" 405 /v1/track '' -X GET

METRICS=$(curl -s "$BASE/metrics")
expect_contains "metrics count accepted events" "$METRICS" 'daylight_collect_events_total{result="accepted"}'
expect_contains "metrics count duplicates" "$METRICS" 'daylight_collect_events_total{result="duplicate"} 1'
stop_server "graceful shutdown"
for value in ann@example.com Annabelle Zyxwv-plan "Signed Up" bob@example.com "$KEY"; do
  expect_not_contains "the log holds no personal data ($value)" "$(cat serve.log)" "$value"
done

# Rate limits per key: a burst of 2 at 1 request/s.
start_server serve-limited.log --rate-limit 1 --rate-burst 2
BASE=$URL
CODES=""
for i in 1 2 3 4; do
  c=$(post /v1/track "{\"userId\":\"u1\",\"messageId\":\"m-rl-$i\",\"event\":\"x\"}")
  CODES+="$c "
  if [[ $c == 429 ]]; then cp headers.out limited.headers; cp body.out limited.body; fi
done
expect_contains "the first two pass" "$CODES" "200 200 "
expect_contains "then 429" "$CODES" "429"
expect_contains "with Retry-After" "$(cat limited.headers 2>/dev/null)" "Retry-After: 1"
expect_contains "and a JSON reason" "$(cat limited.body 2>/dev/null)" '"code":"rate_limited"'
stop_server "graceful shutdown"

expect_exit "ledger verifies" 0 dl ledger verify
finish
