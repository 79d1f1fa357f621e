# Shared helpers for scenario tests. Each test gets the daylight binary as $1 and runs in a
# fresh temporary directory that is removed afterwards.
set -euo pipefail
DAYLIGHT="$(realpath "$1")"
DATA="$(cd "$(dirname "${BASH_SOURCE[0]}")/data" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
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
