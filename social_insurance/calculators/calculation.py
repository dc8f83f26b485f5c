"""What a calculator returns: lines of text by name, with the values to fill in.

The words are the knowledge base's (`texts:` of each calculator); the values carry their type,
so money, lengths of time and dates are written the way each language writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Dict, List

from social_insurance.schema import Localized

# The answer "不知道" to a value the result can do without (a city's average wage).
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Money:
    amount: Decimal


@dataclass(frozen=True)
class Length:
    """A length of time in months: "3年7个月", "60岁1个月" (as an age)."""

    months: int


@dataclass(frozen=True)
class Age(Length):
    """An age in months: "60岁1个月"."""


@dataclass(frozen=True)
class MonthOf:
    year: int
    month: int


@dataclass(frozen=True)
class Percent:
    fraction: Decimal


Value = Money | Age | Length | MonthOf | Percent | date | Decimal | int | str | Localized


@dataclass(frozen=True)
class Line:
    text: str  # the key in the calculator's `texts:`
    values: Dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class Calculation:
    result: List[Line]  # the answer, first
    formula: List[Line]  # how it was worked out, with the user's numbers
    notes: List[Line] = field(default_factory=list)  # conditions that apply to this case


def line(text: str, **values: Value) -> Line:
    return Line(text, values)
