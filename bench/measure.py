"""Serve one bot, time its start, put it under each load level, and record its peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List

import numpy
import requests

from bench import long_conversation
from bench.bots import Bot
from bench.long_conversation import LongRun
from bench.memory import PeakMemory
from harness.servers import PROJECT_ROOT, STARTUP_TIMEOUT

WEBHOOK = "/webhooks/rest/webhook"


@dataclass
class Level:
    """One concurrency level's outcome."""

    users: int
    seconds: float
    messages: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    load_average: float  # the machine's 1-minute load just before the level: noise indicator
    error_samples: List[str] = field(default_factory=list)

    @property
    def messages_per_second(self) -> float:
        return self.messages / self.seconds


@dataclass
class Measurement:
    bot: str
    training_seconds: float | None
    rasa_ready_seconds: float
    action_ready_seconds: float | None
    rasa_peak_rss: int
    action_peak_rss: int | None
    levels: List[Level]
    long_runs: List[LongRun] = field(default_factory=list)


def _send(url: str, sender: str, text: str) -> List[Dict[str, Any]]:
    response = requests.post(url, json={"sender": sender, "message": text}, timeout=30)
    response.raise_for_status()
    return response.json()


def _wait_answered(url: str, text: str, started: float) -> float:
    """Seconds from `started` until the bot answers `text`: ready means ready for users."""
    deadline = started + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if any(m.get("text") for m in _send(url, "bench-ready", text)):
                return time.monotonic() - started
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"no answer from {url} after {STARTUP_TIMEOUT}s")


def _run_level(host: str, conversations_file: str, users: int, seconds: float) -> Level:
    load_average = os.getloadavg()[0]
    command = [sys.executable, "-m", "bench.load", "--host", host]
    command += ["--conversations", conversations_file, "--users", str(users)]
    command += ["--seconds", str(seconds)]
    output = subprocess.run(
        command, cwd=PROJECT_ROOT, check=True, capture_output=True, text=True
    ).stdout
    result = json.loads(output)
    latencies = numpy.array(result["latencies_ms"] or [float("nan")])
    p50, p95, p99 = numpy.percentile(latencies, [50, 95, 99])
    return Level(
        users=users,
        seconds=result["seconds"],
        messages=len(result["latencies_ms"]),
        errors=result["errors"],
        p50_ms=float(p50),
        p95_ms=float(p95),
        p99_ms=float(p99),
        load_average=load_average,
        error_samples=result["error_samples"],
    )


def measure(
    bot: Bot,
    rasa_port: int,
    action_port: int,
    users: List[int],
    seconds: float,
    long_users: List[int],
    long_messages: int,
) -> Measurement:
    """Starts the bot's servers as `make run` would (together), then loads it level by level."""
    servers = bot.servers(rasa_port, action_port)
    action = servers[1] if len(servers) > 1 else None
    url = f"http://127.0.0.1:{rasa_port}{WEBHOOK}"
    memories: List[PeakMemory] = []
    try:
        started = time.monotonic()
        for server in servers:
            server.start()
            memories.append(PeakMemory(server.pid).start())
        action_ready = None
        if action is not None:
            action.wait_ready()
            action_ready = time.monotonic() - started
        rasa_ready = _wait_answered(url, bot.conversations[0][0], started)
        # Warm-up, not measured: every conversation once, so first-use costs are paid.
        for conversation in bot.conversations:
            sender = uuid.uuid4().hex
            for text in conversation:
                _send(url, sender, text)
        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as file:
            json.dump(bot.conversations, file, ensure_ascii=False)
            file.flush()
            host = f"http://127.0.0.1:{rasa_port}"
            levels = [_run_level(host, file.name, count, seconds) for count in users]
        long_runs = [
            long_conversation.run(url, bot.long_turns, count, long_messages) for count in long_users
        ]
    finally:
        for server in servers:
            server.stop()
        peaks = [memory.stop() for memory in memories]
    return Measurement(
        bot=bot.name,
        training_seconds=bot.training_seconds,
        rasa_ready_seconds=rasa_ready,
        action_ready_seconds=action_ready,
        rasa_peak_rss=peaks[0],
        action_peak_rss=peaks[1] if action is not None else None,
        levels=levels,
        long_runs=long_runs,
    )
