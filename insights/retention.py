"""Delete conversations once they are older than the retention period (default 180 days).

A conversation is Rasa's rows in its `events` table, and may hold what a person said about
their job, pay and family. Every event older than the cutoff is deleted; a conversation with
nothing newer is then gone entirely, and one still going keeps its recent part. The records
(ratings, turns, unanswered questions) stay: they hold no personal data.

Deleting goes in batches, each its own short transaction, so the Rasa servers writing to the
same table wait at most one batch (SQLite lets one writer in at a time).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import sqlalchemy as sa

from insights.tables import events, utc_now

DEFAULT_RETENTION_DAYS = 180
DAYS_VARIABLE = "RETENTION_DAYS"
BATCH = 5_000


def retention_days() -> int:
    """The retention period: `RETENTION_DAYS`, else DEFAULT_RETENTION_DAYS."""
    value = os.environ.get(DAYS_VARIABLE, "").strip()
    if not value:
        return DEFAULT_RETENTION_DAYS
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{DAYS_VARIABLE}={value!r}: a whole number of days, at least 1")
    return int(value)


def delete_old_conversations(
    engine: sa.engine.Engine, days: int, now: datetime | None = None
) -> int:
    """Delete every event older than `days` days before `now`; how many were deleted."""
    if days < 1:
        raise ValueError(f"retention of {days} days: at least 1")
    cutoff = ((now or utc_now()) - timedelta(days=days)).timestamp()
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table(events.name):
            return 0  # Rasa has not started on this database yet
    old = sa.select(events.c.id).where(events.c.timestamp < cutoff).limit(BATCH)
    delete = events.delete().where(events.c.id.in_(old.scalar_subquery()))
    deleted = 0
    while True:
        with engine.begin() as connection:
            count = connection.execute(delete).rowcount
        deleted += count
        if count < BATCH:
            return deleted
