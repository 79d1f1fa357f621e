-- wrk script: POST /v1/batch with EVENTS track events per request (default 100), each with a
-- unique messageId (thread id, request counter, index), so every event is new work for the
-- store rather than a duplicate. The Authorization header comes from the environment (DAYLIGHT_AUTH).
local events = tonumber(os.getenv("EVENTS") or "100")
local counter = 0
local thread_id = 0
local auth = nil
-- A different RUN per wrk run (bench/server_bench.sh sets it), so no run repeats messageIds.
local run = os.getenv("RUN") or tostring(os.time())

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  auth = os.getenv("DAYLIGHT_AUTH")  -- "Basic base64(key:)", set by bench/server_bench.sh
end

function request()
  counter = counter + 1
  local parts = {}
  for i = 1, events do
    parts[i] = string.format(
      '{"type":"track","userId":"bench-%d-%d","messageId":"b-%s-%d-%d-%d","event":"Bench Event",' ..
      '"properties":{"i":%d,"plan":"pro"},"timestamp":"2026-03-01T10:00:00.000Z"}',
      tid, (counter * events + i) % 1000, run, tid, counter, i, i)
  end
  local body = '{"batch":[' .. table.concat(parts, ",") .. '],"sentAt":"2026-03-01T10:00:00.000Z"}'
  return wrk.format("POST", "/v1/batch",
    { ["Content-Type"] = "application/json", ["Authorization"] = auth }, body)
end
