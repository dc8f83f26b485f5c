"""Greetings, thanks, goodbyes, out-of-scope, requests for a person and unclear messages."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from social_insurance.render import render_message
from actions.knowledge_base import KNOWLEDGE_BASE as KB
from actions.knowledge_base import latest_intent, user_language, utter
from actions.unanswered import record_unanswered

# intent -> (message in the knowledge base, whether to offer the main topics as buttons)
_MESSAGES = {
    "greet": ("greeting", True),
    "goodbye": ("goodbye", False),
    "thank": ("thank", False),
    "out_of_scope": ("out_of_scope", True),
    "ask_human": ("human", False),
    "nlu_fallback": ("clarify_topic", True),
}

# What the bot could not answer, recorded for whoever maintains the knowledge base.
_UNANSWERED = {"nlu_fallback", "out_of_scope"}


class ActionConverse(Action):
    def name(self) -> str:
        return "action_converse"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        language = user_language(tracker)
        intent = latest_intent(tracker)
        key, with_menu = _MESSAGES.get(intent, _MESSAGES["nlu_fallback"])
        if intent in _UNANSWERED:
            record_unanswered(tracker.latest_message.get("text") or "", intent, language)
        utter(dispatcher, render_message(KB, key, language, with_menu=with_menu))
        return [SlotSet("language", language)]
