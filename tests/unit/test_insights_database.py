"""insights.database: the database from the environment, and SQLite set up for sharing."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from insights.database import SQLITE_BUSY_TIMEOUT_MS, database_url, engine

POSTGRES_VARIABLES = ("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER")


@pytest.fixture(autouse=True)
def no_database_settings(monkeypatch) -> None:
    for variable in (*POSTGRES_VARIABLES, "POSTGRES_PASSWORD", "TRACKER_DB"):
        monkeypatch.delenv(variable, raising=False)


def test_the_tracker_stores_sqlite_file_by_default_as_scripts_run_sh_gives_it() -> None:
    assert database_url() == "sqlite:///db/tracker.db"


def test_tracker_db_names_the_sqlite_file(monkeypatch) -> None:
    monkeypatch.setenv("TRACKER_DB", "/srv/bot/tracker.db")
    assert database_url() == "sqlite:////srv/bot/tracker.db"


def test_postgres_host_switches_to_postgresql_with_rasas_defaults(monkeypatch) -> None:
    monkeypatch.setenv("TRACKER_DB", "ignored.db")
    monkeypatch.setenv("POSTGRES_HOST", "db.internal")
    url = sa.engine.make_url(database_url())
    assert (url.drivername, url.host, url.port) == ("postgresql", "db.internal", 5432)
    assert (url.database, url.username, url.password) == ("rasa", "rasa", None)


def test_every_postgres_setting_and_a_password_with_url_characters(monkeypatch) -> None:
    password = "p@ss/w:rd#?%"
    settings = {"POSTGRES_PORT": "6543", "POSTGRES_DB": "bot", "POSTGRES_USER": "writer"}
    for variable, value in {"POSTGRES_HOST": "10.0.0.5", **settings}.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("POSTGRES_PASSWORD", password)
    url = sa.engine.make_url(database_url())
    assert (url.host, url.port, url.database, url.username) == ("10.0.0.5", 6543, "bot", "writer")
    assert url.password == password


def test_one_engine_per_url(tmp_path: Path) -> None:
    first, second = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    assert engine(first) is engine(first)
    assert engine(first) is not engine(second)


def test_without_a_url_the_engine_is_the_environments(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    assert engine() is engine(f"sqlite:///{tmp_path / 'tracker.db'}")


def test_sqlite_writes_ahead_and_waits_for_another_writer(tmp_path: Path) -> None:
    database = engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with database.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
    database.dispose()
