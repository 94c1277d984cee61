-- wrk: POST the same chat completion on every request; PORTKEY_CONFIG adds Portkey's routing
-- config header.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-key"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Say hello."}],"max_tokens":64}'
-- PROMPT_KB: a long-context request instead, whose user message is that many KB of text.
local prompt_kb = tonumber(os.getenv("PROMPT_KB") or "0")
if prompt_kb > 0 then
  wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"'
    .. string.rep("word ", math.floor(prompt_kb * 1024 / 5)) .. '"}],"max_tokens":64}'
end
local config = os.getenv("PORTKEY_CONFIG")
if config ~= nil and config ~= "" then
  wrk.headers["x-portkey-config"] = config
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d errors_connect=%d errors_timeout=%d p50_us=%d p99_us=%d duration_us=%d\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), summary.duration))
end
