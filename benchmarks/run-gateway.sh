#!/usr/bin/env bash
# Gateway benchmark: the sample app's /v1/chat/completions against Portkey's AI Gateway, both
# load-balancing (with fallback) over the same two local OpenAI-style upstreams with a fixed
# latency, the upstream called directly as the floor, and a plain WebFlux relay in the same app
# (/bench/direct-proxy: one upstream, no failover) as the cost of any Spring proxy. Same load
# tool (wrk), same concurrency steps, same duration, one machine, one run. Everything listens on
# 127.0.0.1 and is stopped at the end. Writes a table and a chart into docs/performance.md.
#
# Then long-context requests (PROMPT_KB of text, 1 MB by default) against direct, spring-proxy
# and llm-failover at LONG_CONCURRENCY, beside the short request at the same concurrency, with
# the heap each process had in use (jstat, every 500 ms); LONG_ONLY=1 runs only that part
# (no Portkey) and writes only its table.
#
#   benchmarks/run-gateway.sh                       # 20 ms upstream, concurrency 16 64 256, 20 s each
#   LATENCY_MS=50 DURATION=30 CONCURRENCY="64" benchmarks/run-gateway.sh
#   LONG_ONLY=1 DURATION=10 WARMUP=10 benchmarks/run-gateway.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

LATENCY_MS=${LATENCY_MS:-20}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
CONCURRENCY=${CONCURRENCY:-"16 64 256"}
PORTKEY_VERSION=${PORTKEY_VERSION:-1.15.2}
PROMPT_KB=${PROMPT_KB:-1024}
LONG_CONCURRENCY=${LONG_CONCURRENCY:-16}
LONG_ONLY=${LONG_ONLY:-0}
UPSTREAM_A=18091
UPSTREAM_B=18092
APP_PORT=18080
PORTKEY_PORT=18787
WORK=benchmarks/target/gateway
COMMAND="LATENCY_MS=$LATENCY_MS DURATION=$DURATION CONCURRENCY=\"$CONCURRENCY\" PROMPT_KB=$PROMPT_KB LONG_CONCURRENCY=$LONG_CONCURRENCY benchmarks/run-gateway.sh"
if [ "$LONG_ONLY" = 1 ]; then
  COMMAND="LONG_ONLY=1 LATENCY_MS=$LATENCY_MS DURATION=$DURATION WARMUP=$WARMUP PROMPT_KB=$PROMPT_KB LONG_CONCURRENCY=$LONG_CONCURRENCY benchmarks/run-gateway.sh"
fi
mkdir -p "$WORK"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
. benchmarks/scripts/gateways.sh

check_ports $UPSTREAM_A $UPSTREAM_B $APP_PORT $PORTKEY_PORT
if ! need wrk; then
  echo "Installing wrk (Debian package)..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
need jstat || { echo "jstat (from the JDK) is needed to sample the heap" >&2; exit 1; }
[ "$LONG_ONLY" = 1 ] || install_portkey

echo "Building the sample app and the benchmarks..."
./mvnw -B -q -Pbench package -DskipTests

java -Xms256m -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.llmfailover.benchmarks.LatencyUpstream \
  "$LATENCY_MS" "$UPSTREAM_A" "$UPSTREAM_B" > "$WORK/upstream.log" 2>&1 &
UPSTREAM_PID=$!; PIDS+=("$UPSTREAM_PID")

start_app $APP_PORT "$WORK/app.log" --llm.failover.max-attempts=2
[ "$LONG_ONLY" = 1 ] || start_portkey $PORTKEY_PORT "$WORK/portkey.log"

