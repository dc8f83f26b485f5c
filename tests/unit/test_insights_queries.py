"""insights.queries: what the console shows, from records made through the Recorder and
conversations in Rasa's `events` table."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa

from insights import queries
from insights.queries import Day, Line
from insights.records import Recorder
from tests.unit.insights_support import NOW, add_event, migrated

UTC = timezone.utc


@pytest.fixture
def database(tmp_path: Path, monkeypatch) -> Iterator[sa.engine.Engine]:
    monkeypatch.setenv("RATING_SALT", "test salt")
    with migrated(tmp_path) as engine:
        yield engine


def at(database: sa.engine.Engine, moment: datetime) -> Recorder:
    return Recorder(database, clock=lambda: moment)


def rate(
    database: sa.engine.Engine,
    moment: datetime,
    sender: str,
    topic: str,
    helpful: bool,
    reason: str | None = None,
) -> int:
    rating_id = at(database, moment).rating(
        topic=topic, language="zh", helpful=helpful, question=f"{topic}?", sender_id=sender
    )
    assert rating_id is not None
    if reason:
        at(database, moment).reason(rating_id, reason, None)
    return rating_id


def test_daily_counts_per_china_day_oldest_first(database) -> None:
    # NOW is 20:00 in China; China's 2026-03-09 begins at 2026-03-08 16:00 UTC.
    day_start = datetime(2026, 3, 8, 16, tzinfo=UTC)
    for moment, outcome in [
        (datetime(2026, 3, 6, 15, 59, tzinfo=UTC), "answered"),  # 03-06 23:59: too old
        (datetime(2026, 3, 6, 16, 0, tzinfo=UTC), "answered"),  # 03-07 00:00
        (day_start - timedelta(minutes=1), "clarified"),  # 03-08 23:59
        (day_start, "fallback"),  # 03-09 00:00
        (NOW, "answered"),
        (NOW, "answered"),
        (NOW + timedelta(hours=3, minutes=59), "clarified"),  # 03-10 23:59
        (NOW + timedelta(hours=4), "answered"),  # 03-11: not yet
    ]:
        at(database, moment).turn(outcome, "zh", topic="t")
    rate(database, NOW, "a", "t", True)
    rate(database, NOW, "b", "t", False)
    rate(database, day_start, "a", "t", True)
    assert queries.daily(database, 4, now=NOW) == [
        Day(date(2026, 3, 7), 1, 0, 0, 0, 0),
        Day(date(2026, 3, 8), 0, 1, 0, 0, 0),
        Day(date(2026, 3, 9), 0, 0, 1, 1, 1),
        Day(date(2026, 3, 10), 2, 1, 0, 2, 1),
    ]
    assert queries.daily(database, 1, now=NOW) == [Day(date(2026, 3, 10), 2, 1, 0, 2, 1)]


def test_unanswered_questions_grouped_most_frequent_first(database) -> None:
    for days_ago, text, language, intent in [
        (1, "医保卡丢了怎么办", "zh", "nlu_fallback"),
        (2, "医保卡丢了怎么办？", "zh", "nlu_fallback"),
        (3, "医保卡丢了咋办", "zh", "out_of_scope"),
        (1, "医保卡丢了怎么办", "zh", "nlu_fallback"),
        (5, "I lost my medical insurance card", "en", "nlu_fallback"),
        (6, "I lost my medical insurance card!", "en", "nlu_fallback"),
        (8, "医保卡丢了怎么办", "zh", "nlu_fallback"),  # before the 7 days
    ]:
        at(database, NOW - timedelta(days=days_ago)).unanswered(text, intent, language)
    groups = queries.unanswered_groups(database, 7, now=NOW)
    assert [(g.count, g.examples, g.languages, g.intents) for g in groups] == [
        (
            4,
            ("医保卡丢了怎么办", "医保卡丢了怎么办？", "医保卡丢了咋办"),
            ("zh",),
            ("nlu_fallback", "out_of_scope"),
        ),
        (
            2,
            ("I lost my medical insurance card", "I lost my medical insurance card!"),
            ("en",),
            ("nlu_fallback",),
        ),
    ]
    assert groups[0].last_seen == NOW - timedelta(days=1)
    assert len({group.key for group in groups}) == 2
    # The key stays while the group's leading question does, as other questions come in.
    at(database, NOW).unanswered("生育津贴怎么领", "nlu_fallback", "zh")
    later = queries.unanswered_groups(database, 7, now=NOW)
    assert {g.key for g in groups} < {g.key for g in later}


def test_at_most_five_examples_of_a_group(database) -> None:
    for number in range(8):
        at(database, NOW).unanswered("医保卡丢了怎么办" + "？" * number, "nlu_fallback", "zh")
    [group] = queries.unanswered_groups(database, 7, now=NOW)
    assert group.count == 8 and len(group.examples) == queries.MAX_EXAMPLES


def test_topic_ratings_worst_first_each_rater_once_by_their_latest(database) -> None:
    rate(database, NOW, "a", "pension", False, "inaccurate")
    rate(database, NOW, "a", "pension", True)  # a changed their mind: helpful
    rate(database, NOW, "b", "pension", True)
    rate(database, NOW, "c", "pension", False, "unclear")
    rate(database, NOW, "a", "backpay", False, "incomplete")
    rate(database, NOW, "b", "backpay", False, "incomplete")
    rate(database, NOW, "c", "backpay", False)  # no reason given
    rate(database, NOW, "a", "maternity", True)
    summaries = queries.topic_ratings(database)
    assert [(s.topic, s.count, s.helpful, s.reasons) for s in summaries] == [
        ("backpay", 3, 0, {"incomplete": 2}),
        ("pension", 3, 2, {"unclear": 1}),
        ("maternity", 1, 1, {}),
    ]
    assert [s.rate for s in summaries] == [0.0, pytest.approx(2 / 3), 1.0]


def test_bad_ratings_of_a_topic_newest_first_and_one_rating(database) -> None:
    first = rate(database, NOW - timedelta(hours=2), "a", "pension", False, "unclear")
    rate(database, NOW - timedelta(hours=1), "b", "pension", True)
    second = rate(database, NOW, "c", "pension", False)
    rate(database, NOW, "c", "backpay", False)
    bad = queries.bad_ratings(database, "pension")
    assert [rating.id for rating in bad] == [second, first]
    assert bad[1].reason == "unclear" and bad[1].question == "pension?"
    assert bad[1].time == NOW - timedelta(hours=2) and bad[1].time.tzinfo is not None
    assert queries.rating(database, first) == bad[1]
    assert queries.rating(database, 999) is None


def test_the_conversation_around_a_rating(database) -> None:
    sender = "wx-o6_bmjrPTlm6"
    rated = NOW
    add_event(database, sender, "user", rated - timedelta(minutes=31), "一开始的问题")  # too early
    add_event(
        database, sender, "user", rated - timedelta(minutes=2), "我的手机13812345678 医保能补缴吗"
    )
    add_event(database, sender, "action", rated - timedelta(minutes=2))
    add_event(database, sender, "bot", rated - timedelta(minutes=1), "请问您说的是哪一种医保？")
    add_event(database, sender, "bot", rated - timedelta(seconds=50), None)  # buttons only
    add_event(database, sender, "user", rated + timedelta(minutes=1), "没帮助")
    add_event(database, sender, "user", rated + timedelta(minutes=6), "later")  # too late
    add_event(database, "someone-else", "user", rated, "别人的对话")
    rating_id = rate(database, rated, sender, "medical_backpay", False)
    rating = queries.rating(database, rating_id)
    assert rating is not None
    assert queries.conversation_around(database, rating) == [
        Line(rated - timedelta(minutes=2), "user", "我的手机*** 医保能补缴吗"),
        Line(rated - timedelta(minutes=1), "bot", "请问您说的是哪一种医保？"),
        Line(rated + timedelta(minutes=1), "user", "没帮助"),
    ]


def test_no_conversation_once_it_is_gone(database) -> None:
    add_event(database, "someone-else", "user", NOW, "别人的对话")
    rating = queries.rating(database, rate(database, NOW, "deleted-user", "pension", False))
    assert rating is not None
    assert queries.conversation_around(database, rating) is None


def test_the_conversation_is_only_looked_for_near_the_rating(database) -> None:
    add_event(database, "rater", "user", NOW - timedelta(hours=2), "an old conversation")
    rating = queries.rating(database, rate(database, NOW, "rater", "pension", False))
    assert rating is not None
    assert queries.conversation_around(database, rating) is None


def test_answered_turns_per_topic(database) -> None:
    for outcome, topic in [
        ("answered", "pension"),
        ("answered", "pension"),
        ("answered", "backpay"),
        ("clarified", "maternity"),
        ("fallback", None),
        ("answered", None),
    ]:
        at(database, NOW).turn(outcome, "zh", topic=topic)
    assert queries.topic_counts(database) == {"pension": 2, "backpay": 1}


def test_an_empty_database_shows_nothing(database) -> None:
    assert queries.unanswered_groups(database, 7) == []
    assert queries.topic_ratings(database) == []
    assert queries.topic_counts(database) == {}
    assert [day.answered for day in queries.daily(database, 7)] == [0] * 7
