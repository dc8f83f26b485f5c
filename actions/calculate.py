"""The calculators as Rasa forms (`<id>_form`): one validation action per form reads each answer
and asks the next question; `action_calculate` answers when the form ends.

The forms' slots have custom mappings: the validation action reads the whole message with the
core's readers, so one message can fill several values ("公司欠了我一万块社保三个月"), and a
question that holds values for a topic's calculator starts its form (see answer_topic).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.records import record_turn
from actions.tracker import (
    KB,
    confident_intent,
    current_topic,
    latest_intent,
    user_language,
    user_region,
    utter,
)
from social_insurance import intents
from social_insurance.calculators import calculate
from social_insurance.calculators.form import Reading, next_field, read_message
from social_insurance.calculators.render import render_calculation, render_question
from social_insurance.lookup import calculator_for_topic
from social_insurance.render import Button, Reply, intent_payload
from social_insurance.schema import Calculator

REQUESTED_SLOT = "requested_slot"
CALCULATOR_MESSAGES = KB.calculator_messages

# Answers NLU may be sure of that are still no question of their own.
_ANSWERS = {intents.NLU_FALLBACK, intents.INFORM_INSURANCE_TYPE, intents.INFORM_REGION}


def values_in_message(calculator: Calculator, text: str) -> Dict[str, Any]:
    """What a question gives the calculator beyond a choice ("85年", "一万块", "3月5日")."""
    reading = read_message(calculator, CALCULATOR_MESSAGES, {}, text, None, date.today())
    kinds = {f.slot: f.kind for f in calculator.fields}
    return {s: v for s, v in reading.values.items() if kinds[s] != "choice"}


def start_form(calculator: Calculator) -> EventType:
    return FollowupAction(calculator.form)


class ValidateCalculatorForm(Action, ABC):
    """Reads the answers for one calculator's form; each subclass names its calculator."""

    @property
    @abstractmethod
    def calculator_id(self) -> str: ...

    def name(self) -> str:
        return f"validate_{self.calculator_id}_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        calculator = KB.calculators[self.calculator_id]
        language = user_language(tracker)
        events: List[Dict[str, Any]] = [SlotSet("language", language)]
        if latest_intent(tracker) == intents.STOP:
            return [*events, SlotSet(REQUESTED_SLOT, None), ActiveLoop(None)]
        asked = tracker.get_slot(REQUESTED_SLOT)
        if asked is None:  # activation: values left from an earlier, abandoned form do not count
            known: Dict[str, Any] = {}
            events.extend(SlotSet(f.slot, None) for f in calculator.fields)
            # Follow-ups ("法律依据是什么") are about the calculator's topic from now on.
            events += [SlotSet("topic", calculator.topics[0]), SlotSet("calculator", calculator.id)]
        else:
            known = {f.slot: tracker.get_slot(f.slot) for f in calculator.fields}
        text = (tracker.latest_message or {}).get("text") or ""
        reading = read_message(calculator, CALCULATOR_MESSAGES, known, text, asked, date.today())
        if _other_question(tracker, reading):
            # No figure at all: Rasa rejects the form, the question's own rule answers it, and
            # the form, still active, reads the user's next message.
            return []
        values = {**known, **reading.values}
        events.extend(SlotSet(slot, value) for slot, value in reading.values.items())
        following = next_field(calculator, values)
        if following is None:
            return [*events, SlotSet(REQUESTED_SLOT, None)]
        # The rule comes first when the form starts, unless the topic's answer just gave it.
        introduce = asked is None and not _after_topic_answer(tracker)
        question = render_question(
            KB, calculator, following, values, language, reading.problem, introduce
        )
        utter(dispatcher, question)
        return [*events, SlotSet(REQUESTED_SLOT, following.slot)]


def _after_topic_answer(tracker: Tracker) -> bool:
    """The topic's answer was given this turn (a question with figures goes on to its form)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == "action_answer_topic":
            return True
    return False


def _other_question(tracker: Tracker, reading: Reading) -> bool:
    """The message holds no figure at all and NLU is sure it is another question (the form
    steps aside for that question's rule and stays active, for the next answer)."""
    if reading.values or reading.problem is None or reading.problem.message != "not_understood":
        return False
    intent = confident_intent(tracker)
    return intent is not None and intent not in _ANSWERS


class ValidateLateFeeForm(ValidateCalculatorForm):
    calculator_id = "late_fee"


class ValidateCompensationForm(ValidateCalculatorForm):
    calculator_id = "compensation"


class ValidateDeadlineForm(ValidateCalculatorForm):
    calculator_id = "deadline"


class ValidateRetirementForm(ValidateCalculatorForm):
    calculator_id = "retirement"


class ValidateUnemploymentForm(ValidateCalculatorForm):
    calculator_id = "unemployment"


class ActionCalculate(Action):
    """The form has ended: the result when every value is in, else the user stopped it."""

    def name(self) -> str:
        return "action_calculate"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        language = user_language(tracker)
        calculator = KB.calculators.get(tracker.get_slot("calculator") or "")
        events: List[Dict[str, Any]] = [SlotSet("language", language), SlotSet("calculator", None)]
        if calculator is None:
            return events
        values = {f.slot: tracker.get_slot(f.slot) for f in calculator.fields}
        # The values are personal (a wage, a birth month): they leave the slots with the result.
        events.extend(SlotSet(f.slot, None) for f in calculator.fields)
        if next_field(calculator, values) is not None:
            utter(dispatcher, Reply(CALCULATOR_MESSAGES.stopped.get(language)))
            return events
        calculation = calculate(calculator, values, date.today())
        utter(
            dispatcher,
            render_calculation(KB, calculator, calculation, language, user_region(tracker)),
        )
        await record_turn(tracker, "answered", language, calculator.topics[0], calculator.intent)
        return [*events, SlotSet("topic", calculator.topics[0])]


class ActionStartCalculator(Action):
    """ "帮我算一算": the current topic's calculator, else a choice of all of them."""

    def name(self) -> str:
        return "action_start_calculator"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        language = user_language(tracker)
        topic = current_topic(tracker)
        calculator = calculator_for_topic(KB, topic) if topic else None
        if calculator is not None:
            return [SlotSet("language", language), start_form(calculator)]
        buttons = [
            Button(c.title.get(language), intent_payload(c.intent)) for c in KB.calculators.values()
        ]
        utter(dispatcher, Reply(CALCULATOR_MESSAGES.which_calculator.get(language), buttons))
        await record_turn(tracker, "clarified", language)
        return [SlotSet("language", language)]
