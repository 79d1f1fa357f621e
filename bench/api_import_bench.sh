#!/usr/bin/env bash
# Importing a file through the REST API (POST /api/v1/imports, the file as the body) against
# `daylight import` of the same file from the command line, in the same run: both run the same
# import (Store::Import / Store::ImportContent), so the ratio is what the HTTP path costs —
# sending the body over loopback, buffering it, handing it to the store thread.
# Each side imports into a fresh store; RUNS runs each, the median is reported
# (docs/benchmarks.md).
#
#   bench/api_import_bench.sh [path/to/daylight]
# Environment: PEOPLE (200000 rows of the bench-csv profile, about 12 MB), RUNS (3).
set -euo pipefail
cd "$(dirname "$0")/.."
DAYLIGHT=$(realpath "${1:-build/daylight}")
PEOPLE=${PEOPLE:-200000}
RUNS=${RUNS:-3}

WORK=$(mktemp -d)
SERVER=""
cleanup() {
  [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
"$DAYLIGHT" generate --profile bench-csv --people "$PEOPLE" --seed 11 --out "$WORK/data" >/dev/null
FILE=$WORK/data/bench.csv
echo "file: $(wc -l <"$FILE") lines, $(stat -c %s "$FILE") bytes"
OPTIONS=(--source crm --supplier first_party --collected-for essential.service --region DE)
QUERY="source=crm&supplier=first_party&collected_for=essential.service&region=DE&name=bench.csv"

seconds() { python3 -c "import time; print(time.time())"; }
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

cli_rates=() api_rates=()
for run in $(seq "$RUNS"); do
  # The command line.
  export DAYLIGHT_DB=$WORK/cli-$run.db
  "$DAYLIGHT" init >/dev/null
  t0=$(seconds)
  "$DAYLIGHT" import "$FILE" "${OPTIONS[@]}" >/dev/null 2>&1
  t1=$(seconds)
  cli_rates+=("$(python3 -c "print($PEOPLE / ($t1 - $t0))")")

  # The API, on a server over a fresh store.
  export DAYLIGHT_DB=$WORK/api-$run.db
  "$DAYLIGHT" init >/dev/null
  KEY=$("$DAYLIGHT" keys create api --name bench --scopes write --json 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
  "$DAYLIGHT" serve --listen 127.0.0.1:0 2>"$WORK/serve-$run.log" &
  SERVER=$!
  URL=""
  for _ in $(seq 200); do
    URL=$(sed -n 's/^daylight: serving on \(http[^ ]*\)$/\1/p' "$WORK/serve-$run.log")
    [[ -n $URL ]] && break
    sleep 0.1
  done
  [[ -n $URL ]] || { cat "$WORK/serve-$run.log" >&2; exit 1; }
  t0=$(seconds)
  code=$(curl -s -o "$WORK/answer.json" -w '%{http_code}' -H "Authorization: Bearer $KEY" \
    --data-binary @"$FILE" "$URL/api/v1/imports?$QUERY")
  t1=$(seconds)
  [[ $code == 201 ]] || { echo "API import: HTTP $code" >&2; cat "$WORK/answer.json" >&2; exit 1; }
  stored=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records_stored"])' "$WORK/answer.json")
  [[ $stored == "$PEOPLE" ]] || { echo "API import stored $stored of $PEOPLE" >&2; exit 1; }
  api_rates+=("$(python3 -c "print($PEOPLE / ($t1 - $t0))")")
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
  printf 'run %d: CLI %.0f rows/s, API %.0f rows/s\n' "$run" "${cli_rates[-1]}" "${api_rates[-1]}"
done
cli=$(median "${cli_rates[@]}")
api=$(median "${api_rates[@]}")
printf 'median of %d: daylight import %.0f rows/s; POST /api/v1/imports %.0f rows/s; ratio %.2f\n' \
  "$RUNS" "$cli" "$api" "$(python3 -c "print($api / $cli)")"
