"""What the maintainers' console shows, read from the records and from Rasa's `events` table.

Plain typed values, no SQL outside this module. Days are calendar days in China Standard Time
(`DAY_ZONE`), the maintainers' and the users' day; other times are aware UTC datetimes.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from insights.grouping import group_similar
from insights.pseudonym import pseudonym
from insights.tables import events, ratings, turns, unanswered, utc_now
from social_insurance.privacy import mask_personal_data

DAY_ZONE = timezone(timedelta(hours=8), "UTC+08:00")
MAX_EXAMPLES = 5
# Who rated is looked for among the senders active this long either side of the rating...
SENDER_WINDOW = timedelta(hours=1)
# ...and their conversation shown from this long before the rating to this long after.
LINES_BEFORE = timedelta(minutes=30)
LINES_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class Day:
    day: date
    answered: int
    clarified: int
    fallback: int
    rated: int
    helpful: int


@dataclass(frozen=True)
class UnansweredGroup:
    key: str  # stable while the group's leading question stays the same
    count: int
    examples: tuple[str, ...]  # distinct masked texts, most frequent first
    languages: tuple[str, ...]
    intents: tuple[str, ...]  # what NLU took them for, most frequent first
    last_seen: datetime


@dataclass(frozen=True)
class TopicRating:
    topic: str
    count: int  # raters: each counted once, by their latest rating of the topic
    helpful: int
    rate: float  # helpful / count
    reasons: dict[str, int]  # reason code: how many not-helpful ratings gave it


@dataclass(frozen=True)
class Rating:
    id: int
    time: datetime
    topic: str
    language: str
    helpful: bool
    reason: str | None
    comment: str | None
    question: str
    rater: str


@dataclass(frozen=True)
class Line:
    time: datetime
    speaker: str  # "user" or "bot"
    text: str


def daily(engine: sa.engine.Engine, days: int, *, now: datetime | None = None) -> list[Day]:
    """The last `days` days, today included, oldest first: turns by outcome, and ratings."""
    today = (now or utc_now()).astimezone(DAY_ZONE).date()
    starts = [
        datetime.combine(today - timedelta(days=days - 1 - n), time(), DAY_ZONE)
        for n in range(days + 1)
    ]
    with engine.connect() as connection:
        outcomes = _count_per_day(connection, turns.c.time, turns.c.outcome, starts)
        helpful = _count_per_day(connection, ratings.c.time, ratings.c.helpful, starts)
    return [
        Day(
            day=start.date(),
            answered=outcomes[n, "answered"],
            clarified=outcomes[n, "clarified"],
            fallback=outcomes[n, "fallback"],
            rated=helpful[n, True] + helpful[n, False],
            helpful=helpful[n, True],
        )
        for n, start in enumerate(starts[:-1])
    ]


def _count_per_day(
    connection: sa.engine.Connection,
    moment: sa.Column,
    value: sa.Column,
    starts: list[datetime],
) -> Counter[tuple[int, Any]]:
    """(day number, value): how many rows, for the days beginning at `starts` (and one more)."""
    day = sa.case(*((moment < start, n) for n, start in enumerate(starts[1:])))
    inner = (
        sa.select(day.label("day"), value.label("value"))
        .where(moment >= starts[0], moment < starts[-1])
        .subquery()
    )
    query = sa.select(inner.c.day, inner.c.value, sa.func.count()).group_by(
        inner.c.day, inner.c.value
    )
    return Counter({(day, value): count for day, value, count in connection.execute(query)})


def unanswered_groups(
    engine: sa.engine.Engine, days: int, *, now: datetime | None = None
) -> list[UnansweredGroup]:
    """The questions of the last `days` days the bot could not answer, grouped, most first."""
    since = (now or utc_now()) - timedelta(days=days)
    query = sa.select(
        unanswered.c.text, unanswered.c.language, unanswered.c.intent, unanswered.c.time
    ).where(unanswered.c.time >= since)
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(unanswered.c.id)).all()
    groups = []
    for group in group_similar([row.text for row in rows]):
        members = [rows[index] for index in group.members]
        texts = Counter(row.text for row in members)
        intents = Counter(row.intent for row in members)
        groups.append(
            UnansweredGroup(
                key=hashlib.blake2b(group.leader.encode("utf-8"), digest_size=8).hexdigest(),
                count=len(members),
                examples=tuple(text for text, _ in texts.most_common(MAX_EXAMPLES)),
                languages=tuple(sorted({row.language for row in members})),
                intents=tuple(intent for intent, _ in intents.most_common()),
                last_seen=max(row.time for row in members),
            )
        )
    return groups


def topic_ratings(engine: sa.engine.Engine) -> list[TopicRating]:
    """Each rated topic's ratings, the least helpful topic first."""
    latest = sa.select(sa.func.max(ratings.c.id)).group_by(ratings.c.rater, ratings.c.topic)
    query = (
        sa.select(ratings.c.topic, ratings.c.helpful, ratings.c.reason, sa.func.count())
        .where(ratings.c.id.in_(latest.scalar_subquery()))
        .group_by(ratings.c.topic, ratings.c.helpful, ratings.c.reason)
    )
    counts: Counter[str] = Counter()
    helpful: Counter[str] = Counter()
    reasons: dict[str, Counter[str]] = {}
    with engine.connect() as connection:
        for topic, was_helpful, reason, count in connection.execute(query):
            counts[topic] += count
            reasons.setdefault(topic, Counter())
            if was_helpful:
                helpful[topic] += count
            elif reason is not None:
                reasons[topic][reason] += count
    summaries = [
        TopicRating(
            topic=topic,
            count=count,
            helpful=helpful[topic],
            rate=helpful[topic] / count,
            reasons=dict(reasons[topic].most_common()),
        )
        for topic, count in counts.items()
    ]
    return sorted(summaries, key=lambda summary: (summary.rate, -summary.count, summary.topic))


