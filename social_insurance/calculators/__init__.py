"""The calculators the assistant runs in the conversation, as pure functions.

Each module holds one calculation: its fields (the slots its Rasa form fills), the names of its
texts in the knowledge base, the model of its legal figures (`parameters:` in
data/knowledge/calculators.yml) and `calculate`. `form` decides what to ask next and reads the
answers; `render` writes the result. Nothing here imports Rasa.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Dict, FrozenSet, Tuple, Type

from pydantic import BaseModel

from social_insurance.calculators import (
    compensation,
    deadlines,
    late_fee,
    retirement,
    unemployment,
)
from social_insurance.calculators.calculation import Calculation
from social_insurance.schema import Calculator


@dataclass(frozen=True)
class Formula:
    fields: Tuple[str, ...]
    texts: FrozenSet[str]
    parameters: Type[BaseModel]
    calculate: Callable[[Dict[str, Any], Any, date], Calculation]
    choices: Dict[str, FrozenSet[str]] = field(default_factory=dict)  # by slot: the ids it needs


FORMULAS: Dict[str, Formula] = {
    "late_fee": Formula(late_fee.FIELDS, late_fee.TEXTS, late_fee.Parameters, late_fee.calculate),
    "compensation": Formula(
        compensation.FIELDS,
        compensation.TEXTS,
        compensation.Parameters,
        compensation.calculate,
        {"calc_ending": frozenset({"own_will", "employer_fault", "other_lawful", "unlawful"})},
    ),
    "deadline": Formula(
        deadlines.FIELDS,
        deadlines.TEXTS,
        deadlines.Parameters,
        deadlines.calculate,
        {"calc_deadline": frozenset({"arbitration", "wages", "work_injury"})},
    ),
    "retirement": Formula(
        retirement.FIELDS,
        retirement.TEXTS,
        retirement.Parameters,
        retirement.calculate,
        {"calc_group": frozenset({"male", "female_55", "female_50"})},
    ),
    "unemployment": Formula(
        unemployment.FIELDS, unemployment.TEXTS, unemployment.Parameters, unemployment.calculate
    ),
}


def parameters_of(calculator: Calculator) -> Any:
    """The calculator's legal figures as its formula's model (a few fields: parsed each time)."""
    return FORMULAS[calculator.id].parameters.parse_obj(calculator.parameters)


def calculate(calculator: Calculator, values: Dict[str, Any], today: date) -> Calculation:
    """The result for complete `values` (by slot), as of `today`."""
    return FORMULAS[calculator.id].calculate(values, parameters_of(calculator), today)
