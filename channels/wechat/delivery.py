"""One Rasa turn per WeChat message, answered within WeChat's 5 seconds or pushed afterwards.

WeChat waits 5 s for the HTTP response, then drops the connection and sends the same message
again (up to three times). So:

- A message is identified by its key (`MsgId`, or sender + CreateTime for events). The first
  request starts the turn as a task of its own; a retry of the same key joins that task
  instead of starting a second turn, and gets the same reply the earlier attempt got (WeChat
  retries only because that attempt's response never arrived).
- A request waits at most `passive_wait` seconds (4 s leaves a second for the network). If
  the turn is done by then, the reply goes back in the HTTP response; otherwise the request
  answers "success" and, when the turn ends, the reply is pushed through the API.
- Texts that cannot be pushed (no API credentials, 48001, network) stay in the user's outbox
  and ride along with the next passive reply, so an account without push permission still
  answers, one message late at worst.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Deque, Dict, List, Set

from channels.wechat.push import PushError, PushNotAllowedError
from channels.wechat.text import fits

logger = logging.getLogger(__name__)

PASSIVE_WAIT_SECONDS = 4.0
# WeChat's three retries come within about 15 s; keep a finished turn a while longer.
KEEP_TURN_SECONDS = 60.0
# Bounds memory when many users go silent with replies pending.
MAX_OUTBOXES = 10_000

Push = Callable[[str, str], Awaitable[None]]
Turn = Callable[[], Awaitable[List[str]]]


@dataclass
class _Turn:
    finished: asyncio.Event = field(default_factory=asyncio.Event)
    texts: List[str] = field(default_factory=list)
    waiting: int = 0
    claimed: bool = False
    passive: str | None = None


@dataclass
class Delivery:
    """Per channel: turns in flight by message key, and texts not yet delivered by user."""

    push: Push | None
    passive_wait: float = PASSIVE_WAIT_SECONDS
    _turns: Dict[str, _Turn] = field(default_factory=dict)
    _outboxes: Dict[str, Deque[str]] = field(default_factory=collections.OrderedDict)
    _flushing: Set[str] = field(default_factory=set)
    _tasks: Set[asyncio.Task] = field(default_factory=set)

    async def reply(self, user_id: str, key: str, run_turn: Turn) -> str | None:
        """The passive reply to this request, or None for "success" (the rest is pushed)."""
        turn = self._turns.get(key)
        if turn is None:
            turn = self._start(user_id, key, run_turn)
        turn.waiting += 1
        try:
            # Waiting on the event, not the task: a request that WeChat gives up on is
            # cancelled by Sanic, and the turn must go on for the retry.
            await asyncio.wait_for(turn.finished.wait(), self.passive_wait)
        except asyncio.TimeoutError:
            pass
        finally:
            turn.waiting -= 1
        if turn.passive is not None:
            return turn.passive
        done = turn.finished.is_set()
        if done:
            self._claim(user_id, turn)
        passive = self._take(user_id)
        if done:
            turn.passive = passive
        self._flush(user_id)
        return passive

    def _start(self, user_id: str, key: str, run_turn: Turn) -> _Turn:
        turn = _Turn()
        self._turns[key] = turn
        self._track(self._run(user_id, turn, run_turn))
        asyncio.get_running_loop().call_later(KEEP_TURN_SECONDS, self._turns.pop, key, None)
        return turn

    async def _run(self, user_id: str, turn: _Turn, run_turn: Turn) -> None:
        try:
            turn.texts = await run_turn()
        except Exception:
            logger.exception("A WeChat turn for %s failed.", user_id)
        turn.finished.set()
        if not turn.waiting:
            # Every request for this message has answered "success": push the reply.
            self._claim(user_id, turn)
            self._flush(user_id)

    def _claim(self, user_id: str, turn: _Turn) -> None:
        """Moves a finished turn's texts to the user's outbox, exactly once."""
        if turn.claimed:
            return
        turn.claimed = True
        self._outbox(user_id).extend(turn.texts)

    def _outbox(self, user_id: str) -> Deque[str]:
        outbox = self._outboxes.pop(user_id, None) or collections.deque()
        self._outboxes[user_id] = outbox  # most recent last
        while len(self._outboxes) > MAX_OUTBOXES:
            dropped, texts = next(iter(self._outboxes.items()))
            del self._outboxes[dropped]
            logger.warning("Dropped %d undelivered texts for %s.", len(texts), dropped)
        return outbox

    def _take(self, user_id: str) -> str | None:
        """As many waiting texts as fit in one message, oldest first."""
        outbox = self._outboxes.get(user_id)
        if not outbox:
            return None
        text = outbox.popleft()
        while outbox and fits(f"{text}\n\n{outbox[0]}"):
            text = f"{text}\n\n{outbox.popleft()}"
        return text

    def _flush(self, user_id: str) -> None:
        """Pushes the user's outbox in the background; one pusher per user keeps the order."""
        if self.push is None or not self._outboxes.get(user_id) or user_id in self._flushing:
            return
        self._flushing.add(user_id)
        self._track(self._push_all(user_id))

    async def _push_all(self, user_id: str) -> None:
        try:
            outbox = self._outboxes.get(user_id)
            while outbox:
                text = outbox.popleft()
                try:
                    await self.push(user_id, text)  # type: ignore[misc]  # checked in _flush
                except (PushError, OSError, asyncio.TimeoutError) as error:
                    # Kept for the next passive reply; 48001 is expected for some accounts.
                    outbox.appendleft(text)
                    expected = isinstance(error, PushNotAllowedError)
                    level = logging.INFO if expected else logging.ERROR
                    logger.log(level, "Could not push to %s (%s); reply kept.", user_id, error)
                    return
        finally:
            self._flushing.discard(user_id)

    def _track(self, coroutine: Awaitable) -> asyncio.Task:
        """Keeps a reference until the task ends (the loop holds only weak ones)."""
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task
