"""Ratings as the action server runs them: what is stored (and what never is), what the user
hears, and how the feedback form reads the reply to "哪里不满意？"."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Sequence

import pytest
import sqlalchemy as sa
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import (
    ActionRateAnswer,
    ActionRecordReason,
    ValidateFeedbackForm,
    asked_question,
)
from insights.pseudonym import pseudonym
from insights.records import Recorder
from insights.tables import ratings

SENDER = "wx-user-1"
RATED = [{"entity": "rated_topic", "value": "employer_arrears"}]
HELPFUL = '/rate_helpful{"rated_topic": "employer_arrears"}'
UNHELPFUL = '/rate_unhelpful{"rated_topic": "employer_arrears"}'


def user(text: str, intent: str, confidence: float = 1.0) -> Dict[str, Any]:
    parse = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    return {"event": "user", "text": text, "parse_data": parse}


def action(name: str) -> Dict[str, Any]:
    return {"event": "action", "name": name}


def loop(name: str | None) -> Dict[str, Any]:
    return {"event": "active_loop", "name": name}


# A question, "which insurance?" answered with a button, the answer: what came before a rating.
ANSWERED = [
    user("我的医保断了能补吗", "ask_backpay"),
    action("action_answer_topic"),
    user('/ask_backpay{"insurance_type": "employee_medical"}', "ask_backpay"),
    action("action_answer_topic"),
    action("action_listen"),
]


def tracker(
    text: str,
    intent: str,
    *,
    confidence: float = 1.0,
    entities: List[Dict[str, Any]] | None = None,
    slots: Dict[str, Any] | None = None,
    before: Sequence[Dict[str, Any]] = (),
    after: Sequence[Dict[str, Any]] = (),
) -> Tracker:
    """The tracker an action gets for the message `text`, with the events around it."""
    latest = user(text, intent, confidence)["parse_data"]
    latest.update(entities=entities or [], metadata={}, intent_ranking=[latest["intent"]])
    return Tracker(
        sender_id=SENDER,
        slots=slots or {},
        latest_message=latest,
        events=[*before, {"event": "user", "text": text, "parse_data": latest}, *after],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action_: Action, state: Tracker) -> tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action_.run(dispatcher, state, {}))
    return dispatcher.messages, events


def slots_of(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def ends_the_form(events: List[Dict[str, Any]]) -> bool:
    return any(e["event"] == "active_loop" and e["name"] is None for e in events)


def stored(records: Recorder) -> List[Dict[str, Any]]:
    with records.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(sa.select(ratings))]


def test_helpful_is_stored_with_the_question_and_a_pseudonym_and_thanked(records):
    messages, events = run(
        ActionRateAnswer(), tracker(HELPFUL, "rate_helpful", entities=RATED, before=ANSWERED)
    )
    [rating] = stored(records)
    assert rating["topic"] == "employer_arrears" and rating["helpful"] is True
    assert rating["question"] == "我的医保断了能补吗"  # the user's words, not the button
    assert rating["rater"] == pseudonym(SENDER) != SENDER
    assert slots_of(events)["rating_id"] == rating["id"]
    [message] = messages
    assert "感谢您的反馈" in message["text"] and message["buttons"] == []


def test_typed_rating_is_about_the_current_topic(records):
    state = tracker("not helpful", "rate_unhelpful", slots={"topic": "enforcement"})
    messages, events = run(ActionRateAnswer(), state)
    [rating] = stored(records)
    assert (rating["topic"], rating["helpful"], rating["language"]) == ("enforcement", False, "en")
    assert messages == []  # the feedback form asks why
    assert slots_of(events)["rating_id"] == rating["id"]


@pytest.mark.parametrize(
    "text, intent, words, menu",
    [
        ("有帮助", "rate_helpful", "不客气", False),
        ("没帮助", "rate_unhelpful", "抱歉没能帮到您", True),
    ],
)
def test_nothing_answered_yet_is_not_rated(records, text, intent, words, menu):
    messages, events = run(ActionRateAnswer(), tracker(text, intent))
    [message] = messages
    assert words in message["text"] and bool(message["buttons"]) == menu
    assert stored(records) == [] and "rating_id" not in slots_of(events)
    # 没帮助's form then ends at once, without asking why.
    messages, events = run(ValidateFeedbackForm(), tracker(text, intent))
    assert messages == [] and ends_the_form(events)


def test_the_question_is_the_users_own_words_before_the_rating(records):
    state = tracker(
        UNHELPFUL,
        "rate_unhelpful",
        entities=RATED,
        before=[
            user("我身份证440301199001011234 医保断了能补吗", "ask_backpay"),
            action("action_answer_topic"),
            user("职工医保", "inform_insurance_type"),  # the answer to "which one?"
            action("action_answer_topic"),
            user("谢谢", "thank"),
            action("action_converse"),
        ],
    )
    assert asked_question(state) == "我身份证440301199001011234 医保断了能补吗"
    run(ActionRateAnswer(), state)
    [rating] = stored(records)
    assert rating["question"] == "我身份证*** 医保断了能补吗"


def test_a_forms_answers_are_not_the_question_but_a_question_in_a_form_is():
    calculation = [
        user("帮我算滞纳金", "calculate_late_fee"),
        action("late_fee_form"),
        loop("late_fee_form"),
        user("一万", "nlu_fallback"),
        action("late_fee_form"),
        user("90天", "nlu_fallback"),
        action("late_fee_form"),
        loop(None),
        action("action_calculate"),
    ]
    assert asked_question(tracker(HELPFUL, "rate_helpful", before=calculation)) == "帮我算滞纳金"
    question_midway = [
        *calculation[:3],
        user("滞纳金的法律依据是什么", "ask_law"),
        {"event": "action_execution_rejected", "name": "late_fee_form"},
        action("action_answer_followup"),
        action("late_fee_form"),
    ]
    state = tracker(HELPFUL, "rate_helpful", before=question_midway)
    assert asked_question(state) == "滞纳金的法律依据是什么"
    assert asked_question(tracker(HELPFUL, "rate_helpful")) == ""


def test_the_form_asks_why_with_the_reasons_as_buttons():
    messages, events = run(
        ValidateFeedbackForm(), tracker(UNHELPFUL, "rate_unhelpful", entities=RATED)
    )
    [message] = messages
    assert "哪里不满意" in message["text"] and "直接写下原因" in message["text"]
    assert [(b["title"], b["payload"]) for b in message["buttons"]] == [
        ("不准确", "不准确"),
        ("不完整", "不完整"),
        ("看不懂", "看不懂"),
        ("其他", "其他"),
    ]
    assert slots_of(events)["requested_slot"] == "feedback_reason"


ASKED = {"requested_slot": "feedback_reason", "topic": "employer_arrears", "rating_id": 1}


def reply(text: str, intent: str, confidence: float = 1.0, after=()) -> Dict[str, Any]:
    state = tracker(text, intent, confidence=confidence, slots=ASKED, after=after)
    messages, events = run(ValidateFeedbackForm(), state)
    assert messages == []
    return {"events": events, **slots_of(events)}


@pytest.mark.parametrize(
    "text, code",
    [
        ("不准确", "inaccurate"),
        ("看不懂。", "unclear"),
        ("Incomplete", "incomplete"),
        ("其他", "other"),
    ],
)
def test_a_reasons_label_gives_its_code(text, code):
    read = reply(text, "rate_unhelpful", 0.9)
    assert (read["feedback_reason"], read["feedback_comment"]) == (code, None)
    assert read["requested_slot"] is None


def test_other_words_are_the_reason_other_masked_and_cut():
    read = reply("没说要去哪个窗口办 我电话13812345678" + "啊" * 300, "nlu_fallback", 0.2)
    assert read["feedback_reason"] == "other"
    assert read["feedback_comment"].startswith("没说要去哪个窗口办 我电话***啊")
    assert len(read["feedback_comment"]) == 200 and "13812345678" not in read["feedback_comment"]


def test_a_question_nlu_is_unsure_of_is_a_reason():
    assert reply("公司没交社保的情况没讲", "employer_not_paid", 0.45)["feedback_reason"] == "other"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("公司不给交社保怎么办", "employer_not_paid"),
        ("/ask_law", "ask_law"),
        (HELPFUL, "rate_helpful"),
    ],
)
def test_another_request_makes_the_form_step_aside(text, intent):
    assert reply(text, intent, 0.9)["events"] == []  # rejected: that request's rule answers


def test_stop_ends_the_form_without_a_reason():
    read = reply("算了", "stop", 0.95)
    assert read["requested_slot"] is None and "feedback_reason" not in read
    assert ends_the_form(read["events"])


REJECTED = [
    {"event": "action_execution_rejected", "name": "feedback_form"},
    action("action_answer_topic"),
    action("feedback_form"),
]


def test_after_stepping_aside_the_form_ends_or_asks_about_a_new_rating():
    ended = reply("公司不给交社保怎么办", "employer_not_paid", 0.9, after=REJECTED)
    assert ended["requested_slot"] is None and "feedback_reason" not in ended
    assert ends_the_form(ended["events"])
    state = tracker(UNHELPFUL, "rate_unhelpful", entities=RATED, slots=ASKED, after=REJECTED)
    messages, events = run(ValidateFeedbackForm(), state)
    assert "哪里不满意" in messages[0]["text"]
    assert slots_of(events)["requested_slot"] == "feedback_reason"


def test_the_reason_is_stored_with_the_rating_and_thanked(records):
    rating_id = records.rating(
        topic="employer_arrears", language="zh", helpful=False, question="q", sender_id=SENDER
    )
    slots = {"rating_id": rating_id, "feedback_reason": "other", "feedback_comment": "太长了"}
    messages, events = run(ActionRecordReason(), tracker("太长了", "nlu_fallback", slots=slots))
    [rating] = stored(records)
    assert (rating["reason"], rating["comment"]) == ("other", "太长了")
    assert "我们会据此改进" in messages[0]["text"]
    assert {k: slots_of(events)[k] for k in slots} == dict.fromkeys(slots)


def test_after_stop_the_rating_is_thanked_and_after_a_question_nothing_is_added(records):
    messages, _ = run(ActionRecordReason(), tracker("算了", "stop", slots={"rating_id": 1}))
    assert "感谢您的反馈" in messages[0]["text"]
    messages, _ = run(ActionRecordReason(), tracker("公司不给交社保怎么办", "employer_not_paid"))
    assert messages == []
