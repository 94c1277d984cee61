#!/usr/bin/env bash
# Gateway benchmark: the sample app's /v1/chat/completions against Portkey's AI Gateway, both
# load-balancing (with fallback) over the same two local OpenAI-style upstreams with a fixed
# latency, the upstream called directly as the floor, and a plain WebFlux relay in the same app
# (/bench/direct-proxy: one upstream, no failover) as the cost of any Spring proxy. Same load
# tool (wrk), same concurrency steps, same duration, one machine, one run. Everything listens on
# 127.0.0.1 and is stopped at the end. Writes a table and a chart into docs/performance.md.
#
#   benchmarks/run-gateway.sh                       # 20 ms upstream, concurrency 16 64 256, 20 s each
#   LATENCY_MS=50 DURATION=30 CONCURRENCY="64" benchmarks/run-gateway.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

LATENCY_MS=${LATENCY_MS:-20}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
CONCURRENCY=${CONCURRENCY:-"16 64 256"}
PORTKEY_VERSION=${PORTKEY_VERSION:-1.15.2}
UPSTREAM_A=18091
UPSTREAM_B=18092
APP_PORT=18080
PORTKEY_PORT=18787
WORK=benchmarks/target/gateway
COMMAND="LATENCY_MS=$LATENCY_MS DURATION=$DURATION CONCURRENCY=\"$CONCURRENCY\" benchmarks/run-gateway.sh"
mkdir -p "$WORK"

for port in $UPSTREAM_A $UPSTREAM_B $APP_PORT $PORTKEY_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port on 127.0.0.1 is in use; stop what listens there (ss -ltnp) and run again" >&2; exit 1
  fi
done

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk; then
  echo "Installing wrk (Debian package)..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
need node || { echo "Node.js is needed for Portkey's gateway" >&2; exit 1; }
if [ ! -f "$WORK/portkey/node_modules/@portkey-ai/gateway/build/start-server.js" ]; then
  echo "Installing @portkey-ai/gateway@$PORTKEY_VERSION from npm..."
  npm install --silent --no-audit --no-fund --prefix "$WORK/portkey" "@portkey-ai/gateway@$PORTKEY_VERSION" >/dev/null
fi

echo "Building the sample app and the benchmarks..."
./mvnw -B -q -Pbench package -DskipTests

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_for() { # url
  for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "Timed out waiting for $1" >&2; exit 1
}

java -Xms256m -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.llmfailover.benchmarks.LatencyUpstream \
  "$LATENCY_MS" "$UPSTREAM_A" "$UPSTREAM_B" > "$WORK/upstream.log" 2>&1 &
UPSTREAM_PID=$!; PIDS+=("$UPSTREAM_PID")

java -Xms512m -Xmx512m -jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar --spring.profiles.active=bench \
  --server.port=$APP_PORT --logging.level.root=warn \
  --llm.failover.max-attempts=2 --bench.direct-proxy.url=http://127.0.0.1:$UPSTREAM_A/v1/chat/completions \
  --llm.failover.providers.a.type=openai --llm.failover.providers.a.base-url=http://127.0.0.1:$UPSTREAM_A/v1 \
  --llm.failover.providers.a.api-key=bench-key --llm.failover.providers.a.model=gpt-4o-mini --llm.failover.providers.a.weight=1 \
  --llm.failover.providers.b.type=openai --llm.failover.providers.b.base-url=http://127.0.0.1:$UPSTREAM_B/v1 \
  --llm.failover.providers.b.api-key=bench-key --llm.failover.providers.b.model=gpt-4o-mini --llm.failover.providers.b.weight=1 \
  > "$WORK/app.log" 2>&1 &
APP_PID=$!; PIDS+=("$APP_PID")

NODE_ENV=production node "$WORK/portkey/node_modules/@portkey-ai/gateway/build/start-server.js" \
  --port=$PORTKEY_PORT --headless > "$WORK/portkey.log" 2>&1 &
PORTKEY_PID=$!; PIDS+=("$PORTKEY_PID")

# Portkey: load balance over two fallback groups, each upstream first in one of them.
target() { echo "{\"provider\":\"openai\",\"api_key\":\"bench-key\",\"custom_host\":\"http://127.0.0.1:$1/v1\"}"; }
PORTKEY_CONFIG="{\"strategy\":{\"mode\":\"loadbalance\"},\"targets\":[\
{\"strategy\":{\"mode\":\"fallback\"},\"weight\":0.5,\"targets\":[$(target $UPSTREAM_A),$(target $UPSTREAM_B)]},\
{\"strategy\":{\"mode\":\"fallback\"},\"weight\":0.5,\"targets\":[$(target $UPSTREAM_B),$(target $UPSTREAM_A)]}]}"

wait_for "http://127.0.0.1:$APP_PORT/actuator/health"
wait_for "http://127.0.0.1:$PORTKEY_PORT/"
sleep 1

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run() { # name url pid concurrency duration portkey-config
  local name=$1 url=$2 pid=$3 c=$4 d=$5 config=${6:-}
  local before after line
  before=$(cpu_ticks "$pid")
  line=$(PORTKEY_CONFIG="$config" wrk -t2 -c"$c" -d"${d}s" --timeout 10s -s benchmarks/scripts/chat.lua "$url" | grep '^RESULT')
  after=$(cpu_ticks "$pid")
  echo "$name $c $((after - before)) $line"
}

echo "Warming up each target for ${WARMUP}s..."
run warmup "http://127.0.0.1:$UPSTREAM_A/v1/chat/completions" "$UPSTREAM_PID" 64 "$WARMUP" >/dev/null
run warmup "http://127.0.0.1:$APP_PORT/bench/direct-proxy" "$APP_PID" 64 "$WARMUP" >/dev/null
run warmup "http://127.0.0.1:$APP_PORT/v1/chat/completions" "$APP_PID" 64 "$WARMUP" >/dev/null
run warmup "http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions" "$PORTKEY_PID" 64 "$WARMUP" "$PORTKEY_CONFIG" >/dev/null

RESULTS="$WORK/results.txt"; : > "$RESULTS"
for c in $CONCURRENCY; do
  echo "Concurrency $c..."
  run direct "http://127.0.0.1:$UPSTREAM_A/v1/chat/completions" "$UPSTREAM_PID" "$c" "$DURATION" | tee -a "$RESULTS"
  run spring-proxy "http://127.0.0.1:$APP_PORT/bench/direct-proxy" "$APP_PID" "$c" "$DURATION" | tee -a "$RESULTS"
  run llm-failover "http://127.0.0.1:$APP_PORT/v1/chat/completions" "$APP_PID" "$c" "$DURATION" | tee -a "$RESULTS"
  run portkey "http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions" "$PORTKEY_PID" "$c" "$DURATION" "$PORTKEY_CONFIG" | tee -a "$RESULTS"
done

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), node $(node --version), wrk $( (wrk --version 2>&1 || true) | head -1 | awk '{print $2}')"
python3 benchmarks/scripts/gateway_report.py "$RESULTS" "$COMMAND" "$MACHINE" "$LATENCY_MS" "$DURATION"
