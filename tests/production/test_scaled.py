"""Two Rasa servers sharing PostgreSQL (tracker store) and Redis (lock store), started the way
`make run-scaled` does (scripts/run.sh), against private database instances on loopback.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List

import psutil
import pytest
import requests
import sqlalchemy

from harness.hostile_inputs import fuzz_messages
from harness.rest import text_of
from harness.servers import (
    CONSOLE_PORT_OFFSET,
    LOG_DIR,
    STARTUP_TIMEOUT,
    TEST_CONSOLE_PASSWORD,
    Server,
    run_sh,
)
from tests.console_fixture import signed_in
from tests.production.conftest import (
    ACTION_PORT,
    ID_CARD,
    MOBILE,
    PII_MESSAGE,
    POSTGRES_PORT,
    RASA_PORT,
    REDIS_PORT,
    SECOND_RASA_PORT,
    WEB_PORT,
    say,
)
from tests.production.stores import PostgreSQL, Redis

API_TOKEN = "production-test-token"
PORTS = (RASA_PORT, SECOND_RASA_PORT)
# Above what any test here sends for one conversation in a minute, except the one that floods.
SENDER_LIMIT = "25 per minute"


def run_sh_server(work: Path, env: Dict[str, str]) -> Server:
    """scripts/run.sh on this suite's ports, with `env`."""
    return run_sh("production-scaled", (RASA_PORT, ACTION_PORT, WEB_PORT), work, env)


def wait_until_up(url: str, timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} not up after {timeout}s")


@dataclass
class Scaled:
    server: Server  # scripts/run.sh and everything it started
    database: sqlalchemy.engine.Engine  # the tracker store


@pytest.fixture(scope="module")
def scaled(postgres: PostgreSQL, redis_server: Redis, tmp_path_factory) -> Iterator[Scaled]:
    """scripts/run.sh with two Rasa servers and the HTTP API on."""
    env = {**postgres.env(), **redis_server.env(), "RASA_INSTANCES": "2"}
    # One sender's limit, counted in Redis; every test client here shares one address.
    env |= {"RATE_LIMIT_PER_SENDER": SENDER_LIMIT, "RATE_LIMIT_PER_ADDRESS": "off"}
    env |= {"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": API_TOKEN}
    server = run_sh_server(tmp_path_factory.mktemp("scaled"), env)
    engine = sqlalchemy.create_engine(postgres.url())
    try:
        server.start()
        server.wait_ready()
        wait_until_up(f"http://127.0.0.1:{SECOND_RASA_PORT}/")
        yield Scaled(server, engine)
    finally:
        server.stop()
        engine.dispose()


