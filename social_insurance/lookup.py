"""Find what answers a question: a topic for an intent, an article by number.

Deterministic by design: the same question and context always give the same entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Tuple

from social_insurance.schema import Article, InsuranceType, KnowledgeBase, Topic

DEFAULT_LAW = "social_insurance_law"


@dataclass(frozen=True)
class NeedsInsuranceType:
    """Several topics answer the intent and differ by insurance type: ask which one."""

    intent: str
    options: List[InsuranceType]


def find_topic(
    kb: KnowledgeBase, intent: str, insurance_type: str | None = None
) -> Topic | NeedsInsuranceType | None:
    candidates = [topic for topic in kb.topics.values() if intent in topic.intents]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    chosen = [topic for topic in candidates if topic.insurance == insurance_type]
    if chosen:
        return chosen[0]
    options = dict.fromkeys(topic.insurance for topic in candidates if topic.insurance)
    return NeedsInsuranceType(intent, [kb.insurance_types[i] for i in options])


def intent_for_insurance_type(kb: KnowledgeBase, insurance_type: str) -> str | None:
    """The question to answer for a user who names only an insurance type.

    The main menu's order decides ("职工医保" alone → can it be back-paid?), so the answer does
    not depend on which file a topic happens to live in.
    """
    intents = [item.intent for item in kb.menu]
    intents += [i for topic in kb.topics.values() for i in topic.intents if i not in intents]
    for intent in intents:
        if any(t.insurance == insurance_type and intent in t.intents for t in kb.topics.values()):
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
        for alias in insurance.aliases
    )
    aliases.update(
        (alias.lower(), ("law", law.id)) for law in kb.laws.values() for alias in law.aliases
    )
    return aliases


def find_article(kb: KnowledgeBase, number: int, law: str = DEFAULT_LAW) -> Article | None:
    for article in kb.articles.values():
        if article.law == law and article.number == number:
            return article
    return None


def numbered_articles(kb: KnowledgeBase, law: str = DEFAULT_LAW) -> List[Article]:
    articles = [a for a in kb.articles.values() if a.law == law and a.number is not None]
    return sorted(articles, key=lambda article: article.number)
