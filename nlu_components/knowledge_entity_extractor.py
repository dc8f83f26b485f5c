"""Extract the entities the answers depend on, using the knowledge base as the dictionary.

Insurance types, places and laws are recognised by the aliases listed in
`data/knowledge/insurance_types.yml`, `regions.yml` and `laws.yml`, so the words the bot
understands and the entries it answers from cannot drift apart.
Article numbers are recognised in Arabic or Chinese numerals ("第62条", "第六十二条",
"Article 62"). Matching is deterministic; no training data needs entity annotations.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Tuple

import cn2an
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from social_insurance import default_knowledge_base
from social_insurance.lookup import entity_aliases

ARTICLE = "article"

_CHINESE_NUMBER = "[零〇一二两三四五六七八九十百]+"
_ARTICLE_PATTERNS = [
    re.compile(rf"第\s*(\d+|{_CHINESE_NUMBER})\s*条"),
    re.compile(rf"(\d+|{_CHINESE_NUMBER})\s*条"),
    re.compile(r"\b(?:article|art\.?)\s*(\d+)\b", re.IGNORECASE),
]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class KnowledgeEntityExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KnowledgeEntityExtractor:
        # The knowledge base the action server answers from (`KNOWLEDGE_DIR`, else the project's),
        # so the words understood and the entries answered from are the same.
        return cls(config, entity_aliases(default_knowledge_base()))

    def __init__(self, config: Dict[str, Any], aliases: Dict[str, Tuple[str, str]]) -> None:
        self._config = config
        self._aliases = aliases
        # Longest alias first, so "城乡居民医保" wins over "居民"; Latin aliases only match
        # whole words, so "resident" does not fire inside "president".
        alternatives = (
            rf"\b{re.escape(a)}\b" if a.isascii() else re.escape(a)
            for a in sorted(aliases, key=len, reverse=True)
        )
        self._alias_pattern = re.compile("|".join(alternatives), re.IGNORECASE)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            found = self._aliases_in(text) + self._articles(text)
            if found:
                entities = message.get(ENTITIES, []) + self.add_extractor_name(found)
                message.set(ENTITIES, entities, add_to_output=True)
        return messages

    def _aliases_in(self, text: str) -> List[Dict[str, Any]]:
        return [
            _entity(*self._aliases[m.group().lower()], m.start(), m.end())
            for m in self._alias_pattern.finditer(text)
        ]

    @staticmethod
    def _articles(text: str) -> List[Dict[str, Any]]:
        for pattern in _ARTICLE_PATTERNS:
            match = pattern.search(text)
            number = _to_int(match.group(1)) if match else None
            if match and number:
                return [_entity(ARTICLE, str(number), match.start(), match.end())]
        return []


def _to_int(numeral: str) -> int | None:
    try:
        return int(cn2an.cn2an(numeral, "smart"))
    except ValueError:
        return None


def _entity(entity: str, value: str, start: int, end: int) -> Dict[str, Any]:
    return {
        ENTITY_ATTRIBUTE_TYPE: entity,
        ENTITY_ATTRIBUTE_VALUE: value,
        ENTITY_ATTRIBUTE_START: start,
        ENTITY_ATTRIBUTE_END: end,
    }
