"""The socket.io channel of the web widget, with the same guard as REST (`channels.guard`)."""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput

from channels.guard import default_guard


class GuardedSocketIOInput(SocketIOInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> SocketBlueprint:
        return super().blueprint(default_guard().wrap(on_new_message))
