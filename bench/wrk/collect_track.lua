-- wrk script: POST /v1/track, one event per request with a unique messageId, over keep-alive
-- connections. The Authorization header comes from the environment (DAYLIGHT_AUTH).
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
  local body = string.format(
    '{"userId":"bench-%d-%d","messageId":"t-%s-%d-%d","event":"Bench Event",' ..
    '"properties":{"plan":"pro"},"timestamp":"2026-03-01T10:00:00.000Z"}',
    tid, counter % 1000, run, tid, counter)
  return wrk.format("POST", "/v1/track",
    { ["Content-Type"] = "application/json", ["Authorization"] = auth }, body)
end
