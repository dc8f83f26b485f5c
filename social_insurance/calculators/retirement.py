"""Statutory retirement age under the 2025 reform (国务院关于渐进式延迟法定退休年龄的办法 Art. 1–2).

From the first birth month the reform reaches, the age rises by one month every four months of
birth (every two for women whose original age was 50), up to a cap; the minimum contribution
years for a monthly pension are 15 until 2029, then six months more each year up to 20.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Dict, List

from pydantic import BaseModel

from social_insurance.calculators.calculation import Age, Calculation, Length, Line, MonthOf, line

FIELDS = ("calc_group", "calc_birth")
TEXTS = frozenset({"result", "reached", "formula_delayed", "formula_unchanged", "minimum_years"})


class Cohort(BaseModel):
    first_birth: str  # "1965-01": the first birth month whose age is raised
    original_age: int
    months_per_step: int  # of birth, for each month of delay
    max_delay_months: int


class Parameters(BaseModel):
    groups: Dict[str, Cohort]  # by the choice ids of `calc_group`
    minimum_years: int  # until the rise starts
    minimum_rises_from: int  # the first year with a higher minimum
    minimum_rise_months: int  # each year
    minimum_years_final: int


@dataclass(frozen=True)
class Retirement:
    age_months: int
    delay_months: int
    month: MonthOf  # when the age is reached


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def retirement(birth_year: int, birth_month: int, cohort: Cohort) -> Retirement:
    first_year, first_month = (int(part) for part in cohort.first_birth.split("-"))
    since_first = _month_index(birth_year, birth_month) - _month_index(first_year, first_month)
    delay = 0
    if since_first >= 0:
        delay = min(since_first // cohort.months_per_step + 1, cohort.max_delay_months)
    age = cohort.original_age * 12 + delay
    year, month = divmod(_month_index(birth_year, birth_month) + age, 12)
    return Retirement(age, delay, MonthOf(year, month + 1))


def minimum_contribution_months(year: int, parameters: Parameters) -> int:
    """The minimum years of contributions in force in `year`, in months (15 years = 180)."""
    rises = max(0, year - parameters.minimum_rises_from + 1)
    months = parameters.minimum_years * 12 + rises * parameters.minimum_rise_months
    return min(months, parameters.minimum_years_final * 12)


def calculate(values: Dict[str, Any], parameters: Parameters, today: date) -> Calculation:
    group = values["calc_group"]
    cohort = parameters.groups[group]
    year, month = (int(part) for part in values["calc_birth"].split("-"))
    found = retirement(year, month, cohort)
    born = MonthOf(year, month)
    reached = (found.month.year, found.month.month) <= (today.year, today.month)
    result: List[Line] = [
        line(
            "reached" if reached else "result",
            age=Age(found.age_months),
            month=found.month,
            born=born,
        )
    ]
    if found.delay_months:
        first_year, first_month = (int(part) for part in cohort.first_birth.split("-"))
        formula = line(
            "formula_delayed",
            original=cohort.original_age,
            first=MonthOf(first_year, first_month),
            step=cohort.months_per_step,
            delay=found.delay_months,
            cap=cohort.max_delay_months,
        )
    else:
        formula = line("formula_unchanged", original=cohort.original_age)
    minimum = minimum_contribution_months(found.month.year, parameters)
    result.append(line("minimum_years", year=found.month.year, minimum=Length(minimum)))
    return Calculation(result=result, formula=[formula])
