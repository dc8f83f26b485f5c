"""The blueprint every hardened webhook channel (REST, WeChat, WeCom) starts from.

Sanic's own request-size limit is 100 MB; a chat message is a few hundred characters, so the
whole server refuses bigger bodies with 413 once any of these channels is mounted.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

# A chat message is a few hundred characters; 128 KB still takes a pasted 10,000-character text
# even with every character JSON-escaped as a surrogate pair (12 bytes), and nothing much bigger.
MAX_BODY_BYTES = 128 * 1024


def capped_blueprint(channel: InputChannel) -> Blueprint:
    """A channel's blueprint with a health route; at start-up it lowers the server's body cap,
    and while the server stops it closes each connection after its answer.

    Every hardened channel with its own webhook starts from this, so they all share one cap,
    one health check and one way of draining.
    """
    webhook = Blueprint(f"custom_webhook_{type(channel).__name__}", __name__)

    @webhook.listener("before_server_start")
    async def configure_server(app: Sanic, _loop: Any) -> None:
        app.config.REQUEST_MAX_SIZE = min(app.config.REQUEST_MAX_SIZE, MAX_BODY_BYTES)

    @webhook.middleware("response")
    async def close_when_stopping(request: Request, _response: HTTPResponse) -> None:
        # On SIGTERM Sanic stops accepting connections and lets the open ones finish, but a
        # keep-alive client would go on sending on its connection until the drain times out
        # and cuts it mid-request. "Connection: close" sends it to a server that is staying.
        if request.app.is_stopping and request.stream is not None:
            request.stream.keep_alive = False

    @webhook.route("/", methods=["GET"])
    async def health(_request: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    return webhook
