#!/usr/bin/env bash
# Chat with the bot in the terminal: an action server in the background, `rasa shell` in front.
set -euo pipefail
cd "$(dirname "$0")/.."
ACTION_PORT=${ACTION_PORT:-5055}
mkdir -p db
export ACTION_SERVER_URL="http://localhost:$ACTION_PORT/webhook" TRACKER_DB=db/tracker.db
.venv/bin/rasa run actions --actions actions --port "$ACTION_PORT" >/tmp/actions.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null || true' EXIT
.venv/bin/rasa shell --model models --endpoints endpoints.yml
