"""Economic compensation when a job ends (Labour Contract Law Art. 46–47, 87, 97).

One month's wage for each full year of service; six months or more count as a year, less than
six months as half a month. A wage above three times the city's average monthly wage counts as
three times that average, for at most twelve years. Unlawful dismissal: twice that (Art. 87).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Dict, List

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel

from social_insurance.calculators.calculation import (
    UNKNOWN,
    Calculation,
    Length,
    Line,
    Money,
    line,
)

FIELDS = ("calc_wage", "calc_service", "calc_average", "calc_ending")
TEXTS = frozenset(
    {
        "result",
        "own_will",
        "unlawful",
        "formula",
        "rest_six_or_more",
        "rest_under_six",
        "capped",
        "cap_unknown",
        "before_old_rules_end",
    }
)


class Parameters(BaseModel):
    wage_cap_multiple: Decimal  # of the local average monthly wage
    years_cap: int  # when the wage is capped
    unlawful_multiple: Decimal
    old_rules_until: date  # service before this date follows the rules of its time (Art. 97)


@dataclass(frozen=True)
class Compensation:
    months: Decimal  # of wage, N
    base: Decimal  # the monthly wage counted
    capped: bool

    @property
    def amount(self) -> Decimal:
        return self.months * self.base


def compensation(
    wage: Decimal, service_months: int, parameters: Parameters, average: Decimal | None = None
) -> Compensation:
    years, rest = divmod(service_months, 12)
    months = Decimal(years) + (1 if rest >= 6 else Decimal("0.5") if rest else 0)
    cap = average * parameters.wage_cap_multiple if average is not None else None
    if cap is not None and wage > cap:
        return Compensation(min(months, Decimal(parameters.years_cap)), cap, capped=True)
    return Compensation(months, wage, capped=False)


def calculate(values: Dict[str, Any], parameters: Parameters, today: date) -> Calculation:
    wage, service = Decimal(values["calc_wage"]), int(values["calc_service"])
    average_value = values.get("calc_average")
    average = None if average_value in (None, UNKNOWN) else Decimal(str(average_value))
    found = compensation(wage, service, parameters, average)
    amount = Money(found.amount)
    months = found.months.normalize()
    full_years, rest = divmod(service, 12)

    formula: List[Line] = [
        line(
            "formula", base=Money(found.base), months=months, amount=amount, service=Length(service)
        )
    ]
    if rest:
        key = "rest_six_or_more" if rest >= 6 else "rest_under_six"
        formula.append(line(key, years=full_years, rest=rest))
    notes: List[Line] = []
    if found.capped and average is not None:
        formula.append(
            line(
                "capped",
                wage=Money(wage),
                average=Money(average),
                cap=Money(found.base),
                years=parameters.years_cap,
            )
        )
    elif average_value == UNKNOWN:
        notes.append(line("cap_unknown", years=parameters.years_cap))
    if today - relativedelta(months=service) < parameters.old_rules_until:
        notes.append(line("before_old_rules_end", until=parameters.old_rules_until))

    ending = values["calc_ending"]
    if ending == "own_will":
        result = [line("own_will", months=months, amount=amount)]
    elif ending == "unlawful":
        doubled = Money(found.amount * parameters.unlawful_multiple)
        result = [
            line(
                "unlawful",
                months=months,
                amount=amount,
                doubled=doubled,
                multiple=parameters.unlawful_multiple.normalize(),
            )
        ]
    else:
        result = [line("result", months=months, amount=amount)]
    return Calculation(result=result, formula=formula, notes=notes)
