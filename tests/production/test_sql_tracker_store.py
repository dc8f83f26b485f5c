"""`FastSQLTrackerStore` on a real SQLite file and a real PostgreSQL: what it stores is what
Rasa's own SQL store stores and reads back, turn after turn, with no event lost or doubled."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from harness.servers import PROJECT_ROOT
from stores.sql_tracker_store import FastSQLTrackerStore

DOMAIN = Domain.load(PROJECT_ROOT / "domain.yml")


def turn(text: str, intent: str, answer: str) -> List[Event]:
    """One user turn as the processor records it."""
    return [
        UserUttered(text, {"name": intent, "confidence": 0.99}),
        ActionExecuted("action_answer_topic"),
        SlotSet("topic", intent),
        BotUttered(answer),
        ActionExecuted("action_listen"),
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request, tmp_path: Path) -> Dict[str, Any]:
    """Endpoint settings for both dialects, as endpoints.yml / endpoints-scaled.yml give them."""
    if request.param == "sqlite":
        return {"dialect": "sqlite", "db": str(tmp_path / "tracker.db")}
    postgres = request.getfixturevalue("postgres")
    return {
        "dialect": "postgresql",
        "host": "127.0.0.1",
        "port": postgres.port,
        "db": postgres.database,
        "username": postgres.user,
        "password": postgres.password,
    }


def stored_events(store: SQLTrackerStore, sender: str) -> List[Dict[str, Any]]:
    tracker = asyncio.run(store.retrieve_full_tracker(sender))
    return [event.as_dict() for event in tracker.events]


def test_turns_read_back_by_rasas_own_store_without_loss_or_doubles(settings) -> None:
    ours = FastSQLTrackerStore(DOMAIN, **settings)
    sender = f"store-{settings['dialect']}"
    expected: List[Event] = [ActionExecuted("action_session_start"), SessionStarted()]
    tracker = DialogueStateTracker.from_events(sender, list(expected), DOMAIN.slots)
    asyncio.run(ours.save(tracker))  # a new conversation: not read by the store first

    for number, (text, intent) in enumerate(
        [
            ("医保可以补缴吗", "ask_backpay"),
            ("职工医保", "inform_insurance_type"),
            ("要带什么", "ask_documents"),
        ]
    ):
        tracker = asyncio.run(ours.retrieve(sender))
        new = turn(text, intent, f"answer {number}")
        tracker.update_with_events(new, DOMAIN)
        expected += new
        asyncio.run(ours.save(tracker))
        asyncio.run(ours.save(tracker))  # saving again adds nothing

    stock = SQLTrackerStore(DOMAIN, **settings)
    assert stored_events(stock, sender) == [event.as_dict() for event in expected]
    assert asyncio.run(stock.retrieve(sender)).get_slot("topic") == "ask_documents"


def test_a_tracker_not_read_by_the_store_saves_only_its_new_events(settings) -> None:
    ours = FastSQLTrackerStore(DOMAIN, **settings)
    sender = f"rebuilt-{settings['dialect']}"
    first = turn("单位没给我交社保", "employer_not_paid", "0.05%")
    asyncio.run(ours.save(DialogueStateTracker.from_events(sender, first, DOMAIN.slots)))
    # A tracker rebuilt elsewhere (e.g. Rasa's HTTP API) with one more turn: the store must
    # count what is stored rather than trust a number it never recorded.
    second = turn("去哪投诉", "ask_complain", "12333")
    rebuilt = DialogueStateTracker.from_events(sender, first + second, DOMAIN.slots)
    asyncio.run(ours.save(rebuilt))
    assert stored_events(ours, sender) == [event.as_dict() for event in first + second]


def test_a_new_session_within_a_turn_is_stored_once(settings) -> None:
    ours = FastSQLTrackerStore(DOMAIN, **settings)
    sender = f"session-{settings['dialect']}"
    old = turn("医保断缴了怎么办", "ask_medical_lapse", "lapse")
    asyncio.run(ours.save(DialogueStateTracker.from_events(sender, old, DOMAIN.slots)))
    tracker = asyncio.run(ours.retrieve(sender))
    restart = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
    ]
    tracker.update_with_events(restart, DOMAIN)
    asyncio.run(ours.save(tracker))  # the processor saves after the session starts ...
    new = turn("去哪投诉", "ask_complain", "12333")
    tracker.update_with_events(new, DOMAIN)
    asyncio.run(ours.save(tracker))  # ... and again after the answer
    assert stored_events(ours, sender) == [event.as_dict() for event in old + restart + new]
    latest = asyncio.run(ours.retrieve(sender))
    assert [event.as_dict() for event in latest.events][-len(new) :] == [
        event.as_dict() for event in new
    ]


def test_sqlite_writes_ahead_and_keeps_its_connection(tmp_path: Path) -> None:
    database = tmp_path / "tracker.db"
    ours = FastSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(database))
    for number in range(3):
        sender = f"pool-{number}"
        asyncio.run(
            ours.save(
                DialogueStateTracker.from_events(sender, turn("hi", "greet", "Hello"), DOMAIN.slots)
            )
        )
    assert ours.engine.pool.checkedin() == 1  # one connection, reused by every session
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("SELECT count(*) FROM events").fetchone() == (15,)


def test_a_cached_conversation_is_reused_until_another_server_writes_to_it(settings) -> None:
    server_a = FastSQLTrackerStore(DOMAIN, **settings)
    server_b = FastSQLTrackerStore(DOMAIN, **settings)  # another Rasa server, same database
    sender = f"cached-{settings['dialect']}"
    first = turn("医保可以补缴吗", "ask_backpay", "which one")
    asyncio.run(server_a.save(DialogueStateTracker.from_events(sender, first, DOMAIN.slots)))
    tracker = asyncio.run(server_a.retrieve(sender))
    assert asyncio.run(server_a.retrieve(sender)) is tracker  # nothing changed: no rebuild

    on_b = asyncio.run(server_b.retrieve(sender))
    second = turn("职工医保", "inform_insurance_type", "the answer")
    on_b.update_with_events(second, DOMAIN)
    asyncio.run(server_b.save(on_b))
    fresh = asyncio.run(server_a.retrieve(sender))
    assert fresh is not tracker
    assert [e.as_dict() for e in fresh.events][-len(second) :] == [e.as_dict() for e in second]


def test_a_tracker_changed_but_not_saved_is_read_again(settings) -> None:
    store = FastSQLTrackerStore(DOMAIN, **settings)
    sender = f"unsaved-{settings['dialect']}"
    first = turn("单位没给我交社保", "employer_not_paid", "0.05%")
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, first, DOMAIN.slots)))
    tracker = asyncio.run(store.retrieve(sender))
    tracker.update_with_events(turn("去哪投诉", "complain", "12333"), DOMAIN)  # then it failed
    again = asyncio.run(store.retrieve(sender))
    assert again is not tracker
    assert [e.as_dict() for e in again.events] == [e.as_dict() for e in first]


def test_a_long_conversation_keeps_its_latest_events_in_memory_and_all_in_the_store(settings):
    store = FastSQLTrackerStore(DOMAIN, events_kept=12, cache_size=1, **settings)
    sender = f"long-{settings['dialect']}"
    expected = turn("你好", "greet", "hello")
    tracker = DialogueStateTracker.from_events(sender, list(expected), DOMAIN.slots)
    asyncio.run(store.save(tracker))
    for number in range(20):
        tracker = asyncio.run(store.retrieve(sender))
        new = [SlotSet("region", f"city-{number}"), *turn(f"问题{number}", "ask_backpay", "答")]
        tracker.update_with_events(new, DOMAIN)
        expected += new
        asyncio.run(store.save(tracker))
    cached = asyncio.run(store.retrieve(sender))
    assert len(cached.events) == 12 and cached.get_slot("region") == "city-19"
    assert stored_events(SQLTrackerStore(DOMAIN, **settings), sender) == [
        event.as_dict() for event in expected
    ]
    other = f"other-{settings['dialect']}"
    asyncio.run(store.save(DialogueStateTracker.from_events(other, expected[:5], DOMAIN.slots)))
    assert asyncio.run(store.retrieve(sender)) is not cached  # one conversation kept at most


def test_a_new_conversation_is_stored_once(settings) -> None:
    store = FastSQLTrackerStore(DOMAIN, **settings)
    sender = f"new-{settings['dialect']}"
    assert asyncio.run(store.retrieve(sender)) is None
    tracker = asyncio.run(store.create_tracker(sender))  # saves the first action_listen
    new = turn("你好", "greet", "hello")
    tracker.update_with_events(new, DOMAIN)
    asyncio.run(store.save(tracker))
    assert [e["event"] for e in stored_events(SQLTrackerStore(DOMAIN, **settings), sender)] == [
        "action",
        *(event.as_dict()["event"] for event in new),
    ]
