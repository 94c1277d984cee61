#!/usr/bin/env bash
# Waiting less, side by side in one run (one JVM, the library in process, two local
# OpenAI-style upstreams shaped by the run): a provider with a slow tail without and with
# hedging, and a provider announcing its rate limit in its headers without and with routing on
# them. Runs under flock /work/bench.lock when that file exists, so that two measurements never
# share the machine. Everything listens on 127.0.0.1 and is stopped at the end. Writes the table
# into docs/performance.md.
#
#   benchmarks/run-waiting-less.sh            # 20 s a phase (~2 minutes with the build)
#   DURATION=30 benchmarks/run-waiting-less.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
WORK=benchmarks/target/waiting-less
COMMAND="DURATION=$DURATION benchmarks/run-waiting-less.sh"
mkdir -p "$WORK"

echo "Building the benchmarks..."
./mvnw -B -q -Pbench -pl benchmarks -am package -DskipTests

RUN=(java -Xms256m -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.llmfailover.benchmarks.WaitingLessRun
  "$DURATION" "$WORK")
if [ -e /work/bench.lock ]; then RUN=(flock /work/bench.lock "${RUN[@]}"); fi
"${RUN[@]}" | tee "$WORK/run.log"

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
python3 - "$WORK/waiting-less.md" "$COMMAND" "$MACHINE" <<'PY'
import datetime, re, sys
table, command, machine = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
block = f"Run on {datetime.date.today()} ({machine}) with `{command}`:\n\n{table}"
doc = open("docs/performance.md").read()
doc = re.sub(r"(<!-- waiting-less:start -->\n).*?(<!-- waiting-less:end -->)", lambda m: m.group(1) + block + m.group(2),
             doc, flags=re.S)
open("docs/performance.md", "w").write(doc)
PY
echo "Results written to docs/performance.md"
