"""The tables of the maintainers' records, and the one table of Rasa's they read.

`metadata` holds insights' own tables, which the migrations (insights/migrations/) create;
nothing else creates or alters them. None holds personal data: texts are masked, and a rating
names its rater only by a keyed hash of the sender id (insights/pseudonym.py), so they outlive
the conversations the retention job deletes.

`events` describes Rasa's tracker-store table (`SQLTrackerStore.SQLEvent` in rasa 3.6) so that
the conversation around a rating can be read and old conversations deleted without importing
Rasa. It is on its own `rasa_metadata`: Rasa creates it, insights never does.

Times are stored as UTC without a zone (SQLite has none) and come back as aware UTC datetimes.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from social_insurance import feedback

OUTCOMES = ("answered", "clarified", "fallback")
# Why an answer did not help, and how long the user's own words may be: the core decides, as it
# reads them from the conversation.
REASONS = tuple(feedback.REASONS)
MAX_COMMENT = feedback.MAX_COMMENT
MAX_TEXT = 500


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class UtcDateTime(sa.types.TypeDecorator):
    """An aware datetime in, the same instant out as an aware UTC datetime."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a time without a zone: {value!r}")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


metadata = sa.MetaData()

# One row per bot turn that answered (or tried to answer) a question.
turns = sa.Table(
    "turns",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("time", UtcDateTime, nullable=False, index=True),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("topic", sa.String(100)),
    sa.Column("intent", sa.String(100)),
)

# 有帮助 / 没帮助 on an answer, with the reason given for 没帮助.
ratings = sa.Table(
    "ratings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("time", UtcDateTime, nullable=False, index=True),
    sa.Column("topic", sa.String(100), nullable=False, index=True),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("helpful", sa.Boolean, nullable=False),
    sa.Column("reason", sa.String(16)),
    sa.Column("comment", sa.String(MAX_COMMENT)),
    sa.Column("question", sa.String(MAX_TEXT), nullable=False),
    sa.Column("rater", sa.String(64), nullable=False),
)

# What users asked that the bot could not answer.
unanswered = sa.Table(
    "unanswered",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("time", UtcDateTime, nullable=False, index=True),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("intent", sa.String(100), nullable=False),
    sa.Column("text", sa.String(MAX_TEXT), nullable=False),
)

rasa_metadata = sa.MetaData()

events = sa.Table(
    "events",
    rasa_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),  # seconds since the epoch
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),  # the event as JSON
)
