"""Questions the bot could not answer, as YAML to paste into the training data or the eval set.

`nlu_yaml` gives a file in the shape of data/nlu/*.yml, `eval_yaml` entries in the shape of
tests/eval/questions.yml. The texts come from users, so each is made safe first: one line
(line breaks and runs of spaces become one space), only characters YAML may hold, and no
square brackets (in Rasa's training data `[text](entity)` marks an entity; full-width brackets
read the same and mark nothing). Empty and repeated texts are left out.
"""

from __future__ import annotations

import re
from typing import Iterable

# Intent names and topic ids as the project writes them (domain.yml, data/knowledge/).
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_BRACKETS = str.maketrans({"[": "［", "]": "］"})


def nlu_yaml(intent: str, examples: Iterable[str]) -> str:
    """NLU training data: `examples` as examples of `intent`."""
    lines = [f"      - {text}\n" for text in _safe_texts(examples)]
    header = f'version: "3.1"\nnlu:\n  - intent: {_checked_name(intent)}\n    examples: |\n'
    return header + "".join(lines)


def eval_yaml(topic: str, examples: Iterable[str]) -> str:
    """Answer-quality entries, one per example, asking it and expecting `topic`'s answer
    (`must` is left for the maintainer to fill in)."""
    name = _checked_name(topic)
    return "".join(
        f"  - topic: {name}\n    ask: {_single_quoted(text)}\n    must: []\n"
        for text in _safe_texts(examples)
    )


def _checked_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a name like ask_backpay (a-z, 0-9, _)")
    return name


def _safe_texts(examples: Iterable[str]) -> list[str]:
    texts = dict.fromkeys(_one_line(text).translate(_BRACKETS) for text in examples)
    safe = [text for text in texts if text]
    if not safe:
        raise ValueError("no example left to export")
    return safe


def _one_line(text: str) -> str:
    printable = "".join(c if _yaml_printable(c) else " " for c in text)
    return " ".join(printable.split())


def _yaml_printable(character: str) -> bool:
    """YAML's printable characters (its c-printable production), less tab and line breaks."""
    code = ord(character)
    return (
        0x20 <= code <= 0x7E
        or code == 0x85
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
