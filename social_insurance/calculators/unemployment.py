"""How long unemployment benefit lasts (Social Insurance Law Art. 46; 失业保险条例 Art. 17):
by the years of contributions, 12, 18 or 24 months at most."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Dict, List

from pydantic import BaseModel

from social_insurance.calculators.calculation import Calculation, Length, line

FIELDS = ("calc_years",)
TEXTS = frozenset({"result", "not_eligible", "formula"})


class Tier(BaseModel):
    years: Decimal  # at least this many years of contributions
    months: int  # the longest period of benefit


class Parameters(BaseModel):
    tiers: List[Tier]  # from the fewest years up


def longest_benefit(years: Decimal, tiers: List[Tier]) -> Tier | None:
    """The tier `years` of contributions reach, or None below the first (no benefit)."""
    reached = [tier for tier in tiers if years >= tier.years]
    return reached[-1] if reached else None


def calculate(values: Dict[str, Any], parameters: Parameters, today: date) -> Calculation:
    years = Decimal(str(values["calc_years"]))
    paid = Length(round(years * 12))
    tier = longest_benefit(years, parameters.tiers)
    if tier is None:
        first = parameters.tiers[0]
        return Calculation(
            result=[line("not_eligible", paid=paid, needed=Length(int(first.years * 12)))],
            formula=[],
        )
    return Calculation(
        result=[line("result", paid=paid, months=tier.months)],
        formula=[
            line("formula", paid=paid, threshold=Length(int(tier.years * 12)), months=tier.months)
        ],
    )
