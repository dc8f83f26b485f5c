"""Start the console: `python -m console --host 127.0.0.1 --port 8090` (make console).

The password comes from the environment (CONSOLE_PASSWORD), never from the command line where
`ps` would show it; without one the console does not start. The database is the conversations'
(insights.database: TRACKER_DB or PostgreSQL); its tables are brought up to date first, so a
console started before the bot shows empty pages rather than errors.
"""

from __future__ import annotations

import argparse
import os

from console.app import create_app
from insights import database, migrate
from social_insurance import default_knowledge_base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    args = parser.parse_args()
    password = os.environ.get("CONSOLE_PASSWORD", "")
    if not password:
        raise SystemExit("CONSOLE_PASSWORD is not set: the console needs a password to start")
    url = database.database_url()
    migrate.upgrade(url)
    app = create_app(
        database.engine(url),
        password,
        default_knowledge_base(),
        secure_cookie=os.environ.get("CONSOLE_SECURE_COOKIE") == "1",
    )
    print(f"Maintainers' console: http://{args.host}:{args.port}/", flush=True)
    # One worker: the sessions live in this process (console/auth.py).
    app.run(host=args.host, port=args.port, workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
