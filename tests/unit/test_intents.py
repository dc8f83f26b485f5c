"""The intents the code names exist in domain.yml, and so does every topic's and calculator's;
each calculator has its form, slots and actions there, and its rules."""

from __future__ import annotations

import yaml

from social_insurance import intents
from tests.conftest import PROJECT_ROOT


def domain() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


def domain_intents() -> set[str]:
    return set(domain()["intents"])


def test_every_intent_the_code_names_is_in_the_domain() -> None:
    assert set(intents.DOMAIN_INTENTS) <= domain_intents()
    assert intents.NLU_FALLBACK not in domain_intents()  # Rasa's own


def test_every_domain_intent_is_answered_by_a_topic_a_calculator_or_named_by_the_code(kb) -> None:
    answered = {intent for topic in kb.topics.values() for intent in topic.intents}
    calculated = {calculator.intent for calculator in kb.calculators.values()}
    assert domain_intents() == answered | calculated | set(intents.DOMAIN_INTENTS)


def test_every_calculator_has_its_form_slots_actions_and_rules(kb) -> None:
    declared = domain()
    rules = yaml.safe_load(
        (PROJECT_ROOT / "data/rules/calculators.yml").read_text(encoding="utf-8")
    )
    steps = [step for rule in rules["rules"] for step in rule["steps"]]
    for calculator in kb.calculators.values():
        slots = [field.slot for field in calculator.fields]
        assert declared["forms"][calculator.form]["required_slots"] == slots
        assert all(declared["slots"][slot]["mappings"] == [{"type": "custom"}] for slot in slots)
        assert f"validate_{calculator.form}" in declared["actions"]
        assert {"intent": calculator.intent} in steps and {"action": calculator.form} in steps
