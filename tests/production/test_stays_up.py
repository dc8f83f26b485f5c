"""`make run` as a user starts it (scripts/run.sh under supervisord, SQLite store): crashed
processes come back, floods are refused without slowing anyone else, SIGTERM loses nothing.

The flood limits are the defaults (channels/rate_limit.py). Every simulated person sends from
a loopback address of their own, as people on the job site do from theirs. The SIGTERM test
stops the servers, so it comes last.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import statistics
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List

import psutil
import pytest
import requests
import socketio

from bench.long_conversation import OUR_TURNS
from harness import servers, traffic
from harness.rest import say, text_of
from harness.servers import LOG_DIR, Server
from social_insurance import default_knowledge_base

RASA_PORT, ACTION_PORT, WEB_PORT = 19105, 19155, 19107
URL = f"http://127.0.0.1:{RASA_PORT}"
READY = f"{URL}/webhooks/health/ready"
LOG = LOG_DIR / "production-run-sh.log"
SLOW_DOWN = {"zh": "您发送消息太快了", "en": "faster than I can answer"}
# Turns in both languages, as the job site's users mix them.
TURNS = [*OUR_TURNS, "Can I back-pay my medical insurance?", "What does Article 62 say?"]


@dataclass
class RunSh:
    server: Server
    tracker_db: Path
    start_seconds: float  # from launch to ready, the first time


@pytest.fixture(scope="module")
def run_sh(tmp_path_factory) -> Iterator[RunSh]:
    work = tmp_path_factory.mktemp("run-sh")
    # As behind deploy/'s nginx: the client's address is the last X-Forwarded-For entry.
    proxied = {"SANIC_PROXIES_COUNT": "1"}
    server = servers.run_sh("production-run-sh", (RASA_PORT, ACTION_PORT, WEB_PORT), work, proxied)
    started = time.monotonic()
    try:
        server.start()
        server.wait_ready()
        yield RunSh(server, work / "tracker.db", time.monotonic() - started)
    finally:
        server.stop()


def new_sender() -> str:
    return f"up-{uuid.uuid4().hex[:10]}"


def child(run_sh: RunSh, *words: str) -> psutil.Process:
    """The one process supervisord runs whose command line holds all `words`."""
    processes = psutil.Process(run_sh.server.pid).children(recursive=True)
    matching = [p for p in processes if all(w in p.cmdline() for w in words)]
    assert len(matching) == 1, [p.cmdline() for p in matching]
    return matching[0]


def wait_until(check, timeout: float) -> float:
    """Seconds until `check()` held; fails after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if check():
                return time.monotonic() - started
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError(f"not within {timeout} s")


def test_a_killed_action_server_is_replaced_while_the_rasa_server_apologises(run_sh: RunSh):
    child(run_sh, "run", "actions").send_signal(signal.SIGKILL)
    assert "12333" in text_of(say(URL, new_sender(), "医保可以补缴吗"))
    # Alive, not ready: the readiness route names what is missing.
    assert requests.get(f"{URL}/webhooks/health/live", timeout=5).ok
    unready = requests.get(READY, timeout=5)
    assert unready.status_code == 503 and unready.json()["checks"]["action_server"] is False

    def answers() -> bool:
        return "请问您说的是哪一种医保" in text_of(say(URL, new_sender(), "医保可以补缴吗"))

    print(f"answers again {wait_until(answers, 15):.1f} s after the kill")
    assert requests.get(READY, timeout=5).json()["status"] == "ready"
    action_ready = requests.get(f"http://127.0.0.1:{ACTION_PORT}/health/ready", timeout=5)
    topics = len(default_knowledge_base().topics)
    assert action_ready.json() == {"status": "ready", "topics": topics}
    assert "exited: actions (terminated by SIGKILL; not expected)" in LOG.read_text()


def test_a_killed_rasa_server_comes_back_and_the_conversation_goes_on(run_sh: RunSh):
    sender = new_sender()
    question = text_of(say(URL, sender, "Can I back-pay my medical insurance?"))
    assert "Which medical insurance do you mean?" in question
    child(run_sh, "run", "--model").send_signal(signal.SIGKILL)
    time.sleep(1)  # supervisord notices the exit at once; the old port is free by now
    back = wait_until(lambda: requests.get(READY, timeout=2).ok, run_sh.start_seconds + 30)
    print(f"back in {back:.0f} s (first start {run_sh.start_seconds:.0f} s)")
    assert back <= run_sh.start_seconds + 15
    # The pending question and the language come from the store: an answer, in English.
    answer = text_of(say(URL, sender, "employee medical insurance"))
    assert "ID card" in answer and "Legal basis" in answer
    assert "exited: rasa-0 (terminated by SIGKILL; not expected)" in LOG.read_text()


def test_over_the_limit_rest_gets_429_with_retry_after_and_a_polite_reply(run_sh: RunSh):
    for language, text in (("zh", "你好"), ("en", "hello")):
        sender = new_sender()
        replies = [
            requests.post(f"{URL}/webhooks/rest/webhook", json={"sender": sender, "message": text})
            for _ in range(11)
        ]
        assert [r.status_code for r in replies] == [200] * 10 + [429]
        refused = replies[-1]
        assert 1 <= int(refused.headers["Retry-After"]) <= 21
        assert SLOW_DOWN[language] in text_of(refused.json())


