"""The 5-second rule in miniature (milliseconds instead of seconds): join, push, keep."""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, List

from channels.wechat.delivery import Delivery
from channels.wechat.push import PushNotAllowedError

WAIT = 0.05


class Recorder:
    def __init__(self, refuse: bool = False) -> None:
        self.sent: List[tuple[str, str]] = []
        self.refuse = refuse

    async def push(self, user: str, text: str) -> None:
        if self.refuse:
            raise PushNotAllowedError(48001, "api unauthorized")
        self.sent.append((user, text))


def turn(
    texts: List[str], seconds: float = 0.0, counter: List[int] | None = None
) -> Callable[[], Awaitable[List[str]]]:
    """A stand-in for a Rasa turn that takes `seconds` and counts its runs in `counter`."""

    async def run() -> List[str]:
        if counter is not None:
            counter.append(1)
        await asyncio.sleep(seconds)
        return texts

    return run


def test_retries_join_one_turn_and_get_the_same_reply() -> None:
    async def scenario() -> None:
        delivery, runs = Delivery(Recorder().push, WAIT), []
        replies = await asyncio.gather(
            *(delivery.reply("u", "m1", turn(["答案"], WAIT / 2, runs)) for _ in range(3))
        )
        assert replies == ["答案"] * 3
        assert len(runs) == 1
        assert await delivery.reply("u", "m1", turn(["again"], 0, runs)) == "答案"
        assert len(runs) == 1

    asyncio.run(scenario())


def test_slow_turn_answers_success_and_pushes_every_part_in_order() -> None:
    async def scenario() -> None:
        recorder = Recorder()
        delivery = Delivery(recorder.push, WAIT)
        assert await delivery.reply("u", "m1", turn(["一", "二"], WAIT * 2)) is None
        await asyncio.sleep(WAIT * 3)
        assert recorder.sent == [("u", "一"), ("u", "二")]

    asyncio.run(scenario())


def test_fast_turn_with_two_parts_answers_the_first_and_pushes_the_second() -> None:
    async def scenario() -> None:
        recorder = Recorder()
        delivery = Delivery(recorder.push, WAIT)
        assert await delivery.reply("u", "m1", turn(["一" * 700, "二" * 700])) == "一" * 700
        await asyncio.sleep(WAIT)
        assert recorder.sent == [("u", "二" * 700)]

    asyncio.run(scenario())


def test_without_push_permission_the_next_reply_carries_the_late_answer() -> None:
    async def scenario() -> None:
        delivery = Delivery(Recorder(refuse=True).push, WAIT)
        assert await delivery.reply("u", "m1", turn(["迟到的答案"], WAIT * 2)) is None
        await asyncio.sleep(WAIT * 3)
        assert await delivery.reply("u", "m2", turn(["新的答案"])) == "迟到的答案\n\n新的答案"

    asyncio.run(scenario())


def test_without_push_credentials_a_retry_brings_the_answer() -> None:
    async def scenario() -> None:
        delivery = Delivery(None, WAIT)
        assert await delivery.reply("u", "m1", turn(["答案"], WAIT * 1.5)) is None
        assert await delivery.reply("u", "m1", turn(["x"])) == "答案"

    asyncio.run(scenario())
