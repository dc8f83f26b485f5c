"""Turn Rasa's bot messages into WeChat texts, and a typed option number back into its payload.

WeChat text messages have no buttons and at most 2048 bytes of UTF-8. Buttons become numbered
lines ("1. 职工医保"); the user answers with the number, and `selected_payload` maps it back to
the button's payload, so the conversation goes on exactly as if the button had been clicked.
The rating buttons under an answer are numbered after its own options, on one short line
("3. 有帮助　4. 没帮助"), so the follow-ups keep their numbers and the answer stays short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Sequence

from social_insurance.digits import ascii_digits
from social_insurance.render import is_rating_payload

MAX_TEXT_BYTES = 2048
# Between the options that share one line (an ideographic space, as Chinese text spaces).
_SAME_LINE = "\u3000"

# Where a long text may be cut, best first: paragraphs, lines, sentence ends, clause breaks.
_BREAKS = (
    re.compile(r"\n\n"),
    re.compile(r"\n"),
    re.compile(r"[。！？!?；;]|\.(?=\s)"),
    re.compile(r"[，,、：:]|\s"),
)


@dataclass
class Reply:
    """What one Rasa turn says, as WeChat texts, and the payloads its numbered options stand for."""

    texts: List[str] = field(default_factory=list)
    options: List[str] = field(default_factory=list)


def render(messages: Sequence[Dict[str, Any]]) -> Reply:
    """The texts (each ≤ 2048 bytes) and options of a turn's bot messages.

    Options are numbered across the whole turn; the last message with buttons wins, as it
    is the question the user is being asked.
    """
    parts: List[str] = []
    options: List[str] = []
    for message in messages:
        text = (message.get("text") or "").strip()
        buttons = message.get("buttons") or []
        if buttons:
            listed = [b for b in buttons if not is_rating_payload(_payload(b))]
            ratings = [b for b in buttons if is_rating_payload(_payload(b))]
            options = [_payload(button) for button in listed + ratings]
            lines = [f"{n}. {button.get('title', '')}" for n, button in enumerate(listed, 1)]
            if ratings:
                numbered = enumerate(ratings, len(listed) + 1)
                lines.append(_SAME_LINE.join(f"{n}. {b.get('title', '')}" for n, b in numbered))
            text = "\n".join(filter(None, [text, *lines]))
        if text:
            parts.append(text)
    return Reply(split_text("\n\n".join(parts)), options)


def _payload(button: Dict[str, Any]) -> str:
    return str(button.get("payload") or button.get("title"))


def selected_payload(text: str, options: Sequence[str]) -> str | None:
    """The payload of option `text` ("1", "２", " 3 ") if it is just an option's number."""
    number = ascii_digits(text.strip())
    if number.isascii() and number.isdigit() and 1 <= int(number) <= len(options):
        return options[int(number) - 1]
    return None


def split_text(text: str, limit: int = MAX_TEXT_BYTES) -> List[str]:
    """Pieces of at most `limit` UTF-8 bytes, cut at the best boundary that fits."""
    pieces: List[str] = []
    text = text.strip()
    while len(text.encode("utf-8")) > limit:
        head = _longest_prefix(text, limit)
        cut = _best_cut(head)
        pieces.append(text[:cut].rstrip())
        text = text[cut:].strip()
    if text:
        pieces.append(text)
    return pieces


def fits(text: str, limit: int = MAX_TEXT_BYTES) -> bool:
    return len(text.encode("utf-8")) <= limit


def _longest_prefix(text: str, limit: int) -> str:
    """The longest prefix within `limit` bytes, never splitting a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def _best_cut(head: str) -> int:
    # A boundary in the first third would make a uselessly short message; cut hard instead.
    minimum = len(head) // 3
    for pattern in _BREAKS:
        ends = [match.end() for match in pattern.finditer(head) if match.end() > minimum]
        if ends:
            return ends[-1]
    return len(head)
