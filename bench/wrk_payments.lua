-- wrk script for bench/wrk.py: POST /v1/wallets/{id}/payments as the holder, a different wallet
-- each request (round-robin from a different start in each thread), a unique Idempotency-Key
-- each, a small amount. Counts the answers by status itself (wrk's own error count is only of
-- statuses over 399) and ends with one JSON line, prefixed WALLET_BENCH, for bench/wrk.py.
--
-- wrk ... -s wrk_payments.lua <url> -- <file of wallet ids, one a line> <holder key> <run name>

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  wallets = {}
  for line in io.lines(args[1]) do
    if line ~= "" then wallets[#wallets + 1] = line end
  end
  headers = {
    ["Authorization"] = "Bearer " .. args[2],
    ["Content-Type"] = "application/json",
  }
  prefix = args[3] .. "-" .. id .. "-"
  sent = id * 7919 -- threads start on different wallets
  statuses = {}
end

function request()
  sent = sent + 1
  local wallet = wallets[sent % #wallets + 1]
  headers["Idempotency-Key"] = prefix .. sent
  local body = '{"amount":' .. (sent % 500 + 1) ..
    ',"category":"personal_assistant","effective_date":"2026-04-10"}'
  return wrk.format("POST", "/v1/wallets/" .. wallet .. "/payments", headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local by_code = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do
      by_code[code] = (by_code[code] or 0) + count
    end
  end
  local counted = {}
  for code, count in pairs(by_code) do
    counted[#counted + 1] = string.format('"%d": %d', code, count)
  end
  local errors = summary.errors
  io.write(string.format(
    'WALLET_BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"statuses": {%s}, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    table.concat(counted, ", "), errors.connect, errors.read, errors.write, errors.timeout))
end
