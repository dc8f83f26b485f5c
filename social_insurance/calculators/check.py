"""What the loader checks in each calculator of the knowledge base, so a missing text or a
malformed legal figure stops the assistant at start-up instead of in a user's conversation."""

from __future__ import annotations

from typing import List

from pydantic import ValidationError

from social_insurance.calculators import FORMULAS
from social_insurance.schema import Calculator


def calculator_problems(calculator: Calculator) -> List[str]:
    formula = FORMULAS.get(calculator.id)
    if formula is None:
        return [f"field 'id': no calculation is named '{calculator.id}'"]
    problems = []
    slots = tuple(f.slot for f in calculator.fields)
    if set(slots) != set(formula.fields):
        problems.append(f"field 'fields': the slots must be {', '.join(formula.fields)}")
    missing = sorted(formula.texts - set(calculator.texts))
    unused = sorted(set(calculator.texts) - formula.texts)
    if missing:
        problems.append(f"field 'texts': missing {', '.join(missing)}")
    if unused:
        problems.append(f"field 'texts': not used: {', '.join(unused)}")
    try:
        formula.parameters.parse_obj(calculator.parameters)
    except ValidationError as error:
        problems.append(f"field 'parameters': {error}".replace("\n", " "))
    for field in calculator.fields:
        if field.kind == "choice" and not field.choices:
            problems.append(f"field '{field.slot}': a choice needs choices")
        needed = formula.choices.get(field.slot)
        if needed is not None and {c.id for c in field.choices} != needed:
            problems.append(
                f"field '{field.slot}': the choices must be {', '.join(sorted(needed))}"
            )
        for choice in field.choices:
            for language in ("zh", "en"):
                label = choice.label.get(language)
                if field.choice_in(label) is not choice:
                    problems.append(
                        f"field '{field.slot}': choice '{choice.id}': its {language} label "
                        f"'{label}' must contain one of its own words, before any other choice's"
                    )
    return problems
