"""insights.migrate: the tables come from the migrations, once, in one transaction, also when
two processes start at the same moment."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from insights import migrate
from insights.database import engine
from insights.tables import metadata
from tests.conftest import PROJECT_ROOT
from tests.unit.insights_support import sqlite_url


def table_names(url: str) -> set[str]:
    with engine(url).connect() as connection:
        return set(sa.inspect(connection).get_table_names())


def test_upgrade_creates_the_tables_at_the_newest_revision(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    assert migrate.current(url) is None
    migrate.upgrade(url)
    assert migrate.current(url) == migrate.head() == "0001"
    assert table_names(url) == {*metadata.tables, migrate.VERSION_TABLE}


def test_the_migrations_make_the_tables_as_tables_py_declares_them(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    migrate.upgrade(url)
    with engine(url).connect() as connection:
        inspector = sa.inspect(connection)
        for table in metadata.sorted_tables:
            columns = {
                c["name"]: (str(c["type"]), c["nullable"])
                for c in inspector.get_columns(table.name)
            }
            declared = {
                c.name: (
                    str(c.type.impl if isinstance(c.type, sa.types.TypeDecorator) else c.type),
                    c.nullable,
                )
                for c in table.columns
            }
            assert columns == declared, table.name
            indexed = {tuple(i["column_names"]) for i in inspector.get_indexes(table.name)}
            assert indexed == {tuple(c.name for c in i.columns) for i in table.indexes}


def test_upgrading_again_changes_nothing(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    migrate.upgrade(url)
    with engine(url).begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO unanswered (time, language, intent, text) "
            "VALUES ('2026-01-01 00:00:00', 'zh', 'nlu_fallback', '医保卡丢了')"
        )
    migrate.upgrade(url)
    with engine(url).connect() as connection:
        assert connection.exec_driver_sql("SELECT text FROM unanswered").scalars().all() == [
            "医保卡丢了"
        ]


def test_two_processes_starting_at_once_both_succeed(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    # Hold the write lock so that both processes are waiting when it is released.
    blocker = sqlite3.connect(tmp_path / "tracker.db", isolation_level=None)
    blocker.execute("PRAGMA journal_mode=WAL")
    blocker.execute("BEGIN IMMEDIATE")
    code = f"from insights.migrate import upgrade; upgrade({url!r})"
    processes = [
        subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT_ROOT, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    time.sleep(1.0)
    blocker.rollback()
    blocker.close()
    for process in processes:
        _, error = process.communicate(timeout=60)
        assert process.returncode == 0, error.decode()
    assert migrate.current(url) == migrate.head()


def failing_migrations(directory: Path) -> Path:
    """insights' migrations and a second one that creates a table, then fails."""
    scripts = directory / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0002_broken.py").write_text(
        '"""Fails half-way."""\n\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        'revision = "0002"\ndown_revision = "0001"\n\n\n'
        "def upgrade() -> None:\n"
        '    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))\n'
        '    raise RuntimeError("broken migration")\n',
        encoding="utf-8",
    )
    return scripts


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path: Path, monkeypatch) -> None:
    url = sqlite_url(tmp_path)
    migrate.upgrade(url)
    monkeypatch.setattr(migrate, "MIGRATIONS", failing_migrations(tmp_path))
    with pytest.raises(RuntimeError, match="broken migration"):
        migrate.upgrade(url)
    assert migrate.current(url) == "0001"
    assert "half_done" not in table_names(url)


def test_a_fresh_database_gets_no_table_when_a_later_migration_fails(
    tmp_path: Path, monkeypatch
) -> None:
    url = sqlite_url(tmp_path)
    monkeypatch.setattr(migrate, "MIGRATIONS", failing_migrations(tmp_path))
    with pytest.raises(RuntimeError):
        migrate.upgrade(url)
    assert migrate.current(url) is None
    assert table_names(url) == set()


def test_a_new_revision_follows_the_newest_and_runs(tmp_path: Path, monkeypatch) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    path = migrate.revision("add a column", script_location=scripts)
    assert path.parent == scripts / "versions"
    assert path.name.startswith("0002_")
    source = path.read_text(encoding="utf-8")
    assert source.startswith('"""add a column')
    assert 'revision = "0002"\ndown_revision = "0001"\n' in source
    monkeypatch.setattr(migrate, "MIGRATIONS", scripts)
    migrate.upgrade(sqlite_url(tmp_path))
    assert migrate.current(sqlite_url(tmp_path)) == "0002"
