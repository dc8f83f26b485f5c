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


def client_address(request: Request) -> str:
    """The client's address: from the proxy headers Sanic is told to trust (`SANIC_PROXIES_COUNT`
    behind nginx or an Ingress), else the peer of the connection."""
    return request.remote_addr or request.ip


def _limit(setting: str) -> RateLimitItem | None:
    return None if setting.strip().lower() == "off" else parse(setting)


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

    @classmethod
    def from_environment(cls, environment: Mapping[str, str] = os.environ) -> RateLimiter:
        redis_host = environment.get("REDIS_HOST")
        storage = (
            f"async+redis://{redis_host}:{environment.get('REDIS_PORT', '6379')}"
            if redis_host
            else "async+memory://"
        )
        return cls(
            _limit(environment.get("RATE_LIMIT_PER_SENDER", DEFAULT_PER_SENDER)),
            _limit(environment.get("RATE_LIMIT_PER_ADDRESS", DEFAULT_PER_ADDRESS)),
            storage,
        )

    async def hit(self, channel: str, sender: str, address: str | None) -> Verdict:
        """Counts one message; refused if it is over either limit."""
        counted = [(self.per_sender, [channel, sender])]
        if address:
            counted.insert(0, (self.per_address, [address]))
        try:
            for limit, key in counted:
                if limit and not await self._strategy.hit(limit, *key):
                    return await self._refused(limit, *key)
        except Exception:
            # A limit that cannot be counted (Redis unreachable) must not stop people chatting.
            logger.warning("Rate limit not counted (is Redis up?); message let through.")
        return ALLOWED

    async def _refused(self, limit: RateLimitItem, *key: str) -> Verdict:
        reset, _remaining = await self._strategy.get_window_stats(limit, *key)
        return Verdict(False, max(1, math.ceil(reset - time.time())))
