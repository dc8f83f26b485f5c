"""Why an answer did not help: the reasons offered after 没帮助, and what the user's reply means.

The reasons come as buttons whose payload is the label itself, so clicking 看不懂 and typing it
are the same message. Any other words are the reason "other" with those words as the comment:
maintainers read comments (the console), so they are masked here, before they reach a slot or
a record, and cut to `MAX_COMMENT` characters after masking, so half a number cannot slip past.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict

from social_insurance.privacy import mask_personal_data
from social_insurance.schema import LANGUAGES, KnowledgeBase, MessageKey

# Each reason's code, as the ratings record it, and the message that is its button's label.
REASONS: Dict[str, MessageKey] = {
    "inaccurate": "reason_inaccurate",
    "incomplete": "reason_incomplete",
    "unclear": "reason_unclear",
    "other": "reason_other",
}
OTHER = "other"
MAX_COMMENT = 200

# Outer blanks and punctuation do not change which label was typed ("看不懂。", " Other ").
_EDGES = re.compile(r"^[\s\W_]+|[\s\W_]+$")


@dataclass(frozen=True)
class Reason:
    code: str
    comment: str | None = None  # the user's own (masked) words; None when a label was chosen

    @property
    def typed(self) -> bool:
        """The user wrote something of their own rather than choosing a reason."""
        return self.comment is not None


def read_reason(kb: KnowledgeBase, text: str) -> Reason:
    """The reason a label names (in either language), else "other" with the words as comment."""
    words = _label_form(text)
    for code, label in REASONS.items():
        if any(_label_form(kb.messages.text(label, language)) == words for language in LANGUAGES):
            return Reason(code)
    return Reason(OTHER, mask_personal_data(text)[0].strip()[:MAX_COMMENT])


def _label_form(text: str) -> str:
    return _EDGES.sub("", text).casefold()
