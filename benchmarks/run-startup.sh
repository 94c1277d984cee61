#!/usr/bin/env bash
# The first seconds after start: the sample app as a gateway (/v1/chat/completions over two local
# OpenAI-style upstreams with a fixed latency, as in run-gateway.sh), started cold in several
# ways, one after the other in one run: JDK 17 as is, JDK 17 with a CDS archive, JDK 25 as is,
# JDK 25 with an AOT cache, each archive or cache built by sample-app/aot-cache.sh from a training
# run; a variant ending in -warm (jdk17-warm, jdk25-aot-warm) also warms the request path before
# it reports ready (sample.warm-up.enabled=true, WARM_UP_REQUESTS requests). For each: the time
# from launch to ready (readiness probe up), then wrk with a fixed number of connections from that
# moment: requests/s in the first window, in the next one, and once warm.
# The upstream called directly is the floor every rate is divided by. Everything listens on
# 127.0.0.1 and is stopped at the end. Run it under the bench lock:
#
#   flock /work/bench.lock benchmarks/run-startup.sh
#   CONNECTIONS=64 WINDOW=10 WARMUP=40 VARIANTS="jdk17 jdk25-aot" benchmarks/run-startup.sh
#   VARIANTS="jdk17 jdk17-warm jdk25-aot jdk25-aot-warm" benchmarks/run-startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

LATENCY_MS=${LATENCY_MS:-20}
CONNECTIONS=${CONNECTIONS:-64}
WINDOW=${WINDOW:-10}
WARMUP=${WARMUP:-40}
TRAINING_SECONDS=${TRAINING_SECONDS:-30}
VARIANTS=${VARIANTS:-"jdk17 jdk17-cds jdk25 jdk25-aot"}
WARM_UP_REQUESTS=${WARM_UP_REQUESTS:-20000}
JDK17=${JDK17:-$(command -v java)}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
HEAP=${HEAP:-"-Xms512m -Xmx512m"}
UPSTREAM_A=18091
UPSTREAM_B=18092
APP_PORT=18080
WORK=benchmarks/target/startup
JAR=sample-app/target/sample-app-0.1.0-SNAPSHOT.jar
mkdir -p "$WORK"

for port in $UPSTREAM_A $UPSTREAM_B $APP_PORT 18480; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port on 127.0.0.1 is in use; stop what listens there (ss -ltnp) and run again" >&2; exit 1
  fi
done
command -v wrk >/dev/null 2>&1 || {
  echo "Installing wrk (Debian package)..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
}

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "Building the sample app and the benchmarks..."
  ./mvnw -B -q -Pbench package -DskipTests
fi
if [ -z "${SKIP_TRAINING:-}" ]; then
  case " $VARIANTS " in *" jdk17"*)
    JAVA=$JDK17 JVM_OPTS="$HEAP" TRAINING_SECONDS=$TRAINING_SECONDS OUT=$WORK/jdk17 sample-app/aot-cache.sh ;;
  esac
  case " $VARIANTS " in *" jdk25"*)
    JAVA=$JDK25 JVM_OPTS="$HEAP" TRAINING_SECONDS=$TRAINING_SECONDS OUT=$WORK/jdk25 sample-app/aot-cache.sh ;;
  esac
fi

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

java -Xms256m -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.llmfailover.benchmarks.LatencyUpstream \
  "$LATENCY_MS" "$UPSTREAM_A" "$UPSTREAM_B" > "$WORK/upstream.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do grep -q READY "$WORK/upstream.log" && break; sleep 0.25; done

rate() { # url seconds -> requests/s (non-2xx and socket errors excluded)
  wrk -t2 -c"$CONNECTIONS" -d"$2s" --timeout 10s -s benchmarks/scripts/chat.lua "$1" | awk '
    /^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] } }
    END { printf "%.0f\n", (r["requests"] - r["errors_status"]) / (r["duration_us"] / 1e6) }'
}

