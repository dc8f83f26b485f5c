"""insights on a real PostgreSQL, and on Rasa's own `events` table as Rasa's SQL tracker store
writes it (SQLite and PostgreSQL): migrations from two processes at once, retention, and the
conversation around a rating."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, List

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from harness.servers import PROJECT_ROOT
from insights import migrate, queries
from insights.database import engine
from insights.records import Recorder
from insights.retention import delete_old_conversations
from insights.tables import events
from tests.production.stores import PostgreSQL

DOMAIN = Domain.load(PROJECT_ROOT / "domain.yml")
NOW = datetime.now(timezone.utc)


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request, tmp_path: Path) -> Dict[str, Any]:
    """Rasa's tracker-store settings for both dialects, as endpoints*.yml give them."""
    if request.param == "sqlite":
        return {"dialect": "sqlite", "db": str(tmp_path / "tracker.db")}
    postgres: PostgreSQL = request.getfixturevalue("postgres")
    return {
        "dialect": "postgresql",
        "host": "127.0.0.1",
        "port": postgres.port,
        "db": postgres.database,
        "username": postgres.user,
        "password": postgres.password,
    }


def url_of(settings: Dict[str, Any]) -> str:
    if settings["dialect"] == "sqlite":
        return f"sqlite:///{settings['db']}"
    return sa.engine.URL.create(
        "postgresql",
        username=settings["username"],
        password=settings["password"],
        host=settings["host"],
        port=settings["port"],
        database=settings["db"],
    ).render_as_string(hide_password=False)


def turn(question: str, answer: str, moment: datetime) -> List[Event]:
    timestamp = moment.timestamp()
    return [
        UserUttered(question, {"name": "ask_backpay", "confidence": 0.99}, timestamp=timestamp),
        ActionExecuted("action_answer_topic", timestamp=timestamp + 0.1),
        BotUttered(answer, timestamp=timestamp + 0.2),
        ActionExecuted("action_listen", timestamp=timestamp + 0.3),
    ]


def save(store: SQLTrackerStore, sender: str, turns: List[Event]) -> None:
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, turns, DOMAIN.slots)))


def test_two_processes_migrating_at_once_both_succeed(postgres: PostgreSQL) -> None:
    url = postgres.url()
    # Hold the migration's lock so that both processes are waiting when it is released.
    holder = engine(url).connect()
    holder.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": migrate._POSTGRES_LOCK})
    environment = {**os.environ, **postgres.env(), "PYTHONPATH": str(PROJECT_ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "insights", "migrate"],
            cwd=PROJECT_ROOT,
            env=environment,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    time.sleep(2)
    assert [process.poll() for process in processes] == [None, None]  # both waiting
    holder.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": migrate._POSTGRES_LOCK})
    holder.close()
    for process in processes:
        _, error = process.communicate(timeout=60)
        assert process.returncode == 0, error.decode()
    assert migrate.current(url) == migrate.head()
    migrate.upgrade(url)  # once more: nothing to do
    with engine(url).connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
    assert {"turns", "ratings", "unanswered", migrate.VERSION_TABLE} <= tables


def test_insights_describes_rasas_events_table_as_rasa_makes_it(settings) -> None:
    SQLTrackerStore(DOMAIN, **settings)  # creates the table
    with engine(url_of(settings)).connect() as connection:
        made = {
            column["name"]: (column["type"]._type_affinity, column["nullable"])
            for column in sa.inspect(connection).get_columns("events")
        }
    assert made == {
        column.name: (column.type._type_affinity, column.nullable and not column.primary_key)
        for column in events.columns
    }


def test_retention_deletes_what_rasa_stored_long_ago(settings, monkeypatch) -> None:
    store = SQLTrackerStore(DOMAIN, **settings)
    url = url_of(settings)
    migrate.upgrade(url)
    long_ago = NOW - timedelta(days=200)
    gone, going_on = f"gone-{settings['dialect']}", f"going-on-{settings['dialect']}"
    save(store, gone, turn("很久以前的问题", "answer", long_ago))
    save(
        store,
        going_on,
        turn("很久以前的问题", "answer", long_ago) + turn("最近的问题", "answer", NOW),
    )
    monkeypatch.setenv("RATING_SALT", "production test salt")
    Recorder(engine(url), clock=lambda: long_ago).rating(
        topic="medical_backpay", language="zh", helpful=True, question="q", sender_id=gone
    )

    assert delete_old_conversations(engine(url), 180) == 8
    assert asyncio.run(store.retrieve(gone)) is None
    kept = asyncio.run(store.retrieve_full_tracker(going_on))
    assert [e.text for e in kept.events if isinstance(e, UserUttered)] == ["最近的问题"]
    assert queries.topic_ratings(engine(url))[0].topic == "medical_backpay"  # the records stay


def test_the_conversation_around_a_rating_from_rasas_rows(settings, monkeypatch) -> None:
    store = SQLTrackerStore(DOMAIN, **settings)
    url = url_of(settings)
    migrate.upgrade(url)
    monkeypatch.setenv("RATING_SALT", "production test salt")
    sender = f"rated-{settings['dialect']}"
    asked = NOW - timedelta(minutes=3)
    save(store, sender, turn("医保可以补缴吗", "请问您说的是哪一种医保？", asked))
    save(store, f"other-{settings['dialect']}", turn("别人的问题", "别人的回答", asked))
    rating_id = Recorder(engine(url), clock=lambda: NOW).rating(
        topic="clarify_insurance_type",
        language="zh",
        helpful=False,
        question="医保可以补缴吗",
        sender_id=sender,
    )
    assert rating_id is not None
    rating = queries.rating(engine(url), rating_id)
    assert rating is not None
    lines = queries.conversation_around(engine(url), rating)
    assert lines is not None
    assert [(line.speaker, line.text) for line in lines] == [
        ("user", "医保可以补缴吗"),
        ("bot", "请问您说的是哪一种医保？"),
    ]
    assert abs(lines[0].time - asked) < timedelta(seconds=1)
