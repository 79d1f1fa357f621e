#!/usr/bin/env bash
# Collection throughput of `daylight serve` on loopback, each endpoint beside the trivial
# "200 OK" handler (/bench/ok) on the same server stack in the same run (docs/benchmarks.md):
#   1. POST /v1/batch, 100 events per request, durable acknowledgement (target >= 100k events/s);
#   2. POST /v1/track over keep-alive (target >= 20k requests/s with p99 <= 10 ms).
# Load comes from wrk in a separate process (bench/wrk/*.lua). Events/s are counted twice: from
# wrk's 2xx answers and from the server's own counter of stored events (/metrics), which only
# moves after a commit.
#
#   bench/server_bench.sh [path/to/daylight]
# Environment: DURATION (10s), SERVER_THREADS (2, the server's I/O threads), WRK_THREADS (2),
# BATCH_CONNECTIONS (16), TRACK_CONNECTIONS (64: saturation), TRACK_LOAD_CONNECTIONS (32: a load
# below saturation, where the p99 target is checked too), KEEP=1 keeps the store directory.
set -euo pipefail
cd "$(dirname "$0")/.."
DAYLIGHT=$(realpath "${1:-build/daylight}")
DURATION=${DURATION:-10s}
SERVER_THREADS=${SERVER_THREADS:-2}
WRK_THREADS=${WRK_THREADS:-2}
BATCH_CONNECTIONS=${BATCH_CONNECTIONS:-16}
TRACK_CONNECTIONS=${TRACK_CONNECTIONS:-64}
TRACK_LOAD_CONNECTIONS=${TRACK_LOAD_CONNECTIONS:-32}
WRK_DIR=$(pwd)/bench/wrk
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

