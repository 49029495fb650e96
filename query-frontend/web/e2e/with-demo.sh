#!/usr/bin/env bash
# The browser test against a demo of its own: starts `rewind demo` from the built jar, waits until
# the API answers, runs `npm run e2e` (which creates the sample archives through the dashboard),
# then stops the demo. For CI and for anyone without a demo running.
#
# Needs: the jar (mvn -DskipTests package), Debian's chromium (apt-get install -y chromium).
# Environment: REWIND_E2E_PORT (8000), REWIND_E2E_FLINK_PORT (8081), REWIND_E2E_KAFKA_PORT (9092),
# REWIND_E2E_DATA (<repo>/data/archives: created once, about a minute, then reused),
# REWIND_E2E_TOKEN (when set, the demo runs with it as its admin and query token, and the test
# enters it when the dashboard asks).
set -euo pipefail
web="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$web/../.." && pwd)"
port="${REWIND_E2E_PORT:-8000}"
flink="${REWIND_E2E_FLINK_PORT:-8081}"
kafka="${REWIND_E2E_KAFKA_PORT:-9092}"
data="${REWIND_E2E_DATA:-$repo/data/archives}"
jar="$repo/query-frontend/target/rewind.jar"

if [ ! -f "$jar" ]; then
  echo "e2e: $jar is missing; build it first: mvn -DskipTests package" >&2
  exit 1
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "e2e: ${CHROMIUM:-/usr/bin/chromium} is missing; apt-get install -y chromium" >&2
  exit 1
fi
if curl -fsS -o /dev/null "http://localhost:$port/api/health" 2>/dev/null; then
  echo "e2e: something already answers on port $port; stop it or set REWIND_E2E_PORT" >&2
  exit 1
fi

log="$(mktemp -t rewind-e2e-demo.XXXXXX.log)"
if [ -n "${REWIND_E2E_TOKEN:-}" ]; then
  export REWIND_ADMIN_TOKEN="$REWIND_E2E_TOKEN" REWIND_QUERY_TOKEN="$REWIND_E2E_TOKEN" REWIND_TOKEN="$REWIND_E2E_TOKEN"
fi
"$repo/rewind" demo --data "$data" --port "$port" --flink-ui-port "$flink" --kafka-port "$kafka" >"$log" 2>&1 &
demo=$!
stop() {
  kill "$demo" 2>/dev/null || true
  wait "$demo" 2>/dev/null || true
}
trap stop EXIT

for _ in $(seq 1 180); do
  if curl -fsS -o /dev/null "http://localhost:$port/api/health" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$demo" 2>/dev/null; then
    echo "e2e: the demo stopped; its log ($log):" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  sleep 1
done

REWIND_URL="http://localhost:$port" REWIND_GROUND_TRUTH="${REWIND_GROUND_TRUTH:-$data/ground-truth.json}" \
  npm --prefix "$web" run --silent e2e
