#!/usr/bin/env bash
# Fault soak: minutes of steady load (whole answers and streams) on the sample app while each
# fault of the catalogue hits its simulated providers in turn. Traffic stays on 127.0.0.1; every
# phase is bounded, so the run stops by itself. Writes the results into docs/reliability.md.
#
#   benchmarks/run-soak.sh                 # 20 s a fault, 16 chat + 8 stream clients (~6 minutes)
#   SOAK_PHASE=PT60S benchmarks/run-soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PHASE=${SOAK_PHASE:-PT20S}
CHAT=${SOAK_CHAT_LOOPS:-16}
STREAM=${SOAK_STREAM_LOOPS:-8}
COMMAND="SOAK_PHASE=$PHASE SOAK_CHAT_LOOPS=$CHAT SOAK_STREAM_LOOPS=$STREAM benchmarks/run-soak.sh"

./mvnw -B -q install -DskipTests
./mvnw -B -q -pl sample-app surefire:test -Dtest=FaultSoakTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsoak.phase="$PHASE" -Dsoak.chatLoops="$CHAT" -Dsoak.streamLoops="$STREAM"

MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
python3 - "$COMMAND" "$MACHINE" <<'PY'
import sys, datetime, re
command, machine = sys.argv[1], sys.argv[2]
report = open('sample-app/target/soak-report.md').read().strip()
section = (f"<!-- soak:start -->\nRun on {datetime.date.today()} ({machine}) with `{command}`:\n\n"
           f"{report}\n<!-- soak:end -->")
path = 'docs/reliability.md'
text = open(path).read()
text = re.sub(r'<!-- soak:start -->.*?<!-- soak:end -->', lambda m: section, text, flags=re.S)
open(path, 'w').write(text)
print(f"Results written to {path}")
PY
