"""Ratings: 有帮助 / 没帮助 under an answer, and for 没帮助 the reason, asked by `feedback_form`.

A rating is stored at once (its id in the slot `rating_id`), with the user's own question that
led to the answer. 没帮助 then starts the form, whose one slot `feedback_reason` its validation
action reads from the reply: a reason's button or label gives its code, other words are the
reason "other" with those words as comment; "算了" ends it. A reply that is a request of its own
(a button of an earlier answer, or words NLU is sure are a question) makes the form step aside:
that request's rule answers it, and the form, run again, ends without a reason. When the form
ends, `action_record_reason` stores the reason and thanks the user.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.records import record
from actions.tracker import (
    KB,
    confident_intent,
    current_topic,
    is_button_payload,
    latest_entity,
    latest_intent,
    user_language,
    utter,
)
from social_insurance import intents
from social_insurance.feedback import read_reason
from social_insurance.render import render_feedback_question, render_message
from social_insurance.schema import Topic

FORM = "feedback_form"
REASON_SLOT = "feedback_reason"
REQUESTED_SLOT = "requested_slot"

# Messages that are no question of their own, so never the question a rating is about.
_NOT_QUESTIONS = {
    intents.INFORM_INSURANCE_TYPE,
    intents.RATE_HELPFUL,
    intents.RATE_UNHELPFUL,
    intents.GREET,
    intents.GOODBYE,
    intents.THANK,
    intents.STOP,
    intents.ASK_HUMAN,
    intents.DELETE_CONVERSATION,
    intents.CONFIRM_DELETION,
}
# What NLU may be sure of in a reply to "哪里不满意？" that is still a complaint, not a request.
_COMPLAINTS = {intents.NLU_FALLBACK, intents.OUT_OF_SCOPE, intents.RATE_UNHELPFUL}


def rated_topic(tracker: Tracker) -> Topic | None:
    """The topic of the answer rated: the button's, else the topic the conversation is on."""
    return KB.topics.get(latest_entity(tracker, "rated_topic") or "") or current_topic(tracker)


def asked_question(tracker: Tracker) -> str:
    """The user's own words that led to the answer: the last message before the rating that
    asked something — typed, not a button's payload, not a form's answer, not an answer to
    "which insurance?", not a greeting or a rating. Empty if the events kept hold none."""
    events = tracker.events
    latest = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=0)
    question = ""
    running = None  # the form active when a message came: if it runs next, it took the message
    waiting: tuple[str, str | None] | None = None
    for event in events[:latest]:
        kind = event.get("event")
        if kind == "active_loop":
            running = event.get("name")
        elif kind == "user":
            text = event.get("text") or ""
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            asks = not is_button_payload(text) and intent not in _NOT_QUESTIONS
            waiting = (text, running) if asks else None
        elif kind == "action" and event.get("name") != "action_listen" and waiting:
            text, form = waiting
            if event.get("name") != form:
                question = text
            waiting = None
    return question


class ActionRateAnswer(Action):
    """有帮助 / 没帮助, clicked or typed: the rating is stored; 有帮助 is thanked, and 没帮助's
    rule goes on to the form, which asks why."""

    def name(self) -> str:
        return "action_rate_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        language = user_language(tracker)
        helpful = latest_intent(tracker) == intents.RATE_HELPFUL
        events: List[Dict[str, Any]] = [SlotSet("language", language)]
        topic = rated_topic(tracker)
        if topic is None:  # nothing answered yet: 没帮助's form ends at once
            if helpful:
                utter(dispatcher, render_message(KB, "thank", language))
            else:
                utter(dispatcher, render_message(KB, "nothing_rated", language, with_menu=True))
            return events
        question = asked_question(tracker)
        rating_id = await record(
            lambda recorder: recorder.rating(
                topic=topic.id,
                language=language,
                helpful=helpful,
                question=question,
                sender_id=tracker.sender_id,
            )
        )
        if helpful:
            utter(dispatcher, render_message(KB, "rating_thanks", language))
        return [*events, SlotSet("rating_id", rating_id)]


class ValidateFeedbackForm(Action):
    """Asks why the answer did not help and reads the reply (see the module docstring)."""

    def name(self) -> str:
        return f"validate_{FORM}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        language = user_language(tracker)
        events: List[Dict[str, Any]] = [SlotSet("language", language)]
        if _stepped_aside(tracker):
            # Run again after the request this message made was answered: the form ends,
            # unless that request was 没帮助 on another answer, whose reason is asked for.
            if latest_intent(tracker) == intents.RATE_UNHELPFUL:
                return [*events, *self._ask(dispatcher, tracker, language)]
            return [*events, *_END]
        if tracker.get_slot(REQUESTED_SLOT) != REASON_SLOT:  # the form starts, after 没帮助
            return [*events, *self._ask(dispatcher, tracker, language)]
        text = (tracker.latest_message or {}).get("text") or ""
        reason = read_reason(KB, text)
        if reason.typed:
            if latest_intent(tracker) == intents.STOP:
                return [*events, *_END]
            if _another_request(tracker, text):
                return []  # nothing filled: Rasa rejects the form and the request's rule answers
        return [
            *events,
            SlotSet(REASON_SLOT, reason.code),
            SlotSet("feedback_comment", reason.comment),
            SlotSet(REQUESTED_SLOT, None),
        ]

    @staticmethod
    def _ask(
        dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> List[Dict[str, Any]]:
        if rated_topic(tracker) is None:
            return _END  # action_rate_answer has said there was nothing to rate
        utter(dispatcher, render_feedback_question(KB, language))
        return [
            SlotSet(REASON_SLOT, None),
            SlotSet("feedback_comment", None),
            SlotSet(REQUESTED_SLOT, REASON_SLOT),
        ]


_END = [SlotSet(REQUESTED_SLOT, None), ActiveLoop(None)]


def _stepped_aside(tracker: Tracker) -> bool:
    """The form was rejected on the latest message (another request's rule has answered it)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action_execution_rejected" and event.get("name") == FORM:
            return True
    return False


def _another_request(tracker: Tracker, text: str) -> bool:
    """A button of an earlier message, or words NLU is sure ask for something else."""
    if is_button_payload(text):
        return True
    intent = confident_intent(tracker)
    return intent is not None and intent not in _COMPLAINTS


class ActionRecordReason(Action):
    """The form has ended: the reason is stored and thanked for; "算了" is thanked for the
    rating; after a request that stepped in, its answer has been said and nothing is added."""

    def name(self) -> str:
        return "action_record_reason"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        language = user_language(tracker)
        reason = tracker.get_slot(REASON_SLOT)
        comment = tracker.get_slot("feedback_comment")
        rating_id = tracker.get_slot("rating_id")
        if reason is not None:
            if rating_id is not None:
                await record(lambda recorder: recorder.reason(int(rating_id), reason, comment))
            utter(dispatcher, render_message(KB, "feedback_thanks", language))
        elif latest_intent(tracker) == intents.STOP:
            utter(dispatcher, render_message(KB, "rating_thanks", language))
        return [
            SlotSet("language", language),
            SlotSet("rating_id", None),
            SlotSet(REASON_SLOT, None),
            SlotSet("feedback_comment", None),
        ]
