#!/usr/bin/env bash
# Segment's own Node library, unchanged, pointed at `daylight serve`: @segment/analytics-node
# (installed from npm into the test's temporary directory) sends identify, track and page calls
# in its /v1/batch requests with the write key as the Basic user; after closeAndFlush() they
# are in the subject view and the access report. Skipped (exit 77) only when npm is absent.
source "$(dirname "$0")/lib.sh" "$1"
ANALYTICS_NODE_VERSION=3.1.0

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "SKIP: npm and node are needed to install @segment/analytics-node"
  exit 77
fi
mkdir node && (cd node && npm init -y >/dev/null &&
  npm install --no-audit --no-fund --loglevel=error "@segment/analytics-node@$ANALYTICS_NODE_VERSION" >npm.log 2>&1) ||
  { cat node/npm.log >&2; fail "npm install @segment/analytics-node@$ANALYTICS_NODE_VERSION"; finish; }
pass "installed @segment/analytics-node $ANALYTICS_NODE_VERSION"

dl init >/dev/null
KEY=$(dl keys create write --name shop --json 2>/dev/null | json 'd["key"]')

start_server serve.log

cat > node/send.js <<'EOF'
// The documented usage of @segment/analytics-node, with `host` pointing at Daylight.
const { Analytics } = require('@segment/analytics-node')
const [host, writeKey] = process.argv.slice(2)
const analytics = new Analytics({ writeKey, host, flushAt: 2, maxRetries: 2 })
let failed = 0
analytics.on('error', (err) => {
  failed++
  console.error('analytics-node error:', err.code, err.reason && err.reason.message)
})
const responses = []
analytics.on('http_request', (req) => responses.push(req.url))
analytics.identify({
  userId: 'node-u1',
  traits: { email: 'nora@example.com', firstName: 'Norabelle', address: { city: 'Hamburg' } },
})
analytics.track({ userId: 'node-u1', event: 'Order Completed', properties: { revenue: 42.5, orderId: 'Qx-778' } })
analytics.page({ userId: 'node-u1', name: 'Checkout' })
analytics.track({
  anonymousId: 'anon-node-1', event: 'Viewed Product',
  context: { consent: { categoryPreferences: { Advertising: true, Analytics: true } } },
})
analytics.identify({ userId: 'node-u1', anonymousId: 'anon-node-1' })
analytics.closeAndFlush({ timeout: 20000 }).then(() => {
  console.log(`requests=${responses.length} urls=${[...new Set(responses)].join(',')} failed=${failed}`)
  process.exit(failed ? 1 : 0)
})
EOF

expect_exit "analytics-node sends and flushes without error" 0 node node/send.js "http://127.0.0.1:$PORT" "$KEY"
echo "$OUT"
expect_contains "it posted to /v1/batch" "$OUT" "/v1/batch"

expect_exit "the person is a subject" 0 dl subject show email:nora@example.com
expect_contains "with the traits from identify" "$OUT" "Norabelle"
expect_exit "access report" 0 dl rights access email:nora@example.com --json
ACCESS=$OUT
expect_contains "all five calls are the person's events" "$(json 'd["events"]["count"]' <<<"$ACCESS")" "5"
expect_contains "the track call with its properties" "$ACCESS" "Qx-778"
expect_contains "the page call" "$ACCESS" '"Checkout"'
expect_contains "the anonymous call, linked by identify" "$ACCESS" '"Viewed Product"'
expect_contains "the library's own context is kept" "$ACCESS" "@segment/analytics-node"
expect_exit "subject show by the user id" 0 dl subject show external:shop:node-u1

stop_server "the server"
for value in nora@example.com Norabelle Qx-778 "$KEY"; do
  expect_not_contains "no personal data in the log ($value)" "$(cat serve.log)" "$value"
done
finish
