"""Health routes of the Rasa server, for a scheduler's probes (Kubernetes, compose, scripts).

Mounted like a channel (credentials.yml), so they live under Rasa's channel prefix:

- `GET /webhooks/health/live`: the process answers. Nothing else is checked, so a slow store
  never gets a healthy server restarted.
- `GET /webhooks/health/ready`: the model is loaded, the tracker store and the lock store
  (Redis in the scaled setup) answer, and so does the action server. 503 with the failed
  checks otherwise, so a load balancer sends the conversation to a server that can answer.
"""

from __future__ import annotations

import asyncio
import logging
import urllib.parse
from typing import Awaitable, Callable, Dict

import aiohttp
import sqlalchemy as sa
from rasa.core.agent import Agent
from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.guard import MessageHandler

logger = logging.getLogger(__name__)

# A check slower than this counts as failed: probes run every few seconds.
CHECK_TIMEOUT_SECONDS = 2.0
# One dependency's check: returns if it answers, raises if not.
Check = Callable[[Agent], Awaitable[None]]


class HealthInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "health"

    def blueprint(self, on_new_message: MessageHandler) -> Blueprint:
        health = Blueprint("health", __name__)

        @health.route("/live", methods=["GET"])
        async def live(_request: Request) -> HTTPResponse:
            return response.json({"status": "live"})

        @health.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            checks = await readiness(getattr(request.app.ctx, "agent", None))
            ok = all(checks.values())
            status = {"status": "ready" if ok else "not ready", "checks": checks}
            return response.json(status, status=200 if ok else 503)

        return health


async def readiness(agent: Agent | None) -> Dict[str, bool]:
    if agent is None or not agent.is_ready():
        return {"model": False}
    checks = {
        "tracker_store": _tracker_store,
        "lock_store": _lock_store,
        "action_server": _action_server,
    }
    results = await asyncio.gather(
        *(_answers(name, check, agent) for name, check in checks.items())
    )
    return {"model": True, **dict(zip(checks, results, strict=True))}


async def _answers(name: str, check: Check, agent: Agent) -> bool:
    try:
        await asyncio.wait_for(check(agent), CHECK_TIMEOUT_SECONDS)
    except Exception as error:
        logger.warning(
            "Readiness: the %s failed (%s).", name.replace("_", " "), type(error).__name__
        )
        return False
    return True


async def _tracker_store(agent: Agent) -> None:
    # The SQL stores' drivers block: in a thread, so a hung database cannot stall the server
    # (and its liveness route) and the timeout above holds. Other stores live in memory.
    engine = getattr(agent.tracker_store, "engine", None)
    if engine is not None:
        await asyncio.to_thread(_select_one, engine)


def _select_one(engine: sa.engine.Engine) -> None:
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


async def _lock_store(agent: Agent) -> None:
    redis = getattr(agent.lock_store, "red", None)  # Rasa's Redis lock stores
    if redis is not None:
        await asyncio.to_thread(redis.ping)


async def _action_server(agent: Agent) -> None:
    if agent.action_endpoint is None:
        return
    # rasa_sdk's own liveness route, beside the /webhook the endpoint names.
    url = urllib.parse.urljoin(agent.action_endpoint.url, "/health")
    async with aiohttp.ClientSession() as session, session.get(url) as answer:
        answer.raise_for_status()
