"""The action server's health routes and database migration, added through rasa_sdk's plugin hook.

rasa_sdk imports a package of exactly this name at start-up, if there is one, and lets it
extend the action server's Sanic app; `rasa run actions` stays the way to start the server.

- `GET /health/live`: the process answers (rasa_sdk's own `/health` says the same).
- `GET /health/ready`: the knowledge base the actions answer from is loaded. The actions load
  it when they are imported, before this plugin runs, so a broken one stops the server from
  starting at all; this says how many topics it holds.

Before the server listens, the tables the actions record into (insights/migrations) are brought
up to date, so every way of deploying it (make run, compose, Kubernetes) gets them; two servers
starting at once wait for each other (insights.migrate).
"""

from __future__ import annotations

import pluggy
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from insights.migrate import upgrade
from social_insurance import default_knowledge_base

hookimpl = pluggy.HookimplMarker("rasa_sdk")


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(HealthRoutes())


class HealthRoutes:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        async def migrate(_app: Sanic, _loop: object) -> None:
            upgrade()

        app.register_listener(migrate, "before_server_start")

        @app.get("/health/live")
        async def live(_request: Request) -> HTTPResponse:
            return response.json({"status": "live"})

        @app.get("/health/ready")
        async def ready(_request: Request) -> HTTPResponse:
            topics = len(default_knowledge_base().topics)
            return response.json({"status": "ready", "topics": topics})
