"""Full-width digits ("１２３", typed with a Chinese input method) as the ASCII digits they mean.

One table for every place that reads numbers users type: masking personal numbers and picking a
numbered option in WeChat.
"""

from __future__ import annotations

_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def ascii_digits(text: str) -> str:
    return text.translate(_ASCII_DIGITS)
