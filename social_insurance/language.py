"""Which language to answer in: Chinese text gets Chinese, other text gets English."""

from __future__ import annotations

import re

DEFAULT_LANGUAGE = "zh"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str | None, fallback: str | None = None) -> str:
    """Any Han character makes a message Chinese ("我的social insurance没交" is Chinese).

    A message with neither Han nor Latin letters (a button payload such as "/greet", digits,
    emoji) says nothing about the language, so the conversation keeps the one it had.
    """
    text = text or ""
    if text.startswith("/"):
        return fallback or DEFAULT_LANGUAGE
    if _HAN.search(text):
        return "zh"
    if _LATIN.search(text):
        return "en"
    return fallback or DEFAULT_LANGUAGE
