#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter: rasa 3.6 supports Python >=3.8,<3.11, and an
# unpinned install on 3.11 silently picks an ancient rasa instead of failing.
set -euo pipefail
candidates=(${PYTHON:-} python3.10)
if command -v pyenv >/dev/null 2>&1; then
  candidates+=("$(pyenv root)"/versions/3.10.*/bin/python)
fi
candidates+=("$HOME"/.pyenv/versions/3.10.*/bin/python /usr/bin/python3.10 /usr/local/bin/python3.10)
for candidate in "${candidates[@]}"; do
  [ -n "$candidate" ] || continue
  if command -v "$candidate" >/dev/null 2>&1 \
    && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    command -v "$candidate"
    exit 0
  fi
done
cat >&2 <<'MSG'
error: Python 3.10 not found. rasa 3.6 needs Python 3.10 (it does not support 3.11+).
Install it, for example with pyenv:   pyenv install 3.10.13
or set PYTHON=/path/to/python3.10 when calling make.
MSG
exit 1
