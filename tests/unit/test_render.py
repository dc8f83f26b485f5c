"""Rendered answers carry the facts, in both languages, with their legal basis."""

from datetime import date

import pytest

from social_insurance.calculators import calculate
from social_insurance.calculators.render import render_calculation
from social_insurance.render import (
    is_rating_payload,
    render_article,
    render_documents,
    render_legal_basis,
    render_local_contacts,
    render_region_noted,
    render_topic,
)

RATE = [
    '/rate_helpful{"rated_topic": "enforcement"}',
    '/rate_unhelpful{"rated_topic": "enforcement"}',
]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_topic_names_its_legal_basis_and_hotline(kb, language):
    for topic in kb.topics.values():
        text = render_topic(kb, topic, language).text
        assert ("法律依据" if language == "zh" else "Legal basis") in text, topic.id
        assert any(number in text for number in topic.hotlines), topic.id
        if topic.local_policy:
            assert ("因地而异" if language == "zh" else "differ by city") in text


def test_chinese_answers_are_chinese_and_english_answers_are_english(kb):
    for topic in kb.topics.values():
        assert topic.answer.zh in render_topic(kb, topic, "zh").text
        assert topic.answer.en in render_topic(kb, topic, "en").text
        assert topic.answer.zh not in render_topic(kb, topic, "en").text


def test_employee_backpay_lists_the_four_documents(kb):
    zh = render_topic(kb, kb.topics["employee_medical_backpay"], "zh").text
    for name in ("身份证", "户口本", "社保卡", "劳动合同"):
        assert name in zh
    en = render_documents(kb, kb.topics["employee_medical_backpay"], "en").text
    for name in (
        "identity card",
        "household registration",
        "social security card",
        "labour contract",
    ):
        assert name in en


def test_article_62_text_and_summary(kb):
    article = kb.articles["sil_62"]
    zh = render_article(kb, article, "zh").text
    assert "第六十二条" in zh and "百分之一百一十" in zh
    en = render_article(kb, article, "en").text
    assert "Article 62" in en and "110%" in en


def test_legal_basis_follow_up_quotes_the_statute(kb):
    text = render_legal_basis(kb, kb.topics["employer_arrears"], "zh").text
    assert "按日加收万分之五的滞纳金" in text
    assert "第八十六条" in text


def test_documents_follow_up_without_documents_says_so(kb):
    reply = render_documents(kb, kb.topics["enforcement"], "en")
    assert "do not need to prepare any documents" in reply.text
    assert [b.payload for b in reply.buttons] == ["/ask_law", *RATE]


def test_answer_offers_the_unanswered_follow_ups(kb):
    buttons = render_topic(kb, kb.topics["employee_medical_backpay"], "zh").buttons
    assert [(b.title, b.payload) for b in buttons] == [
        ("需要带什么材料？", "/ask_documents"),
        ("法律依据是什么？", "/ask_law"),
        ("有帮助", '/rate_helpful{"rated_topic": "employee_medical_backpay"}'),
        ("没帮助", '/rate_unhelpful{"rated_topic": "employee_medical_backpay"}'),
    ]


def test_every_substantive_answer_can_be_rated_last(kb):
    topic = kb.topics["enforcement"]
    region = kb.regions["guangdong-shenzhen"]
    calculator = kb.calculators["late_fee"]
    calculation = calculate(calculator, {"calc_amount": 10000, "calc_days": 90}, date.today())
    replies = {
        "topic": render_topic(kb, topic, "en"),
        "documents": render_documents(kb, topic, "en"),
        "legal basis": render_legal_basis(kb, topic, "en"),
        "local contacts": render_local_contacts(kb, topic, "en", region),
    }
    for name, reply in replies.items():
        assert [b.payload for b in reply.buttons][-2:] == RATE, name
        assert [b.title for b in reply.buttons][-2:] == ["Helpful", "Not helpful"], name
    result = render_calculation(kb, calculator, calculation, "zh")
    assert [b.payload for b in result.buttons] == [
        f'/rate_helpful{{"rated_topic": "{calculator.topics[0]}"}}',
        f'/rate_unhelpful{{"rated_topic": "{calculator.topics[0]}"}}',
    ]
    # Not an answer to rate: where the user is, with the local numbers.
    assert not any(
        is_rating_payload(b.payload) for b in render_region_noted(kb, region, "zh").buttons
    )


def test_rating_payloads_are_told_from_other_buttons():
    assert all(map(is_rating_payload, RATE))
    assert not is_rating_payload("/ask_law")
    assert not is_rating_payload("/rate_helpfulness")
