#!/usr/bin/env bash
# Chat with the bot in the terminal: an action server in the background, `rasa shell` in front.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/rasa run actions --actions actions --port "${ACTION_PORT:-5055}" >/tmp/actions.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null || true' EXIT
.venv/bin/rasa shell --model models --endpoints endpoints.yml
