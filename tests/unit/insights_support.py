"""Databases for the tests of insights: a migrated SQLite file, and Rasa's `events` table.

The `events` table is made here by hand, as rasa 3.6's `SQLTrackerStore.SQLEvent` declares it
(rasa/core/tracker_store.py), so the tests check insights against Rasa's layout and not against
insights' own description of it (tests/production/ checks it against Rasa's store itself).
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

from insights.database import engine
from insights.migrate import upgrade

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)

RASA_EVENTS_TABLE = """
CREATE TABLE events (
    id INTEGER NOT NULL,
    sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT,
    intent_name VARCHAR(255),
    action_name VARCHAR(255),
    data TEXT,
    PRIMARY KEY (id)
)
"""


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'tracker.db'}"


@contextmanager
def migrated(directory: Path) -> Iterator[sa.engine.Engine]:
    """The engine of a new SQLite file in `directory` with insights' tables and Rasa's."""
    url = sqlite_url(directory)
    upgrade(url)
    database = engine(url)
    with database.begin() as connection:
        connection.exec_driver_sql(RASA_EVENTS_TABLE)
        connection.exec_driver_sql("CREATE INDEX ix_events_sender_id ON events (sender_id)")
    try:
        yield database
    finally:
        database.dispose()


def add_event(
    database: sa.engine.Engine,
    sender_id: str,
    type_name: str,
    moment: datetime,
    text: str | None = None,
) -> None:
    """One event of a conversation, with the columns and JSON Rasa stores for it."""
    timestamp = moment.timestamp()
    data: dict[str, object] = {"event": type_name, "timestamp": timestamp}
    if type_name in ("user", "bot"):
        data["text"] = text
    intent = "ask_backpay" if type_name == "user" else None
    action = "action_answer_topic" if type_name == "action" else None
    with database.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name,"
                " data) VALUES (:sender_id, :type_name, :timestamp, :intent, :action, :data)"
            ),
            {
                "sender_id": sender_id,
                "type_name": type_name,
                "timestamp": timestamp,
                "intent": intent,
                "action": action,
                "data": json.dumps(data, ensure_ascii=False),
            },
        )


def event_senders(database: sa.engine.Engine) -> list[tuple[str, float]]:
    with database.connect() as connection:
        query = "SELECT sender_id, timestamp FROM events ORDER BY id"
        return [tuple(row) for row in connection.exec_driver_sql(query)]
