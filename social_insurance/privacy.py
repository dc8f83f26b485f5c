"""Mask personal numbers in a user's message before anything stores or logs it.

Every input channel calls `mask_personal_data` on the raw text, so the tracker store, the logs
and any record of unanswered questions only ever see the masked text. A mistyped number is
still personal data, so shape alone decides (no checksum), and grouping with spaces or dashes
("138 1234 5678", "6222-0212-3456-7890") is caught too, and so are full-width digits typed with
a Chinese input method (turned into ASCII digits first).
"""

from __future__ import annotations

import re
from typing import List, Tuple

from social_insurance.digits import ascii_digits

MASK = "***"

# Longest shapes first: an 18-character ID card also has a bank card's length.
_PATTERNS = (
    # ID card: 6-digit region, 8-digit birth date, 3-digit sequence, check digit or X.
    ("id_card", re.compile(r"(?<!\d)\d{6}[ -]?\d{8}[ -]?\d{3}[\dXxＸｘ](?![\dA-Za-z])")),
    # Bank card: 16 to 19 digits, optionally in groups.
    ("bank_card", re.compile(r"(?<!\d)\d(?:[ -]?\d){15,18}(?!\d)")),
    # Mainland mobile: 1[3-9] and nine digits, optionally +86 and grouped 3-4-4.
    ("mobile", re.compile(r"(?<!\d)(?:(?:\+|00)?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)")),
)


def mask_personal_data(text: str) -> Tuple[str, Tuple[str, ...]]:
    """The text with ID-card, bank-card and mobile numbers replaced by `***`, and the kinds found.

    The kinds ("id_card", "bank_card", "mobile") come back in that order; an empty tuple means
    nothing was masked.
    """
    found: List[str] = []
    text = ascii_digits(text)
    for kind, pattern in _PATTERNS:
        text, count = pattern.subn(MASK, text)
        if count:
            found.append(kind)
    return text, tuple(found)