def test_a_client_inventing_senders_is_stopped_by_its_address_behind_a_proxy(run_sh: RunSh):
    def send(address: str) -> int:
        body = {"sender": new_sender(), "message": "你好"}
        headers = {"X-Forwarded-For": address}
        return requests.post(f"{URL}/webhooks/rest/webhook", json=body, headers=headers).status_code

    statuses = [send("203.0.113.7") for _ in range(301)]  # the default: 300 per minute
    assert statuses == [200] * 300 + [429]
    assert send("203.0.113.8") == 200  # another client behind the same proxy


def test_over_the_limit_socketio_gets_the_polite_reply(run_sh: RunSh):
    async def chat() -> List[str]:
        received: List[str] = []
        client = socketio.AsyncClient()
        client.on("bot_uttered", lambda data: received.append(data.get("text", "")))
        # Long polling: the websocket transport needs a newer aiohttp than Rasa 3.6 allows.
        await client.connect(URL, transports=["polling"])
        session = uuid.uuid4().hex
        await client.emit("session_request", {"session_id": session})
        await asyncio.sleep(0.5)
        for _ in range(12):
            await client.emit("user_uttered", {"message": "你好", "session_id": session})
        await asyncio.sleep(5)
        await client.disconnect()
        return received

    received = asyncio.run(chat())
    assert sum(SLOW_DOWN["zh"] in text for text in received) == 2


def test_a_flood_is_refused_and_the_others_do_not_notice(run_sh: RunSh):
    pause = 2.5  # a person sends about one message every 2.5 s

    async def phase(
        flooding: bool, seconds: float = 60
    ) -> tuple[List[traffic.Outcome], List[traffic.Outcome]]:
        people = [
            traffic.talk(URL, new_sender(), TURNS, seconds, pause, traffic.user_address(i))
            for i in range(8)
        ]
        if flooding:
            people.append(traffic.flood(URL, "flooder", "医保可以补缴吗", 50, seconds, "127.0.0.2"))
        results = await asyncio.gather(*people)
        normal = [o for outcomes in results[:8] for o in outcomes]
        return normal, (results[8] if flooding else [])

    asyncio.run(phase(False, 15))  # warm-up: first-use costs out of the way
    # Quiet and flooded in turn, twice, so a drift of the machine's speed hits both alike.
    quiet: List[traffic.Outcome] = []
    flooded: List[traffic.Outcome] = []
    flood: List[traffic.Outcome] = []
    for _ in range(2):
        quiet += asyncio.run(phase(False, 30))[0]
        people, flooder = asyncio.run(phase(True, 30))
        flooded += people
        flood += flooder

    def p95(outcomes: List[traffic.Outcome]) -> float:
        return statistics.quantiles([o.latency_ms for o in outcomes], n=20)[-1]

    refused = sum(o.status == 429 for o in flood)
    print(
        f"normal users p95 {p95(quiet):.0f} ms quiet, {p95(flooded):.0f} ms flooded "
        f"({len(quiet)} / {len(flooded)} messages); flooder {refused}/{len(flood)} refused"
    )
    assert all(o.answered for o in quiet + flooded)
    assert p95(flooded) <= 1.5 * p95(quiet)
    assert refused >= 0.95 * len(flood)
    assert all(o.status in (200, 429) for o in flood)


def stored_user_texts(tracker_db: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(tracker_db) as connection:
        rows = connection.execute("SELECT sender_id, data FROM events WHERE type_name = 'user'")
        return {(sender, json.loads(data)["text"]) for sender, data in rows}


def test_sigterm_under_load_answers_or_refuses_and_stores_every_answered_turn(run_sh: RunSh):
    async def load() -> List[traffic.Outcome]:
        people = [
            # Quick users, each message of five a new conversation, within the flood limits.
            traffic.talk(URL, new_sender(), TURNS, 90, 0.25, traffic.user_address(100 + i), None, 5)
            for i in range(8)
        ]
        stop = asyncio.get_running_loop().run_in_executor(None, terminate)
        results = await asyncio.gather(*people)
        await stop
        return [o for outcomes in results for o in outcomes]

    def terminate() -> None:
        time.sleep(5)
        os.kill(run_sh.server.pid, signal.SIGTERM)
        run_sh.server.process.wait(timeout=60)

    outcomes = asyncio.run(load())
    answered = [o for o in outcomes if o.answered]
    failed = [o for o in outcomes if not o.answered]
    print(f"{len(answered)} answered, then {[o.error or o.status for o in failed]}")
    assert len(answered) > 50
    # Each process stopped of its own accord on SIGTERM, none had to be killed.
    stops = LOG.read_text().split("received SIGTERM")[-1]
    for program in ("web", "rasa-0", "actions"):
        assert f"stopped: {program} (" in stops
    assert "SIGKILL" not in stops
    stored = stored_user_texts(run_sh.tracker_db)
    assert {(o.sender, o.text) for o in answered} <= stored
    # Refused cleanly: no HTTP answer at all, and nothing of the message was processed.
    assert all(o.status == 0 for o in failed)
    assert not {(o.sender, o.text) for o in failed} & stored
