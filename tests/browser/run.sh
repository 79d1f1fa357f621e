#!/usr/bin/env bash
# Browser tests of the console and the privacy portal: seeds a demo store in a temp dir, adds a console user, starts
# `daylight serve` on a free loopback port, and walks every console page in headless Chromium
# (Debian's /usr/bin/chromium driven by npm playwright-core) at 1366x768 and on a phone
# (390x844), saving screenshots into docs/screenshots/.
#
#   tests/browser/run.sh [path/to/daylight]        (CTest: browser.console)
#
# Exits 77 (CTest: skipped) only when chromium, node or npm is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/build/daylight}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
chromium="${CHROMIUM:-/usr/bin/chromium}"

if [[ ! -x "$chromium" ]]; then echo "skip: no chromium at $chromium"; exit 77; fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "skip: node or npm is missing"; exit 77
fi
if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/daylight-browser.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

db="$work/demo/daylight.db"
"$bin" demo --dir "$work/demo" >"$work/demo.log" 2>&1 || { cat "$work/demo.log"; exit 1; }
# The demo names a person known from several sources and a shadow contact: walk those two.
subject="$(sed -n 's/^== a person known from several sources: daylight subject show \([^ ]*\) .*/\1/p' "$work/demo.log" | head -n1)"
shadow="$(sed -n 's/^== a shadow contact.*: daylight subject show \([^ ]*\) .*/\1/p' "$work/demo.log" | head -n1)"
if [[ -z "$subject" || -z "$shadow" ]]; then
  echo "the demo named no example subject or shadow contact"; cat "$work/demo.log"; exit 1
fi
password="browser-test-$RANDOM-$RANDOM"
printf '%s\n' "$password" | "$bin" users add admin --password-stdin --db "$db" >/dev/null
# The portal walk reads one-time codes from the demo outbox with an admin key.
admin_key="$("$bin" keys create api --name browser --scopes admin --json --db "$db" 2>/dev/null |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).key))')"

"$bin" serve --db "$db" --listen 127.0.0.1:0 2>"$work/serve.log" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^daylight: serving on \(http[^ ]*\).*/\1/p' "$work/serve.log" | head -n1)"
  [[ -n "$url" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/serve.log"; exit 1; fi
  sleep 0.1
done
if [[ -z "$url" ]]; then echo "the server did not start"; cat "$work/serve.log"; exit 1; fi

mkdir -p "$root/docs/screenshots"
status=0
DAYLIGHT_URL="$url" DAYLIGHT_SUBJECT="$subject" DAYLIGHT_SHADOW="$shadow" DAYLIGHT_USER=admin DAYLIGHT_PASSWORD="$password" CHROMIUM="$chromium" \
  SCREENSHOTS="$root/docs/screenshots" node "$here/console.test.mjs" || status=$?
if [[ $status -eq 0 ]]; then
  DAYLIGHT_URL="$url" DAYLIGHT_SUBJECT="$subject" DAYLIGHT_ADMIN_KEY="$admin_key" CHROMIUM="$chromium" \
    SCREENSHOTS="$root/docs/screenshots" node "$here/portal.test.mjs" || status=$?
fi
if [[ $status -ne 0 ]]; then
  echo "--- server log"
  tail -n 50 "$work/serve.log"
fi
# The server's log must not hold the personal data the walk looked at.
if grep -q -F -e "${subject#*:}" -e "${shadow#*:}" "$work/serve.log"; then
  echo "FAIL: the server log holds personal data"; status=1
fi
exit $status
