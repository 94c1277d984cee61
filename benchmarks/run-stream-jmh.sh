#!/usr/bin/env bash
# Streaming in process: FailoverChatClient.stream against the application's own WebClient
# reading the same stream (server-sent events, each chunk's JSON), to one local upstream that
# streams 50 chunks at once (JMH, StreamOverheadBenchmark). Rounds, each measuring both, with
# the median of the per-round ratios; chunks per second, the time to the first token, and CPU
# time per stream.
# Writes a table into docs/performance.md.
#
#   benchmarks/run-stream-jmh.sh                   # 3 rounds, 4 threads (~4 minutes on 2 cores)
#   BUILD=0 ROUNDS=1 benchmarks/run-stream-jmh.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-4}
# Warm-up iterations of 3 s: on a busy machine the JIT needs more than JMH's 5.
WARMUP_ITERATIONS=${WARMUP_ITERATIONS:-10}
BUILD=${BUILD:-1}
WORK=benchmarks/target/stream-jmh
COMMAND="ROUNDS=$ROUNDS THREADS=$THREADS WARMUP_ITERATIONS=$WARMUP_ITERATIONS benchmarks/run-stream-jmh.sh"
mkdir -p "$WORK"
rm -f "$WORK"/*.json

if [ "$BUILD" = 1 ]; then
  echo "Building the benchmarks..."
  ./mvnw -B -q -Pbench -pl benchmarks -am package -DskipTests
fi
for round in $(seq 1 "$ROUNDS"); do
  # Taking turns: which one goes first alternates between the rounds.
  if [ $((round % 2)) = 1 ]; then order="rawWebClientStream failoverStream"; else order="failoverStream rawWebClientStream"; fi
  for benchmark in $order; do
    echo "Round $round of $ROUNDS: $benchmark, $THREADS threads..."
    java -Dstream.results="$WORK/round-$round" -jar benchmarks/target/benchmarks.jar \
      "StreamOverheadBenchmark\.$benchmark\$" -t "$THREADS" -wi "$WARMUP_ITERATIONS" -f 1 \
      -rf json -rff "$WORK/round-$round-$benchmark.json" > "$WORK/round-$round-$benchmark.log"
  done
done

MACHINE="$(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
python3 benchmarks/scripts/stream_report.py jmh "$WORK" "$COMMAND" "$MACHINE"
