"""WeChat's 5-second rule: retries join the turn in flight, slow replies are pushed."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

from tests.wechat.conftest import OA, WECOM, Bot
from tests.wechat.peer import text_message
from tests.wechat.slow_proxy import SLOW_PREFIX

T = TypeVar("T")


def wait_for(condition: Callable[[], T], timeout: float = 30) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout}s")


def test_three_concurrent_retries_make_one_turn_and_one_answer(bot: Bot) -> None:
    user = f"o{uuid.uuid4().hex[:12]}"
    xml = text_message(bot.wechat.account, user, "单位没给我交社保怎么办", "7001000000000001")
    with ThreadPoolExecutor(3) as pool:
        responses = list(pool.map(lambda _: bot.wechat.post(xml, safe=True), range(3)))
    replies = {bot.wechat.reply_text(response, user) for response in responses}
    # Whichever attempt WeChat is still waiting on gets the answer, and it is the same one.
    assert len(replies) == 1
    assert "0.05%" in replies.pop()
    assert [turn["text"] for turn in bot.user_turns(user)] == ["单位没给我交社保怎么办"]
    assert bot.api.pushes(user) == []


def test_slow_turn_answers_success_then_pushes(bot: Bot) -> None:
    user = f"{SLOW_PREFIX}{uuid.uuid4().hex[:12]}"
    started = time.monotonic()
    response = bot.wechat.post(text_message(bot.wechat.account, user, "单位没给我交社保怎么办"))
    assert time.monotonic() - started < 5
    assert response.status_code == 200 and response.text == "success"
    pushes = wait_for(lambda: bot.api.pushes(user))
    assert len(pushes) == 1
    push = pushes[0]
    assert push.path == "/cgi-bin/message/custom/send"
    assert push.query["access_token"] == bot.api.issued[OA["appid"]][-1]
    assert push.body["msgtype"] == "text"
    assert "0.05%" in push.body["text"]["content"]
    assert "延期缴费协议" in push.body["text"]["content"]
    assert len(bot.user_turns(user)) == 1


def test_expired_token_is_refreshed_once_and_the_push_retried(bot: Bot) -> None:
    user = f"{SLOW_PREFIX}{uuid.uuid4().hex[:12]}"
    # The channel gets a token with a first push, then WeChat replaces every token.
    _slow_question(bot, user, "wechat")
    wait_for(lambda: bot.api.pushes(user))
    tokens_before = len(bot.api.token_requests())
    bot.api.expire_tokens()

    _slow_question(bot, user, "wechat", "医保可以补缴吗")
    pushes = wait_for(lambda: len(bot.api.pushes(user)) == 3 and bot.api.pushes(user))
    rejected, accepted = pushes[1], pushes[2]
    assert rejected.query["access_token"] == pushes[0].query["access_token"]
    assert accepted.query["access_token"] != rejected.query["access_token"]
    assert accepted.body == rejected.body
    assert "职工医保" in accepted.body["text"]["content"]
    assert len(bot.api.token_requests()) == tokens_before + 1


def test_wecom_slow_turn_is_pushed_with_message_send(bot: Bot) -> None:
    user = f"{SLOW_PREFIX}{uuid.uuid4().hex[:12]}"
    response = _slow_question(bot, user, "wecom")
    assert response == "success"
    push = wait_for(lambda: bot.api.pushes(user))[0]
    assert push.path == "/cgi-bin/message/send"
    assert push.query["access_token"] == bot.api.issued[WECOM["corpid"]][-1]
    assert push.body["agentid"] == 1000002
    assert "0.05%" in push.body["text"]["content"]


def test_without_push_permission_the_next_message_brings_the_reply(bot: Bot) -> None:
    user = f"{SLOW_PREFIX}{uuid.uuid4().hex[:12]}"
    bot.api.denied_users.add(user)
    assert _slow_question(bot, user, "wechat") == "success"
    wait_for(lambda: bot.api.pushes(user))  # refused with 48001
    assert len(bot.api.pushes(user)) == 1
    # The user writes again; the pending answer comes first, the new one with it.
    xml = text_message(bot.wechat.account, user, "谢谢")
    started = time.monotonic()
    response = bot.wechat.post(xml)
    assert time.monotonic() - started < 5
    assert "0.05%" in bot.wechat.reply_text(response, user)


def _slow_question(bot: Bot, user: str, product: str, text: str = "单位没给我交社保怎么办") -> str:
    peer = bot.wechat if product == "wechat" else bot.wecom
    response = peer.post(text_message(peer.account, user, text))
    assert response.status_code == 200
    return response.text
