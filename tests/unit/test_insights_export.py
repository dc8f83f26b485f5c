"""insights.export: what users typed becomes YAML that reads back as exactly those texts,
in Rasa's training-data format and in the eval set's."""

from __future__ import annotations

import io

import pytest
import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from ruamel.yaml import YAML

from insights.export import eval_yaml, nlu_yaml

HOSTILE = [
    "医保卡丢了怎么办",
    "  医保卡丢了怎么办  ",  # the same once stripped
    "a: b # not a comment",
    'it\'s [my card](card_type) {"entity": 1}',
    "two\nlines\r\nand\u2028more",
    "- a dash",
    "| a pipe",
    "> a fold",
    '"quoted"',
    "%YAML 1.2",
    "@at &anchor *alias !tag `tick`",
    "yes",
    "123",
    "\x00control\x1b chars\ufffe",
    "",
    "   ",
]
EXPECTED = [
    "医保卡丢了怎么办",
    "a: b # not a comment",
    'it\'s ［my card］(card_type) {"entity": 1}',
    "two lines and more",
    "- a dash",
    "| a pipe",
    "> a fold",
    '"quoted"',
    "%YAML 1.2",
    "@at &anchor *alias !tag `tick`",
    "yes",
    "123",
    "control chars",
]


def ruamel(text: str) -> object:
    return YAML(typ="safe").load(io.StringIO(text))


def test_nlu_yaml_is_in_the_shape_of_the_training_data() -> None:
    assert nlu_yaml("ask_lost_card", ["医保卡丢了", "社保卡丢了怎么补办"]) == (
        'version: "3.1"\n'
        "nlu:\n"
        "  - intent: ask_lost_card\n"
        "    examples: |\n"
        "      - 医保卡丢了\n"
        "      - 社保卡丢了怎么补办\n"
    )


def test_nlu_yaml_reads_back_as_the_texts_in_rasa_and_both_yaml_libraries() -> None:
    exported = nlu_yaml("ask_lost_card", HOSTILE)
    document = ruamel(exported)
    assert document == yaml.safe_load(exported)
    assert document["version"] == "3.1"
    [block] = document["nlu"]
    assert block["intent"] == "ask_lost_card"
    assert block["examples"].splitlines() == [f"- {text}" for text in EXPECTED]
    training_data = RasaYAMLReader().reads(exported)
    assert [m.get("text") for m in training_data.training_examples] == EXPECTED
    assert {m.get("intent") for m in training_data.training_examples} == {"ask_lost_card"}
    assert not any(m.get("entities") for m in training_data.training_examples)


def test_eval_yaml_entries_in_the_shape_of_the_eval_set() -> None:
    assert eval_yaml("lost_card", ["医保卡丢了", "it's lost"]) == (
        "  - topic: lost_card\n"
        "    ask: '医保卡丢了'\n"
        "    must: []\n"
        "  - topic: lost_card\n"
        "    ask: 'it''s lost'\n"
        "    must: []\n"
    )


def test_eval_yaml_reads_back_as_the_texts_under_questions() -> None:
    exported = "questions:\n" + eval_yaml("lost_card", HOSTILE)
    document = ruamel(exported)
    assert document == yaml.safe_load(exported)
    assert document == {
        "questions": [{"topic": "lost_card", "ask": t, "must": []} for t in EXPECTED]
    }


@pytest.mark.parametrize("name", ["", "Ask", "ask lost", "ask:\n  - x", "1st", "ask-lost"])
def test_a_name_unlike_the_projects_is_refused(name: str) -> None:
    with pytest.raises(ValueError):
        nlu_yaml(name, ["text"])
    with pytest.raises(ValueError):
        eval_yaml(name, ["text"])


def test_nothing_left_to_export_is_refused() -> None:
    with pytest.raises(ValueError, match="no example"):
        nlu_yaml("ask_lost_card", ["", "  \n "])