WORK=$(mktemp -d)
SERVER=""
cleanup() {
  [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  [[ ${KEEP:-0} == 1 ]] && echo "store kept in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
export DAYLIGHT_DB=$WORK/daylight.db
"$DAYLIGHT" init >/dev/null
KEY=$("$DAYLIGHT" keys create write --name bench --json 2>/dev/null |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
export DAYLIGHT_AUTH="Basic $(printf '%s:' "$KEY" | base64 -w0)"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$DAYLIGHT" serve --listen "127.0.0.1:$PORT" --threads "$SERVER_THREADS" --bench-trivial-route \
  --rate-limit 0 2>"$WORK/serve.log" &
SERVER=$!
for _ in $(seq 200); do grep -q "serving on" "$WORK/serve.log" && break; sleep 0.1; done
grep -q "serving on" "$WORK/serve.log" || { cat "$WORK/serve.log" >&2; exit 1; }
URL="http://127.0.0.1:$PORT"

backlog() {
  curl -s "$URL/metrics" | awk '/^daylight_ingest_index_backlog / {print int($2)}'
}
# Waits until every acknowledged event is in the events tables (the server indexes them after
# the commit, in cycles: src/store/event_index.h); prints the seconds it took.
drain() {
  local t0 b
  t0=$(date +%s.%N)
  for _ in $(seq 1200); do
    b=$(backlog)
    [[ -z $b || $b == 0 ]] && break
    sleep 0.1
  done
  python3 -c "import time; print(f'{time.time() - $t0:.2f}')"
}
stored() {
  curl -s "$URL/metrics" | awk '/^daylight_collect_events_total\{result="accepted"\}/ {print $2}' |
    python3 -c 'import sys; t=sys.stdin.read().strip(); print(int(float(t or 0)))'
}
# run NAME SCRIPT CONNECTIONS: wrk with latency percentiles; sets RPS, P50, P99, BAD.
run() {
  local name=$1 script=$2 conns=$3
  RUN="$name-$RANDOM" wrk -t"$WRK_THREADS" -c"$conns" -d"$DURATION" --latency -s "$WRK_DIR/$script" "$URL" \
    >"$WORK/$name.wrk"
  read -r RPS P50 P99 BAD < <(python3 - "$WORK/$name.wrk" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    x = float(m.group(1))
    return x / 1000 if m.group(2) == "us" else x * 1000 if m.group(2) == "s" else x
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p50 = ms(re.search(r"\s50%\s+(\S+)", t).group(1))
p99 = ms(re.search(r"\s99%\s+(\S+)", t).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
reqs = int(re.search(r"(\d+) requests in", t).group(1))
bad = int(bad.group(1)) if bad else 0
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {bad}/{reqs}")
EOF
)
}

echo "daylight serve: $SERVER_THREADS I/O threads; wrk: $WRK_THREADS threads, $DURATION per run; $(nproc) CPUs"
echo

# Warm-up: owners' keys, page cache.
DURATION=2s run warm collect_batch.lua 4 >/dev/null

# 1. Batches of 100 events.
export BODY_BYTES=17000  # about the size of a 100-event batch body
run ok_batch ok.lua "$BATCH_CONNECTIONS"
OK_RPS=$RPS OK_P99=$P99
before=$(stored)
start=$(date +%s.%N)
run batch collect_batch.lua "$BATCH_CONNECTIONS"
end=$(date +%s.%N)
after=$(stored)
DRAIN=$(drain)
drained=$(date +%s.%N)
B_RPS=$RPS B_P50=$P50 B_P99=$P99 B_BAD=$BAD
B_STORED=$(python3 -c "print(round(($after - $before) / ($end - $start)))")
B_INDEXED=$(python3 -c "print(round(($after - $before) / ($drained - $start)))")
printf '%-44s %10s %12s %9s %9s %12s\n' "run" "req/s" "events/s" "p50 ms" "p99 ms" "non-2xx"
printf '%-44s %10s %12s %9s %9s %12s\n' "POST /bench/ok (17 KB body), $BATCH_CONNECTIONS conns" "$OK_RPS" "-" "-" "$OK_P99" "-"
printf '%-44s %10s %12s %9s %9s %12s\n' "POST /v1/batch (100 events), $BATCH_CONNECTIONS conns" "$B_RPS" "$((B_RPS * 100))" "$B_P50" "$B_P99" "$B_BAD"
echo "  stored (server counter, durable): $B_STORED events/s;  /v1/batch vs /bench/ok: $(python3 -c "print(f'{$B_RPS / $OK_RPS:.3f}')")"
echo "  indexed too (run + ${DRAIN}s until the index backlog was 0): $B_INDEXED events/s"
echo

# 2. Single track calls over keep-alive.
export BODY_BYTES=170
drain >/dev/null
run ok_track ok.lua "$TRACK_CONNECTIONS"
OK_RPS=$RPS OK_P50=$P50 OK_P99=$P99
run track collect_track.lua "$TRACK_CONNECTIONS"
T_RPS=$RPS T_P50=$P50 T_P99=$P99 T_BAD=$BAD
run track_load collect_track.lua "$TRACK_LOAD_CONNECTIONS"
printf '%-44s %10s %12s %9s %9s %12s\n' "POST /bench/ok (170 B body), $TRACK_CONNECTIONS conns" "$OK_RPS" "-" "$OK_P50" "$OK_P99" "-"
printf '%-44s %10s %12s %9s %9s %12s\n' "POST /v1/track, $TRACK_CONNECTIONS conns" "$T_RPS" "$T_RPS" "$T_P50" "$T_P99" "$T_BAD"
printf '%-44s %10s %12s %9s %9s %12s\n' "POST /v1/track, $TRACK_LOAD_CONNECTIONS conns" "$RPS" "$RPS" "$P50" "$P99" "$BAD"
echo "  /v1/track vs /bench/ok: $(python3 -c "print(f'{$T_RPS / $OK_RPS:.3f}')")"
echo
echo "group commits: $(curl -s "$URL/metrics" | awk '/^daylight_ingest_commits_total/ {c=$2} /^daylight_ingest_committed_events_total/ {e=$2} END {printf "%d commits, %.0f events per commit on average", c, e / (c ? c : 1)}')"
echo "anchor: RudderStack's gateway, about 2.7k events/s on 8 vCPU"
