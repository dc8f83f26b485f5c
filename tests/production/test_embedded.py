"""The embedded default (SQLite tracker store) against a real Rasa server and action server:
restarts, an action-server outage, hostile input and personal data.

The tests share one pair of servers and run in file order: the restart comes first, so the
later ones also prove the restarted server works.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
import requests

from harness.rest import text_of
from harness.servers import (
    LOG_DIR,
    Server,
    action_server,
    project_endpoints,
    rasa_server,
    running,
)
from tests.production.conftest import (
    ACTION_PORT,
    ID_CARD,
    MOBILE,
    PII_MESSAGE,
    RASA_PORT,
    say,
)

WEBHOOK = f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook"
EMPLOYEE_MEDICAL = '/inform_insurance_type{"insurance_type": "employee_medical"}'


@dataclass
class Embedded:
    rasa: Server
    actions: Server
    # The conversations, and beside them the action server's records (ratings, unanswered).
    database: Path


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> Iterator[Embedded]:
    directory = tmp_path_factory.mktemp("embedded")
    endpoints = project_endpoints(directory, ACTION_PORT)
    servers = Embedded(
        rasa_server(RASA_PORT, endpoints, name="production-rasa"),
        action_server(ACTION_PORT, name="production-actions", records=directory / "tracker.db"),
        directory / "tracker.db",
    )
    with running(servers.actions, servers.rasa):
        yield servers


def new_sender() -> str:
    return f"prod-{uuid.uuid4().hex[:8]}"


def test_restart_keeps_topic_slots_and_language(embedded: Embedded) -> None:
    sender = new_sender()
    greeting = text_of(say(RASA_PORT, sender, "/greet", metadata={"language": "en"}))
    assert "Hello" in greeting
    assert "Which medical insurance" in text_of(say(RASA_PORT, sender, "/ask_backpay"))

    embedded.rasa.stop()
    embedded.rasa.start()
    embedded.rasa.wait_ready()

    # The payload names neither the question nor the language: both come from the stored
    # conversation (pending question, language slot), and the follow-up from its topic.
    answer = text_of(say(RASA_PORT, sender, EMPLOYEE_MEDICAL))
    assert "employee medical insurance be back-paid" in answer
    assert "ID card" in answer
    legal_basis = text_of(say(RASA_PORT, sender, "/ask_law"))
    assert "Legal basis" in legal_basis
    assert "back-paid" in legal_basis


def test_action_server_down_gets_apology_then_answers_resume(embedded: Embedded) -> None:
    sender = new_sender()
    embedded.actions.stop()
    try:
        chinese = text_of(say(RASA_PORT, sender, "医保可以补缴吗"))
        assert "抱歉" in chinese and "12333" in chinese
        english = text_of(say(RASA_PORT, sender, "What does Article 62 say?"))
        assert "Sorry" in english and "12333" in english
    finally:
        embedded.actions.start()
        embedded.actions.wait_ready()
    answer = text_of(say(RASA_PORT, sender, "单位没给我交社保怎么办"))
    assert "0.05%" in answer and "延期缴费协议" in answer


@pytest.mark.parametrize(
    "body, reason",
    [
        (b'{"sender": "a", "message": ', "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b'["a"]', "JSON object"),
        (b'{"sender": "a", "message": 5}', "'message'"),
        (b'{"sender": ["a"], "message": "hi"}', "'sender'"),
        (b'{"sender": "a", "message": "hi", "metadata": 1}', "'metadata'"),
    ],
)
def test_bad_body_is_400_with_reason(embedded: Embedded, body: bytes, reason: str) -> None:
    response = requests.post(WEBHOOK, data=body, timeout=30)
    assert response.status_code == 400
    assert reason in response.json()["error"]


def test_oversized_body_is_413(embedded: Embedded) -> None:
    body = {"sender": "a", "message": "医" * 200_000}
    response = requests.post(WEBHOOK, json=body, timeout=30)
    assert response.status_code == 413


@pytest.mark.parametrize("message", ["", "   ", "\n\t\u3000", "\x00\x07"])
def test_empty_message_gets_the_main_topics(embedded: Embedded, message: str) -> None:
    replies = say(RASA_PORT, new_sender(), message)
    assert "您想了解以下哪个方面" in text_of(replies)
    titles = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert "医保可以补缴吗？" in titles


def test_long_message_is_cut_and_answered_fast(embedded: Embedded) -> None:
    started = time.monotonic()
    replies = say(RASA_PORT, new_sender(), "单位没给我交社保怎么办" + "啊" * 10_000)
    assert time.monotonic() - started < 2.0
    assert replies


def test_personal_numbers_never_stored_or_logged(embedded: Embedded) -> None:
    sender = new_sender()
    replies = say(RASA_PORT, sender, PII_MESSAGE)
    text = text_of(replies)
    assert "请不要在对话中发送身份证号、手机号或银行卡号" in text
    assert "请问您说的是哪一种医保" in text  # the question itself is still answered

    with sqlite3.connect(embedded.database) as database:
        rows = database.execute("SELECT data FROM events").fetchall()
    stored = "\n".join(row[0] or "" for row in rows)  # JSON: digits appear as they are
    texts = [json.loads(row[0]).get("text") or "" for row in rows if row[0]]
    assert "我的身份证号是***，手机***，医保可以补缴吗" in texts
    # A message the bot cannot answer is recorded for the knowledge-base editors: masked too.
    say(RASA_PORT, sender, f"我的手机是{MOBILE}，你们公司招不招司机")
    with sqlite3.connect(embedded.database) as database:
        unanswered = "\n".join(text for (text,) in database.execute("SELECT text FROM unanswered"))
    assert "你们公司招不招司机" in unanswered
    logs = (LOG_DIR / "production-rasa.log").read_text(errors="replace")
    logs += (LOG_DIR / "production-actions.log").read_text(errors="replace")
    for number in (ID_CARD, MOBILE):
        assert number not in stored
        assert number not in logs
        assert number not in unanswered
