#!/bin/sh
# The Rasa server's entry point in the image of rasa.Dockerfile (compose and Kubernetes alike):
# REST and socket.io from credentials.yml plus the WeChat / WeCom channels whose token is set
# (scripts/channel_credentials.py, as scripts/run.sh does; the file goes to /tmp, as the root
# filesystem is read-only), the origins in CORS_ORIGINS, then `rasa` with the container's
# arguments. exec: rasa becomes PID 1 and gets SIGTERM itself, so it drains in-flight requests.
set -euf
credentials=$(python scripts/channel_credentials.py credentials.yml /tmp/credentials.yml)
# Unquoted on purpose: CORS_ORIGINS is a space-separated list, one argument per origin.
# shellcheck disable=SC2086
exec rasa "$@" --credentials "$credentials" ${CORS_ORIGINS:+--cors $CORS_ORIGINS}
