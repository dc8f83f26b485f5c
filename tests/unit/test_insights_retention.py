"""insights.retention: conversations older than the retention period go, the records stay."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa

from insights import retention
from insights.database import engine
from insights.records import Recorder
from insights.retention import DEFAULT_RETENTION_DAYS, delete_old_conversations, retention_days
from tests.unit.insights_support import NOW, add_event, event_senders, migrated, sqlite_url


@pytest.fixture
def database(tmp_path: Path) -> Iterator[sa.engine.Engine]:
    with migrated(tmp_path) as engine:
        yield engine


def test_events_older_than_the_cutoff_go_and_newer_ones_stay(database) -> None:
    old, recent = NOW - timedelta(days=181), NOW - timedelta(days=179)
    add_event(database, "gone", "user", old, "很久以前")
    add_event(database, "gone", "bot", old + timedelta(seconds=1), "answer")
    add_event(database, "going-on", "user", old, "很久以前")
    add_event(database, "going-on", "user", recent, "最近")
    add_event(database, "recent", "user", recent, "最近")
    assert delete_old_conversations(database, 180, now=NOW) == 3
    assert [sender for sender, _ in event_senders(database)] == ["going-on", "recent"]
    assert delete_old_conversations(database, 180, now=NOW) == 0


def test_deletes_in_batches(database, monkeypatch) -> None:
    monkeypatch.setattr(retention, "BATCH", 3)
    for number in range(7):
        add_event(database, f"sender-{number}", "user", NOW - timedelta(days=200), "old")
    add_event(database, "kept", "user", NOW, "new")
    assert delete_old_conversations(database, 180, now=NOW) == 7
    assert [sender for sender, _ in event_senders(database)] == ["kept"]


def test_the_records_stay(database, monkeypatch) -> None:
    monkeypatch.setenv("RATING_SALT", "test salt")
    long_ago = Recorder(database, clock=lambda: NOW - timedelta(days=400))
    long_ago.turn("answered", "zh", topic="pension")
    long_ago.rating(topic="pension", language="zh", helpful=True, question="q", sender_id="s")
    long_ago.unanswered("医保卡丢了", "nlu_fallback", "zh")
    delete_old_conversations(database, 180, now=NOW)
    with database.connect() as connection:
        for table in ("turns", "ratings", "unanswered"):
            assert connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 1


def test_before_rasa_made_its_table_there_is_nothing_to_delete(tmp_path: Path) -> None:
    assert delete_old_conversations(engine(sqlite_url(tmp_path)), 180) == 0


def test_less_than_a_day_of_retention_is_refused(database) -> None:
    with pytest.raises(ValueError):
        delete_old_conversations(database, 0)


def test_the_retention_period_from_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    assert retention_days() == DEFAULT_RETENTION_DAYS == 180
    monkeypatch.setenv("RETENTION_DAYS", " 30 ")
    assert retention_days() == 30
    for wrong in ("0", "-5", "half a year", "1.5"):
        monkeypatch.setenv("RETENTION_DAYS", wrong)
        with pytest.raises(ValueError, match="RETENTION_DAYS"):
            retention_days()
