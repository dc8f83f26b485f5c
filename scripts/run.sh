#!/usr/bin/env bash
# Start the action server, the Rasa server, the demo job-site page (web/, the chat widget) and the
# maintainers' console in the foreground under supervisord: a process that dies is restarted, the others keep running;
# Ctrl-C or SIGTERM stops them all, the Rasa servers finishing the requests in flight first.
#
# Conversations are kept in TRACKER_DB (SQLite, default db/tracker.db) unless POSTGRES_HOST is
# set: then in PostgreSQL, with Redis locks (endpoints-scaled.yml), and RASA_INSTANCES servers
# on ports RASA_PORT, RASA_PORT+1, ... share them. RASA_ENABLE_API=1 opens Rasa's HTTP API, only
# with RASA_AUTH_TOKEN set.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
: "${RASA_PORT:=5005}" "${ACTION_PORT:=5055}" "${WEB_PORT:=8080}" "${CONSOLE_PORT:=8090}"
# Origins whose pages may open the widget's socket.io connection (space-separated).
: "${CORS_ORIGINS:=http://localhost:$WEB_PORT}"
: "${RASA_INSTANCES:=1}"

endpoints=endpoints.yml
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://localhost:$ACTION_PORT/webhook}" \
  TRACKER_DB="${TRACKER_DB:-db/tracker.db}"
if [[ -n "${POSTGRES_HOST:-}" ]]; then
  endpoints=endpoints-scaled.yml
  export POSTGRES_HOST POSTGRES_PORT="${POSTGRES_PORT:-5432}" POSTGRES_DB="${POSTGRES_DB:-rasa}" \
    POSTGRES_USER="${POSTGRES_USER:-rasa}" POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-}" \
    REDIS_HOST="${REDIS_HOST:-localhost}" REDIS_PORT="${REDIS_PORT:-6379}"
  "$BIN/python" scripts/check_stores.py "$endpoints"
elif ((RASA_INSTANCES > 1)); then
  echo "RASA_INSTANCES=$RASA_INSTANCES needs shared stores: set POSTGRES_HOST and REDIS_HOST." >&2
  exit 1
fi
mkdir -p "$(dirname "$TRACKER_DB")"
# The tables of ratings, outcomes and unanswered questions (insights/migrations), in the same
# database as the conversations; the console migrates too, so either may start first.
"$BIN/python" -m insights migrate
# credentials.yml plus the WeChat / WeCom channels whose token is set (it says which).
credentials=$("$BIN/python" scripts/channel_credentials.py credentials.yml var/credentials.yml)
read -ra cors_origins <<<"$CORS_ORIGINS"

# The HTTP API can replace the model and read every conversation: never without a token.
api_args=()
if [[ -n "${RASA_ENABLE_API:-}" ]]; then
  if [[ -z "${RASA_AUTH_TOKEN:-}" ]]; then
    echo "RASA_ENABLE_API is set but RASA_AUTH_TOKEN is not: refusing to open the HTTP API." >&2
    exit 1
  fi
  api_args=(--enable-api --auth-token "$RASA_AUTH_TOKEN")
fi

# Secrets made once per checkout when the environment gives none, kept in var/secrets (0600):
# the console's password, and the key that turns a sender id into the pseudonym ratings carry.
secret() {
  local file="var/secrets/$1"
  if [[ ! -s "$file" ]]; then
    mkdir -p var/secrets && chmod 700 var/secrets
    (umask 077 && "$BIN/python" -c "import secrets; print(secrets.token_urlsafe(24))" >"$file")
  fi
  cat "$file"
}
export CONSOLE_PASSWORD="${CONSOLE_PASSWORD:-$(secret console-password)}" \
  RATING_SALT="${RATING_SALT:-$(secret rating-salt)}" RETENTION_DAYS="${RETENTION_DAYS:-180}"

# A mistyped RATE_LIMIT_PER_SENDER / _PER_ADDRESS would stop every Rasa server at start.
"$BIN/python" -c "from channels.rate_limit import RateLimiter; RateLimiter.from_environment()"

# supervisord (scripts/supervisord.conf) runs the processes and restarts any that dies. Its
# socket and pid file go to RUN_DIR, one per running copy of the bot.
export RUN_DIR="${RUN_DIR:-$PWD/var/run}" RASA_PORT ACTION_PORT WEB_PORT CONSOLE_PORT RASA_INSTANCES
mkdir -p "$RUN_DIR"
export RASA_ARGS="--model models --credentials $credentials --endpoints $endpoints \
--cors ${cors_origins[*]} ${api_args[*]}"
supervisor=""
stop() {
  trap - INT TERM
  [[ -n "$supervisor" ]] || exit 143
  kill -TERM "$supervisor" 2>/dev/null || true
  wait "$supervisor" # supervisord's exit status is run.sh's
  exit
}
trap stop INT TERM
"$BIN/supervisord" -c scripts/supervisord.conf &
supervisor=$!

for ((i = 0; i < RASA_INSTANCES; i++)); do
  echo "Rasa server: http://localhost:$((RASA_PORT + i))  (REST: /webhooks/rest/webhook, socket.io)"
done
echo "Action server: http://localhost:$ACTION_PORT"
echo "Job-site page with the chat widget: http://localhost:$WEB_PORT"
echo "Maintainers' console: http://localhost:$CONSOLE_PORT (password: \$CONSOLE_PASSWORD, else var/secrets/console-password)"
echo "Loading the model (about 30-50 s) ..."
until "$BIN/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
  "http://localhost:$RASA_PORT/webhooks/health/ready" 2>/dev/null; do
  sleep 2
  kill -0 "$supervisor" 2>/dev/null || break
done
if kill -0 "$supervisor" 2>/dev/null; then
  echo "Ready: ask at http://localhost:$WEB_PORT or POST to http://localhost:$RASA_PORT/webhooks/rest/webhook"
fi
wait "$supervisor"
