"""Both products against the real Rasa server: URL checks, and questions answered with facts."""

from __future__ import annotations

import uuid

import pytest

from tests.wechat.conftest import Bot
from tests.wechat.peer import message_xml


def new_user(prefix: str = "o") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def test_official_account_url_verification(bot: Bot) -> None:
    response = bot.wechat.verify_url("4375120948345356249")
    assert response.status_code == 200
    assert response.text == "4375120948345356249"
    assert bot.wechat.verify_url("1", signature="0" * 40).status_code == 403


def test_wecom_url_verification(bot: Bot) -> None:
    response = bot.wecom.verify_url("1288432023552776189")
    assert response.status_code == 200
    assert response.text == "1288432023552776189"  # the plaintext, no quotes or newline
    assert bot.wecom.verify_url("1", msg_signature="0" * 40).status_code == 403


@pytest.mark.parametrize("safe", [False, True], ids=["plain", "safe"])
def test_official_account_question_and_numbered_option(bot: Bot, safe: bool) -> None:
    user = new_user()
    question = bot.wechat.ask(user, "医保可以补缴吗", safe)
    assert "请问您说的是哪一种医保？" in question
    assert "1. 职工医保" in question
    assert "2. 城乡居民医保" in question
    answer = bot.wechat.ask(user, "1", safe)
    for fact in ("身份证", "户口本", "社保卡", "劳动合同"):
        assert fact in answer
    assert [turn["text"] for turn in bot.user_turns(user)] == [
        "医保可以补缴吗",
        '/ask_backpay{"insurance_type": "employee_medical"}',
    ]


def test_wecom_question(bot: Bot) -> None:
    user = new_user("ChenJiaShun")
    answer = bot.wecom.ask(user, "单位没给我交社保怎么办")
    assert "0.05%" in answer
    assert "延期缴费协议" in answer


def test_english_question(bot: Bot) -> None:
    answer = bot.wechat.ask(new_user(), "What does Article 62 say?")
    assert "110%" in answer


def test_subscribe_gets_the_welcome_with_main_topics(bot: Bot) -> None:
    user = new_user()
    event = message_xml(bot.wechat.account, user, {"MsgType": "event", "Event": "subscribe"})
    welcome = bot.wechat.reply_text(bot.wechat.post(event), user)
    assert "社保咨询助手" in welcome
    assert "1. " in welcome and "2. " in welcome
    unsubscribe = message_xml(
        bot.wechat.account, user, {"MsgType": "event", "Event": "unsubscribe"}
    )
    assert bot.wechat.post(unsubscribe).text == "success"


def test_voice_with_recognition_is_treated_as_text(bot: Bot) -> None:
    user = new_user()
    voice = {"MsgType": "voice", "MediaId": "m1", "Format": "amr", "Recognition": "医保可以补缴吗"}
    voice["MsgId"] = str(uuid.uuid4().int % 10**18)
    reply = bot.wechat.reply_text(
        bot.wechat.post(message_xml(bot.wechat.account, user, voice)), user
    )
    assert "职工医保" in reply


@pytest.mark.parametrize("kind", ["image", "location", "voice", "shortvideo", "hologram"])
def test_other_message_types_get_a_polite_request_for_text(bot: Bot, kind: str) -> None:
    user = new_user()
    fields = {"MsgType": kind, "MediaId": "m1", "MsgId": str(uuid.uuid4().int % 10**18)}
    reply = bot.wechat.reply_text(
        bot.wechat.post(message_xml(bot.wechat.account, user, fields)), user
    )
    assert "文字" in reply
    assert bot.user_turns(user) == []


def test_polite_request_follows_the_conversation_language(bot: Bot) -> None:
    user = new_user()
    assert "110%" in bot.wechat.ask(user, "What does Article 62 say?")
    image = {"MsgType": "image", "PicUrl": "http://x/y.png", "MsgId": "42" + uuid.uuid4().hex[:6]}
    reply = bot.wechat.reply_text(
        bot.wechat.post(message_xml(bot.wechat.account, user, image)), user
    )
    assert "text" in reply


def test_official_account_calculator_with_numbered_options(bot: Bot) -> None:
    user = new_user()
    question = bot.wechat.ask(user, "帮我算算经济补偿")
    assert "平均月工资" in question
    assert "工作了多久" in bot.wechat.ask(user, "八千")
    options = bot.wechat.ask(user, "三年半")
    assert "劳动合同是怎么结束的" in options and "1. 单位违法辞退我" in options
    answer = bot.wechat.ask(user, "1")  # the first option's label, sent as the user's words
    assert "赔偿金" in answer and "64000元" in answer


def test_a_flooding_user_is_asked_to_slow_down_and_rasa_never_sees_the_excess(bot: Bot) -> None:
    user = new_user()
    replies = [bot.wechat.ask(user, f"你好{n}") for n in range(12)]
    assert all("您发送消息太快了" not in reply for reply in replies[:10])
    assert all("您发送消息太快了，请稍等" in reply for reply in replies[10:])
    assert len(bot.user_turns(user)) == 10
