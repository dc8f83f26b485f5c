"""The intents the code names exist in domain.yml, and so does every topic's."""

from __future__ import annotations

import yaml

from social_insurance import intents
from tests.conftest import PROJECT_ROOT


def domain_intents() -> set[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return set(domain["intents"])


def test_every_intent_the_code_names_is_in_the_domain() -> None:
    assert set(intents.DOMAIN_INTENTS) <= domain_intents()
    assert intents.NLU_FALLBACK not in domain_intents()  # Rasa's own


def test_every_domain_intent_is_answered_by_a_topic_or_named_by_the_code(kb) -> None:
    answered = {intent for topic in kb.topics.values() for intent in topic.intents}
    assert domain_intents() == answered | set(intents.DOMAIN_INTENTS)
