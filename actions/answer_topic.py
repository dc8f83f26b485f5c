"""Answer a question with its knowledge-base topic, asking for the insurance type if needed."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from social_insurance.lookup import NeedsInsuranceType, find_topic, intent_for_insurance_type
from social_insurance.render import render_insurance_question, render_message, render_topic
from actions.knowledge_base import KNOWLEDGE_BASE as KB
from actions.knowledge_base import latest_intent, user_language, user_region, utter

INFORM_INSURANCE_TYPE = "inform_insurance_type"


class ActionAnswerTopic(Action):
    def name(self) -> str:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        language = user_language(tracker)
        insurance_type = tracker.get_slot("insurance_type")
        intent = self._question(tracker, insurance_type)
        found = find_topic(KB, intent, insurance_type) if intent else None
        events: List[Dict[str, Any]] = [SlotSet("language", language)]

        if isinstance(found, NeedsInsuranceType):
            utter(dispatcher, render_insurance_question(KB, intent, found.options, language))
            return [*events, SlotSet("pending_intent", intent)]
        if found is None:
            utter(dispatcher, render_message(KB, "clarify_topic", language, with_menu=True))
            return events
        utter(dispatcher, render_topic(KB, found, language, user_region(tracker)))
        return [*events, SlotSet("topic", found.id), SlotSet("pending_intent", None)]

    @staticmethod
    def _question(tracker: Tracker, insurance_type: str | None) -> str | None:
        """The question being answered; a bare insurance type answers the open question.

        Without an open question, the type re-asks the current topic ("那居民医保呢？"), or
        else the first question about that type.
        """
        intent = latest_intent(tracker)
        if intent != INFORM_INSURANCE_TYPE:
            return intent
        pending = tracker.get_slot("pending_intent")
        if pending:
            return pending
        topic = KB.topics.get(tracker.get_slot("topic") or "")
        if topic and topic.insurance:
            return topic.intents[0]
        return intent_for_insurance_type(KB, insurance_type) if insurance_type else None
