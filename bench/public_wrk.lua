-- wrk script: each request takes the next path of bench/public_paths.txt (round robin), and
-- every answer that is not 200 counts as an error in the summary.
local paths = {}
for line in io.lines("bench/public_paths.txt") do
  if line ~= "" and line:sub(1, 1) ~= "#" then paths[#paths + 1] = line end
end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-200 answers: %d (per thread counts may differ; see also 'Non-2xx')\n", bad))
  io.write(string.format("latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
