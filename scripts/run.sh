#!/usr/bin/env bash
# Start the action server and the Rasa server in the foreground; Ctrl-C or SIGTERM stops both,
# and if either dies the other is stopped too.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
: "${RASA_PORT:=5005}" "${ACTION_PORT:=5055}" "${CORS_ORIGINS:=http://localhost:8080}"

pids=()
stop() {
  trap - INT TERM EXIT
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$BIN/rasa" run actions --actions actions --port "$ACTION_PORT" &
pids+=($!)
"$BIN/rasa" run --model models --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints endpoints.yml --cors "$CORS_ORIGINS" &
pids+=($!)

echo "Rasa server: http://localhost:$RASA_PORT  (REST: /webhooks/rest/webhook, socket.io)"
echo "Action server: http://localhost:$ACTION_PORT"
wait -n
