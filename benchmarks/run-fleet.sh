#!/usr/bin/env bash
# Fleet-mode benchmark: the sample app's gateway (/v1/chat/completions, two local upstreams
# with a fixed latency) three times side by side: fleet mode off, fleet mode on (sharing
# through a local redis-server, no rate limits: nothing on the request path), and fleet mode on
# with a rate limit on both providers (one Redis round trip per request, limit never reached).
# Same load tool (wrk), concurrency and duration; the variants take turns for ROUNDS rounds,
# each round starting with the next one, so that a busy machine slows them alike. Everything listens on 127.0.0.1 and is stopped at the
# end. Run it under the benchmark lock:
#
#   flock /work/bench.lock benchmarks/run-fleet.sh
#   ROUNDS=3 DURATION=20 CONCURRENCY=64 benchmarks/run-fleet.sh
set -euo pipefail
cd "$(dirname "$0")/.."

LATENCY_MS=${LATENCY_MS:-20}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-20}
CONCURRENCY=${CONCURRENCY:-64}
ROUNDS=${ROUNDS:-3}
UPSTREAM_A=18191
UPSTREAM_B=18192
REDIS_PORT=18379
PORT_OFF=18181
PORT_ON=18182
PORT_LIMITED=18183
WORK=benchmarks/target/fleet
mkdir -p "$WORK"

for port in $UPSTREAM_A $UPSTREAM_B $REDIS_PORT $PORT_OFF $PORT_ON $PORT_LIMITED; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port on 127.0.0.1 is in use; stop what listens there (ss -ltnp) and run again" >&2; exit 1
  fi
done
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

