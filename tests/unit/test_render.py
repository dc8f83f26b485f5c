"""Rendered answers carry the facts, in both languages, with their legal basis."""

import pytest

from social_insurance.render import (
    render_article,
    render_documents,
    render_legal_basis,
    render_topic,
)


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
    assert [b.payload for b in reply.buttons] == ["/ask_law"]


def test_answer_offers_the_unanswered_follow_ups(kb):
    buttons = render_topic(kb, kb.topics["employee_medical_backpay"], "zh").buttons
    assert [(b.title, b.payload) for b in buttons] == [
        ("需要带什么材料？", "/ask_documents"),
        ("法律依据是什么？", "/ask_law"),
    ]
