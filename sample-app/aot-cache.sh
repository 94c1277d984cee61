#!/usr/bin/env bash
# Builds what makes the sample app fast from its first second: on JDK 25+, an ahead-of-time
# cache (JEP 483/514/515: classes loaded and linked, and the method profiles of a training run,
# so the JIT compiles the hot path early); on JDK 17-24, a CDS archive (classes only). Both come
# from a training run of the app itself, under traffic: the demo profile's simulated providers
# answer on loopback, and the script sends chat, stream and gateway requests at it. No API key
# and no outside network are needed; the cache then serves any profile, real providers included.
#
#   sample-app/aot-cache.sh                       # uses `java` on the PATH (or $JAVA)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java TRAINING_SECONDS=30 sample-app/aot-cache.sh
#
# Then run the extracted jar with the same JVM and the same heap and GC settings:
#   java -XX:AOTCache=sample-app/target/aot/app.aot -jar sample-app/target/aot/app.jar   # JDK 25+
#   java -XX:SharedArchiveFile=sample-app/target/aot/app.jsa -jar sample-app/target/aot/app.jar
#
# JVM_OPTS is passed to the training run; pass the same options in production (a cache built with
# another heap size or GC is not used, and the JVM says so with -Xlog:aot / -Xlog:cds).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
JVM_OPTS=${JVM_OPTS:-"-Xms512m -Xmx512m"}
TRAINING_SECONDS=${TRAINING_SECONDS:-30}
READY_SECONDS=${READY_SECONDS:-300}
PORT=${PORT:-18480}
JAR=${JAR:-sample-app/target/sample-app-0.1.0-SNAPSHOT.jar}
OUT=${OUT:-sample-app/target/aot}

[ -f "$JAR" ] || { echo "No $JAR: build it first (./mvnw -B -DskipTests package)" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "Port $PORT on 127.0.0.1 is in use; set PORT to a free one" >&2; exit 1
fi
FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')

# Boot's layout for CDS and AOT caches: the application jar next to its lib/ folder, so that the
# class path is the same, file by file, in the training run and in production.
rm -rf "$OUT"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$OUT" >/dev/null
mv "$OUT/$(basename "$JAR")" "$OUT/app.jar"

if [ "$FEATURE" -ge 25 ]; then
  RECORD=(-XX:AOTCacheOutput="$OUT/app.aot")
  RESULT="$OUT/app.aot"
else
  RECORD=(-XX:ArchiveClassesAtExit="$OUT/app.jsa")
  RESULT="$OUT/app.jsa"
fi

echo "Training run on JDK $FEATURE (${TRAINING_SECONDS}s of traffic on 127.0.0.1:$PORT)..."
# shellcheck disable=SC2086
"$JAVA" $JVM_OPTS "${RECORD[@]}" -jar "$OUT/app.jar" --spring.profiles.active=demo \
  --server.address=127.0.0.1 --server.port="$PORT" --logging.level.root=warn > "$OUT/training.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT

# A loaded machine may take minutes to start the app; give up clearly, not with wrk's errors.
ready=""
for _ in $(seq 1 $((READY_SECONDS * 4))); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness" && { ready=yes; break; }
  kill -0 $APP 2>/dev/null || { cat "$OUT/training.log" >&2; exit 1; }
  sleep 0.25
done
[ -n "$ready" ] || { echo "The training run was not ready after ${READY_SECONDS}s; see $OUT/training.log" >&2; exit 1; }

# Each client loops over the three ways in: the gateway (whole and streamed), /chat and
# /chat/stream.
client() {
  local end=$((SECONDS + TRAINING_SECONDS)) base="http://127.0.0.1:$PORT"
  while [ $SECONDS -lt $end ]; do
    curl -s -o /dev/null -H 'Content-Type: application/json' "$base/v1/chat/completions" \
      -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}],"max_tokens":64}'
    curl -s -o /dev/null -H 'Content-Type: application/json' "$base/v1/chat/completions" \
      -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}],"stream":true}'
    curl -s -o /dev/null -H 'Content-Type: application/json' "$base/chat" -d '{"prompt":"Say hello."}'
    curl -s -o /dev/null -H 'Content-Type: application/json' "$base/chat/stream" -d '{"prompt":"Say hello."}'
  done
}
CLIENTS=()
for _ in 1 2 3 4 5 6 7 8; do client & CLIENTS+=($!); done
if command -v wrk >/dev/null 2>&1; then
  # Many concurrent connections, as in production, on the gateway's hot path.
  wrk -t1 -c32 -d"${TRAINING_SECONDS}s" -s benchmarks/scripts/chat.lua \
    "http://127.0.0.1:$PORT/v1/chat/completions" >/dev/null
fi
wait "${CLIENTS[@]}"

# A normal exit writes the cache (JDK 25 assembles it in a child JVM before exiting).
kill -TERM $APP
wait $APP 2>/dev/null || true
trap - EXIT
[ -s "$RESULT" ] || { echo "The training run wrote no $RESULT; see $OUT/training.log" >&2; exit 1; }
echo "Wrote $RESULT ($(du -h "$RESULT" | cut -f1)). Run with the same JVM and options:"
if [ "$FEATURE" -ge 25 ]; then
  echo "  $JAVA $JVM_OPTS -XX:AOTCache=$RESULT -jar $OUT/app.jar"
else
  echo "  $JAVA $JVM_OPTS -XX:SharedArchiveFile=$RESULT -jar $OUT/app.jar"
fi
