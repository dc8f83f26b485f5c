"""How many messages one sender, and one client address, may send: the flood limit.

Both limits come from the environment, read once per process, in the `limits` library's
notation ("10 per 20 seconds", "300/minute"); "off" switches one off:

- `RATE_LIMIT_PER_SENDER`, default 10 per 20 seconds: faster than anyone types or taps
  buttons, slower than a script. Counted per channel and sender id.
- `RATE_LIMIT_PER_ADDRESS`, default 300 per minute: an office or campus shares one address,
  so this one only stops a client that invents a new sender id for every message. WeChat and
  WeCom have no client address (every request comes from Tencent's servers).

The counters live in this process, or with `REDIS_HOST` set (the scaled setup) in that Redis,
so a limit holds however a load balancer spreads one client's requests over the servers. A
counter is a fixed window that starts with a client's first message and expires with it, so
nothing is kept of a client once its window is over (a moving window would keep every sender
ever seen in memory).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import os
import time
from dataclasses import dataclass
from typing import Mapping

from limits import RateLimitItem, parse
from limits.aio.strategies import FixedWindowRateLimiter
from limits.storage import storage_from_string
from sanic.request import Request

logger = logging.getLogger(__name__)

DEFAULT_PER_SENDER = "10 per 20 seconds"
DEFAULT_PER_ADDRESS = "300 per minute"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # whole seconds until the refused client may send again


ALLOWED = Verdict(True)
# Longer than a Redis round trip ever takes when Redis is well; a hung Redis must not hold
# messages up longer than this.
COUNT_TIMEOUT_SECONDS = 0.5
# A failing count is logged at most this often, not once per message of a flood.
WARN_EVERY_SECONDS = 60.0


def client_address(request: Request) -> str:
    """The client's address: from the proxy headers Sanic is told to trust (`SANIC_PROXIES_COUNT`
    behind nginx or an Ingress), else the peer of the connection."""
    return request.remote_addr or request.ip


def _limit(name: str, environment: Mapping[str, str], default: str) -> RateLimitItem | None:
    setting = environment.get(name, default)
    if setting.strip().lower() == "off":
        return None
    try:
        return parse(setting)
    except ValueError:
        raise ValueError(f"{name}={setting!r} is not a limit like {default!r} or 'off'") from None


class RateLimiter:
    def __init__(
        self,
        per_sender: RateLimitItem | None,
        per_address: RateLimitItem | None,
        storage: str,
    ) -> None:
        self.per_sender = per_sender
        self.per_address = per_address
        # The strategy holds its storage by a weak reference only: this keeps it alive. In
        # Redis the keys start with LIMITER/, beside the lock store's `socialinsurance`.
        self._storage = storage_from_string(storage)
        self._strategy = FixedWindowRateLimiter(self._storage)
        self._warned = -WARN_EVERY_SECONDS

    @classmethod
    def from_environment(cls, environment: Mapping[str, str] = os.environ) -> RateLimiter:
        redis_host = environment.get("REDIS_HOST")
        storage = (
            f"async+redis://{redis_host}:{environment.get('REDIS_PORT', '6379')}"
            if redis_host
            else "async+memory://"
        )
        return cls(
            _limit("RATE_LIMIT_PER_SENDER", environment, DEFAULT_PER_SENDER),
            _limit("RATE_LIMIT_PER_ADDRESS", environment, DEFAULT_PER_ADDRESS),
            storage,
        )

    async def hit(self, channel: str, sender: str, address: str | None) -> Verdict:
        """Counts one message; refused if it is over either limit."""
        counted = [(self.per_sender, _key(channel, sender))]
        if address:
            counted.insert(0, (self.per_address, _key(address)))
        try:
            for limit, key in counted:
                if limit:
                    hit = self._strategy.hit(limit, key)
                    if not await asyncio.wait_for(hit, COUNT_TIMEOUT_SECONDS):
                        return await self._refused(limit, key)
        except Exception as error:
            # A limit that cannot be counted (Redis down) must not stop people chatting.
            now = time.monotonic()
            if now - self._warned >= WARN_EVERY_SECONDS:
                self._warned = now
                logger.warning("Rate limit not counted (%s); messages let through.", error)
        return ALLOWED

    async def _refused(self, limit: RateLimitItem, key: str) -> Verdict:
        reset, _remaining = await self._strategy.get_window_stats(limit, key)
        # The window's end is kept in whole seconds, rounded down: one more to be sure.
        return Verdict(False, max(1, math.ceil(reset - time.time()) + 1))


def _key(*parts: str) -> str:
    """What the counter is kept under: a digest, so Redis holds no address or sender id."""
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
