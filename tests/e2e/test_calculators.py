"""The calculators' forms over REST, on the real Rasa server and action server: mixed units and
numerals, an invalid value corrected, a form left midway, a question asked in the middle."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Dict, List

from harness.rest import text_of


def titles(messages: List[Dict]) -> List[str]:
    return [b["title"] for m in messages for b in m.get("buttons", [])]


def test_late_fee_from_one_question(say):
    reply = say("公司欠了我一万块社保90天，滞纳金多少？")
    text = text_of(reply)
    assert "0.05%" in text  # the topic's rule, then the calculation
    assert "滞纳金约为450元" in text and "10000元 × 0.05% × 90 = 450元" in text
    assert "用人单位缴入社会保险基金" in text and "第八十六条" in text


def test_late_fee_asked_step_by_step_with_a_correction(say):
    assert "欠缴的社保费是多少钱" in text_of(say("帮我算一下滞纳金"))
    refused = text_of(say("0"))
    assert "太小" in refused and "欠缴的社保费是多少钱" in refused
    assert "欠了多久" in text_of(say("两万"))
    text = text_of(say("30天"))
    assert "滞纳金约为300元" in text


def test_compensation_in_english_with_the_cap_and_unlawful_dismissal(say):
    assert "average monthly wage" in text_of(say("I want to calculate my severance"))
    assert "How long did you work" in text_of(say("40k"))
    assert "average monthly wage of last year" in text_of(say("15 years"))
    reply = say("10,000 yuan")
    assert "How did the job end" in text_of(reply)
    assert "I was dismissed unlawfully" in titles(reply)
    text = text_of(say("I was dismissed unlawfully"))
    assert "360,000 yuan" in text and "720,000 yuan" in text and "Article 87" in text


def test_compensation_question_with_figures(say):
    text = text_of(say("帮我算算经济补偿，我月薪8000，干了3年7个月，公司没交社保我辞职了"))
    assert "经济补偿为4个月工资，约32000元" in text and "第四十七条" in text


def test_work_injury_deadline_counts_from_the_accident(say):
    accident = date.today() - timedelta(days=10)
    choice = {b["title"]: b["payload"] for m in say("帮我算个期限") for b in m.get("buttons", [])}
    assert "工伤认定申请" in titles(say(choice["期限计算"]))
    assert "事故是哪一天" in text_of(say("工伤认定申请"))
    assert "具体到哪一天" in text_of(say(f"{accident.year}年{accident.month}月"))
    text = text_of(say(f"{accident.year}年{accident.month}月{accident.day}日"))
    assert "单位应在30天内申请" in text and "还有20天" in text
    assert "工伤保险条例》第十七条" in text
    # Named with the request, the deadline is not asked again.
    assert "事故是哪一天" in text_of(say("工伤认定的期限帮我算一下"))


def test_retirement_from_a_question_asks_only_what_is_missing(say):
    reply = say("我85年的女的几岁退休")
    assert "原50岁退休" in text_of(reply) or "女，原50岁退休（一般为女工人）" in titles(reply)
    assert "1985年几月" in text_of(say("女，原50岁退休（一般为女工人）"))
    text = text_of(say("三月"))
    assert "55岁" in text and "2040年3月" in text and "20年" in text and "12333" in text


def test_a_form_can_be_left_and_a_question_asked_midway(say):
    assert "累计缴纳失业保险多少年" in text_of(say("帮我算算失业金能领几个月"))
    assert "已停止计算" in text_of(say("算了"))
    assert "累计缴纳失业保险多少年" in text_of(say("帮我算算失业金能领几个月"))
    assert "第四十五条" in text_of(say("法律依据是什么"))  # answered; the form waits
    assert "最长可以领取18个月" in text_of(say("交了7年"))


def test_the_topic_offers_its_calculator(say):
    reply = say("社保滞纳金怎么算")
    assert "帮我算一算" in titles(reply)
    assert "欠缴的社保费是多少钱" in text_of(say("帮我算一算"))


def test_each_calculator_in_english(say):
    assert "How much social insurance does the employer owe" in text_of(
        say("calculate the late fee for me")
    )
    assert "For how long" in text_of(say("12k"))
    assert "the late fee is about 360 yuan" in text_of(say("60 days"))

    accident = date.today() - timedelta(days=40)
    reply = say("work out a deadline for me")
    assert "Applying for work-injury recognition" in titles(reply)
    assert "On which day was the accident" in text_of(say("Applying for work-injury recognition"))
    text = text_of(say(accident.strftime("%d %B %Y")))
    assert "The employer had 30 days" in text and "Article 17" in text

    assert "Which applies to you" in text_of(say("work out my retirement age"))
    assert "Which year and month" in text_of(
        say("Woman, originally retiring at 55 (usually staff or cadre posts)")
    )
    text = text_of(say("born in January 1970"))
    assert "55 years 1 month" in text and "February 2025" in text

    assert "For how many years" in text_of(say("calculate how long my unemployment benefit lasts"))
    assert "at most 24 months" in text_of(say("12 years"))
