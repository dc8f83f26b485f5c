"""Write the maintainers' records: each answered turn, each rating, each unanswered question.

The action server records as it answers. Texts are masked again before they are stored (the
Rasa server's guard has masked them already; masking twice costs microseconds) and cut to the
columns' lengths after masking, so a number cut in half cannot slip past the mask. A rating
stores the rater's pseudonym, never the sender id.

Recording must never stop an answer: a database error (the database down, the tables not yet
migrated) is logged, without the text, and the answer goes on. A value outside the codes in
insights/tables.py is a bug in the caller and raises ValueError.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime
from typing import Callable

import sqlalchemy as sa

from insights.database import engine
from insights.pseudonym import pseudonym
from insights.tables import (
    MAX_COMMENT,
    MAX_TEXT,
    OUTCOMES,
    REASONS,
    ratings,
    turns,
    unanswered,
    utc_now,
)
from social_insurance.privacy import mask_personal_data
from social_insurance.schema import LANGUAGES

logger = logging.getLogger(__name__)


def _masked(text: str, length: int) -> str:
    return mask_personal_data(text)[0].strip()[:length]


def _check(value: str | None, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of {', '.join(allowed)}")


class Recorder:
    """Writes the records to the database of `engine`; `clock` gives the time of each."""

    def __init__(self, engine: sa.engine.Engine, clock: Callable[[], datetime] = utc_now):
        self.engine = engine
        self.clock = clock

    def turn(
        self, outcome: str, language: str, topic: str | None = None, intent: str | None = None
    ) -> None:
        """A bot turn that answered a question, asked back which one, or could not answer."""
        _check(outcome, OUTCOMES, "outcome")
        _check(language, LANGUAGES, "language")
        row = {"time": self.clock(), "language": language, "outcome": outcome}
        self._insert(turns, {**row, "topic": topic, "intent": intent})

    def rating(
        self, *, topic: str, language: str, helpful: bool, question: str, sender_id: str
    ) -> int | None:
        """有帮助 / 没帮助 on the answer about `topic` to `question`; the rating's id (None if
        the database failed), for the reason that may follow."""
        _check(language, LANGUAGES, "language")
        row = {
            "time": self.clock(),
            "topic": topic,
            "language": language,
            "helpful": helpful,
            "question": _masked(question, MAX_TEXT),
            "rater": pseudonym(sender_id),
        }
        return self._insert(ratings, row)

    def reason(self, rating_id: int, reason: str | None, comment: str | None) -> None:
        """Why the answer did not help (a code of REASONS), and the user's own words if any."""
        if reason is not None:
            _check(reason, REASONS, "reason")
        masked = _masked(comment, MAX_COMMENT) if comment else ""
        update = ratings.update().where(ratings.c.id == rating_id)
        self._write("reason", update.values(reason=reason, comment=masked or None))

    def unanswered(self, text: str, intent: str, language: str) -> None:
        """A question the bot could not answer, as NLU understood it (`intent`)."""
        _check(language, LANGUAGES, "language")
        row = {"time": self.clock(), "language": language, "intent": intent}
        self._insert(unanswered, {**row, "text": _masked(text, MAX_TEXT)})

    def _insert(self, table: sa.Table, row: dict[str, object]) -> int | None:
        result = self._write(table.name, table.insert().values(**row))
        return None if result is None else int(result.inserted_primary_key[0])

    def _write(self, what: str, statement: sa.sql.Executable) -> sa.engine.CursorResult | None:
        try:
            with self.engine.begin() as connection:
                return connection.execute(statement)
        except sa.exc.SQLAlchemyError as error:
            # The error's own message quotes the statement's parameters: the user's text.
            logger.error(
                "insights: could not record a row of %s (%s; are the tables migrated? "
                "python -m insights migrate)",
                what,
                type(error).__name__,
            )
            return None


@functools.cache
def default_recorder() -> Recorder:
    """The recorder of this process, on `database_url()`'s database."""
    return Recorder(engine())
