"""What a WeChat or WeCom user's message becomes for Rasa, and what Rasa says back as WeChat text.

Shared by both products once a request is verified and decrypted:

- text → Rasa; a bare option number ("1") → the payload of that numbered option;
- voice with WeChat's speech recognition → its text; without → "please send text";
- `subscribe` → `/greet`, which answers with the welcome and the main topics;
- other events (unsubscribe, menu clicks) → nothing;
- images, locations, links, video, files → a polite "please send text" in the user's language.

Every message for Rasa goes through the same guard as the other channels (`channels.guard`).
"""

from __future__ import annotations

import collections
from typing import Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from channels.guard import MessageHandler, default_guard
from channels.wechat.delivery import Delivery
from channels.wechat.text import render, selected_payload

# Users whose last numbered options are remembered; the oldest are forgotten first.
MAX_REMEMBERED_OPTIONS = 10_000


class Conversation:
    """One per channel: runs each WeChat message as exactly one Rasa turn."""

    def __init__(self, channel: str, on_new_message: MessageHandler, delivery: Delivery) -> None:
        self.channel = channel
        self.on_new_message = default_guard().wrap(on_new_message)
        self.delivery = delivery
        self._options: collections.OrderedDict[str, List[str]] = collections.OrderedDict()

    async def answer(self, message: Dict[str, str]) -> str | None:
        """The passive reply to a verified message, or None to answer "success"."""
        user = message["FromUserName"]
        if message.get("MsgType") == "event" and message.get("Event") != "subscribe":
            return None
        # Events have no MsgId; WeChat's retries of an event repeat its CreateTime.
        key = message.get("MsgId") or f"{user}/{message.get('CreateTime', '')}"
        return await self.delivery.reply(user, key, lambda: self._turn(user, message))

    async def _turn(self, user: str, message: Dict[str, str]) -> List[str]:
        text = _text_of(message)
        if text is None:
            language = await default_guard().language(UserMessage(sender_id=user))
            return [default_guard().kb.messages.text("send_text_please", language)]
        text = selected_payload(text, self._options.get(user, ())) or text
        collector = CollectingOutputChannel()
        await self.on_new_message(
            UserMessage(
                text,
                collector,
                user,
                input_channel=self.channel,
                message_id=message.get("MsgId"),
            )
        )
        reply = render(collector.messages)
        self._remember_options(user, reply.options)
        return reply.texts

    def _remember_options(self, user: str, options: List[str]) -> None:
        # Numbers refer to the latest options only; a reply without options clears them.
        self._options.pop(user, None)
        if options:
            self._options[user] = options
            while len(self._options) > MAX_REMEMBERED_OPTIONS:
                self._options.popitem(last=False)


def _text_of(message: Dict[str, str]) -> str | None:
    """What the user said, as text for Rasa; None if it is nothing the bot can read."""
    kind = message.get("MsgType")
    if kind == "text":
        return message.get("Content", "")
    if kind == "voice" and message.get("Recognition"):
        return message["Recognition"]
    if kind == "event":  # only subscribe gets here
        return "/greet"
    return None
