"""Answer a question with its knowledge-base topic, for the insurance the user means.

When the message names an insurance, only a topic about that insurance answers: otherwise the
user hears plainly that the bot cannot answer that yet, with the insurance's hotline. When it
names none and the answers differ by insurance, the bot asks which one, with buttons. A question
that gives the figures for the topic's calculator goes on to it.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.calculate import start_form, values_in_message
from actions.records import record_turn
from actions.tracker import (
    KB,
    current_topic,
    insurance_in_message,
    latest_intent,
    user_language,
    user_region,
    utter,
)
from social_insurance.intents import INFORM_INSURANCE_TYPE
from social_insurance.lookup import (
    NeedsInsuranceType,
    NotCovered,
    calculator_for_topic,
    find_topic,
    intent_for_insurance_type,
)
from social_insurance.render import (
    Reply,
    render_insurance_question,
    render_message,
    render_not_covered,
    render_topic,
)


class ActionAnswerTopic(Action):
    def name(self) -> str:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        language = user_language(tracker)
        named, qualified = insurance_in_message(tracker)
        remembered = qualified or tracker.get_slot("insurance_type")
        intent = self._question(tracker, named or qualified)
        found = find_topic(KB, intent, named, remembered) if intent else None
        events: List[Dict[str, Any]] = [SlotSet("language", language)]

        if isinstance(found, NeedsInsuranceType):
            utter(dispatcher, render_insurance_question(KB, found.intent, found.options, language))
            await record_turn(tracker, "clarified", language, intent=found.intent)
            return [*events, SlotSet("pending_intent", found.intent)]
        if isinstance(found, NotCovered):
            # No reliable answer for that insurance: a question the knowledge base should grow to.
            utter(dispatcher, render_not_covered(KB, found.insurance, language))
            await record_turn(tracker, "fallback", language, intent=intent)
            return [*events, SlotSet("pending_intent", None)]
        if found is None:
            utter(dispatcher, render_message(KB, "clarify_topic", language, with_menu=True))
            await record_turn(tracker, "clarified", language)
            return events
        await record_turn(tracker, "answered", language, found.id, intent)
        reply = render_topic(KB, found, language, user_region(tracker))
        events.extend([SlotSet("topic", found.id), SlotSet("pending_intent", None)])
        calculator = calculator_for_topic(KB, found)
        text = (tracker.latest_message or {}).get("text") or ""
        if calculator is not None and values_in_message(calculator, text):
            # "我85年的女的几岁退休": the rule, then straight on to the calculator with what the
            # question gave; its question, not the follow-up buttons, is what the user answers.
            utter(dispatcher, Reply(reply.text))
            return [*events, start_form(calculator)]
        utter(dispatcher, reply)
        return events

    @staticmethod
    def _question(tracker: Tracker, named: str | None) -> str | None:
        """The question being answered; a bare insurance type answers the open question.

        Without an open question, the type re-asks the current topic's question ("那养老保险
        呢？" after a medical answer), or else the first question about that type.
        """
        intent = latest_intent(tracker)
        if intent != INFORM_INSURANCE_TYPE:
            return intent
        pending = tracker.get_slot("pending_intent")
        if pending:
            return pending
        topic = current_topic(tracker)
        if topic:
            return topic.intents[0]
        return intent_for_insurance_type(KB, named) if named else None
