#!/usr/bin/env bash
# No acknowledged event is lost: four senders post batches and single events to `daylight serve`
# and record every messageId whose request was answered 200; the server is killed with SIGKILL
# in the middle of the load. After a restart every recorded messageId is in the store (the
# person's portability export lists their events), the ledger verifies, and the server collects
# again. An HTTP 200 promises durability (docs/collection.md), so this must hold for any kill.
source "$(dirname "$0")/lib.sh" "$1"

dl init >/dev/null
KEY=$(dl keys create write --name web --json 2>/dev/null | json 'd["key"]')
SENDERS=""
trap '[[ -n $SENDERS ]] && kill $SENDERS 2>/dev/null; on_exit' EXIT

cat > sender.py <<'EOF'
# sender.py PORT KEY N OUT: posts until the server goes away; appends the messageId of every
# event whose request was answered 200 to OUT (flushed after each answer).
import base64, http.client, json, sys
port, key, n, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
auth = "Basic " + base64.b64encode((key + ":").encode()).decode()
headers = {"Authorization": auth, "Content-Type": "application/json"}
acked = open(out, "a")
seq = 0
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
while True:
    if seq % 3 == 2:
        ids = [f"kill-{n}-{seq}"]
        path, body = "/v1/track", {"userId": "load-user", "messageId": ids[0], "event": "Load"}
    else:
        ids = [f"kill-{n}-{seq}-{i}" for i in range(25)]
        path = "/v1/batch"
        body = {"batch": [{"type": "track", "userId": "load-user", "messageId": m,
                           "event": "Load", "properties": {"i": i}} for i, m in enumerate(ids)]}
    seq += 1
    try:
        conn.request("POST", path, json.dumps(body), headers)
        resp = conn.getresponse()
        resp.read()
    except (OSError, http.client.HTTPException):
        break  # the server is gone: whatever was not answered was not promised
    if resp.status == 200:
        acked.write("\n".join(ids) + "\n")
        acked.flush()
    elif resp.status not in (429, 503):
        print(f"unexpected HTTP {resp.status}", file=sys.stderr)
        sys.exit(1)
EOF

start_server serve1.log
: > acked.txt
for n in 1 2 3 4; do
  python3 sender.py "$PORT" "$KEY" "$n" acked.txt 2>sender$n.err &
  SENDERS+=" $!"
done
# Kill under load: once a few thousand events were acknowledged, or after 10 s.
for _ in $(seq 100); do
  [[ $(wc -l <acked.txt) -gt 3000 ]] && break
  sleep 0.1
done
kill_server
for pid in $SENDERS; do wait "$pid" || fail "a sender saw an unexpected answer: $(cat sender*.err)"; done
SENDERS=""
ACKED=$(sort -u acked.txt | grep -c . || true)
[[ $ACKED -gt 0 ]] && pass "$ACKED events were acknowledged before the kill" || fail "no event was acknowledged"

expect_exit "the store opens and the ledger verifies after SIGKILL" 0 dl ledger verify
expect_exit "the person's events can be exported" 0 dl rights export external:web:load-user --out export.json
python3 - "$ACKED" <<'EOF' > check.out || true
import json, sys
stored = {e["message_id"] for e in json.load(open("export.json"))["events"]}
acked = {l.strip() for l in open("acked.txt") if l.strip()}
missing = acked - stored
print(f"acked={len(acked)} stored={len(stored)} missing={len(missing)}")
for m in sorted(missing)[:10]:
    print("missing", m)
EOF
cat check.out
expect_contains "every acknowledged event is stored" "$(cat check.out)" "missing=0"

start_server serve2.log
CODE=$(curl -s -o /dev/null -w '%{http_code}' -u "$KEY:" --data-binary \
  '{"userId":"load-user","messageId":"after-restart","event":"Load"}' "http://127.0.0.1:$PORT/v1/track")
[[ $CODE == 200 ]] && pass "the restarted server collects" || fail "after restart: HTTP $CODE"
# A retry of an acknowledged request is a duplicate, not a second copy.
FIRST=$(head -1 acked.txt)
curl -s -o /dev/null -u "$KEY:" --data-binary \
  "{\"userId\":\"load-user\",\"messageId\":\"$FIRST\",\"event\":\"Load\"}" "http://127.0.0.1:$PORT/v1/track"
stop_server "graceful stop"
dl rights export external:web:load-user --out export2.json >/dev/null
python3 - <<'EOF' > check2.out
import json
ids = [e["message_id"] for e in json.load(open("export2.json"))["events"]]
print(f"after-restart={'after-restart' in ids} unique={len(ids) == len(set(ids))}")
EOF
expect_contains "the event after the restart is stored" "$(cat check2.out)" "after-restart=True"
expect_contains "a retried messageId is not stored twice" "$(cat check2.out)" "unique=True"
finish
