"""Real action server + real Rasa server on the trained model, talked to over REST."""

from __future__ import annotations

from typing import Dict, List

from harness.rest import text_of


def buttons_of(messages: List[Dict]) -> List[Dict]:
    return [b for m in messages for b in m.get("buttons", [])]


def test_chinese_backpay_conversation(say):
    reply = say("医保可以补缴吗")
    titles = [b["title"] for b in buttons_of(reply)]
    assert "哪一种医保" in text_of(reply)
    assert titles == ["职工医保", "城乡居民医保"]

    reply = say("职工医保")
    text = text_of(reply)
    for fact in ("身份证", "户口本", "社保卡", "劳动合同", "因地而异"):
        assert fact in text

    text = text_of(say("法律依据是什么？"))
    assert "第六十三条" in text and "第六十二条" in text

    text = text_of(say("公司不给我交社保怎么办"))
    assert "0.05%" in text and "延期缴费协议" in text


def test_english_conversation(say):
    reply = say("Can medical insurance be back-paid?")
    assert "Which medical insurance" in text_of(reply)
    employee = buttons_of(reply)[0]
    assert employee["title"] == "employee medical insurance"

    text = text_of(say(employee["payload"]))
    for fact in ("identity card", "household registration", "social security card"):
        assert fact in text

    text = text_of(say("What does Article 62 say?"))
    assert "110%" in text and "Article 62" in text
    assert "1 10%" not in text


def test_place_named_with_the_question_gives_the_local_number(say):
    text = text_of(say("我在深圳，公司不给交社保怎么办"))
    assert "深圳" in text and "0755-12333" in text
    assert "0.05%" in text

    text = text_of(say("那去哪里投诉"))
    assert "劳动保障监察" in text and "0755-12333" in text


def test_english_late_fee(say):
    text = text_of(say("What is the late fee for unpaid social insurance?"))
    assert "0.05% per day" in text
    assert "0.5%" not in text.replace("0.05%", "")
