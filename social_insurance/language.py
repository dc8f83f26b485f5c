"""Which language to answer in: the one rule every channel and action follows.

Chinese first, English second. The words of the message decide; a message without words (a
button payload such as "/greet", digits, emoji) keeps the language the page announced, else
the one the conversation has been in, else Chinese.
"""

from __future__ import annotations

import re

from social_insurance.schema import LANGUAGES

DEFAULT_LANGUAGE = "zh"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def known_language(value: object) -> str | None:
    """`value` if it is a language the knowledge base is written in, else None."""
    return value if isinstance(value, str) and value in LANGUAGES else None


def choose_language(text: str | None, announced: object = None, conversation: object = None) -> str:
    """The language to answer `text` in.

    `announced` is what the page says it is in (the web widget's `customData.language`),
    `conversation` the language of the conversation so far; either may be missing or bogus.
    """
    return detect_language(text, known_language(announced) or known_language(conversation))


def detect_language(text: str | None, fallback: str | None = None) -> str:
    """Any Han character makes a message Chinese ("我的social insurance没交" is Chinese)."""
    text = text or ""
    if text.startswith("/"):
        return fallback or DEFAULT_LANGUAGE
    if _HAN.search(text):
        return "zh"
    if _LATIN.search(text):
        return "en"
    return fallback or DEFAULT_LANGUAGE
