"""insights.records: what is stored (masked, pseudonymous, cut to size), and that a database
error never reaches the answer."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa

from insights import records
from insights.pseudonym import pseudonym
from insights.records import Recorder, default_recorder
from insights.tables import MAX_COMMENT, MAX_TEXT
from tests.unit.insights_support import NOW, migrated, sqlite_url

ID_CARD = "11010519491231002X"
MOBILE = "13812345678"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[sa.engine.Engine]:
    with migrated(tmp_path) as engine:
        yield engine


@pytest.fixture
def recorder(database: sa.engine.Engine, monkeypatch) -> Recorder:
    monkeypatch.setenv("RATING_SALT", "test salt")
    return Recorder(database, clock=lambda: NOW)


def rows(database: sa.engine.Engine, table: str) -> list[dict[str, object]]:
    with database.connect() as connection:
        result = connection.execute(sa.text(f"SELECT * FROM {table} ORDER BY id"))
        return [dict(row._mapping) for row in result]


def test_a_turn_with_its_outcome_topic_and_intent(recorder: Recorder, database) -> None:
    recorder.turn("answered", "zh", topic="employee_medical_backpay", intent="ask_backpay")
    recorder.turn("fallback", "en", intent="nlu_fallback")
    stored = rows(database, "turns")
    assert [(r["outcome"], r["language"], r["topic"], r["intent"]) for r in stored] == [
        ("answered", "zh", "employee_medical_backpay", "ask_backpay"),
        ("fallback", "en", None, "nlu_fallback"),
    ]
    assert stored[0]["time"] == "2026-03-10 12:00:00.000000"  # UTC


def test_a_rating_keeps_the_masked_question_and_a_pseudonym_never_the_sender(
    recorder: Recorder, database
) -> None:
    question = f"我的身份证{ID_CARD}，手机{MOBILE}，医保可以补缴吗"
    rating_id = recorder.rating(
        topic="medical_backpay", language="zh", helpful=True, question=question, sender_id=MOBILE
    )
    [stored] = rows(database, "ratings")
    assert stored["id"] == rating_id
    assert stored["question"] == "我的身份证***，手机***，医保可以补缴吗"
    assert stored["rater"] == pseudonym(MOBILE)
    assert stored["helpful"] == 1 and stored["reason"] is None and stored["comment"] is None
    assert not any(MOBILE in str(value) or ID_CARD in str(value) for value in stored.values())


def test_texts_are_masked_before_they_are_cut(recorder: Recorder, database) -> None:
    # A mobile number across the cut: cut first, its first digits would be stored.
    question = "问" * (MAX_TEXT - 5) + MOBILE
    recorder.rating(topic="t", language="zh", helpful=True, question=question, sender_id="s")
    recorder.unanswered("问" * (MAX_TEXT - 5) + MOBILE, "nlu_fallback", "zh")
    [rating] = rows(database, "ratings")
    [unanswered] = rows(database, "unanswered")
    for text in (rating["question"], unanswered["text"]):
        assert text == "问" * (MAX_TEXT - 5) + "***"


def test_the_reason_and_comment_of_an_unhelpful_rating(recorder: Recorder, database) -> None:
    rating_id = recorder.rating(topic="t", language="en", helpful=False, question="", sender_id="s")
    assert rating_id is not None
    recorder.reason(rating_id, "other", f"  call me on {MOBILE} " + "x" * 300)
    [stored] = rows(database, "ratings")
    assert stored["question"] == ""
    assert stored["reason"] == "other"
    assert stored["comment"] == ("call me on *** " + "x" * 300)[:MAX_COMMENT]


def test_a_reason_without_comment_and_no_reason_at_all(recorder: Recorder, database) -> None:
    first = recorder.rating(topic="t", language="zh", helpful=False, question="q", sender_id="a")
    second = recorder.rating(topic="t", language="zh", helpful=False, question="q", sender_id="b")
    assert first is not None and second is not None and first != second
    recorder.reason(first, "unclear", None)
    recorder.reason(second, None, "   ")
    assert [(r["reason"], r["comment"]) for r in rows(database, "ratings")] == [
        ("unclear", None),
        (None, None),
    ]


def test_an_unanswered_question_masked(recorder: Recorder, database) -> None:
    recorder.unanswered(f"我的卡号6222021234567890123丢了 {MOBILE}", "nlu_fallback", "zh")
    [stored] = rows(database, "unanswered")
    assert (stored["text"], stored["intent"], stored["language"]) == (
        "我的卡号***丢了 ***",
        "nlu_fallback",
        "zh",
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda r: r.turn("answerd", "zh"),
        lambda r: r.turn("answered", "fr"),
        lambda r: r.rating(topic="t", language="ja", helpful=True, question="", sender_id="s"),
        lambda r: r.reason(1, "wrong", None),
        lambda r: r.unanswered("text", "nlu_fallback", "de"),
    ],
)
def test_a_code_outside_the_tables_codes_is_a_bug(recorder: Recorder, call) -> None:
    with pytest.raises(ValueError):
        call(recorder)


def test_a_database_error_is_logged_without_the_text_and_swallowed(
    tmp_path: Path, caplog, monkeypatch
) -> None:
    monkeypatch.setenv("RATING_SALT", "test salt")
    unmigrated = Recorder(sa.create_engine(sqlite_url(tmp_path), future=True))
    secret = "我想问问我的情况 very private words"
    with caplog.at_level(logging.ERROR, logger=records.__name__):
        unmigrated.turn("answered", "zh", topic="t")
        rating_id = unmigrated.rating(
            topic="t", language="zh", helpful=False, question=secret, sender_id="s"
        )
        unmigrated.reason(1, "other", secret)
        unmigrated.unanswered(secret, "nlu_fallback", "zh")
    assert rating_id is None
    assert len(caplog.records) == 4
    for record in caplog.records:
        assert "OperationalError" in record.getMessage()
        assert "private" not in record.getMessage() and record.exc_info is None


def test_the_default_recorder_writes_to_the_environments_database(
    tmp_path: Path, monkeypatch
) -> None:
    with migrated(tmp_path) as database:
        monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
        default_recorder.cache_clear()
        try:
            assert default_recorder() is default_recorder()
            default_recorder().unanswered("医保卡丢了", "nlu_fallback", "zh")
        finally:
            default_recorder.cache_clear()
        assert [row["text"] for row in rows(database, "unanswered")] == ["医保卡丢了"]
