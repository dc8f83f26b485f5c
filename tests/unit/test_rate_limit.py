"""The flood limit and the guard's polite refusal, with counters in this process."""

from __future__ import annotations

import asyncio
from typing import List

import pytest
from limits import parse
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from channels.guard import MessageGuard
from channels.rate_limit import DEFAULT_PER_ADDRESS, DEFAULT_PER_SENDER, RateLimiter, Verdict
from social_insurance import default_knowledge_base


def limiter(per_sender: str | None = "3 per 10 seconds", per_address: str | None = None):
    return RateLimiter(
        parse(per_sender) if per_sender else None,
        parse(per_address) if per_address else None,
        "async+memory://",
    )


def hits(limiter: RateLimiter, senders: List[str], address: str | None = None) -> List[Verdict]:
    async def count() -> List[Verdict]:
        return [await limiter.hit("rest", sender, address) for sender in senders]

    return asyncio.run(count())


def test_a_sender_over_the_limit_is_refused_with_the_seconds_to_wait() -> None:
    verdicts = hits(limiter(), ["a"] * 4 + ["b"])
    assert [v.allowed for v in verdicts] == [True, True, True, False, True]
    assert 1 <= verdicts[3].retry_after <= 11


def test_an_address_inventing_senders_is_refused_by_the_address_limit() -> None:
    senders = [f"s{i}" for i in range(6)]
    verdicts = hits(limiter(per_address="5 per minute"), senders, "10.0.0.1")
    assert [v.allowed for v in verdicts] == [True] * 5 + [False]
    assert 1 <= verdicts[-1].retry_after <= 61
    # WeChat and WeCom have no client address: only their sender counts.
    assert all(v.allowed for v in hits(limiter(per_address="5 per minute"), senders, None))


def test_limits_come_from_the_environment_and_off_switches_one_off() -> None:
    default = RateLimiter.from_environment({})
    assert (default.per_sender, default.per_address) == (
        parse(DEFAULT_PER_SENDER),
        parse(DEFAULT_PER_ADDRESS),
    )
    off = RateLimiter.from_environment({"RATE_LIMIT_PER_SENDER": "off"})
    assert off.per_sender is None
    assert all(v.allowed for v in hits(off, ["a"] * 50))


def test_a_mistyped_limit_is_named() -> None:
    with pytest.raises(ValueError, match="RATE_LIMIT_PER_ADDRESS='lots' is not a limit"):
        RateLimiter.from_environment({"RATE_LIMIT_PER_ADDRESS": "lots"})


def test_an_unreachable_redis_lets_messages_through() -> None:
    unreachable = RateLimiter(parse("1 per minute"), None, "async+redis://127.0.0.1:9")
    assert all(v.allowed for v in hits(unreachable, ["a"] * 3))


@pytest.mark.parametrize(
    "text, expected",
    [("你好", "您发送消息太快了，请稍等"), ("hello there", "Please wait")],
)
def test_the_guard_refuses_politely_in_the_users_language(text: str, expected: str) -> None:
    guard = MessageGuard(default_knowledge_base(), limiter("1 per minute"))
    handled: List[str] = []

    async def rasa(message: UserMessage) -> None:
        handled.append(message.text or "")
        await message.output_channel.send_text_message(message.sender_id, "answer")

    async def send_twice() -> tuple[Verdict, CollectingOutputChannel]:
        for _ in range(2):
            output = CollectingOutputChannel()
            message = UserMessage(text, output, "someone", input_channel="rest")
            verdict = await guard.handle(message, rasa, "10.0.0.2")
        return verdict, output

    verdict, output = asyncio.run(send_twice())
    assert handled == [text]  # the refused message never reached Rasa
    assert not verdict.allowed
    [reply] = output.messages
    assert expected in reply["text"] and str(verdict.retry_after) in reply["text"]
