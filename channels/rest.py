"""The REST channel, hardened: `POST /webhooks/rest/webhook` as Rasa's own, plus input checks.

- The whole server refuses request bodies over `MAX_BODY_BYTES` with 413
  (`channels/blueprint.py`).
- A body that is not a JSON object with a text `message` gets 400 with the reason, not a 500.
- Every message goes through `MessageGuard`: the flood limit (over it: 429 with `Retry-After`
  and the "please slow down" reply), personal numbers masked, long texts cut, empty ones
  answered with the main topics, and an apology if Rasa produced no reply.

Streaming (`?stream=true`) is not offered: no client of this assistant uses it.
"""

from __future__ import annotations

import json
from typing import Any, Dict

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.blueprint import capped_blueprint
from channels.guard import MessageHandler, default_guard
from channels.rate_limit import client_address


class BadRequestError(ValueError):
    """The body is not what the webhook accepts; the message says why."""


def parse_body(body: bytes) -> Dict[str, Any]:
    """`{"sender": str, "message": str, "metadata": object}`; missing parts get defaults."""
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequestError(f"body is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise BadRequestError("body must be a JSON object")
    sender = data.get("sender", "default")
    message = data.get("message", "")
    metadata = data.get("metadata")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > 255:
        raise BadRequestError("'sender' must be a non-empty text of at most 255 characters")
    if message is not None and not isinstance(message, str):
        raise BadRequestError("'message' must be a text")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequestError("'metadata' must be an object")
    return {"sender": sender, "message": message or "", "metadata": metadata}


class GuardedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        # Same name as Rasa's channel, so the URL stays /webhooks/rest/webhook.
        return "rest"

    def blueprint(self, on_new_message: MessageHandler) -> Blueprint:
        guard = default_guard()
        webhook = capped_blueprint(self)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = parse_body(request.body)
            except BadRequestError as error:
                return response.json({"error": str(error)}, status=400)
            collector = CollectingOutputChannel()
            message = UserMessage(
                body["message"],
                collector,
                body["sender"],
                input_channel=self.name(),
                metadata=body["metadata"],
            )
            verdict = await guard.handle(message, on_new_message, client_address(request))
            if not verdict.allowed:
                headers = {"Retry-After": str(verdict.retry_after)}
                return response.json(collector.messages, status=429, headers=headers)
            return response.json(collector.messages)

        return webhook