echo "Building the sample app and the benchmarks..."
./mvnw -B -q -Pbench package -DskipTests

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_for() { # url name
  for _ in $(seq 1 240); do
    curl -s -o /dev/null "$1" && return 0
    grep -q "APPLICATION FAILED TO START" "$WORK/$2.log" 2>/dev/null && { echo "$2 failed to start, see $WORK/$2.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "Timed out waiting for $1" >&2; exit 1
}

redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no > "$WORK/redis.log" 2>&1 &
PIDS+=($!)
java -Xms256m -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.llmfailover.benchmarks.LatencyUpstream \
  "$LATENCY_MS" "$UPSTREAM_A" "$UPSTREAM_B" > "$WORK/upstream.log" 2>&1 &
PIDS+=($!)

app() { # name port extra-args...
  local name=$1 port=$2; shift 2
  java -Xms512m -Xmx512m -jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar --spring.profiles.active=bench \
    --server.port="$port" --logging.level.root=warn --spring.application.name=fleet-bench \
    --llm.failover.max-attempts=2 --bench.direct-proxy.url=http://127.0.0.1:$UPSTREAM_A/v1/chat/completions \
    --llm.failover.providers.a.type=openai --llm.failover.providers.a.base-url=http://127.0.0.1:$UPSTREAM_A/v1 \
    --llm.failover.providers.a.api-key=bench-key --llm.failover.providers.a.model=gpt-4o-mini \
    --llm.failover.providers.b.type=openai --llm.failover.providers.b.base-url=http://127.0.0.1:$UPSTREAM_B/v1 \
    --llm.failover.providers.b.api-key=bench-key --llm.failover.providers.b.model=gpt-4o-mini \
    --spring.data.redis.host=127.0.0.1 --spring.data.redis.port=$REDIS_PORT "$@" > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}
app off $PORT_OFF
# A fleet timeout far above the default 100 ms: on a busy machine a slow round trip would
# otherwise send the instance to local counting, and the run would no longer measure Redis.
app on $PORT_ON --llm.failover.fleet.enabled=true --llm.failover.fleet.timeout=2s
# A limit far above what the run sends: every request pays the check, none is refused.
app limited $PORT_LIMITED --llm.failover.fleet.enabled=true --llm.failover.fleet.timeout=2s \
  --llm.failover.providers.a.requests-per-minute=100000000 --llm.failover.providers.b.requests-per-minute=100000000

wait_for "http://127.0.0.1:$PORT_OFF/actuator/health" off
wait_for "http://127.0.0.1:$PORT_ON/actuator/health" on
wait_for "http://127.0.0.1:$PORT_LIMITED/actuator/health" limited
for port in $PORT_ON $PORT_LIMITED; do
  curl -s "http://127.0.0.1:$port/actuator/health" | grep -q '"state":"SHARED"' \
    || { sleep 3; curl -s "http://127.0.0.1:$port/actuator/health" | grep -q '"state":"SHARED"' \
      || { echo "Instance on $port is not sharing through Redis" >&2; exit 1; }; }
done

run() { # port duration
  wrk -t2 -c"$CONCURRENCY" -d"$2s" --timeout 10s -s benchmarks/scripts/chat.lua \
    "http://127.0.0.1:$1/v1/chat/completions" | grep '^RESULT'
}
echo "Warming up each variant for ${WARMUP}s..."
for port in $PORT_OFF $PORT_ON $PORT_LIMITED; do run "$port" "$WARMUP" >/dev/null; done

RESULTS="$WORK/results.txt"; : > "$RESULTS"
VARIANTS=(off:$PORT_OFF on:$PORT_ON limited:$PORT_LIMITED)
for round in $(seq 1 "$ROUNDS"); do
  # Each round starts with the next variant, so that none always runs first.
  for i in 0 1 2; do
    variant=${VARIANTS[$(( (round - 1 + i) % 3 ))]}
    echo "round $round ${variant%%:*} $(run "${variant##*:}" "$DURATION")" | tee -a "$RESULTS"
  done
done
for port in $PORT_ON $PORT_LIMITED; do
  curl -s "http://127.0.0.1:$port/actuator/health" | grep -q '"state":"SHARED"' \
    || echo "Warning: the instance on $port stopped sharing during the run (see its health)" | tee -a "$RESULTS"
done

# Requests per second and p99 of each variant over all rounds, and the ratios to "off".
awk -v c="$CONCURRENCY" '
  /^round/ {
    v = $3; for (i = 4; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    req[v] += f["requests"]; us[v] += f["duration_us"]; err[v] += f["errors_status"] + f["errors_connect"] + f["errors_timeout"]
    if (f["p99_us"] > p99[v]) p99[v] = f["p99_us"]
    rate[$2, v] = f["requests"] / f["duration_us"] * 1e6; rounds = $2
  }
  END {
    printf "| Gateway, concurrency %d | Requests/s | vs fleet off | Worst p99 of the rounds | Errors |\n|---|---|---|---|---|\n", c
    split("off on limited", order, " ")
    name["off"] = "fleet off"; name["on"] = "fleet on, no rate limits"; name["limited"] = "fleet on, rate limits (1 Redis round trip a request)"
    base = req["off"] / us["off"] * 1e6
    for (i = 1; i <= 3; i++) { v = order[i]; rps = req[v] / us[v] * 1e6
      printf "| %s | %.0f | %.2fx | %.1f ms | %d |\n", name[v], rps, rps / base, p99[v] / 1000, err[v] }
    printf "\n| Round | fleet off (req/s) | fleet on | vs off | rate limits | vs off |\n|---|---|---|---|---|---|\n"
    for (r = 1; r <= rounds; r++)
      printf "| %d | %.0f | %.0f | %.2fx | %.0f | %.2fx |\n", r, rate[r, "off"], rate[r, "on"],
        rate[r, "on"] / rate[r, "off"], rate[r, "limited"], rate[r, "limited"] / rate[r, "off"]
  }' "$RESULTS" | tee "$WORK/report.md"
echo
echo "Command: $(printf 'LATENCY_MS=%s DURATION=%s CONCURRENCY=%s ROUNDS=%s benchmarks/run-fleet.sh' "$LATENCY_MS" "$DURATION" "$CONCURRENCY" "$ROUNDS")"
