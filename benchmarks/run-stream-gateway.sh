#!/usr/bin/env bash
# Streaming through the gateway: the sample app's streamed /v1/chat/completions against the
# direct call to the same local OpenAI-style upstream (StreamUpstream: the first chunk after
# FIRST_MS, then CHUNKS chunks GAP_MS apart), read by the same SSE client (benchmarks/scripts/
# sse-load.js, Node's own http module) that timestamps the first content token and the end of
# each answer. Closed loop at each concurrency step, direct and gateway taking turns, one
# machine, one run; everything listens on 127.0.0.1 and is stopped at the end. Writes a table
# and a chart into docs/performance.md.
#
#   benchmarks/run-stream-gateway.sh                 # 20 ms, 20 chunks 5 ms apart; 4 32 128 streams, 10 s each
#                                                    # after 40 s of warm-up for each target
#   BUILD=0 CONCURRENCY="32" DURATION=5 benchmarks/run-stream-gateway.sh
set -euo pipefail
cd "$(dirname "$0")/.."

FIRST_MS=${FIRST_MS:-20}
GAP_MS=${GAP_MS:-5}
CHUNKS=${CHUNKS:-20}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-40}
CONCURRENCY=${CONCURRENCY:-"4 32 128"}
BUILD=${BUILD:-1}
# Both providers of the sample app (gateways.sh) on the one upstream.
UPSTREAM_A=18191
UPSTREAM_B=18191
APP_PORT=18180
WORK=benchmarks/target/stream-gateway
COMMAND="FIRST_MS=$FIRST_MS GAP_MS=$GAP_MS CHUNKS=$CHUNKS DURATION=$DURATION WARMUP=$WARMUP CONCURRENCY=\"$CONCURRENCY\" benchmarks/run-stream-gateway.sh"
mkdir -p "$WORK"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
. benchmarks/scripts/gateways.sh

check_ports $UPSTREAM_A $APP_PORT
need node || { echo "Node.js is needed for the SSE client (apt-get install nodejs)" >&2; exit 1; }
if [ "$BUILD" = 1 ]; then
  echo "Building the sample app and the benchmarks..."
  ./mvnw -B -q -Pbench package -DskipTests
fi

java -Xms256m -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.llmfailover.benchmarks.StreamUpstream \
  "$FIRST_MS" "$GAP_MS" "$CHUNKS" "$UPSTREAM_A" > "$WORK/upstream.log" 2>&1 &
UPSTREAM_PID=$!; PIDS+=("$UPSTREAM_PID")
start_app $APP_PORT "$WORK/app.log" --llm.failover.max-attempts=2
# Up to 5 minutes: on a machine shared with builds the app may start that slowly.
for _ in 1 2 3 4; do (wait_for "http://127.0.0.1:$APP_PORT/actuator/health" 2>/dev/null) && break; done
wait_for "http://127.0.0.1:$APP_PORT/actuator/health"

DIRECT="http://127.0.0.1:$UPSTREAM_A/v1/chat/completions"
GATEWAY="http://127.0.0.1:$APP_PORT/v1/chat/completions"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# One step: the client's JSON line, with the CPU time (clock ticks) the gateway and the
# upstream used meanwhile, so that CPU per stream compares them where throughput mostly
# shows what other work on the machine left.
run() { # name url concurrency seconds
  local app=$(cpu_ticks "$APP_PID") upstream=$(cpu_ticks "$UPSTREAM_PID") result
  result=$(node benchmarks/scripts/sse-load.js "$2" "$3" "$4")
  echo "{\"target\":\"$1\",\"app_ticks\":$(($(cpu_ticks "$APP_PID") - app)),\"upstream_ticks\":$(($(cpu_ticks "$UPSTREAM_PID") - upstream)),\"result\":$result}"
}
echo "Warming up for ${WARMUP}s each..."
run warmup "$DIRECT" 32 "$WARMUP" >/dev/null
run warmup "$GATEWAY" 32 "$WARMUP" >/dev/null

RESULTS="$WORK/results.jsonl"; : > "$RESULTS"
turn=0
for c in $CONCURRENCY; do
  echo "Concurrency $c..."
  # Taking turns: which one goes first alternates between the steps.
  if [ $((turn % 2)) = 0 ]; then order="direct llm-failover"; else order="llm-failover direct"; fi
  for target in $order; do
    url=$DIRECT; [ "$target" = llm-failover ] && url=$GATEWAY
    run "$target" "$url" "$c" "$DURATION" | tee -a "$RESULTS"
  done
  turn=$((turn + 1))
done

MACHINE="$(nproc) cores, $(java -version 2>&1 | head -1), node $(node --version), load average $LOAD_BEFORE before the run"
python3 benchmarks/scripts/stream_report.py gateway "$RESULTS" "$COMMAND" "$MACHINE"
