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
from typing import Any, Dict

import aiohttp
from rasa.core.agent import Agent
from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.guard import MessageHandler

logger = logging.getLogger(__name__)

# A check slower than this counts as failed: probes run every few seconds.
CHECK_TIMEOUT_SECONDS = 2.0
# Looked up in the stores; no conversation has this id, so nothing is created or read.
PROBE_CONVERSATION = "__readiness_probe__"


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
            checks = await readiness(request.app.ctx.agent)
            ok = all(checks.values())
            status = {"status": "ready" if ok else "not ready", "checks": checks}
            return response.json(status, status=200 if ok else 503)

        return health


async def readiness(agent: Agent | None) -> Dict[str, bool]:
    if agent is None or not agent.is_ready():
        return {"model": False}
    return {
        "model": True,
        "tracker_store": await _answers(_tracker_store, agent),
        "lock_store": await _answers(_lock_store, agent),
        "action_server": await _answers(_action_server, agent),
    }


async def _answers(check: Any, agent: Agent) -> bool:
    try:
        await asyncio.wait_for(check(agent), CHECK_TIMEOUT_SECONDS)
    except Exception as error:
        logger.warning("Readiness: %s failed (%s).", check.__name__.strip("_"), error)
        return False
    return True


async def _tracker_store(agent: Agent) -> None:
    await agent.tracker_store.retrieve(PROBE_CONVERSATION)


async def _lock_store(agent: Agent) -> None:
    agent.lock_store.get_lock(PROBE_CONVERSATION)


async def _action_server(agent: Agent) -> None:
    if agent.action_endpoint is None:
        return
    # rasa_sdk's own liveness route, beside the /webhook the endpoint names.
    url = urllib.parse.urljoin(agent.action_endpoint.url, "/health")
    async with aiohttp.ClientSession() as session, session.get(url) as answer:
        answer.raise_for_status()
