"""Hostile and broken requests get a clear 4xx, never reach Rasa, and the server keeps serving."""

from __future__ import annotations

import base64
import time
import uuid

import pytest
import requests

from tests.unit.test_wechat_xml import BILLION_LAUGHS, XXE
from tests.wechat.conftest import Bot
from tests.wechat.peer import sign, text_message


def new_user() -> str:
    return f"o{uuid.uuid4().hex[:12]}"


def signed_query(bot: Bot, timestamp: str | None = None) -> dict:
    query = bot.wechat.query(None, timestamp)
    query["signature"] = sign(bot.wechat.token, query["timestamp"], query["nonce"])
    return query


def test_wrong_signature_is_403(bot: Bot) -> None:
    user = new_user()
    query = signed_query(bot)
    query["signature"] = "0" * 40
    body = text_message(bot.wechat.account, user, "医保可以补缴吗").encode()
    assert bot.wechat.post_raw(body, query).status_code == 403
    del query["signature"]
    assert bot.wechat.post_raw(body, query).status_code == 403
    assert bot.user_turns(user) == []


@pytest.mark.parametrize("age", [301, 3600, -3600])
def test_stale_timestamp_is_403(bot: Bot, age: int) -> None:
    user = new_user()
    old = str(int(time.time()) - age)
    response = bot.wechat.post(text_message(bot.wechat.account, user, "医保可以补缴吗"), False, old)
    assert response.status_code == 403
    assert bot.user_turns(user) == []


@pytest.mark.parametrize(
    "body",
    [
        b"<xml><ToUserName>gh</ToUserName><Content>",
        b"not xml at all",
        b"",
        b"<xml><MsgType>text</MsgType></xml>",
        BILLION_LAUGHS.encode(),
        XXE.encode(),
    ],
    ids=["truncated", "text", "empty", "no-sender", "billion-laughs", "xxe"],
)
def test_malformed_and_hostile_xml_is_400(bot: Bot, body: bytes) -> None:
    started = time.monotonic()
    response = bot.wechat.post_raw(body, signed_query(bot))
    assert response.status_code == 400
    assert time.monotonic() - started < 2  # nothing was expanded
    assert "root:" not in response.text  # no /etc/passwd


def test_hostile_xml_inside_the_ciphertext_is_400(bot: Bot) -> None:
    response = bot.wechat.post(XXE, safe=True)
    assert response.status_code == 400
    assert "root:" not in response.text


def _encrypted_body(bot: Bot, encrypt: str) -> tuple[bytes, dict]:
    query = bot.wechat.query(encrypt)
    query["signature"] = sign(bot.wechat.token, query["timestamp"], query["nonce"])
    query["encrypt_type"] = "aes"
    body = f"<xml><ToUserName>gh</ToUserName><Encrypt>{encrypt}</Encrypt></xml>"
    return body.encode(), query


@pytest.mark.parametrize(
    "encrypt",
    ["not-base64!!", base64.b64encode(b"short").decode(), base64.b64encode(bytes(64)).decode()],
    ids=["not-base64", "not-blocks", "bad-padding"],
)
def test_corrupted_ciphertext_is_400(bot: Bot, encrypt: str) -> None:
    body, query = _encrypted_body(bot, encrypt)
    assert bot.wechat.post_raw(body, query).status_code == 400


def test_wrong_msg_signature_is_403(bot: Bot) -> None:
    encrypt = bot.wechat.encrypt(text_message(bot.wechat.account, new_user(), "你好"))
    body, query = _encrypted_body(bot, encrypt)
    query["msg_signature"] = "0" * 40
    assert bot.wechat.post_raw(body, query).status_code == 403


def test_message_for_another_appid_is_403(bot: Bot) -> None:
    user = new_user()
    other = type(bot.wechat)(**{**vars(bot.wechat), "receive_id": "wx0000000000000000"})
    response = other.post(text_message(bot.wechat.account, user, "医保可以补缴吗"), safe=True)
    assert response.status_code == 403
    response = type(bot.wecom)(**{**vars(bot.wecom), "receive_id": "ww0000000000000000"}).post(
        text_message(bot.wecom.account, user, "医保可以补缴吗")
    )
    assert response.status_code == 403
    assert bot.user_turns(user) == []


@pytest.mark.parametrize("size", [100 * 1024, 1024 * 1024], ids=["100KB", "1MB"])
def test_big_body_is_413(bot: Bot, size: int) -> None:
    body = b"<xml><Content>" + b"a" * size + b"</Content></xml>"
    try:
        status = bot.wechat.post_raw(body, signed_query(bot)).status_code
    except requests.ConnectionError:
        pytest.fail("the server closed the connection instead of answering 413")
    assert status == 413


def test_server_keeps_serving_after_bad_input(bot: Bot) -> None:
    for _ in range(3):
        bot.wechat.post_raw(BILLION_LAUGHS.encode(), signed_query(bot))
        bot.wechat.post_raw(b"\xff\xfe<xml>", signed_query(bot))
    answer = bot.wechat.ask(new_user(), "单位没给我交社保怎么办")
    assert "0.05%" in answer
    assert requests.get(f"{bot.url}/webhooks/wechat/", timeout=5).json() == {"status": "ok"}
    assert requests.get(f"{bot.url}/webhooks/wecom/", timeout=5).json() == {"status": "ok"}
