-- wrk script for the Mend benchmark (bench/run.py writes the request files).
--
-- Usage: wrk -s bench/wrk.lua URL -- REQUEST_FILE MARKER
-- Each line of REQUEST_FILE is one request, tab-separated:
--   METHOD  PATH  HEADERS  BODY
-- where HEADERS is "Name: value" pairs joined by "|". Each connection's
-- requests rotate through the lines (a different person, article or query
-- each time), starting at a different line in each thread.
-- A response counts as an error unless it is a 200 whose body contains MARKER.
-- The server's CPU time for each response (its Server-Timing header, sent
-- with MEND_BENCHMARK=1) is collected, and the median reported. Header
-- names are matched in either case: gunicorn sends "Server-Timing", granian
-- (hyper) sends "server-timing", and wrk's table keeps the case it got.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
  table.insert(threads, thread)
end

local requests = {}
local index = 0
local marker = nil
non200 = 0
bad_body = 0
first_status = 0
cpu = {}

function init(args)
  for line in io.lines(args[1]) do
    local method, path, header_text, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    if method then
      local headers = {}
      for pair in string.gmatch(header_text, "[^|]+") do
        local name, value = pair:match("^([^:]+):%s*(.*)$")
        if name then
          headers[name] = value
        end
      end
      if body == "" then
        body = nil
      end
      table.insert(requests, wrk.format(method, path, headers, body))
    end
  end
  if #requests == 0 then
    error("no requests in " .. args[1])
  end
  marker = args[2]
  index = (offset or 0) % #requests
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function response(status, headers, body)
  local timing = headers["Server-Timing"] or headers["server-timing"]
  if timing then
    local ms = timing:match("cpu;dur=([%d.]+)")
    if ms then
      cpu[#cpu + 1] = tonumber(ms)
    end
  end
  if status ~= 200 then
    non200 = non200 + 1
    if first_status == 0 then
      first_status = status
    end
  elseif marker and marker ~= "" and not string.find(body, marker, 1, true) then
    bad_body = bad_body + 1
  end
end

function done(summary, latency, requests_)
  local n200, bad, first = 0, 0, 0
  local cpu_all = {}
  for _, thread in ipairs(threads) do
    n200 = n200 + thread:get("non200")
    bad = bad + thread:get("bad_body")
    if first == 0 then
      first = thread:get("first_status")
    end
    for _, ms in ipairs(thread:get("cpu")) do
      cpu_all[#cpu_all + 1] = ms
    end
  end
  table.sort(cpu_all)
  local cpu_median = -1
  if #cpu_all > 0 then
    cpu_median = cpu_all[math.floor((#cpu_all + 1) / 2)]
  end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d, '
      .. '"status_errors": %d, "timeouts": %d, "non200": %d, "bad_body": %d, '
      .. '"first_bad_status": %d, "p50_us": %d, "p90_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "mean_us": %.1f, '
      .. '"cpu_ms_median": %.3f, "cpu_samples": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, n200, bad, first,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, cpu_median, #cpu_all
  ))
end
