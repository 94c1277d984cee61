#!/usr/bin/env bash
# In-process overhead: FailoverChatClient.chat against the application's own WebClient making the
# same call, to one local upstream answering at once (JMH). The machine is noisy, so the
# comparison runs in rounds, each measuring every benchmark, and reports the median of the
# per-round ratios. Writes a table and a chart into docs/performance.md.
#
#   benchmarks/run-jmh.sh               # 3 rounds (~28 minutes on 2 cores)
#   ROUNDS=1 benchmarks/run-jmh.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-8}
WORK=benchmarks/target/jmh
COMMAND="ROUNDS=$ROUNDS THREADS=$THREADS benchmarks/run-jmh.sh"
mkdir -p "$WORK"
rm -f "$WORK"/*.json

echo "Building the benchmarks..."
./mvnw -B -q -Pbench -pl benchmarks -am package -DskipTests
JMH="java -jar benchmarks/target/benchmarks.jar"
MAIN="rawWebClient|failoverOneProvider|failoverThreeProvidersOneCircuitOpen"

for round in $(seq 1 "$ROUNDS"); do
  echo "Round $round of $ROUNDS: throughput with $THREADS threads..."
  benchmarks=$MAIN
  [ "$round" = 1 ] && benchmarks="$MAIN|failoverTwoProviders|component[A-Za-z]*"
  $JMH "ChatOverheadBenchmark\.($benchmarks)\$" -t "$THREADS" -bm thrpt -tu s -wi 10 -w 5s -i 5 -r 5s -f 1 \
    -rf json -rff "$WORK/throughput-$round.json" > "$WORK/throughput-$round.log"
  echo "Round $round of $ROUNDS: latency of one call, one thread..."
  $JMH "ChatOverheadBenchmark\.(rawWebClient|failoverOneProvider)\$" -t 1 -bm avgt -tu us -wi 10 -w 3s -i 5 -r 3s -f 1 \
    -rf json -rff "$WORK/latency-$round.json" > "$WORK/latency-$round.log"
done
echo "Allocation per call..."
$JMH "ChatOverheadBenchmark\.(rawWebClient|failoverOneProvider)\$" -t "$THREADS" -bm thrpt -wi 10 -w 5s -i 3 -r 5s -f 1 \
  -prof gc -rf json -rff "$WORK/allocation.json" > "$WORK/allocation.log"

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
python3 benchmarks/scripts/jmh_report.py "$WORK" "$COMMAND" "$MACHINE"
