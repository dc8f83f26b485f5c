"""A calculator's conversation: what to ask next, and which values a message gives.

A message may answer more than was asked ("公司欠了我一万块社保三个月" gives the amount and the
period at once), so every missing value is looked for in it. A number without a unit is taken
only as the answer to the question just asked, or when a cue word says what it is ("工资8000").
An answer that cannot be the value asked for is refused with the reason, to be asked again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Dict, List, Set

from dateutil.relativedelta import relativedelta

from social_insurance.calculators.calculation import UNKNOWN, Length, Money, Value
from social_insurance.calculators.parse import (
    MoneyMention,
    TimeMention,
    bare_number,
    contains_any,
    money_mentions,
    time_mentions,
)
from social_insurance.schema import Calculator, CalculatorField, CalculatorMessages


@dataclass(frozen=True)
class Problem:
    """Why an answer was not taken: a key of `calculator_messages`, with its values."""

    message: str
    values: Dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class Reading:
    values: Dict[str, Any]  # the slots the message fills, as stored in the Rasa slots
    problem: Problem | None = None  # about the value that was asked for


def is_filled(field: CalculatorField, value: Any) -> bool:
    """A birth year without its month ("85年") is kept, but the month is still to be asked."""
    if value is None:
        return False
    return not (field.kind == "month" and len(str(value)) == 4)


def next_field(calculator: Calculator, values: Dict[str, Any]) -> CalculatorField | None:
    """The first value still missing, skipping those not needed ("当地平均工资" only for a high
    wage)."""
    for candidate in calculator.fields:
        condition = candidate.ask_only_if
        if condition is not None:
            other = values.get(condition.slot)
            if other is None or Decimal(str(other)) <= Decimal(str(condition.above)):
                continue
        if not is_filled(candidate, values.get(candidate.slot)):
            return candidate
    return None


def read_message(
    calculator: Calculator,
    messages: CalculatorMessages,
    known: Dict[str, Any],
    text: str,
    asked: str | None,
    today: date,
) -> Reading:
    """The values `text` gives for `calculator`'s missing fields; `asked` is the slot the bot
    asked for, whose answer may be a bare number and whose problems are reported."""
    reader = _Reader(text, today, messages)
    ordered = sorted(calculator.fields, key=lambda f: f.slot != asked)
    values: Dict[str, Any] = {}
    problem = None
    for wanted in ordered:
        is_asked = wanted.slot == asked
        if not is_asked and is_filled(wanted, known.get(wanted.slot)):
            continue
        found = reader.read(wanted, is_asked, known.get(wanted.slot))
        if isinstance(found, Problem):
            if is_asked:
                problem = found
        elif found is not None:
            values[wanted.slot] = found
    return Reading(values, problem)


class _Reader:
    """One message, read once; each time or amount in it fills at most one value."""

    def __init__(self, text: str, today: date, messages: CalculatorMessages) -> None:
        self.text = text
        self.today = today
        self.messages = messages
        self.times: List[TimeMention] = time_mentions(text, today)
        self.money: List[MoneyMention] = money_mentions(text, skip=self.times)
        self.used_times: Set[int] = set()
        self.used_money: Set[int] = set()

    def read(self, wanted: CalculatorField, asked: bool, known: Any) -> Any:
        if (
            asked
            and wanted.unknown_allowed
            and contains_any(self.text, self.messages.unknown_words)
        ):
            return UNKNOWN
        reader = getattr(self, f"_{wanted.kind}")
        found = reader(wanted, asked, known)
        if found is None and asked:
            return Problem("not_understood")
        return found

    # -- the kinds of value ------------------------------------------------------------------

    def _money(self, wanted: CalculatorField, asked: bool, known: Any) -> Any:
        cued = asked or contains_any(self.text, wanted.cues)
        for index, mention in enumerate(self.money):
            if index in self.used_money or not (cued or mention.with_unit):
                continue
            problem = _bounds(mention.amount, wanted, Money)
            if problem is not None:
                return problem if asked else None
            self.used_money.add(index)
            return _plain(mention.amount)
        return None

    def _days(self, wanted: CalculatorField, asked: bool, known: Any) -> Any:
        """A period up to today: "90天", "三个月", or the day it began ("去年5月")."""
        mention = self._next_time()
        if mention is None:
            number = bare_number(self.text) if asked else None
            return int(number) if number is not None and number > 0 else None
        since = self._start_of(mention)
        if since > self.today:
            return Problem("in_future")
        problem = self._not_too_long_ago(since, wanted)
        if problem is not None:
            return problem
        days = (self.today - since).days
        return days if days > 0 else Problem("too_small", {"minimum": 1})

    def _months(self, wanted: CalculatorField, asked: bool, known: Any) -> Any:
        """A length of service: "3年7个月", "三年半", or from–to ("2019年3月到2024年10月")."""
        mention = self._next_time()
        if mention is None:
            number = bare_number(self.text) if asked else None  # "3": years
            return _bounds_months(round(number * 12), wanted) if number is not None else None
        if mention.kind == "length" and mention.length is not None:
            length = mention.length
        else:
            start = mention.first or self.today
            end = mention.last if mention.kind == "span" else None
            following = self._next_time()
            if following is not None and following.last is not None:
                end = following.last
            if start > self.today:
                return Problem("in_future")
            until = min(end + timedelta(days=1), self.today) if end else self.today
            length = relativedelta(until, start)
        months = length.years * 12 + length.months + round(length.days / 30)
        return _bounds_months(months, wanted)

    def _years(self, wanted: CalculatorField, asked: bool, known: Any) -> Any:
        mention = self._next_time(lengths_only=True)
        if mention is not None and mention.length is not None:
            length = mention.length
            years = Decimal(length.years) + Decimal(length.months) / 12
        else:
            number = bare_number(self.text) if asked else None
            if number is None:
                return None
            years = number
        problem = _bounds(years, wanted, Decimal)
        return problem or _plain(years.quantize(Decimal("0.01")))

    def _date(self, wanted: CalculatorField, asked: bool, known: Any) -> Any:
        """One day in the past: a month alone is not enough for a deadline."""
        mention = self._next_time(points_only=True)
        if mention is None or mention.first is None:
            return None
        if mention.first > self.today:
            return Problem("in_future")
        if not mention.exact_day:
            return Problem("need_day")
        return self._not_too_long_ago(mention.first, wanted) or mention.first.isoformat()

    def _month(self, wanted: CalculatorField, asked: bool, known: Any) -> Any:
        """A birth month; a year alone is kept ("85年"), and a month alone completes it."""
        partial = str(known) if known is not None and len(str(known)) == 4 else None
        if partial and asked:
            # "3月", "三月份", "3": the month of the year already given.
            number = bare_number(self.text.replace("月份", "").replace("月", ""))
            if number is not None and 1 <= number <= 12:
                return f"{partial}-{int(number):02d}"
        mention = self._next_time(points_only=True)
        if mention is None or mention.first is None:
            return None
        if partial and not mention.names_year:
            return f"{partial}-{mention.first.month:02d}"  # "March"
        born = mention.first
        if born > self.today:
            return Problem("in_future")
        problem = self._not_too_long_ago(born, wanted) or self._not_too_recent(born, wanted)
        if problem is not None:
            return problem
        if mention.whole_year:
            return f"{born.year}"
        return f"{born.year}-{born.month:02d}"

    def _choice(self, wanted: CalculatorField, asked: bool, known: Any) -> Any:
        chosen = wanted.choice_in(self.text)
        return chosen.id if chosen else None

    # -- helpers -----------------------------------------------------------------------------

    def _next_time(
        self, lengths_only: bool = False, points_only: bool = False
    ) -> TimeMention | None:
        for index, mention in enumerate(self.times):
            if index in self.used_times:
                continue
            if lengths_only and mention.kind != "length":
                continue
            if points_only and mention.kind == "length":
                continue
            self.used_times.add(index)
            return mention
        return None

    def _start_of(self, mention: TimeMention) -> date:
        if mention.kind == "length" and mention.length is not None:
            return self.today - mention.length
        return mention.first or self.today

    def _not_too_long_ago(self, day: date, wanted: CalculatorField) -> Problem | None:
        if wanted.maximum is not None and day < self.today - relativedelta(
            years=int(wanted.maximum)
        ):
            return Problem("too_long_ago", {"years": int(wanted.maximum)})
        return None

    def _not_too_recent(self, day: date, wanted: CalculatorField) -> Problem | None:
        if wanted.minimum is not None and day > self.today - relativedelta(
            years=int(wanted.minimum)
        ):
            return Problem("too_recent", {"years": int(wanted.minimum)})
        return None


def _plain(value: Decimal) -> str:
    """ "10000", "3.5": as a slot stores it, without an exponent."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _bounds(value: Decimal, wanted: CalculatorField, as_value: Any) -> Problem | None:
    if wanted.minimum is not None and value < Decimal(str(wanted.minimum)):
        return Problem("too_small", {"minimum": as_value(Decimal(str(wanted.minimum)))})
    if wanted.maximum is not None and value > Decimal(str(wanted.maximum)):
        return Problem("too_large", {"maximum": as_value(Decimal(str(wanted.maximum)))})
    return None


def _bounds_months(months: int, wanted: CalculatorField) -> Any:
    problem = _bounds(Decimal(months), wanted, lambda v: Length(int(v)))
    return problem or months
