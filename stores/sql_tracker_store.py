"""Rasa's SQL tracker store without the per-message work it does not need.

Profiled under load (bench/), Rasa 3.6's `SQLTrackerStore` spent about a third of the Rasa
server's time per message: for SQLite it opens a new database connection for every session,
commits in rollback-journal mode, and before every save it counts the conversation's stored
events (a query with a sub-query) to find which events are new. This subclass keeps what is
stored and how (same table, same rows, readable by the stock store) and changes three things:

- SQLite keeps its connections in a pool and writes in WAL mode with `synchronous=NORMAL`:
  a commit survives the server crashing; only a power cut can lose the last few turns.
- A tracker read by this store remembers how many of its events are stored, so saving it
  inserts the rest without counting. A tracker from elsewhere still gets the count query.
  The remembered number stays true between read and save because one server processes a
  conversation at a time (Rasa's lock store; the Redis one across servers).
- New events go in as one multi-row INSERT instead of one ORM object per event.
"""

from __future__ import annotations

import itertools
import json
from typing import Any, Iterator

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

# Attribute set on a tracker this store read: how many of its events are already stored.
STORED_EVENTS = "_stored_event_count"


def _pooled_sqlite_engine(url: sa.engine.URL) -> sa.engine.Engine:
    """SQLite with kept connections (SQLAlchemy 1.4 reconnects per session) and WAL."""
    engine = sa.create_engine(
        url,
        poolclass=sa.pool.QueuePool,
        # Pooled connections move between threads; the pool hands each to one at a time.
        connect_args={"check_same_thread": False},
    )

    @sa.event.listens_for(engine, "connect")
    def _configure(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def _remember_all_stored(tracker: DialogueStateTracker) -> None:
    # A tracker capped at `max_event_history` may hold fewer events than are stored.
    if tracker.events.maxlen is None:
        setattr(tracker, STORED_EVENTS, len(tracker.events))


class FastSQLTrackerStore(SQLTrackerStore):
    """`tracker_store: type: stores.sql_tracker_store.FastSQLTrackerStore` with SQL's settings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        engine: sa.engine.Engine = self.engine  # type: ignore[has-type]  # set by Rasa's store
        if engine.dialect.name == "sqlite":
            engine.dispose()
            self.engine = _pooled_sqlite_engine(engine.url)
            self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            _remember_all_stored(tracker)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            new_events = self._new_events(session, tracker)
            rows = [self._row(tracker.sender_id, event) for event in new_events]
            if rows:
                session.execute(sa.insert(self.SQLEvent.__table__), rows)
            session.commit()
        _remember_all_stored(tracker)

    def _new_events(self, session: sa.orm.Session, tracker: DialogueStateTracker) -> Iterator:
        stored = getattr(tracker, STORED_EVENTS, None)
        if stored is None:
            return self._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, None)

    @staticmethod
    def _row(sender_id: str, event: Any) -> dict:
        """The row Rasa's own store writes for an event."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }
