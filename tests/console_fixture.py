"""A maintainers' console over a SQLite file of made-up records, for the unit and browser tests.

The records are written as the bot writes them (insights.migrate, insights.records.Recorder);
Rasa's `events` table is created from insights' description of it and holds one conversation,
so one bad rating has its conversation and the other's is gone, as after "删除我的对话".
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from unittest import mock

import requests

from harness.servers import Server
from insights import migrate
from insights.database import create_engine
from insights.pseudonym import SALT_VARIABLE
from insights.records import Recorder
from insights.tables import events, rasa_metadata, utc_now

PASSWORD = "console-test-密码"
SALT = "console-test-salt"
SCRIPT = "<script>alert(1)</script>"
PENSION_QUESTIONS = ["养老保险可以取出来吗", "养老保险可以取出来吗", "养老保险能取出来吗？"]
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass(frozen=True)
class Records:
    conversation_kept: int  # a bad rating whose conversation is in `events`
    conversation_gone: int  # one whose conversation was deleted


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def write_records(path: Path) -> Records:
    """Ten days of turns and ratings, unanswered questions, one conversation, in `path`."""
    url = sqlite_url(path)
    migrate.upgrade(url)
    engine = create_engine(url)
    rasa_metadata.create_all(engine)
    now = utc_now()

    def recorder(at: datetime) -> Recorder:
        return Recorder(engine, clock=lambda: at)

    for days_ago in range(10):
        day = recorder(now - timedelta(days=days_ago))
        for n in range(5 + days_ago % 3):
            day.turn("answered", "zh", topic=("pension_transfer", "late_fee")[n % 2])
        for _ in range(1 + days_ago % 2):
            day.turn("clarified", "zh")
        for _ in range(days_ago % 3):
            day.turn("fallback", "en", intent="nlu_fallback")
    for text in [*PENSION_QUESTIONS, SCRIPT, SCRIPT]:
        recorder(now - timedelta(hours=2)).unanswered(text, "nlu_fallback", "zh")
    recorder(now - timedelta(hours=3)).unanswered("Can I get my pension abroad?", "ask", "en")
    recorder(now - timedelta(days=20)).unanswered("医保卡丢了怎么补办", "nlu_fallback", "zh")

    with mock.patch.dict(os.environ, {SALT_VARIABLE: SALT}):
        for rater in ("r1", "r2", "r3"):
            rate(recorder(now - timedelta(days=1)), "pension_transfer", rater, helpful=True)
        unclear = rate(recorder(now - timedelta(days=1)), "pension_transfer", "r4")
        recorder(now).reason(unclear, "unclear", None)
        kept_at = now - timedelta(hours=1)
        kept = rate(recorder(kept_at), "late_fee", "alice", question="滞纳金怎么算")
        recorder(now).reason(kept, "inaccurate", "滞纳金算错了")
        gone = rate(recorder(now - timedelta(hours=5)), "late_fee", "bob", question=SCRIPT)
        recorder(now).reason(gone, "other", f"<b>看不懂</b>{SCRIPT}")
    conversation = [
        ("user", -60, "滞纳金怎么算"),
        ("bot", -59, "欠缴社保的，从欠缴之日起按日加收万分之五的滞纳金。"),
        ("user", -5, '/rate_unhelpful{"rated_topic":"late_fee"}'),
    ]
    with engine.begin() as connection:
        for type_name, seconds, text in conversation:
            connection.execute(
                events.insert().values(
                    sender_id="alice",
                    type_name=type_name,
                    timestamp=kept_at.timestamp() + seconds,
                    data=json.dumps({"event": type_name, "text": text}),
                )
            )
    engine.dispose()
    return Records(conversation_kept=kept, conversation_gone=gone)


def rate(
    recorder: Recorder, topic: str, rater: str, helpful: bool = False, question: str = "问题"
) -> int:
    rating_id = recorder.rating(
        topic=topic, language="zh", helpful=helpful, question=question, sender_id=rater
    )
    assert rating_id is not None
    return rating_id


def console_server(name: str, port: int, tracker_db: Path) -> Server:
    """`python -m console` on `port` over the SQLite file `tracker_db`, password PASSWORD."""
    env = {
        "TRACKER_DB": str(tracker_db),
        "POSTGRES_HOST": "",
        "CONSOLE_PASSWORD": PASSWORD,
        SALT_VARIABLE: SALT,
    }
    command = [sys.executable, "-m", "console", "--host", "127.0.0.1", "--port", str(port)]
    return Server(name, command, f"http://127.0.0.1:{port}/login", env)


def csrf_token(page: str) -> str:
    match = CSRF.search(page)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def signed_in(base_url: str, password: str = PASSWORD) -> requests.Session:
    """A client signed in to the console at `base_url`."""
    client = requests.Session()
    token = csrf_token(client.get(f"{base_url}/login").text)
    answer = client.post(
        f"{base_url}/login", data={"csrf": token, "password": password}, allow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    return client
