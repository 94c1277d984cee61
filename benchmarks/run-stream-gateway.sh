#!/usr/bin/env bash
# Streaming through the gateway: the sample app's streamed /v1/chat/completions against the
# direct call to the same local OpenAI-style upstream (StreamUpstream: the first chunk after
# FIRST_MS, then CHUNKS chunks GAP_MS apart), read by the same SSE client (benchmarks/scripts/
# sse-load.js, Node's own http module) that timestamps the first content token and the end of
# each answer. Two relays without failover run beside it as floors: a bare Reactor Netty relay
# (StreamRelay: what any extra process on the path adds on this machine) and a plain WebFlux
# relay in the sample app itself (/bench/direct-proxy/stream: what Spring WebFlux, its
# WebClient, security and observations add). Closed loop at each concurrency step, the targets
# taking turns, one machine, one run; everything listens on 127.0.0.1 and is stopped at the
# end. Writes a table and a chart into docs/performance.md.
#
#   benchmarks/run-stream-gateway.sh                 # 20 ms, 20 chunks 5 ms apart; 4 32 128 streams, 10 s each
#                                                    # after 40 s of warm-up for each target, then until the
#                                                    # app's JIT compiler has settled (at most JIT_SETTLE s)
#   BUILD=0 CONCURRENCY="32" DURATION=5 benchmarks/run-stream-gateway.sh
#   ROUNDS=3 CONCURRENCY="4 32" benchmarks/run-stream-gateway.sh   # medians of three rounds
set -euo pipefail
cd "$(dirname "$0")/.."

FIRST_MS=${FIRST_MS:-20}
GAP_MS=${GAP_MS:-5}
CHUNKS=${CHUNKS:-20}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-40}
CONCURRENCY=${CONCURRENCY:-"4 32 128"}
JIT_SETTLE=${JIT_SETTLE:-180}
# Rounds of all the steps; the report takes each measure's median over the rounds.
ROUNDS=${ROUNDS:-1}
BUILD=${BUILD:-1}
# Both providers of the sample app (gateways.sh) on the one upstream.
UPSTREAM_A=18191
UPSTREAM_B=18191
APP_PORT=18180
RELAY_PORT=18192
WORK=benchmarks/target/stream-gateway
COMMAND="FIRST_MS=$FIRST_MS GAP_MS=$GAP_MS CHUNKS=$CHUNKS DURATION=$DURATION WARMUP=$WARMUP JIT_SETTLE=$JIT_SETTLE ROUNDS=$ROUNDS CONCURRENCY=\"$CONCURRENCY\" benchmarks/run-stream-gateway.sh"
mkdir -p "$WORK"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
. benchmarks/scripts/gateways.sh

check_ports $UPSTREAM_A $APP_PORT $RELAY_PORT
need node || { echo "Node.js is needed for the SSE client (apt-get install nodejs)" >&2; exit 1; }
if [ "$BUILD" = 1 ]; then
  echo "Building the sample app and the benchmarks..."
  ./mvnw -B -q -Pbench package -DskipTests
fi

java -Xms256m -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.llmfailover.benchmarks.StreamUpstream \
  "$FIRST_MS" "$GAP_MS" "$CHUNKS" "$UPSTREAM_A" > "$WORK/upstream.log" 2>&1 &
UPSTREAM_PID=$!; PIDS+=("$UPSTREAM_PID")
java -Xms256m -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.llmfailover.benchmarks.StreamRelay \
  "http://127.0.0.1:$UPSTREAM_A/v1/chat/completions" "$RELAY_PORT" > "$WORK/relay.log" 2>&1 &
RELAY_PID=$!; PIDS+=("$RELAY_PID")
start_app $APP_PORT "$WORK/app.log" --llm.failover.max-attempts=2
# Up to 5 minutes: on a machine shared with builds the app may start that slowly.
for _ in 1 2 3 4; do (wait_for "http://127.0.0.1:$APP_PORT/actuator/health" 2>/dev/null) && break; done
wait_for "http://127.0.0.1:$APP_PORT/actuator/health"

declare -A URL=(
  [direct]="http://127.0.0.1:$UPSTREAM_A/v1/chat/completions"
  [netty-relay]="http://127.0.0.1:$RELAY_PORT/v1/chat/completions"
  [webflux-relay]="http://127.0.0.1:$APP_PORT/bench/direct-proxy/stream"
  [llm-failover]="http://127.0.0.1:$APP_PORT/v1/chat/completions")
# The process whose CPU each target's row reports.
declare -A OWNER=([direct]=upstream [netty-relay]=relay [webflux-relay]=app [llm-failover]=app)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# One step: the client's JSON line, with the CPU time (clock ticks) the process serving the
# target used meanwhile, so that CPU per stream compares them where throughput mostly
# shows what other work on the machine left.
run() { # target concurrency seconds
  local pid
  case ${OWNER[$1]} in upstream) pid=$UPSTREAM_PID ;; relay) pid=$RELAY_PID ;; *) pid=$APP_PID ;; esac
  local before=$(cpu_ticks "$pid") result
  result=$(node benchmarks/scripts/sse-load.js "${URL[$1]}" "$2" "$3")
  echo "{\"target\":\"$1\",\"ticks\":$(($(cpu_ticks "$pid") - before)),\"result\":$result}"
}
# The app's JIT compilation so far, in seconds (jstat ships with the JDK).
compile_seconds() { jstat -compiler "$APP_PID" | awk 'NR == 2 {print $4}'; }
echo "Warming up for ${WARMUP}s each..."
for target in direct netty-relay webflux-relay llm-failover; do run "$target" 32 "$WARMUP" >/dev/null; done
# A Spring application keeps compiling long after a fixed warm-up on two cores, and its
# compiler threads take CPU from everything measured: warm on until a 10 s round compiles
# for less than 0.2 s.
settled=0
while [ "$settled" -lt "$JIT_SETTLE" ]; do
  before=$(compile_seconds)
  run llm-failover 32 5 >/dev/null; run webflux-relay 32 5 >/dev/null
  settled=$((settled + 10))
  if python3 -c "import sys; sys.exit(0 if $(compile_seconds) - $before < 0.2 else 1)"; then break; fi
done
echo "JIT settled after ${settled}s more (compiled $(compile_seconds)s in all)"

RESULTS="$WORK/results.jsonl"; : > "$RESULTS"
TARGETS=(direct netty-relay webflux-relay llm-failover)
turn=0
for round in $(seq "$ROUNDS"); do
  for c in $CONCURRENCY; do
    echo "Round $round, concurrency $c..."
    # Taking turns: each step starts one target later than the step before.
    for k in 0 1 2 3; do
      target=${TARGETS[$(((turn + k) % 4))]}
      run "$target" "$c" "$DURATION" | sed "s/^{/{\"round\":$round,/" | tee -a "$RESULTS"
    done
    turn=$((turn + 1))
  done
done

MACHINE="$(nproc) cores, $(java -version 2>&1 | head -1), node $(node --version), load average $LOAD_BEFORE before the run"
python3 benchmarks/scripts/stream_report.py gateway "$RESULTS" "$COMMAND" "$MACHINE"
