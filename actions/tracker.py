"""What the actions read from the conversation, and how they reply: the one place that knows
the tracker's slots and message layout, so each action is a few lines over the core package."""

from __future__ import annotations

from typing import Any, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from social_insurance import default_knowledge_base
from social_insurance.intents import NLU_FALLBACK
from social_insurance.language import choose_language
from social_insurance.lookup import find_topic, names_insurance, question_behind_fallback
from social_insurance.render import Reply
from social_insurance.schema import Region, Topic

# Loaded and validated when the action server imports the actions: a broken knowledge base
# stops it at start-up with the file, entry and field at fault.
KB = default_knowledge_base()

# How sure NLU must be of a runner-up intent for a follow-up to be read as being about it.
RUNNER_UP_CONFIDENCE = 0.1
# How sure NLU must be that a message a form asked for is a request of its own ("法律依据是什么"
# in a calculator, a new question after "哪里不满意？") for the form to step aside.
OTHER_REQUEST_CONFIDENCE = 0.6


def user_language(tracker: Tracker) -> str:
    """The language of the latest message; payloads and digits keep the page's or the
    conversation's (the web widget announces its page's in the metadata, `customData`)."""
    message = tracker.latest_message or {}
    metadata = message.get("metadata") or {}
    return choose_language(
        message.get("text"), metadata.get("language"), tracker.get_slot("language")
    )


def latest_intent(tracker: Tracker) -> str | None:
    """The intent NLU gave the latest message, `nlu_fallback` included — unless NLU only
    hesitated between a topic's question and its own calculator, which answer alike.

    (rasa-sdk's `get_intent_of_latest_message` skips the fallback, which would make the bot
    guess where it should ask.)
    """
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    if intent == NLU_FALLBACK:
        ranking = [c.get("name") for c in message.get("intent_ranking") or []]
        return question_behind_fallback(KB, [i for i in ranking if i != NLU_FALLBACK]) or intent
    return intent


def confident_intent(tracker: Tracker) -> str | None:
    """The latest message's intent if NLU is at least `OTHER_REQUEST_CONFIDENCE` sure of it."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    if (intent.get("confidence") or 0) < OTHER_REQUEST_CONFIDENCE:
        return None
    return intent.get("name")


def is_button_payload(text: str) -> bool:
    """ "/ask_law", '/rate_helpful{"rated_topic": ...}': a button's payload, not typed words
    (buttons whose payload is their label, such as a calculator's choices, read as typed)."""
    return text.startswith("/")


def current_topic(tracker: Tracker) -> Topic | None:
    """The topic the conversation is on, which follow-ups ("要带什么材料？") are about."""
    return KB.topics.get(tracker.get_slot("topic") or "")


def topic_in_message(tracker: Tracker) -> Topic | None:
    """The topic a follow-up's own words name, for a follow-up without a current topic.

    "职工医保补缴要带什么材料" as the first message may be classified as a documents
    follow-up; the runner-up intent (back-payment) and the insurance named still say which
    topic's documents are wanted, so the user is not asked "which matter do you mean?".
    """
    named, qualified = insurance_in_message(tracker)
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    for candidate in ranking[1:]:
        if (candidate.get("confidence") or 0) < RUNNER_UP_CONFIDENCE:
            break
        found = find_topic(KB, candidate.get("name") or "", named, qualified)
        if isinstance(found, Topic):
            return found
    return None


def user_region(tracker: Tracker) -> Region | None:
    """The place the user said they are in, remembered for the rest of the conversation."""
    return KB.regions.get(tracker.get_slot("region") or "")


def insurance_in_message(tracker: Tracker) -> Tuple[str | None, str | None]:
    """The insurance type the latest message names, and the one it only qualifies.

    "职工养老保险怎么转" names employee pension; "女职工产假几天" only qualifies (职工 → employee
    medical), which picks among answers but never rules one out.
    """
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    named = qualified = None
    for entity in message.get("entities") or []:
        if (
            entity.get("entity") != "insurance_type"
            or entity.get("value") not in KB.insurance_types
        ):
            continue  # a hand-typed payload may carry any value
        words = text[entity.get("start", 0) : entity.get("end", 0)]
        if names_insurance(KB, entity.get("value"), words) or not words:
            named = named or entity.get("value")
        else:
            qualified = qualified or entity.get("value")
    if named and qualified and KB.insurance_types[qualified].parent == named:
        # "城乡居民的医保", "urban-rural resident medical insurance": the family, narrowed.
        named = qualified
    return named, qualified


def latest_entity(tracker: Tracker, entity: str) -> Any:
    return next(tracker.get_latest_entity_values(entity), None)


def utter(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    dispatcher.utter_message(
        text=reply.text, buttons=reply.button_dicts(), json_message=reply.custom
    )
