# Shared helpers for scenario tests. Each test gets the daylight binary as $1 and runs in a
# fresh temporary directory that is removed afterwards.
set -euo pipefail
DAYLIGHT="$(realpath "$1")"
DATA="$(cd "$(dirname "${BASH_SOURCE[0]}")/data" && pwd)"
WORK="$(mktemp -d)"
# on_exit: what every test does when it ends; a test with more to clean up traps its own and
# calls this last.
on_exit() {
  if [[ -n ${SERVER:-} ]]; then kill -9 "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap on_exit EXIT
cd "$WORK"
export DAYLIGHT_DB="$WORK/daylight.db"
FAILS=0

dl() { "$DAYLIGHT" "$@"; }

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }

# expect_contains NAME HAYSTACK NEEDLE
expect_contains() {
  if grep -qF -- "$3" <<<"$2"; then pass "$1"; else fail "$1: expected to find '$3' in:"; echo "$2" >&2; fi
}
expect_not_contains() {
  if grep -qF -- "$3" <<<"$2"; then fail "$1: did not expect '$3' in:"; echo "$2" >&2; else pass "$1"; fi
}
# expect_exit NAME CODE CMD...
expect_exit() {
  local name=$1 want=$2; shift 2
  set +e; OUT=$("$@" 2>&1); local got=$?; set -e
  if [[ $got == "$want" ]]; then pass "$name"; else fail "$name: exit $got, want $want; output:"; echo "$OUT" >&2; fi
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

finish() {
  if [[ $FAILS -gt 0 ]]; then echo "$FAILS check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}

# The server. start_server LOG [serve flags...] runs `daylight serve --listen 127.0.0.1:0` in the
# background, with the environment in SERVER_ENV (e.g. SERVER_ENV=(DAYLIGHT_CODE_TTL=1)) and its
# log in LOG; waits up to 10 s for the line it prints once listening, and sets SERVER (its pid),
# URL ("http://127.0.0.1:PORT") and PORT. stop_server [NAME] sends SIGTERM and waits up to 5 s
# (then SIGKILL); SERVER_RC is its exit status; with NAME it checks the exit was 0. kill_server:
# SIGKILL, as a crash. A server still running when the test ends is killed.
SERVER=""
URL=""
PORT=""
SERVER_RC=""
SERVER_ENV=()
start_server() {
  local log=$1; shift
  env "${SERVER_ENV[@]}" "$DAYLIGHT" serve --listen 127.0.0.1:0 "$@" 2>"$log" &
  SERVER=$!
  URL=""
  for _ in $(seq 200); do
    URL=$(sed -n 's/^daylight: serving on \(http[^ ]*\)$/\1/p' "$log")
    [[ -n $URL ]] && break
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.05
  done
  if [[ -z $URL ]]; then
    fail "server did not print 'serving on' within 10 s; log:"; cat "$log" >&2; finish
  fi
  PORT=${URL##*:}
}
stop_server() {
  [[ -n $SERVER ]] || return 0
  kill -TERM "$SERVER" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$SERVER" 2>/dev/null; then
    [[ $# -gt 0 ]] && fail "$1: still running 5 s after SIGTERM"
    kill -9 "$SERVER"
  fi
  set +e; wait "$SERVER"; SERVER_RC=$?; set -e
  SERVER=""
  if [[ $# -gt 0 ]]; then
    [[ $SERVER_RC == 0 ]] && pass "$1: exit 0 after SIGTERM" || fail "$1: exit $SERVER_RC after SIGTERM, want 0"
  fi
}
kill_server() {
  [[ -n $SERVER ]] || return 0
  kill -9 "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}
