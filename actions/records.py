"""What the action server records for the maintainers (`insights.records`): how each question
was answered, the questions it could not answer, and the users' ratings.

Each write runs in a thread: a database that is slow or busy (SQLite waits out another process's
write) must not hold up the other conversations this process is answering. The recorder logs and
swallows a database error, so recording never stops an answer.
"""

from __future__ import annotations

import asyncio
from typing import Callable, Literal, TypeVar

from rasa_sdk import Tracker

from actions.tracker import latest_intent
from insights.records import Recorder, default_recorder
from social_insurance.intents import NLU_FALLBACK

# answered: a topic, a follow-up or a calculator's result; clarified: the bot asked back (which
# insurance, which topic); fallback: it could not answer (also kept as an unanswered question).
Outcome = Literal["answered", "clarified", "fallback"]

T = TypeVar("T")


async def record(write: Callable[[Recorder], T]) -> T:
    """`write` with this process's recorder, in a thread."""
    return await asyncio.to_thread(write, default_recorder())


async def record_turn(
    tracker: Tracker,
    outcome: Outcome,
    language: str,
    topic: str | None = None,
    intent: str | None = None,
) -> None:
    """This turn's outcome, for the question NLU read (or `intent`); a question that could not be
    answered is also kept, masked, as an unanswered question for whoever extends the base."""
    asked = intent or latest_intent(tracker) or NLU_FALLBACK
    text = (tracker.latest_message or {}).get("text") or ""

    def write(recorder: Recorder) -> None:
        recorder.turn(outcome, language, topic, asked)
        if outcome == "fallback":
            recorder.unanswered(text, asked, language)

    await record(write)
