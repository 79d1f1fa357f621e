-- wrk script: the baseline. POST /bench/ok (`daylight serve --bench-trivial-route`) with the same
-- headers and a body of the same size as the endpoint it is compared with (BODY_BYTES), so the
-- difference is the endpoint's own work.
local body = string.rep("x", tonumber(os.getenv("BODY_BYTES") or "150"))
local auth = nil

function init(args)
  auth = os.getenv("DAYLIGHT_AUTH")
end

function request()
  return wrk.format("POST", "/bench/ok",
    { ["Content-Type"] = "application/json", ["Authorization"] = auth }, body)
end
