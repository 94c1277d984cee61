# Shared by the gateway scripts (source it from the repository root, after setting WORK,
# PORTKEY_VERSION, UPSTREAM_A and UPSTREAM_B): port checks, tools, and starting the sample
# app and Portkey's gateway over the two local upstreams. Whatever is started is stopped on exit.

check_ports() { # port...
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Port $port on 127.0.0.1 is in use; stop what listens there (ss -ltnp) and run again" >&2; exit 1
    fi
  done
}

need() { command -v "$1" >/dev/null 2>&1; }

install_portkey() {
  need node || { echo "Node.js is needed for Portkey's gateway" >&2; exit 1; }
  if [ ! -f "$WORK/portkey/node_modules/@portkey-ai/gateway/build/start-server.js" ]; then
    echo "Installing @portkey-ai/gateway@$PORTKEY_VERSION from npm..."
    npm install --silent --no-audit --no-fund --prefix "$WORK/portkey" "@portkey-ai/gateway@$PORTKEY_VERSION" >/dev/null
  fi
}

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_for() { # url
  for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "Timed out waiting for $1" >&2; exit 1
}

start_app() { # port log extra-argument...  (sets APP_PID)
  local port=$1 log=$2; shift 2
  java -Xms512m -Xmx512m -jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar --spring.profiles.active=bench \
    --server.port="$port" --logging.level.root=warn \
    --bench.direct-proxy.url=http://127.0.0.1:$UPSTREAM_A/v1/chat/completions \
    --llm.failover.providers.a.type=openai --llm.failover.providers.a.base-url=http://127.0.0.1:$UPSTREAM_A/v1 \
    --llm.failover.providers.a.api-key=bench-key --llm.failover.providers.a.model=gpt-4o-mini --llm.failover.providers.a.weight=1 \
    --llm.failover.providers.b.type=openai --llm.failover.providers.b.base-url=http://127.0.0.1:$UPSTREAM_B/v1 \
    --llm.failover.providers.b.api-key=bench-key --llm.failover.providers.b.model=gpt-4o-mini --llm.failover.providers.b.weight=1 \
    "$@" > "$log" 2>&1 &
  APP_PID=$!; PIDS+=("$APP_PID")
}

start_portkey() { # port log  (sets PORTKEY_PID and PORTKEY_CONFIG)
  NODE_ENV=production node "$WORK/portkey/node_modules/@portkey-ai/gateway/build/start-server.js" \
    --port="$1" --headless > "$2" 2>&1 &
  PORTKEY_PID=$!; PIDS+=("$PORTKEY_PID")
  # Load balance over two fallback groups, each upstream first in one of them.
  local a="{\"provider\":\"openai\",\"api_key\":\"bench-key\",\"custom_host\":\"http://127.0.0.1:$UPSTREAM_A/v1\"}"
  local b="{\"provider\":\"openai\",\"api_key\":\"bench-key\",\"custom_host\":\"http://127.0.0.1:$UPSTREAM_B/v1\"}"
  PORTKEY_CONFIG="{\"strategy\":{\"mode\":\"loadbalance\"},\"targets\":[\
{\"strategy\":{\"mode\":\"fallback\"},\"weight\":0.5,\"targets\":[$a,$b]},\
{\"strategy\":{\"mode\":\"fallback\"},\"weight\":0.5,\"targets\":[$b,$a]}]}"
}
