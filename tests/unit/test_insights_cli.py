"""`python -m insights`: migrate, retention (once and every N seconds), unanswered."""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from insights import __main__ as cli
from insights import migrate
from insights.records import Recorder
from insights.tables import utc_now
from tests.conftest import PROJECT_ROOT
from tests.unit.insights_support import add_event, event_senders, migrated, sqlite_url


@pytest.fixture(autouse=True)
def tracker_db(tmp_path: Path, monkeypatch) -> Path:
    for variable in ("POSTGRES_HOST", "RETENTION_DAYS"):
        monkeypatch.delenv(variable, raising=False)
    path = tmp_path / "tracker.db"
    monkeypatch.setenv("TRACKER_DB", str(path))
    return path


def test_migrate(tmp_path: Path, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="insights"):
        assert cli.main(["migrate"]) == 0
    assert migrate.current(sqlite_url(tmp_path)) == migrate.head()
    assert f"insights tables at revision {migrate.head()}" in caplog.text


def test_retention_once_with_the_days_given_or_from_the_environment(
    tmp_path: Path, monkeypatch
) -> None:
    with migrated(tmp_path) as database:
        for days in (200, 100, 10):
            add_event(database, f"{days} days", "user", utc_now() - timedelta(days=days), "hi")
        assert cli.main(["retention"]) == 0
        assert [sender for sender, _ in event_senders(database)] == ["100 days", "10 days"]
        monkeypatch.setenv("RETENTION_DAYS", "50")
        assert cli.main(["retention"]) == 0
        assert cli.main(["retention", "--days", "500"]) == 0
        assert [sender for sender, _ in event_senders(database)] == ["10 days"]


def test_a_wrong_retention_period_is_a_usage_error(monkeypatch, capsys) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "half a year")
    with pytest.raises(SystemExit) as exit:
        cli.main(["retention"])
    assert exit.value.code == 2
    assert "RETENTION_DAYS" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["retention", "--days", "0"])


class LoopStoppedError(Exception):
    """Ends the endless loop of `retention --every`."""


def test_retention_every_n_seconds_goes_on_after_a_database_error(monkeypatch, caplog) -> None:
    outcomes: list[object] = [sa.exc.OperationalError("DELETE", {}, Exception()), 3, 0]
    calls: list[int] = []

    def delete(_engine: sa.engine.Engine, days: int) -> int:
        calls.append(days)
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return int(str(outcome))

    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if not outcomes:
            raise LoopStoppedError

    monkeypatch.setattr(cli, "delete_old_conversations", delete)
    monkeypatch.setattr(cli.time, "sleep", sleep)
    with caplog.at_level(logging.INFO, logger="insights"), pytest.raises(LoopStoppedError):
        cli.main(["retention", "--every", "3600", "--days", "90"])
    assert calls == [90, 90, 90] and sleeps == [3600, 3600, 3600]
    assert "retention: failed (OperationalError); again in 3600 s" in caplog.text
    assert "retention: deleted 3 events older than 90 days" in caplog.text


def test_retention_once_fails_on_a_database_error(tmp_path: Path, monkeypatch) -> None:
    def broken(_engine: sa.engine.Engine, _days: int) -> int:
        raise sa.exc.OperationalError("DELETE", {}, Exception())

    monkeypatch.setattr(cli, "delete_old_conversations", broken)
    with pytest.raises(sa.exc.OperationalError):
        cli.main(["retention"])


def test_unanswered_lists_the_groups_most_frequent_first(tmp_path: Path, capsys) -> None:
    with migrated(tmp_path) as database:
        recorder = Recorder(database)
        for text in ["医保卡丢了怎么办", "医保卡丢了怎么办？", "I lost my card"]:
            recorder.unanswered(text, "nlu_fallback", "en" if text.isascii() else "zh")
        old = Recorder(database, clock=lambda: utc_now() - timedelta(days=40))
        old.unanswered("很久以前的问题", "nlu_fallback", "zh")
        assert cli.main(["unanswered"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "3 unanswered questions in the last 30 days, 2 groups"
    assert lines[2].split() == ["count", "last", "seen", "lang", "intent", "examples"]
    assert lines[3].split()[0] == "2" and lines[3].endswith("医保卡丢了怎么办 | 医保卡丢了怎么办？")
    assert lines[4].split()[0] == "1" and lines[4].endswith("I lost my card")
    assert len(lines) == 5


def test_unanswered_with_nothing_recorded_yet(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "no-such-directory" / "tracker.db"))
    assert cli.main(["unanswered", "--days", "7"]) == 0
    assert capsys.readouterr().out == "No unanswered questions recorded in the last 7 days.\n"
    assert not (tmp_path / "no-such-directory").exists()


def test_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "insights", "--help"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for command in ("migrate", "retention", "unanswered", "revision"):
        assert command in done.stdout
