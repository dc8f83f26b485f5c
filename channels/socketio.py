"""The socket.io channel of the web widget, with the same guard as REST (`channels.guard`)."""

from __future__ import annotations

from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput

from channels.guard import MessageHandler, default_guard


class GuardedSocketIOInput(SocketIOInput):
    def blueprint(self, on_new_message: MessageHandler) -> SocketBlueprint:
        return super().blueprint(default_guard().wrap(on_new_message))
