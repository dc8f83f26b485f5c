"""Greetings, thanks, goodbyes, out-of-scope, requests for a person, "stop" with nothing
running and unclear messages."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_topic import ActionAnswerTopic
from actions.records import record_turn
from actions.tracker import KB, latest_intent, user_language, utter
from social_insurance import intents
from social_insurance.render import render_message
from social_insurance.schema import MessageKey

# intent -> (message in the knowledge base, whether to offer the main topics as buttons)
_MESSAGES: Dict[str, Tuple[MessageKey, bool]] = {
    intents.GREET: ("greeting", True),
    intents.GOODBYE: ("goodbye", False),
    intents.THANK: ("thank", False),
    intents.OUT_OF_SCOPE: ("out_of_scope", True),
    intents.ASK_HUMAN: ("human", False),
    intents.STOP: ("nothing_to_stop", True),  # a calculator's form, when one runs, takes it
    intents.NLU_FALLBACK: ("clarify_topic", True),
}

# What the bot could not answer, recorded (masked) for whoever maintains the knowledge base.
_UNANSWERED = {intents.NLU_FALLBACK, intents.OUT_OF_SCOPE}


class ActionConverse(Action):
    def name(self) -> str:
        return "action_converse"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        intent = latest_intent(tracker)
        if intent not in _MESSAGES:
            # Only a fallback that hesitated between a question and its calculator gets here.
            return await ActionAnswerTopic().run(dispatcher, tracker, domain)
        language = user_language(tracker)
        key, with_menu = _MESSAGES.get(intent or "", _MESSAGES[intents.NLU_FALLBACK])
        utter(dispatcher, render_message(KB, key, language, with_menu=with_menu))
        if intent in _UNANSWERED:
            await record_turn(tracker, "fallback", language)
        return [SlotSet("language", language)]
