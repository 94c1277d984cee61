#!/usr/bin/env bash
# Waiting less, side by side in one run (one JVM, the library in process, two local
# OpenAI-style upstreams shaped by the run): a provider with a slow tail without and with
# hedging, and a provider announcing its rate limit in its headers without and with routing on
# them; and a provider that turns 5x slower for 15 s, then recovers, with latency-aware shares
# off and on at once (45 s, whatever DURATION says). Runs under flock /work/bench.lock when that
# file exists, so that two measurements never share the machine. Everything listens on
# 127.0.0.1 and is stopped at the end. Writes the tables into docs/performance.md, each
# scenario's between its own markers, so that a run of some scenarios keeps the others' results.
#
#   benchmarks/run-waiting-less.sh            # 20 s a phase (~3 minutes with the build)
#   DURATION=30 benchmarks/run-waiting-less.sh
#   SCENARIOS=latency-shares DURATION=5 benchmarks/run-waiting-less.sh   # one scenario
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
SCENARIOS=${SCENARIOS:-tail,rate-limits,latency-shares}
WORK=benchmarks/target/waiting-less
COMMAND="SCENARIOS=$SCENARIOS DURATION=$DURATION benchmarks/run-waiting-less.sh"
mkdir -p "$WORK"
rm -f "$WORK/waiting-less.md" "$WORK/latency-shares.md"

echo "Building the benchmarks..."
./mvnw -B -q -Pbench -pl benchmarks -am package -DskipTests

RUN=(java -Xms256m -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.llmfailover.benchmarks.WaitingLessRun
  "$DURATION" "$WORK" "$SCENARIOS")
if [ -e /work/bench.lock ]; then RUN=(flock /work/bench.lock "${RUN[@]}"); fi
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
"${RUN[@]}" | tee "$WORK/run.log"

LOAD="before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)"
MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
python3 - "$WORK" "$COMMAND" "$MACHINE" "$LOAD" <<'PY'
import datetime, os, re, sys
work, command, machine, load = sys.argv[1:5]
doc = open("docs/performance.md").read()
for name in ("waiting-less", "latency-shares"):
    path = os.path.join(work, name + ".md")
    if not os.path.exists(path):
        continue
    block = (f"Run on {datetime.date.today()} ({machine}) with `{command}` (load average {load}):"
             f"\n\n{open(path).read()}")
    doc = re.sub(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", lambda m: m.group(1) + block + m.group(2),
                 doc, flags=re.S)
open("docs/performance.md", "w").write(doc)
PY
echo "Results written to docs/performance.md"
