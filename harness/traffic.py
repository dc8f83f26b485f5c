"""Traffic over the REST channel from chosen client addresses: people talking, and a flood.

Every client may send from its own loopback address (127.0.0.0/8 is all loopback on Linux),
so the per-address flood limit sees them as the different clients they stand for. Used by the
flood and shutdown tests and by `make soak`.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List

import aiohttp

WEBHOOK = "/webhooks/rest/webhook"
TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class Outcome:
    sender: str
    text: str
    status: int  # 0: no HTTP answer, `error` says why
    latency_ms: float
    reply: str  # the bot's texts, joined
    error: str = ""  # the client's exception: ClientConnectorError (refused), a timeout, ...

    @property
    def answered(self) -> bool:
        return self.status == 200 and bool(self.reply)


def user_address(number: int) -> str:
    """A loopback address of its own for user `number` (127.0.1.1, 127.0.1.2, ...)."""
    return f"127.0.{1 + number // 250}.{1 + number % 250}"


def _session(source: str | None) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(local_addr=(source, 0) if source else None)
    return aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
    )


async def _send(
    session: aiohttp.ClientSession, url: str, sender: str, text: str, metadata: Dict[str, Any]
) -> Outcome:
    started = time.monotonic()
    body = {"sender": sender, "message": text, "metadata": metadata}
    messages: Any = []
    status, error = 0, ""
    try:
        async with session.post(url + WEBHOOK, json=body) as response:
            status = response.status
            messages = await response.json(content_type=None) or []
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as failure:
        error = type(failure).__name__
    texts = [m.get("text") or "" for m in messages if isinstance(m, dict)]
    latency_ms = (time.monotonic() - started) * 1000
    return Outcome(sender, text, status, latency_ms, "\n".join(texts), error)


async def talk(
    url: str,
    sender: str,
    turns: Iterable[str],
    seconds: float,
    pause: float = 0.0,
    source: str | None = None,
    metadata: Dict[str, Any] | None = None,
    per_conversation: int | None = None,
) -> List[Outcome]:
    """One person: the turns one after another (cycled), `pause` seconds between an answer and
    the next message, for `seconds`. With `per_conversation`, a new conversation (sender id
    `sender-0`, `sender-1`, ...) after that many messages."""
    outcomes: List[Outcome] = []
    deadline = time.monotonic() + seconds
    async with _session(source) as session:
        for number, text in enumerate(itertools.cycle(turns)):
            if time.monotonic() >= deadline:
                break
            conversation = f"{sender}-{number // per_conversation}" if per_conversation else sender
            outcome = await _send(session, url, conversation, text, metadata or {})
            outcomes.append(outcome)
            if outcome.error == "ClientConnectorError":
                break  # nothing listens any more: the server has stopped
            await asyncio.sleep(pause)
    return outcomes


async def flood(
    url: str, sender: str, text: str, per_second: float, seconds: float, source: str | None = None
) -> List[Outcome]:
    """One client sending `per_second` requests a second, not waiting for answers."""
    async with _session(source) as session:
        sent = []
        started = time.monotonic()
        for number in itertools.count():
            due = started + number / per_second
            if due - started >= seconds:
                break
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            sent.append(asyncio.ensure_future(_send(session, url, sender, text, {})))
        return list(await asyncio.gather(*sent))
