"""Bring insights' tables to the newest migration (`alembic upgrade head`, from code).

Every process that starts against a database may run it (scripts/run.sh does, before the
servers): when the tables are at the newest revision nothing happens. Two processes starting at
once take turns: the migration runs in one transaction that first takes a lock (an advisory
lock on PostgreSQL, SQLite's write lock), so the second waits, then finds the tables at head.
PostgreSQL and SQLite both undo a migration that fails half-way.

Migrations only go forward: a change is a new revision in insights/migrations/versions/
(`python -m insights revision MESSAGE` writes one from the template), never an edit of one
that has run. Alembic's record of the revision is the table `insights_version`, apart from any
other Alembic user of the same database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from insights.database import create_engine, database_url, engine

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "insights_version"
# Any fixed 64-bit number, the same in every process: PostgreSQL's advisory lock for migrating.
_POSTGRES_LOCK = 0x1A5_0001


def config(script_location: Path | None = None) -> Config:
    """Alembic's configuration for the migrations in `script_location` (default: insights'),
    without an alembic.ini."""
    alembic_config = Config()
    alembic_config.set_main_option("script_location", str(script_location or MIGRATIONS))
    return alembic_config


def upgrade(url: str | None = None) -> None:
    """Create or update insights' tables in the database at `url` (default: `database_url()`)."""
    migrating = _migrating_engine(url or database_url())
    try:
        with migrating.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_LOCK}
                )
            alembic_config = config()
            alembic_config.attributes["connection"] = connection
            command.upgrade(alembic_config, "head")
    finally:
        migrating.dispose()


def head() -> str:
    """The newest revision."""
    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None
    return revision


def current(url: str | None = None) -> str | None:
    """The revision the database at `url` is at; None before the first migration."""
    with engine(url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()


def revision(message: str, script_location: Path | None = None) -> Path:
    """A new, empty revision after the newest one, numbered on; the path of its file."""
    alembic_config = config(script_location)
    latest = ScriptDirectory.from_config(alembic_config).get_current_head()
    number = f"{int(latest or '0') + 1:04d}"
    script = command.revision(alembic_config, message, rev_id=number)
    assert script is not None and not isinstance(script, list)
    return Path(script.path)


def _migrating_engine(url: str) -> sa.engine.Engine:
    """An engine whose transactions hold the lock from their start, DDL included, on SQLite.

    Python's sqlite3 module commits before DDL and begins a transaction only at the first
    write; here it leaves transactions alone, and each begins with BEGIN IMMEDIATE, which takes
    the write lock (waiting the busy timeout for another process to release it).
    """
    migrating = create_engine(url)
    if migrating.dialect.name == "sqlite":

        @sa.event.listens_for(migrating, "connect")
        def _manual_transactions(connection: Any, _record: Any) -> None:
            connection.isolation_level = None

        @sa.event.listens_for(migrating, "begin")
        def _begin_immediate(connection: sa.engine.Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return migrating