# A variant: how to launch the app. Every one runs the extracted jar of the same build, with the
# same heap, the bench profile and the same two providers.
command_of() {
  case "${1%-warm}" in
    jdk17) echo "$JDK17 $HEAP -jar $WORK/jdk17/app.jar" ;;
    jdk17-cds) echo "$JDK17 $HEAP -XX:SharedArchiveFile=$WORK/jdk17/app.jsa -jar $WORK/jdk17/app.jar" ;;
    jdk25) echo "$JDK25 $HEAP -jar $WORK/jdk25/app.jar" ;;
    jdk25-aot) echo "$JDK25 $HEAP -XX:AOTCache=$WORK/jdk25/app.aot -jar $WORK/jdk25/app.jar" ;;
    *) echo "Unknown variant $1" >&2; exit 1 ;;
  esac
}
APP_ARGS="--spring.profiles.active=bench --server.address=127.0.0.1 --server.port=$APP_PORT --logging.level.root=warn \
  --llm.failover.max-attempts=2 --bench.direct-proxy.url=http://127.0.0.1:$UPSTREAM_A/v1/chat/completions \
  --llm.failover.providers.a.type=openai --llm.failover.providers.a.base-url=http://127.0.0.1:$UPSTREAM_A/v1 \
  --llm.failover.providers.a.api-key=bench-key --llm.failover.providers.a.model=gpt-4o-mini \
  --llm.failover.providers.b.type=openai --llm.failover.providers.b.base-url=http://127.0.0.1:$UPSTREAM_B/v1 \
  --llm.failover.providers.b.api-key=bench-key --llm.failover.providers.b.model=gpt-4o-mini"
GATEWAY="http://127.0.0.1:$APP_PORT/v1/chat/completions"

echo "Direct calls to the upstream (the floor)..."
rate "http://127.0.0.1:$UPSTREAM_A/v1/chat/completions" 5 >/dev/null
DIRECT=$(rate "http://127.0.0.1:$UPSTREAM_A/v1/chat/completions" "$WINDOW")
echo "direct $DIRECT/s"

RESULTS="$WORK/results.txt"
echo "direct $DIRECT" > "$RESULTS"
for variant in $VARIANTS; do
  start=$(date +%s%N)
  WARM_ARGS=""
  case "$variant" in *-warm) WARM_ARGS="--sample.warm-up.enabled=true --sample.warm-up.requests=$WARM_UP_REQUESTS \
    --logging.level.io.github.llmfailover.sample.warmup=info" ;; esac
  # shellcheck disable=SC2046,SC2086
  $(command_of "$variant") $APP_ARGS $WARM_ARGS > "$WORK/$variant.log" 2>&1 &
  app=$!; PIDS+=($app)
  until curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/actuator/health/readiness"; do
    kill -0 $app 2>/dev/null || { cat "$WORK/$variant.log" >&2; exit 1; }
    sleep 0.02
  done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  first=$(rate "$GATEWAY" "$WINDOW")
  second=$(rate "$GATEWAY" "$WINDOW")
  rate "$GATEWAY" "$WARMUP" >/dev/null
  warm=$(rate "$GATEWAY" "$WINDOW")
  kill $app; wait $app 2>/dev/null || true
  echo "$variant $ready_ms $first $second $warm" | tee -a "$RESULTS"
done

MACHINE="$(nproc) cores, $("$JDK17" -version 2>&1 | head -1), $("$JDK25" -version 2>&1 | head -1), wrk -t2 -c$CONNECTIONS"
awk -v direct="$DIRECT" -v window="$WINDOW" -v warmup="$WARMUP" -v machine="$MACHINE" '
  NR == 1 { next }
  NR == 2 { base = $5 }
  { rows[NR] = $0 }
  END {
    printf "| Start | Ready after | First %d s | Next %d s | Warm (after %d s more) | First %d s / warm of the first row | First %d s / direct |\n", window, window, warmup, window, window
    print "|---|---|---|---|---|---|---|"
    for (i = 2; i <= NR; i++) {
      split(rows[i], f, " ")
      printf "| %s | %.1f s | %d/s | %d/s | %d/s | %.2fx | %.2fx |\n", f[1], f[2] / 1000, f[3], f[4], f[5], f[3] / base, f[3] / direct
    }
    printf "\nDirect calls to the upstream: %d/s. %s.\n", direct, machine
  }' "$RESULTS" | tee "$WORK/results.md"