def bad_ratings(engine: sa.engine.Engine, topic: str) -> list[Rating]:
    """The not-helpful ratings of `topic`, newest first."""
    query = (
        sa.select(ratings)
        .where(ratings.c.topic == topic, sa.not_(ratings.c.helpful))
        .order_by(ratings.c.id.desc())
    )
    with engine.connect() as connection:
        return [Rating(**row._mapping) for row in connection.execute(query)]


def rating(engine: sa.engine.Engine, id: int) -> Rating | None:
    """The rating `id`, if there is one."""
    with engine.connect() as connection:
        row = connection.execute(sa.select(ratings).where(ratings.c.id == id)).first()
    return None if row is None else Rating(**row._mapping)


def conversation_around(engine: sa.engine.Engine, rating: Rating) -> list[Line] | None:
    """The user's and the bot's messages around `rating`, oldest first; None if the
    conversation is gone (deleted by the user or by the retention job)."""
    if not sa.inspect(engine).has_table(events.name):
        return None  # Rasa's tracker store never ran on this database: nothing to open
    moment = rating.time.timestamp()
    window = SENDER_WINDOW.total_seconds()
    senders = sa.select(events.c.sender_id).distinct()
    senders = senders.where(events.c.timestamp.between(moment - window, moment + window))
    with engine.connect() as connection:
        sender = next(
            (s for s in connection.execute(senders).scalars() if pseudonym(s) == rating.rater),
            None,
        )
        if sender is None:
            return None
        query = (
            sa.select(events.c.type_name, events.c.timestamp, events.c.data)
            .where(
                events.c.sender_id == sender,
                events.c.type_name.in_(("user", "bot")),
                events.c.timestamp.between(
                    moment - LINES_BEFORE.total_seconds(), moment + LINES_AFTER.total_seconds()
                ),
            )
            .order_by(events.c.id)
        )
        rows = connection.execute(query).all()
    lines = []
    for speaker, timestamp, data in rows:
        text = _text(data)
        if text:
            moment_of_line = datetime.fromtimestamp(timestamp, timezone.utc)
            lines.append(Line(moment_of_line, speaker, mask_personal_data(text)[0]))
    return lines


def _text(data: str | None) -> str | None:
    """The text of a user or bot event's JSON, if it has one."""
    try:
        text = json.loads(data or "{}").get("text")
    except (ValueError, AttributeError):
        return None
    return text if isinstance(text, str) else None


def topic_counts(engine: sa.engine.Engine) -> dict[str, int]:
    """How many turns answered each topic (a topic never asked is absent)."""
    query = (
        sa.select(turns.c.topic, sa.func.count())
        .where(turns.c.outcome == "answered", turns.c.topic.is_not(None))
        .group_by(turns.c.topic)
    )
    with engine.connect() as connection:
        return {topic: count for topic, count in connection.execute(query)}
