"""The held-out NLU set stays held out, and every intent has its rule and its examples."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Set

import yaml

from tests.conftest import PROJECT_ROOT


def examples(path: Path) -> Dict[str, Set[str]]:
    by_intent: Dict[str, Set[str]] = {}
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        lines = (line.strip()[2:].strip() for line in block["examples"].splitlines())
        by_intent.setdefault(block["intent"], set()).update(line for line in lines if line)
    return by_intent


def normalise(text: str) -> str:
    return re.sub(r"[\s?？!！。，,.;；]", "", text.lower())


def examples_in(directory: Path) -> Dict[str, Set[str]]:
    """Every file's examples in `directory`, merged by intent."""
    merged: Dict[str, Set[str]] = {}
    for path in sorted(directory.glob("*.yml")):
        for intent, found in examples(path).items():
            merged.setdefault(intent, set()).update(found)
    return merged


def training_examples() -> Dict[str, Set[str]]:
    return examples_in(PROJECT_ROOT / "data" / "nlu")


def is_chinese(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def held_out_examples() -> Dict[str, Set[str]]:
    return examples_in(PROJECT_ROOT / "tests" / "nlu")


def eval_questions() -> Set[str]:
    asked = set()
    for path in (PROJECT_ROOT / "tests" / "eval").glob("*.yml"):
        for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            asked.update([question["ask"], *question.get("setup", [])])
    return asked


def test_held_out_messages_are_never_training_examples():
    training = {normalise(e) for found in training_examples().values() for e in found}
    held_out = held_out_examples()
    leaked = [e for found in held_out.values() for e in found if normalise(e) in training]
    assert leaked == []


def test_answer_quality_questions_are_never_training_examples():
    training = {normalise(e) for found in training_examples().values() for e in found}
    # Short follow-ups and bare insurance names ("职工医保", "法律依据是什么") may repeat.
    leaked = [q for q in eval_questions() if len(normalise(q)) > 8 and normalise(q) in training]
    assert leaked == []


def test_held_out_set_size():
    held_out = [e for found in held_out_examples().values() for e in found]
    assert sum(map(is_chinese, held_out)) >= 150
    assert sum(not is_chinese(e) for e in held_out) >= 60


def test_every_topic_intent_has_held_out_messages_in_both_languages(kb):
    held_out = held_out_examples()
    for intent in {i for topic in kb.topics.values() for i in topic.intents}:
        found = held_out.get(intent, set())
        assert sum(map(is_chinese, found)) >= 8, intent
        assert sum(not is_chinese(e) for e in found) >= 4, intent


def test_every_intent_has_enough_examples_in_both_languages():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    training = training_examples()
    for intent in domain["intents"]:
        found = training.get(intent, set())
        assert sum(map(is_chinese, found)) >= 32, intent
        assert sum(not is_chinese(e) for e in found) >= 16, intent


def test_every_topic_intent_is_in_the_domain_and_has_a_rule(kb):
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    rule_intents = set()
    for path in (PROJECT_ROOT / "data" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            rule_intents.update(step["intent"] for step in rule["steps"] if "intent" in step)
    for topic in kb.topics.values():
        for intent in topic.intents:
            assert intent in domain["intents"], (topic.id, intent)
            assert intent in rule_intents, (topic.id, intent)
    assert set(domain["intents"]) <= rule_intents
