"""The knowledge base the actions answer from, loaded and validated once per process.

Importing this module is what makes a broken knowledge base stop the action server at start-up
with the file, entry and field at fault, instead of failing on the first user who hits it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from social_insurance import KnowledgeBase, load_knowledge_base
from social_insurance.language import detect_language
from social_insurance.render import Reply
from social_insurance.schema import Region

KNOWLEDGE_DIR = Path(
    os.environ.get("KNOWLEDGE_DIR", Path(__file__).resolve().parent.parent / "data" / "knowledge")
)

KNOWLEDGE_BASE: KnowledgeBase = load_knowledge_base(KNOWLEDGE_DIR)


def user_language(tracker: Tracker) -> str:
    """The language of the latest message; payloads and digits keep the conversation's.

    A page may announce its language in the message metadata (the web widget's `customData`),
    which decides for messages that carry no words, such as the widget's opening `/greet`.
    """
    message = tracker.latest_message or {}
    metadata = message.get("metadata") or {}
    fallback = metadata.get("language") or tracker.get_slot("language")
    if fallback not in ("zh", "en"):
        fallback = None
    return detect_language(message.get("text"), fallback)


def latest_intent(tracker: Tracker) -> str | None:
    """The intent NLU gave the latest message, `nlu_fallback` included.

    (rasa-sdk's `get_intent_of_latest_message` skips the fallback, which would make the bot
    guess where it should ask.)
    """
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def user_region(tracker: Tracker) -> Region | None:
    """The place the user said they are in, remembered for the rest of the conversation."""
    return KNOWLEDGE_BASE.regions.get(tracker.get_slot("region") or "")


def latest_entity(tracker: Tracker, entity: str) -> Any:
    return next(tracker.get_latest_entity_values(entity), None)


def utter(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    buttons: List[Dict[str, str]] = [
        {"title": b.title, "payload": b.payload} for b in reply.buttons
    ]
    dispatcher.utter_message(text=reply.text, buttons=buttons)
