"""Late fee on unpaid contributions (Social Insurance Law Art. 86): 0.05% of the amount owed for
each day from the day it was due."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Dict

from pydantic import BaseModel

from social_insurance.calculators.calculation import Calculation, Money, Percent, line

FIELDS = ("calc_amount", "calc_days")
TEXTS = frozenset({"result", "formula"})


class Parameters(BaseModel):
    daily_rate: Decimal


def late_fee(owed: Decimal, days: int, daily_rate: Decimal) -> Decimal:
    return (owed * daily_rate * days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def calculate(values: Dict[str, Any], parameters: Parameters, today: date) -> Calculation:
    owed, days = Decimal(values["calc_amount"]), int(values["calc_days"])
    fee = Money(late_fee(owed, days, parameters.daily_rate))
    return Calculation(
        result=[line("result", owed=Money(owed), days=days, fee=fee)],
        formula=[
            line(
                "formula",
                owed=Money(owed),
                rate=Percent(parameters.daily_rate),
                days=days,
                fee=fee,
            )
        ],
    )
