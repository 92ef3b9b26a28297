-- wrk script: request the paths in PATHS_FILE in turn (one a line), as through the TLS
-- proxy a production site sits behind, and print the figures bench/load.sh and run.sh read.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local next_path = 0
-- COOKIE (bench/run.sh: "sessionid=bench"): a session cookie, so the site renders every
-- page afresh instead of answering from its cache (a stale id: the visitor is anonymous)
local cookie = os.getenv("COOKIE")
local headers = {["X-Forwarded-Proto"] = "https", ["Cookie"] = cookie ~= "" and cookie or nil}

request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path], headers)
end

done = function(summary, latency, requests)
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("paths %d\n", #paths))
  io.write(string.format("requests %d in %.1f s\n", summary.requests, seconds))
  io.write(string.format("requests_per_second %.1f\n", summary.requests / seconds))
  io.write(string.format("latency_p50_ms %.1f\n", latency:percentile(50) / 1000))
  io.write(string.format("latency_p99_ms %.1f\n", latency:percentile(99) / 1000))
  io.write(string.format("errors_status %d\n", errors.status))
  io.write(string.format(
    "errors_socket %d\n", errors.connect + errors.read + errors.write + errors.timeout))
  io.write(string.format("timeouts %d\n", errors.timeout))
end
