"""The calculators' arithmetic and their reading of answers, on the real knowledge base."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Dict

import pytest

from social_insurance.calculators import calculate, parameters_of
from social_insurance.calculators.compensation import compensation
from social_insurance.calculators.deadlines import years_later
from social_insurance.calculators.form import next_field, read_message
from social_insurance.calculators.late_fee import late_fee
from social_insurance.calculators.render import render_calculation, render_question
from social_insurance.calculators.retirement import minimum_contribution_months, retirement

TODAY = date(2026, 12, 1)


def text_of(kb, calculator_id: str, values: Dict[str, Any], language: str = "zh") -> str:
    calculator = kb.calculators[calculator_id]
    return render_calculation(kb, calculator, calculate(calculator, values, TODAY), language).text


def read(kb, calculator_id: str, text: str, asked: str | None = None, known=None):
    calculator = kb.calculators[calculator_id]
    return read_message(calculator, kb.calculator_messages, known or {}, text, asked, TODAY)


# -- late fee --------------------------------------------------------------------------------


def test_late_fee_is_five_in_ten_thousand_a_day():
    assert late_fee(Decimal(10000), 90, Decimal("0.0005")) == Decimal("450.00")


def test_late_fee_answer_shows_the_fee_the_formula_and_who_pays(kb):
    text = text_of(kb, "late_fee", {"calc_amount": "10000", "calc_days": 90})
    assert "滞纳金约为450元" in text
    assert "10000元 × 0.05% × 90 = 450元" in text
    assert "用人单位缴入社会保险基金" in text and "第八十六条" in text
    english = text_of(kb, "late_fee", {"calc_amount": "10000", "calc_days": 90}, "en")
    assert "about 450 yuan" in english and "Article 86" in english


# -- economic compensation ---------------------------------------------------------------------


@pytest.fixture
def compensation_parameters(kb):
    return parameters_of(kb.calculators["compensation"])


def test_three_years_seven_months_is_four_months(compensation_parameters):
    found = compensation(Decimal(8000), 43, compensation_parameters)
    assert (found.months, found.amount) == (4, 32000)


def test_a_wage_above_three_averages_is_capped_for_twelve_years(compensation_parameters):
    found = compensation(Decimal(40000), 15 * 12, compensation_parameters, Decimal(10000))
    assert (found.base, found.months, found.amount) == (30000, 12, 360000)


def test_under_six_months_is_half_a_month(compensation_parameters):
    assert compensation(Decimal(6000), 5, compensation_parameters).amount == 3000


def test_unlawful_dismissal_doubles_and_own_will_explains_article_38(kb):
    values = {"calc_wage": "8000", "calc_service": 43, "calc_ending": "unlawful"}
    assert "= 64000元" in text_of(kb, "compensation", values)
    values["calc_ending"] = "own_will"
    own = text_of(kb, "compensation", values)
    assert "一般不需要支付经济补偿" in own and "32000元" in own


def test_unknown_average_says_the_cap_may_apply_and_old_service_follows_old_rules(kb):
    values = {
        "calc_wage": "40000",
        "calc_service": 20 * 12,
        "calc_average": "unknown",
        "calc_ending": "employer_fault",
    }
    text = text_of(kb, "compensation", values)
    assert "800000元" in text and "3倍" in text and "我不替您假定" in text
    assert "2008年1月1日以前" in text and "第九十七条" in text


# -- deadlines ---------------------------------------------------------------------------------


def test_a_year_from_a_leap_day_ends_on_28_february():
    assert years_later(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_arbitration_deadline_across_a_leap_day(kb):
    values = {"calc_deadline": "arbitration", "calc_date": "2024-02-29"}
    assert "期限已于2025年2月28日届满，已经过了641天" in text_of(kb, "deadline", values)


def test_work_injury_gives_the_employer_30_days_and_the_worker_a_year(kb):
    values = {"calc_deadline": "work_injury", "calc_date": "2026-10-20"}
    text = text_of(kb, "deadline", values)
    assert "单位应在30天内申请，已于2026年11月19日届满" in text
    assert "最后一天是2027年10月20日，距今天还有323天" in text
    assert "不计入一年期限" in text and "第二百零三条" in text


# -- retirement --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "born", "age_months"),
    [
        ("male", (1964, 12), 60 * 12),
        ("male", (1965, 1), 60 * 12 + 1),
        ("male", (1976, 8), 62 * 12 + 11),
        ("male", (1976, 9), 63 * 12),
        ("male", (1990, 1), 63 * 12),
        ("female_55", (1969, 12), 55 * 12),
        ("female_55", (1970, 1), 55 * 12 + 1),
        ("female_55", (1981, 9), 58 * 12),
        ("female_50", (1974, 12), 50 * 12),
        ("female_50", (1975, 1), 50 * 12 + 1),
        ("female_50", (1984, 10), 54 * 12 + 11),
        ("female_50", (1984, 11), 55 * 12),
    ],
)
def test_retirement_age_boundaries(kb, group, born, age_months):
    cohort = parameters_of(kb.calculators["retirement"]).groups[group]
    assert retirement(*born, cohort).age_months == age_months


@pytest.mark.parametrize(
    ("year", "months"),
    [(2029, 180), (2030, 186), (2031, 192), (2038, 234), (2039, 240), (2045, 240)],
)
def test_minimum_years_rise_six_months_a_year_from_2030(kb, year, months):
    assert minimum_contribution_months(year, parameters_of(kb.calculators["retirement"])) == months


def test_retirement_answer(kb):
    text = text_of(kb, "retirement", {"calc_group": "female_50", "calc_birth": "1985-03"})
    assert "法定退休年龄为55岁，约在2040年3月退休" in text
    assert "累计缴费满20年" in text and "12333" in text
    english = text_of(kb, "retirement", {"calc_group": "male", "calc_birth": "1965-01"}, "en")
    assert "60 years 1 month" in english and "February 2025" in english


# -- unemployment ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ("0.5", "不满1年"),
        ("1", "最长可以领取12个月"),
        ("4.99", "12个月"),
        ("5", "18个月"),
        ("10", "24个月"),
    ],
)
def test_unemployment_benefit_length(kb, years, expected):
    assert expected in text_of(kb, "unemployment", {"calc_years": years})


# -- reading answers ---------------------------------------------------------------------------


def test_one_question_can_fill_both_late_fee_values(kb):
    reading = read(kb, "late_fee", "公司欠了我一万块社保三个月，滞纳金多少？")
    assert reading.values == {"calc_amount": "10000", "calc_days": 91}


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1万", "10000"),
        ("8k", "8000"),
        ("一万五", "15000"),
        ("12,000元", "12000"),
        ("1.5万", "15000"),
        ("8千块", "8000"),
        ("两万三", "23000"),
        ("about 8,000 yuan", "8000"),
    ],
)
def test_amounts_in_words_and_units(kb, text, amount):
    assert read(kb, "late_fee", text, asked="calc_amount").values["calc_amount"] == amount


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("3年7个月", 43),
        ("三年半", 42),
        ("5个月", 5),
        ("十五年", 180),
        ("3", 36),
        ("从2019年3月到2024年10月", 68),
        ("3 years 7 months", 43),
    ],
)
def test_service_lengths(kb, text, months):
    assert read(kb, "compensation", text, asked="calc_service").values["calc_service"] == months


def test_a_bare_number_answers_only_the_question_asked(kb):
    assert read(kb, "compensation", "8000", asked="calc_wage").values == {"calc_wage": "8000"}
    first = read(kb, "compensation", "我工资8000，干了3年7个月，公司没交社保我辞职了")
    assert first.values == {
        "calc_wage": "8000",
        "calc_service": 43,
        "calc_ending": "employer_fault",
    }


def test_invalid_answers_are_refused_with_the_reason(kb):
    assert read(kb, "late_fee", "0元", asked="calc_amount").problem.message == "too_small"
    assert read(kb, "late_fee", "明年5月", asked="calc_days").problem.message == "in_future"
    assert read(kb, "deadline", "去年5月", asked="calc_date").problem.message == "need_day"
    assert read(kb, "compensation", "好的", asked="calc_wage").problem.message == "not_understood"


def test_a_birth_year_alone_asks_for_the_month(kb):
    calculator = kb.calculators["retirement"]
    first = read(kb, "retirement", "我85年的女工人几岁退休")
    assert first.values == {"calc_group": "female_50", "calc_birth": "1985"}
    assert next_field(calculator, first.values).slot == "calc_birth"
    question = render_question(kb, calculator, calculator.field("calc_birth"), first.values, "zh")
    assert "1985年几月" in question.text
    second = read(kb, "retirement", "3月", asked="calc_birth", known=first.values)
    assert second.values == {"calc_birth": "1985-03"}


def test_the_average_wage_is_asked_only_for_a_high_wage(kb):
    calculator = kb.calculators["compensation"]
    low = {"calc_wage": "8000", "calc_service": 43}
    assert next_field(calculator, low).slot == "calc_ending"
    high = {"calc_wage": "40000", "calc_service": 43}
    assert next_field(calculator, high).slot == "calc_average"
    assert read(kb, "compensation", "不知道", asked="calc_average").values == {
        "calc_average": "unknown"
    }


def test_choices_come_as_buttons_whose_payload_is_typed_text(kb):
    calculator = kb.calculators["retirement"]
    question = render_question(kb, calculator, calculator.field("calc_group"), {}, "en")
    assert [b.payload for b in question.buttons][-1] == "Man"
    assert read(kb, "retirement", "I'm a woman, born in March 1980", asked="calc_group").problem
    assert read(kb, "retirement", "Man", asked="calc_group").values == {"calc_group": "male"}