def start_failure(env: Dict[str, str], tmp_path: Path) -> str:
    """scripts/run.sh must refuse to start; its error output."""
    server = run_sh_server(tmp_path, env)
    result = subprocess.run(
        server.command, env={**os.environ, **server.env}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    return result.stderr


def test_unreachable_postgres_is_named_at_start(tmp_path: Path) -> None:
    env = {"POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": str(POSTGRES_PORT)}
    error = start_failure(
        {**env, "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(REDIS_PORT)}, tmp_path
    )
    assert f"PostgreSQL tracker store unreachable at 127.0.0.1:{POSTGRES_PORT}" in error


def test_unreachable_redis_is_named_at_start(postgres: PostgreSQL, tmp_path: Path) -> None:
    env = {**postgres.env(), "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(REDIS_PORT)}
    error = start_failure(env, tmp_path)
    assert f"Redis lock store unreachable at 127.0.0.1:{REDIS_PORT}" in error


def test_api_without_token_is_refused(tmp_path: Path) -> None:
    error = start_failure({"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": ""}, tmp_path)
    assert "RASA_AUTH_TOKEN" in error


def new_sender() -> str:
    return f"scaled-{uuid.uuid4().hex[:8]}"


def test_conversation_alternating_between_servers_keeps_its_state(scaled: Scaled) -> None:
    sender = new_sender()
    assert "请问您说的是哪一种医保" in text_of(say(RASA_PORT, sender, "医保可以补缴吗"))
    answer = text_of(say(SECOND_RASA_PORT, sender, "职工医保"))
    for document in ("身份证", "户口本", "社保卡", "劳动合同"):
        assert document in answer
    legal_basis = text_of(say(RASA_PORT, sender, "法律依据是什么？"))
    assert "法律依据" in legal_basis and "职工医保" in legal_basis


def test_the_flood_limit_holds_across_servers(scaled: Scaled) -> None:
    sender = new_sender()
    url = "http://127.0.0.1:{}/webhooks/rest/webhook"
    statuses = [
        requests.post(
            url.format(PORTS[n % 2]), json={"sender": sender, "message": "你好"}
        ).status_code
        for n in range(30)
    ]
    # Each server alone saw 15: only the count they share in Redis reaches 25.
    assert statuses == [200] * 25 + [429] * 5


def stored_events(engine: sqlalchemy.engine.Engine, sender: str) -> List[Dict]:
    with engine.connect() as connection:
        rows = connection.execute(
            sqlalchemy.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"),
            {"s": sender},
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def test_concurrent_messages_of_one_sender_are_stored_once_in_order(scaled: Scaled) -> None:
    sender = new_sender()
    messages = [f"单位没给我交社保怎么办（第{i}次）" for i in range(20)]

    def send(numbered: tuple[int, str]) -> List[Dict]:
        number, message = numbered
        return say(PORTS[number % 2], sender, message)

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(send, enumerate(messages)))
    assert all("0.05%" in text_of(r) for r in replies)

    events = stored_events(scaled.database, sender)
    user_texts = [e["text"] for e in events if e["event"] == "user"]
    assert sorted(user_texts) == sorted(messages)  # each exactly once, none lost
    timestamps = [e["timestamp"] for e in events]
    assert timestamps == sorted(timestamps)
    # The lock serialises the turns: every message is answered before the next one starts.
    turns = [e["event"] for e in events if e["event"] in ("user", "bot")]
    assert turns == ["user", "bot"] * 20
    serialised = [json.dumps(e, sort_keys=True) for e in events]
    assert len(serialised) == len(set(serialised))


def test_personal_numbers_never_reach_postgres_or_logs(scaled: Scaled) -> None:
    sender = new_sender()
    assert "请不要在对话中发送身份证号" in text_of(say(SECOND_RASA_PORT, sender, PII_MESSAGE))
    with scaled.database.connect() as connection:
        dump = "\n".join(
            row[0] or "" for row in connection.execute(sqlalchemy.text("SELECT data FROM events"))
        )
    logs = (LOG_DIR / "production-scaled.log").read_text(errors="replace")
    for number in (ID_CARD, MOBILE):
        assert number not in dump
        assert number not in logs


def button(replies: List[Dict], title: str) -> str:
    """The payload of the button `title` among the bot's `replies`."""
    buttons = [b for reply in replies for b in reply.get("buttons") or []]
    return next(b["payload"] for b in buttons if b["title"] == title)


def test_a_rating_given_across_servers_is_stored_once_without_the_sender(scaled: Scaled) -> None:
    sender = new_sender()
    answer = say(RASA_PORT, sender, f"我手机{MOBILE}，单位没给我交社保怎么办")
    assert "0.05%" in text_of(answer)
    assert "哪里不满意" in text_of(say(SECOND_RASA_PORT, sender, button(answer, "没帮助")))
    assert "谢谢您告诉我们" in text_of(say(RASA_PORT, sender, "不完整"))
    query = "SELECT * FROM ratings WHERE question = '我手机***，单位没给我交社保怎么办'"
    with scaled.database.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(sqlalchemy.text(query))]
    assert [(row["helpful"], row["reason"]) for row in rows] == [(False, "incomplete")]
    assert all(sender not in str(value) and MOBILE not in str(value) for value in rows[0].values())

    # The console run.sh started shows it, read from PostgreSQL.
    console_url = f"http://127.0.0.1:{WEB_PORT + CONSOLE_PORT_OFFSET}"
    page = signed_in(console_url, TEST_CONSOLE_PASSWORD).get(
        f"{console_url}/ratings/{rows[0]['topic']}", timeout=30
    )
    assert page.status_code == 200
    assert "我手机***，单位没给我交社保怎么办" in page.text and "不完整" in page.text


def test_delete_my_conversation_erases_it_from_postgres_for_both_servers(scaled: Scaled) -> None:
    sender = new_sender()
    say(RASA_PORT, sender, "医保可以补缴吗")
    say(RASA_PORT, sender, "职工医保")  # the topic, cached by this server
    offer = say(SECOND_RASA_PORT, sender, "删除我的对话")
    assert "已删除" in text_of(say(RASA_PORT, sender, button(offer, "确认删除")))
    count = "SELECT count(*) FROM events WHERE sender_id = :sender"
    with scaled.database.connect() as connection:
        assert connection.execute(sqlalchemy.text(count), {"sender": sender}).scalar() == 0
    # Neither server goes on from what it had cached: the conversation starts afresh.
    for port in PORTS:
        assert "职工医保" not in text_of(say(port, sender, "法律依据是什么？"))


def test_http_api_requires_the_token(scaled: Scaled) -> None:
    sender = new_sender()
    say(RASA_PORT, sender, "医保可以补缴吗")
    url = f"http://127.0.0.1:{SECOND_RASA_PORT}/conversations/{sender}/tracker"
    assert requests.get(url, timeout=30).status_code == 401
    tracker = requests.get(url, params={"token": API_TOKEN}, timeout=30)
    assert tracker.status_code == 200
    assert tracker.json()["slots"]["pending_intent"] == "ask_backpay"


FUZZ_COUNT = 2_000


def rasa_processes(run_sh: Server) -> List[psutil.Process]:
    """The Rasa servers scripts/run.sh started (not the action server)."""
    children = psutil.Process(run_sh.process.pid).children(recursive=True)
    return [p for p in children if "run" in p.cmdline() and "actions" not in p.cmdline()]


def test_fuzz_every_input_gets_a_reply_and_memory_stays_flat(scaled: Scaled) -> None:
    servers = rasa_processes(scaled.server)
    assert len(servers) == 2
    failures: List[str] = []
    rss_mb: List[float] = []

    def send(numbered: tuple[int, str]) -> None:
        # 200 users of 10 messages each; requests in flight together are from different users,
        # so they do not queue for one conversation's lock.
        number, message = numbered
        url = f"http://127.0.0.1:{PORTS[number % 2]}/webhooks/rest/webhook"
        response = requests.post(url, json={"sender": f"fuzz-{number % 200}", "message": message})
        if response.status_code != 200 or not response.json():
            failures.append(f"{message[:60]!r}: {response.status_code} {response.text[:200]}")
        if number % 100 == 0:
            rss_mb.append(max(p.memory_info().rss for p in servers) / 2**20)

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(send, enumerate(fuzz_messages(FUZZ_COUNT))))

    assert not failures, f"{len(failures)} failed, e.g. {failures[:3]}"
    for port in PORTS:
        assert requests.get(f"http://127.0.0.1:{port}/", timeout=10).ok
    # After warming up (first quarter), memory may wobble but must not keep growing.
    print(f"largest Rasa server RSS over the fuzz run (MB): {[round(m) for m in rss_mb]}")
    warm = max(rss_mb[: len(rss_mb) // 4])
    assert max(rss_mb) - warm < 80, rss_mb


def test_store_outages_while_running_are_logged_loudly(
    scaled: Scaled, postgres: PostgreSQL, redis_server: Redis
) -> None:
    sender = new_sender()
    log = LOG_DIR / "production-scaled.log"
    redis_server.stop()
    try:
        # No lock, no processing: the user gets the apology, the log the exception.
        assert "12333" in text_of(say(RASA_PORT, sender, "医保可以补缴吗"))
    finally:
        redis_server.start()
    assert "Rasa failed on a message from " + sender in log.read_text(errors="replace")

    postgres.pause()
    try:
        say(SECOND_RASA_PORT, sender, "医保可以补缴吗")
    finally:
        postgres.resume()
    logs = log.read_text(errors="replace")
    assert "Falling back to use the 'InMemoryTrackerStore'" in logs
    assert "请问您说的是哪一种医保" in text_of(say(RASA_PORT, sender, "医保可以补缴吗"))
