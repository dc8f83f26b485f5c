"""Rasa's SQL tracker store without the per-message work it does not need.

Profiled under load (bench/), Rasa 3.6's `SQLTrackerStore` spent about a third of the Rasa
server's time per message: for SQLite it opens a new database connection for every session,
commits in rollback-journal mode, and before every save it counts the conversation's stored
events (a query with a sub-query) to find which events are new. This subclass keeps what is
stored and how (same table, same rows, readable by the stock store) and changes three things:

- SQLite keeps its connections in a pool and writes in WAL mode with `synchronous=NORMAL`:
  a commit survives the server crashing; only a power cut can lose the last few turns.
- A tracker read by this store remembers its last stored event, so saving it inserts the
  events after it without counting; a conversation with no stored row stores all of its
  events (Rasa would count them first: 0). A tracker from elsewhere still gets the count query.
  What is remembered stays true between read and save because one server processes a
  conversation at a time (Rasa's lock store; the Redis one across servers).
- New events go in as one multi-row INSERT instead of one ORM object per event.

And it keeps recent conversations in memory, so a message costs the same whether it is the 5th
or the 200th of its conversation (Rasa rebuilds a conversation from every event of its session
on each message, and its policies and the action server then go through all of them):

- After a save, the tracker stays in a per-process cache (least recently used out first,
  `cache_size` conversations) with the id of its last stored row. The next retrieve asks the
  database only for that id (an indexed max); the same id, and the tracker unchanged since it
  was saved, means no other server or process has written to the conversation, and the cached
  tracker is returned as it is. Anything else reads the conversation from the database as Rasa
  does. Two servers sharing PostgreSQL + Redis therefore never act on a stale conversation.
- A cached tracker keeps its latest `events_kept` events (its slots, active form and latest
  message are kept whole): enough for the rules, which look at the last turns, and for the
  actions, which read the current turn. Every event is still stored, and
  `retrieve_full_tracker` (Rasa's HTTP API for a conversation's history) reads them all.

`erase` deletes a conversation ("删除我的对话", channels/guard.py): every stored row and the
cached tracker. The caller holds Rasa's lock for the conversation; another server that has it
cached finds no last row on its next retrieve and starts afresh, as for a new conversation.
"""

from __future__ import annotations

import json
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any, Iterator

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

# Attribute set on a tracker this store read or saved: its last event that is stored (an event,
# not a count: a cached tracker keeps only its latest events, so counts shift).
LAST_STORED = "_last_stored_event"
# How many conversations stay in memory, and how many of each one's latest events.
DEFAULT_CACHE_SIZE = 256
DEFAULT_EVENTS_KEPT = 40


@dataclass
class _Cached:
    tracker: DialogueStateTracker
    last_row_id: int


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
    setattr(tracker, LAST_STORED, tracker.events[-1] if tracker.events else None)


def _keep_latest(tracker: DialogueStateTracker, count: int) -> None:
    """Drop all but the latest `count` events from memory; what they set stays set."""
    if tracker.events.maxlen != count:
        tracker.events = deque(tracker.events, maxlen=count)


class FastSQLTrackerStore(SQLTrackerStore):
    """`tracker_store: type: stores.sql_tracker_store.FastSQLTrackerStore` with SQL's settings."""

    def __init__(
        self,
        *args: Any,
        cache_size: int = DEFAULT_CACHE_SIZE,
        events_kept: int = DEFAULT_EVENTS_KEPT,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cache_size = int(cache_size)
        self.events_kept = int(events_kept)
        self._cache: OrderedDict[str, _Cached] = OrderedDict()
        table = self.SQLEvent.__table__
        self._last_row_query = sa.select(sa.func.max(table.c.id)).where(
            table.c.sender_id == sa.bindparam("sender_id")
        )
        engine: sa.engine.Engine = self.engine  # type: ignore[has-type]  # set by Rasa's store
        if engine.dialect.name == "sqlite":
            engine.dispose()
            self.engine = _pooled_sqlite_engine(engine.url)
            self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        with self.engine.connect() as connection:
            last_row_id = self._last_row_id(connection, sender_id)
        if last_row_id is None:
            self._cache.pop(sender_id, None)
            return None  # a new conversation: nothing to read
        cached = self._cache.get(sender_id)
        if cached is not None:
            kept = cached.tracker
            # Its last event is still the last stored one, unless a turn failed before saving.
            unchanged = kept.events and kept.events[-1] is getattr(kept, LAST_STORED, None)
            if unchanged and last_row_id == cached.last_row_id:
                self._cache.move_to_end(sender_id)
                return cached.tracker
            del self._cache[sender_id]
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
            last_row_id = self._last_row_id(session, tracker.sender_id)
        _keep_latest(tracker, self.events_kept)
        _remember_all_stored(tracker)
        if last_row_id is not None and tracker.events:
            self._cache[tracker.sender_id] = _Cached(tracker, last_row_id)
            self._cache.move_to_end(tracker.sender_id)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    async def erase(self, sender_id: str) -> int:
        """Deletes every stored event of the conversation and forgets it; the rows deleted."""
        table = self.SQLEvent.__table__
        with self.session_scope() as session:
            result = session.execute(sa.delete(table).where(table.c.sender_id == sender_id))
            session.commit()
        self._cache.pop(sender_id, None)
        return int(result.rowcount)

    def _last_row_id(self, connection: Any, sender_id: str) -> int | None:
        """The id of the conversation's last stored row: one indexed lookup, as plain SQL
        (an ORM query costs several times the lookup itself)."""
        return connection.execute(self._last_row_query, {"sender_id": sender_id}).scalar()

    def _new_events(self, session: sa.orm.Session, tracker: DialogueStateTracker) -> Iterator:
        """The events after the last stored one; a tracker from elsewhere gets the count query."""
        marker = getattr(tracker, LAST_STORED, None)
        events = list(tracker.events)
        for index in range(len(events) - 1, -1, -1):
            if events[index] is marker:
                return iter(events[index + 1 :])
        if self._last_row_id(session.connection(), tracker.sender_id) is None:
            return iter(events)  # a new conversation: nothing stored yet
        return self._additional_events(session, tracker)

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
