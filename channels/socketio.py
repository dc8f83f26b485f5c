"""The socket.io channel of the web widget, with the same guard as REST (`channels.guard`).

Rasa's handler knows the socket a message came on but hands the guard only the message; the
client's address, which the flood limit counts, travels beside it in a context variable that
the wrapping handler sets for the duration of one message.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any, Dict

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput

from channels.guard import MessageHandler, default_guard
from channels.rate_limit import client_address

_address: ContextVar[str | None] = ContextVar("socketio_client_address", default=None)


class GuardedSocketIOInput(SocketIOInput):
    def blueprint(self, on_new_message: MessageHandler) -> SocketBlueprint:
        guard = default_guard()

        async def guarded(message: UserMessage) -> None:
            await guard.handle(message, on_new_message, _address.get())

        webhook = super().blueprint(guarded)
        namespace = self.namespace or "/"
        rasa_handler = self.sio.handlers[namespace][self.user_message_evt]

        async def with_address(sid: str, data: Dict[str, Any]) -> None:
            # python-socketio's Sanic driver keeps the connecting request in the environ.
            request = (self.sio.get_environ(sid, namespace) or {}).get("sanic.request")
            token = _address.set(client_address(request) if request else None)
            try:
                await rasa_handler(sid, data)
            finally:
                _address.reset(token)

        self.sio.on(self.user_message_evt, with_address, namespace=namespace)
        return webhook
