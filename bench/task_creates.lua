-- wrk script: POST /api/v1/tasks with a bearer token from the TOKEN environment variable.
-- Used by bench/task_api.sh and bench/scaleout.sh; every request creates one task (durable commit
-- + outbox row). With TOKENS (tokens separated by spaces) the requests take them in turn, so the
-- tasks belong to several users.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local tokens = {}
for t in string.gmatch(os.getenv("TOKENS") or "", "%S+") do
  tokens[#tokens + 1] = "Bearer " .. t
end
if #tokens == 0 then
  tokens[1] = "Bearer " .. os.getenv("TOKEN")
end
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"title": "bench task %d", "priority": "Medium", "tags": ["bench"]}', n)
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = tokens[n % #tokens + 1]}
  return wrk.format(nil, nil, headers, body)
end
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  io.write(string.format("creates/s %.0f  p50 %.2f ms  p99 %.2f ms  max %.2f ms  errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
