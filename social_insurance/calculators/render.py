"""Write a calculator's questions and results in the user's language.

A result leads with the answer, then the formula with the user's numbers, what it does not
cover, the articles it rests on and where to confirm it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Dict, List

from social_insurance.calculators.calculation import (
    Age,
    Calculation,
    Length,
    Line,
    Money,
    MonthOf,
    Percent,
    Value,
)
from social_insurance.calculators.form import Problem
from social_insurance.render import (
    Button,
    Reply,
    hotlines_line,
    legal_basis_section,
    rating_buttons,
    section,
)
from social_insurance.schema import (
    Calculator,
    CalculatorField,
    KnowledgeBase,
    Localized,
    Region,
)

_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def render_question(
    kb: KnowledgeBase,
    calculator: Calculator,
    wanted: CalculatorField,
    values: Dict[str, Any],
    language: str,
    problem: Problem | None = None,
    introduce: bool = False,
) -> Reply:
    """The question for `wanted`, after the reason the last answer was not taken (or, first,
    the rule it applies); a choice comes with one button per option, whose payload is its
    label (so typing it works too)."""
    messages = kb.calculator_messages
    known = values.get(wanted.slot)
    if wanted.kind == "month" and known is not None and len(str(known)) == 4:
        question = messages.ask_month_of_year.get(language).format(year=known)
    else:
        question = _ask(calculator, wanted, values).get(language)
    if problem is not None:
        reason = getattr(messages, problem.message).get(language)
        question = reason.format(**_formatted(problem.values, language)) + "\n" + question
    if introduce:
        title = calculator.title.get(language)
        question = f"【{title}】{calculator.intro.get(language)}\n\n{question}"
    buttons = [
        Button(choice.label.get(language), choice.label.get(language)) for choice in wanted.choices
    ]
    return Reply(question, buttons)


def _ask(calculator: Calculator, wanted: CalculatorField, values: Dict[str, Any]) -> Localized:
    if wanted.ask_by_choice:
        chosen = next((values.get(f.slot) for f in calculator.fields if f.kind == "choice"), None)
        return wanted.ask_by_choice.get(chosen or "", wanted.ask)
    return wanted.ask


def render_calculation(
    kb: KnowledgeBase,
    calculator: Calculator,
    calculation: Calculation,
    language: str,
    region: Region | None = None,
) -> Reply:
    messages = kb.calculator_messages
    title = f"【{calculator.title.get(language)}】"
    sections = [title + "\n" + "\n".join(_lines(calculator, calculation.result, language))]
    if calculation.formula:
        formula = (f"· {text}" for text in _lines(calculator, calculation.formula, language))
        sections.append(section(messages.label_formula, language, formula))
    notes = [*_lines(calculator, calculation.notes, language)]
    notes.extend(note.get(language) for note in calculator.notes)
    sections.append(section(messages.label_not_covered, language, (f"· {n}" for n in notes)))
    sections.append(legal_basis_section(kb, calculator.legal_basis, language))
    sections.append(hotlines_line(kb, calculator.hotlines, language, region))
    # Rated as an answer about the topic the calculator belongs to.
    return Reply("\n\n".join(sections), rating_buttons(kb, calculator.topics[0], language))


def _lines(calculator: Calculator, lines: List[Line], language: str) -> List[str]:
    return [
        calculator.texts[line.text].get(language).format(**_formatted(line.values, language))
        for line in lines
    ]


def _formatted(values: Dict[str, Value], language: str) -> Dict[str, str]:
    return {name: format_value(value, language) for name, value in values.items()}


def format_value(value: Value, language: str) -> str:
    """Money, lengths, ages and dates as each language writes them."""
    if isinstance(value, Money):
        amount = _number(value.amount)
        if language == "zh":
            return f"{amount}元"
        return f"{_grouped(value.amount)} yuan"
    if isinstance(value, Age):
        return _length(value.months, language, ("岁", "个月"), ("year", "month"))
    if isinstance(value, Length):
        return _length(value.months, language, ("年", "个月"), ("year", "month"))
    if isinstance(value, MonthOf):
        if language == "zh":
            return f"{value.year}年{value.month}月"
        return f"{_MONTH_NAMES[value.month - 1]} {value.year}"
    if isinstance(value, date):
        if language == "zh":
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.day} {_MONTH_NAMES[value.month - 1]} {value.year}"
    if isinstance(value, Percent):
        return f"{_number(value.fraction * 100)}%"
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, Localized):
        return value.get(language)
    return str(value)


def _number(value: Decimal) -> str:
    """4, 0.5, 450, 12.35: no trailing zeros, no exponent."""
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _grouped(value: Decimal) -> str:
    whole = value.quantize(Decimal("0.01"))
    text = f"{whole:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def _length(months: int, language: str, zh_units: tuple, en_units: tuple) -> str:
    years, rest = divmod(months, 12)
    if language == "zh":
        parts = [
            f"{years}{zh_units[0]}" if years or not rest else "",
            f"{rest}{zh_units[1]}" if rest else "",
        ]
        return "".join(parts)
    words = []
    if years or not rest:
        words.append(f"{years} {en_units[0]}{'' if years == 1 else 's'}")
    if rest:
        words.append(f"{rest} {en_units[1]}{'' if rest == 1 else 's'}")
    return " ".join(words)
