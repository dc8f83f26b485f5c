"""Deadlines: labour arbitration and unpaid wages (Labour Dispute Mediation and Arbitration Law
Art. 27) and work-injury recognition (工伤保险条例 Art. 17).

Periods follow the Civil Code (Art. 201–202): the first day does not count, and a period of years
or months ends on the same date of its last month, or that month's last day when it has none
(one year from 29 February ends on 28 February).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Dict

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel

from social_insurance.calculators.calculation import Calculation, Line, line

FIELDS = ("calc_deadline", "calc_date")
TEXTS = frozenset(
    {
        "result_open",
        "result_passed",
        "employer_open",
        "employer_passed",
        "formula_years",
        "formula_days",
        "what_now_arbitration",
        "what_now_wages",
        "what_now_work_injury",
        "exceptions_arbitration",
        "exceptions_wages",
        "exceptions_work_injury",
    }
)


class Parameters(BaseModel):
    arbitration_years: int
    injury_employer_days: int
    injury_worker_years: int


def years_later(start: date, years: int) -> date:
    return start + relativedelta(years=years)


def days_later(start: date, days: int) -> date:
    return start + timedelta(days=days)


def _state(key: str, last: date, today: date, **values: Any) -> Line:
    left = (last - today).days
    if left >= 0:
        return line(f"{key}_open", last=last, left=left, **values)
    return line(f"{key}_passed", last=last, over=-left, **values)


def calculate(values: Dict[str, Any], parameters: Parameters, today: date) -> Calculation:
    kind = values["calc_deadline"]
    start = date.fromisoformat(values["calc_date"])
    if kind == "work_injury":
        years = parameters.injury_worker_years
        employer_last = days_later(start, parameters.injury_employer_days)
        result = [
            _state("employer", employer_last, today, days=parameters.injury_employer_days),
            _state("result", years_later(start, years), today),
        ]
    else:
        years = parameters.arbitration_years
        result = [_state("result", years_later(start, years), today)]
    formula = [line("formula_years", start=start, years=years, last=years_later(start, years))]
    if kind == "work_injury":
        days = parameters.injury_employer_days
        formula.insert(0, line("formula_days", start=start, days=days, last=employer_last))
    return Calculation(
        result=result,
        formula=formula,
        notes=[line(f"what_now_{kind}"), line(f"exceptions_{kind}")],
    )
