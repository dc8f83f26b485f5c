"""The NLU entity extractor finds insurance types, places, laws and article numbers in raw
messages."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu_components.knowledge_entity_extractor import KnowledgeEntityExtractor


@pytest.fixture(scope="module")
def extractor() -> KnowledgeEntityExtractor:
    return KnowledgeEntityExtractor.create({}, None, None, None)


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
        (
            "社会保险法第63条",
            [("law", "social_insurance_law", "社会保险法"), ("article", "63", "第63条")],
        ),
        (
            "劳动合同法第四十六条说什么",
            [("law", "labour_contract_law", "劳动合同法"), ("article", "46", "第四十六条")],
        ),
        (
            "Article 27 of the labor arbitration law",
            [
                ("law", "labour_dispute_law", "labor arbitration law"),
                ("article", "27", "Article 27"),
            ],
        ),
        ("What does Article 86 say?", [("article", "86", "Article 86")]),
    ],
)
def test_entities(extractor, text, expected):
    assert entities(extractor, text) == expected
