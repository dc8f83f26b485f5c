"""The NLU entity extractor finds insurance types, places and article numbers in raw messages."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu_components.knowledge_entity_extractor import KnowledgeEntityExtractor
from tests.conftest import KNOWLEDGE_DIR


@pytest.fixture(scope="module")
def extractor() -> KnowledgeEntityExtractor:
    config = {"knowledge_dir": str(KNOWLEDGE_DIR)}
    return KnowledgeEntityExtractor.create(config, None, None, None)


def entities(extractor, text):
    [message] = extractor.process([Message(data={"text": text})])
    return [
        (e["entity"], e["value"], text[e["start"] : e["end"]]) for e in message.get("entities", [])
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("职工医保可以补缴吗", [("insurance_type", "employee_medical", "职工医保")]),
        ("城乡居民医保能退吗", [("insurance_type", "resident_medical", "城乡居民医保")]),
        ("the resident one", [("insurance_type", "resident_medical", "resident")]),
        ("ask the president", []),
        ("我在深圳，公司不给交社保怎么办", [("region", "guangdong-shenzhen", "深圳")]),
        ("I'm in Chengdu", [("region", "sichuan-chengdu", "Chengdu")]),
        ("第六十二条说的是什么", [("article", "62", "第六十二条")]),
        ("社会保险法第63条", [("article", "63", "第63条")]),
        ("What does Article 86 say?", [("article", "86", "Article 86")]),
    ],
)
def test_entities(extractor, text, expected):
    assert entities(extractor, text) == expected
