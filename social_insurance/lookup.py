"""Find what answers a question: a topic for an intent, an article by number.

Deterministic by design: the same question and context always give the same entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Tuple

from social_insurance.schema import Article, Calculator, InsuranceType, KnowledgeBase, Topic

DEFAULT_LAW = "social_insurance_law"


@dataclass(frozen=True)
class NeedsInsuranceType:
    """Several topics answer the intent and differ by insurance type: ask which one."""

    intent: str
    options: List[InsuranceType]


@dataclass(frozen=True)
class NotCovered:
    """The user named an insurance that no topic answering the intent is about.

    The answer says so and gives that insurance's hotlines: another insurance's answer, with its
    own citations, would be trusted and wrong.
    """

    intent: str
    insurance: InsuranceType


Found = Topic | NeedsInsuranceType | NotCovered | None


def find_topic(
    kb: KnowledgeBase, intent: str, named: str | None = None, remembered: str | None = None
) -> Found:
    """The topic answering `intent` for the insurance type the message `named`.

    Without one named, a general topic (no insurance) answers; else the type `remembered` from
    earlier in the conversation picks one of the insurance-specific topics if it fits one;
    otherwise the user is asked which type they mean.
    """
    candidates = [topic for topic in kb.topics.values() if intent in topic.intents]
    if not candidates:
        return None
    if named in kb.insurance_types:
        return _for_insurance(kb, intent, candidates, named) or NotCovered(
            intent, kb.insurance_types[named]
        )
    if len(candidates) == 1:
        return candidates[0]
    general = [topic for topic in candidates if topic.insurance is None]
    if general:
        return general[0]
    if remembered in kb.insurance_types:
        found = _for_insurance(kb, intent, candidates, remembered)
        if isinstance(found, Topic):
            return found
    return _choice(kb, intent, candidates)


def _for_insurance(
    kb: KnowledgeBase, intent: str, candidates: List[Topic], insurance: str
) -> Topic | NeedsInsuranceType | None:
    """Exactly that type's topic; else its members' ("医保" → ask which medical scheme); else its
    family's ("职工医保" → the medical topic); else a general topic, for social insurances."""
    exact = [t for t in candidates if t.insurance == insurance]
    if exact:
        return exact[0]
    members = [t for t in candidates if t.insurance and _parent(kb, t.insurance) == insurance]
    if len(members) == 1:
        return members[0]
    if members:
        return _choice(kb, intent, members)
    family = [t for t in candidates if t.insurance and t.insurance == _parent(kb, insurance)]
    if family:
        return family[0]
    general = [t for t in candidates if t.insurance is None]
    social = kb.insurance_types[insurance].social_insurance
    general = [t for t in general if social or insurance in t.also_covers]
    return general[0] if general else None


def _parent(kb: KnowledgeBase, insurance: str | None) -> str | None:
    return kb.insurance_types[insurance].parent if insurance else None


def _choice(kb: KnowledgeBase, intent: str, topics: List[Topic]) -> NeedsInsuranceType:
    options = dict.fromkeys(topic.insurance for topic in topics if topic.insurance)
    return NeedsInsuranceType(intent, [kb.insurance_types[i] for i in options])


def intent_for_insurance_type(kb: KnowledgeBase, insurance_type: str) -> str | None:
    """The question to answer for a user who names only an insurance type.

    The main menu's order decides ("职工医保" alone → can it be back-paid?), so the answer does
    not depend on which file a topic happens to live in.
    """
    intents = [item.intent for item in kb.menu]
    intents += [i for topic in kb.topics.values() for i in topic.intents if i not in intents]
    about = [
        t
        for t in kb.topics.values()
        if t.insurance and insurance_type in (t.insurance, _parent(kb, t.insurance))
    ]
    for intent in intents:
        if any(intent in t.intents for t in about):
            return intent
    return None


def entity_aliases(kb: KnowledgeBase) -> Dict[str, Tuple[str, str]]:
    """Words the NLU recognises, lower-cased, mapped to (entity, value)."""
    aliases = {
        alias.lower(): ("region", region.id)
        for region in kb.regions.values()
        for alias in region.aliases
    }
    aliases.update(
        (alias.lower(), ("insurance_type", insurance.id))
        for insurance in kb.insurance_types.values()
        for alias in [*insurance.aliases, *insurance.qualifiers]
    )
    aliases.update(
        (alias.lower(), ("law", law.id)) for law in kb.laws.values() for alias in law.aliases
    )
    return aliases


def names_insurance(kb: KnowledgeBase, insurance_type: str, words: str) -> bool:
    """Whether `words`, recognised as `insurance_type`, name it rather than qualify it."""
    insurance = kb.insurance_types.get(insurance_type)
    return insurance is not None and words.lower() not in {q.lower() for q in insurance.qualifiers}


def find_article(kb: KnowledgeBase, number: int, law: str = DEFAULT_LAW) -> Article | None:
    for article in kb.articles.values():
        if article.law == law and article.number == number:
            return article
    return None


def numbered_articles(kb: KnowledgeBase, law: str = DEFAULT_LAW) -> List[Article]:
    numbered = [(a.number, a) for a in kb.articles.values() if a.law == law and a.number]
    return [article for _, article in sorted(numbered, key=lambda pair: pair[0])]


def calculator_for_topic(kb: KnowledgeBase, topic: Topic) -> Calculator | None:
    """The calculator a topic's answer offers ("帮我算一算"), if any."""
    return next((c for c in kb.calculators.values() if topic.id in c.topics), None)


def calculator_for_intent(kb: KnowledgeBase, intent: str | None) -> Calculator | None:
    return next((c for c in kb.calculators.values() if c.intent == intent), None)


def question_behind_fallback(kb: KnowledgeBase, ranking: List[str]) -> str | None:
    """The topic question when NLU hesitated only between it and its own calculator.

    "公司欠了我一万块社保90天，滞纳金多少？" is both the late-fee question and a request to
    compute it; either leads to the same answer (the topic's answer goes on to its calculator),
    so hesitating between the two is no reason to ask the user what they mean.
    """
    if len(ranking) < 2:
        return None
    first, second = ranking[:2]
    for question, request in ((first, second), (second, first)):
        calculator = calculator_for_intent(kb, request)
        topics = [t for t in kb.topics.values() if question in t.intents]
        if calculator and topics and any(t.id in calculator.topics for t in topics):
            return question
    return None