wait_for "http://127.0.0.1:$APP_PORT/actuator/health"
[ "$LONG_ONLY" = 1 ] || wait_for "http://127.0.0.1:$PORTKEY_PORT/"
sleep 1

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Heap in use (survivors + eden + old, MB) of a JVM, sampled every 500 ms while a step runs.
heap_start() { jstat -gc "$1" 500 > "$WORK/heap.txt" 2>/dev/null & HEAP_PID=$!; }
heap_stop() {
  kill "$HEAP_PID" 2>/dev/null || true; wait "$HEAP_PID" 2>/dev/null || true
  awk '$1 ~ /^[0-9.]+$/ { u = ($3 + $4 + $6 + $8) / 1024; s += u; n++; if (u > m) m = u }
    END { printf "heap_avg_mb=%d heap_max_mb=%d", (n ? s / n : 0), m }' "$WORK/heap.txt"
}

run() { # name url pid concurrency duration portkey-config prompt-kb
  local name=$1 url=$2 pid=$3 c=$4 d=$5 config=${6:-} prompt_kb=${7:-0}
  local before after line heap
  before=$(cpu_ticks "$pid")
  heap_start "$pid"
  line=$(PORTKEY_CONFIG="$config" PROMPT_KB="$prompt_kb" wrk -t2 -c"$c" -d"${d}s" --timeout 10s -s benchmarks/scripts/chat.lua "$url" | grep '^RESULT')
  heap=$(heap_stop)
  after=$(cpu_ticks "$pid")
  echo "$name $c $((after - before)) $line $heap"
}

DIRECT="http://127.0.0.1:$UPSTREAM_A/v1/chat/completions"
PROXY="http://127.0.0.1:$APP_PORT/bench/direct-proxy"
GATEWAY="http://127.0.0.1:$APP_PORT/v1/chat/completions"
echo "Warming up each target for ${WARMUP}s..."
run warmup "$DIRECT" "$UPSTREAM_PID" 64 "$WARMUP" >/dev/null
run warmup "$PROXY" "$APP_PID" 64 "$WARMUP" >/dev/null
run warmup "$GATEWAY" "$APP_PID" 64 "$WARMUP" >/dev/null

RESULTS="$WORK/results.txt"; : > "$RESULTS"
if [ "$LONG_ONLY" != 1 ]; then
  run warmup "http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions" "$PORTKEY_PID" 64 "$WARMUP" "$PORTKEY_CONFIG" >/dev/null
  for c in $CONCURRENCY; do
    echo "Concurrency $c..."
    run direct "$DIRECT" "$UPSTREAM_PID" "$c" "$DURATION" | tee -a "$RESULTS"
    run spring-proxy "$PROXY" "$APP_PID" "$c" "$DURATION" | tee -a "$RESULTS"
    run llm-failover "$GATEWAY" "$APP_PID" "$c" "$DURATION" | tee -a "$RESULTS"
    run portkey "http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions" "$PORTKEY_PID" "$c" "$DURATION" "$PORTKEY_CONFIG" | tee -a "$RESULTS"
  done
fi

echo "Long-context requests ($PROMPT_KB KB prompts) at concurrency $LONG_CONCURRENCY..."
run warmup "$GATEWAY" "$APP_PID" "$LONG_CONCURRENCY" "$WARMUP" "" "$PROMPT_KB" >/dev/null
for kb in 0 "$PROMPT_KB"; do
  run "direct@$kb" "$DIRECT" "$UPSTREAM_PID" "$LONG_CONCURRENCY" "$DURATION" "" "$kb" | tee -a "$RESULTS"
  run "spring-proxy@$kb" "$PROXY" "$APP_PID" "$LONG_CONCURRENCY" "$DURATION" "" "$kb" | tee -a "$RESULTS"
  run "llm-failover@$kb" "$GATEWAY" "$APP_PID" "$LONG_CONCURRENCY" "$DURATION" "" "$kb" | tee -a "$RESULTS"
done

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), node $( (node --version 2>/dev/null || echo none) ), wrk $( (wrk --version 2>&1 || true) | head -1 | awk '{print $2}'), load average $LOAD_BEFORE before the run"
python3 benchmarks/scripts/gateway_report.py "$RESULTS" "$COMMAND" "$MACHINE" "$LATENCY_MS" "$DURATION"
