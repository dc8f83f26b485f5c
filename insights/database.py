"""Where the maintainers' records live: in the database that holds the conversations.

The records sit beside Rasa's `events` table so that a rating can be shown with the
conversation around it and the retention job can delete old conversations, with one database
to run and back up. `database_url` is the one place that decides which database, from the same
environment scripts/run.sh gives Rasa's tracker store (endpoints.yml, endpoints-scaled.yml):
PostgreSQL when `POSTGRES_HOST` is set, else the SQLite file `TRACKER_DB`.

SQLite is shared by the Rasa server, the action server and the console, each its own process:
WAL lets them read while one writes, and a busy timeout makes a writer wait its turn instead of
failing at once.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import sqlalchemy as sa

DEFAULT_TRACKER_DB = "db/tracker.db"
# How long a SQLite writer waits for another process's write to finish, in milliseconds.
SQLITE_BUSY_TIMEOUT_MS = 10_000
# How long to wait for PostgreSQL to accept a connection before the write is given up.
POSTGRES_CONNECT_TIMEOUT_S = 5


def database_url() -> str:
    """The URL of the conversations' database, from the environment (see the module docstring)."""
    host = os.environ.get("POSTGRES_HOST")
    if host:
        url = sa.engine.URL.create(
            "postgresql",
            username=os.environ.get("POSTGRES_USER", "rasa"),
            password=os.environ.get("POSTGRES_PASSWORD") or None,
            host=host,
            port=int(os.environ.get("POSTGRES_PORT", "5432")),
            database=os.environ.get("POSTGRES_DB", "rasa"),
        )
        return url.render_as_string(hide_password=False)
    return f"sqlite:///{os.environ.get('TRACKER_DB', DEFAULT_TRACKER_DB)}"


def engine(url: str | None = None) -> sa.engine.Engine:
    """The engine for `url` (default: `database_url()`), one per URL and process."""
    return _cached_engine(url or database_url())


@functools.cache
def _cached_engine(url: str) -> sa.engine.Engine:
    return create_engine(url)


def create_engine(url: str) -> sa.engine.Engine:
    """A new engine for `url`, configured for sharing the database (most callers want `engine`)."""
    if sa.engine.make_url(url).get_backend_name() != "sqlite":
        return sa.create_engine(
            url,
            future=True,
            # A connection PostgreSQL dropped (a restart) is noticed before it is used.
            pool_pre_ping=True,
            connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S},
        )
    created = sa.create_engine(
        url,
        future=True,
        poolclass=sa.pool.QueuePool,
        # Pooled connections move between threads; the pool hands each to one at a time.
        connect_args={"check_same_thread": False},
    )

    @sa.event.listens_for(created, "connect")
    def _configure(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # As the tracker store writes (stores/sql_tracker_store.py): a commit survives the
        # process crashing, only a power cut can lose the last few records; no fsync per row.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    return created
