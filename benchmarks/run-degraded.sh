#!/usr/bin/env bash
# Degraded providers, side by side: the sample app's /v1/chat/completions (llm-failover with its
# defaults: 3 attempts, panic routing, retry budget) against Portkey's AI Gateway (load balance
# over two fallback groups, as in run-gateway.sh), over the same two local OpenAI-style upstreams
# with a fixed latency, while the upstreams fail: both 40 % at random, one 40 % and the other
# healthy, both down (503) and then recovered. Same closed-loop load for both, one machine, one
# run; the upstreams count every call. Everything listens on 127.0.0.1 and is stopped at the end.
# Writes the table into docs/reliability.md.
#
#   benchmarks/run-degraded.sh              # 20 ms upstream, 16 connections, 20 s a phase, 60 s warm-up
#   LATENCY_MS=50 DURATION=30 CONNECTIONS=64 benchmarks/run-degraded.sh
set -euo pipefail
cd "$(dirname "$0")/.."

LATENCY_MS=${LATENCY_MS:-20}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-60}
CONNECTIONS=${CONNECTIONS:-16}
PORTKEY_VERSION=${PORTKEY_VERSION:-1.15.2}
UPSTREAM_A=18091
UPSTREAM_B=18092
APP_PORT=18080
PORTKEY_PORT=18787
WORK=benchmarks/target/degraded
COMMAND="LATENCY_MS=$LATENCY_MS DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS benchmarks/run-degraded.sh"
mkdir -p "$WORK"
. benchmarks/scripts/gateways.sh

check_ports $UPSTREAM_A $UPSTREAM_B $APP_PORT $PORTKEY_PORT
install_portkey

echo "Building the sample app and the benchmarks..."
./mvnw -B -q -Pbench package -DskipTests

# Resets between phases need write access to the endpoint (and, without logins, the operator
# role for anonymous callers, on 127.0.0.1 only); panic's start and end are logged.
start_app $APP_PORT "$WORK/app.log" --management.endpoint.llmproviders.access=unrestricted \
  --gateway.anonymous-roles=operator,admin --logging.level.io.github.llmfailover.routing.PanicMode=info
start_portkey $PORTKEY_PORT "$WORK/portkey.log"
wait_for "http://127.0.0.1:$APP_PORT/actuator/health"
wait_for "http://127.0.0.1:$PORTKEY_PORT/"

APP="http://127.0.0.1:$APP_PORT"
java -Xms256m -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.llmfailover.benchmarks.DegradedRun \
  "$LATENCY_MS" "$DURATION" "$WARMUP" "$CONNECTIONS" $UPSTREAM_A $UPSTREAM_B "$WORK" \
  "llm-failover|$APP/v1/chat/completions||$APP/actuator/llmproviders/a,$APP/actuator/llmproviders/b" \
  "portkey|http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions|x-portkey-config:$PORTKEY_CONFIG|" | tee "$WORK/run.log"

PANIC_LOG_LINES=$(grep -c "Panic routing ended\|routing requests anyway" "$WORK/app.log" || true)
MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), node $(node --version)"
python3 - "$WORK/degraded.md" "$COMMAND" "$MACHINE" "$PANIC_LOG_LINES" <<'PY'
import datetime, re, sys
table, command, machine, log_lines = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4]
block = (f"Run on {datetime.date.today()} ({machine}) with `{command}`; the app logged {log_lines} "
         f"panic start/end lines in the whole run:\n\n{table}")
doc = open("docs/reliability.md").read()
doc = re.sub(r"(<!-- degraded:start -->\n).*?(<!-- degraded:end -->)", lambda m: m.group(1) + block + m.group(2),
             doc, flags=re.S)
open("docs/reliability.md", "w").write(doc)
PY
echo "Results written to docs/reliability.md"
