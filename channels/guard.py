"""What every input channel does around Rasa's message handler.

First the flood limit (`channels.rate_limit`): a message over it never reaches Rasa; the
sender is asked, in their language, to slow down. Then, before Rasa: control characters are
dropped (a NUL byte cannot be stored in PostgreSQL),
personal numbers are masked (`social_insurance.privacy`), and the text is cut to `MAX_MESSAGE_CHARS`
so a pasted page cannot keep NLU busy for seconds. An empty message never reaches Rasa: the
user gets the main topics to choose from.

After Rasa: a message that got no reply at all (the action server is down, a store failed)
gets the knowledge base's apology with the 12333 hotline, so nobody is left waiting. Rasa calls
the action server afresh for every message, so answers resume as soon as it is back.

"删除我的对话", once confirmed: the action's reply carries a marker (`ERASE_CONVERSATION`), which
the guard takes out before the channel sees the reply; when Rasa has finished the turn (and
stored it), the guard erases every event of the conversation through the tracker store, holding
Rasa's lock for the conversation so no message of it is being processed meanwhile.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Sanic

from channels.rate_limit import ALLOWED, RateLimiter, Verdict
from patches import action_response
from social_insurance import KnowledgeBase, default_knowledge_base
from social_insurance.language import choose_language, known_language
from social_insurance.privacy import mask_personal_data
from social_insurance.render import ERASE_CONVERSATION, Reply, render_message
from social_insurance.schema import MessageKey

logger = logging.getLogger(__name__)

# The longest real question seen is a few hundred characters; NLU time grows with length.
MAX_MESSAGE_CHARS = 1000

# What Rasa gives a channel's blueprint: the coroutine that handles one user message.
MessageHandler = Callable[[UserMessage], Awaitable[Any]]


def clean_text(text: str) -> str:
    """Without control characters (newline and tab stay), lone surrogates and outer blanks."""
    kept = (c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs"))
    return "".join(kept).strip()


class _CountingOutputChannel(OutputChannel):
    """Passes every bot message on to the channel's own output and counts them; takes out the
    marker that asks for the conversation to be erased, and remembers it."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0
        self.erase = False

    def name(self) -> str:  # the inner channel's, per instance
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get(ERASE_CONVERSATION) is True:
            self.erase = True
            message = {key: value for key, value in message.items() if key != "custom"}
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


class MessageGuard:
    """Wraps Rasa's `on_new_message` for one input channel."""

    def __init__(self, kb: KnowledgeBase, limiter: RateLimiter) -> None:
        self.kb = kb
        self.limiter = limiter

    def wrap(self, on_new_message: MessageHandler) -> MessageHandler:
        """For channels without a client address of their own (WeChat, WeCom)."""

        async def guarded(message: UserMessage) -> None:
            await self.handle(message, on_new_message)

        return guarded

    async def handle(
        self, message: UserMessage, on_new_message: MessageHandler, address: str | None = None
    ) -> Verdict:
        """Runs one message from `address` (None: unknown) through Rasa, or refuses it."""
        verdict = await self.limiter.hit(message.input_channel or "", message.sender_id, address)
        if not verdict.allowed:
            # Refusals must stay cheap, or a flood costs as much as it would unrefused: the
            # language comes from the words and the page only, never from the store.
            language = choose_language(message.text or "", _announced(message), None)
            await self._send(
                message,
                render_message(self.kb, "slow_down", language, seconds=str(verdict.retry_after)),
            )
            return verdict
        await self._run(message, on_new_message)
        return ALLOWED

    async def _run(self, message: UserMessage, on_new_message: MessageHandler) -> None:
        text, found = mask_personal_data(clean_text(message.text or ""))
        text = text[:MAX_MESSAGE_CHARS]
        output = message.output_channel
        if found:
            logger.info("Masked %s in a message from %s.", ", ".join(found), message.sender_id)
            await self._say(message, text, "pii_warning")
        if not text:
            await self._say(message, text, "clarify_topic", with_menu=True)
            return

        counter = _CountingOutputChannel(output)
        masked = UserMessage(
            text,
            counter,
            message.sender_id,
            input_channel=message.input_channel,
            message_id=message.message_id,
            metadata=message.metadata,
        )
        try:
            await on_new_message(masked)
        except Exception:
            # The text is left out on purpose: logs must not hold what users type.
            logger.exception("Rasa failed on a message from %s.", message.sender_id)
        if counter.sent == 0:
            logger.error(
                "No reply to a message from %s (is the action server up?); sent the apology.",
                message.sender_id,
            )
            await self._say(message, text, "action_server_down")
        if counter.erase:
            await _erase_conversation(message.sender_id)

    async def language(self, message: UserMessage, text: str | None = None) -> str:
        """The language to answer `message` (or its cleaned `text`) in, by the rule the actions
        follow too; the store is read only when the words and the page leave it open."""
        text = message.text if text is None else text
        announced = _announced(message)
        conversation = None if known_language(announced) else await _conversation_language(message)
        return choose_language(text, announced, conversation)

    async def _say(
        self, message: UserMessage, text: str, key: MessageKey, with_menu: bool = False
    ) -> None:
        language = await self.language(message, text)
        await self._send(message, render_message(self.kb, key, language, with_menu=with_menu))

    @staticmethod
    async def _send(message: UserMessage, reply: Reply) -> None:
        output = message.output_channel
        if reply.buttons:
            await output.send_text_with_buttons(message.sender_id, reply.text, reply.button_dicts())
        else:
            await output.send_text_message(message.sender_id, reply.text)


@functools.cache
def default_guard() -> MessageGuard:
    """One guard per process, built by every channel when the server starts.

    That moment also suits the one server-wide change every channel relies on: action-server
    responses checked by a validator built once (`patches/action_response.py`).
    """
    action_response.install()
    return MessageGuard(default_knowledge_base(), RateLimiter.from_environment())


def _announced(message: UserMessage) -> str | None:
    """The language the page or client says the user reads, if any."""
    metadata = message.metadata
    return metadata.get("language") if isinstance(metadata, dict) else None


def _agent() -> Any:
    """The Rasa server's agent: it runs exactly one Sanic app, whose agent holds the stores."""
    return Sanic.get_app().ctx.agent


async def _conversation_language(message: UserMessage) -> str | None:
    """The language slot of the conversation so far, read from the Rasa server's store."""
    try:
        tracker = await _agent().tracker_store.retrieve(message.sender_id)
    except Exception:  # the store may be what failed; the message text still decides
        logger.warning("Could not read the conversation language of %s.", message.sender_id)
        return None
    return tracker.get_slot("language") if tracker else None


async def _erase_conversation(sender_id: str) -> None:
    """Every stored event of `sender_id`'s conversation deleted, under the conversation's lock."""
    try:
        agent = _agent()
        # Rasa wraps the configured store in a FailSafeTrackerStore; the erasing is the store's.
        store = getattr(agent.tracker_store, "_tracker_store", agent.tracker_store)
        async with agent.lock_store.lock(sender_id):
            await store.erase(sender_id)
    except Exception:
        logger.exception("Could not erase the conversation of %s.", sender_id)
        return
    logger.info("Erased the conversation of %s at the user's request.", sender_id)
