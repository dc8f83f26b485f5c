"""Hostile and odd user messages, deterministic per seed: for the REST fuzz test and the soak."""

from __future__ import annotations

import random
from typing import Callable, Iterator, List

_ATTACKS = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>医保",
    "'; DROP TABLE events; --",
    "1' OR '1'='1",
    "%s%s%s%n%x{0}{}{text}",
    "${jndi:ldap://127.0.0.1/a}",
    "{{7*7}} {% raw %}",
    "/ask_backpay{",
    '/inform_insurance_type{"insurance_type": "unknown"}',
    "/no_such_intent",
    "/",
    "\\x00\\u0000",
    "../../../../etc/passwd",
    "医保可以补缴吗" * 3,
    "What does Article 62 say?",
]


def _random_unicode(rng: random.Random, length: int) -> str:
    chars: List[str] = []
    for _ in range(length):
        code = rng.choice([rng.randint(0x20, 0x7E), rng.randint(0x4E00, 0x9FFF)])
        code = rng.choice([code, rng.randint(0xA0, 0xD7FF), rng.randint(0xE000, 0x10FFFF)])
        chars.append(chr(code))
    return "".join(chars)


def _emoji(rng: random.Random) -> str:
    return "".join(chr(rng.randint(0x1F300, 0x1FAFF)) for _ in range(rng.randint(1, 30)))


def _control(rng: random.Random) -> str:
    return "".join(chr(rng.choice([*range(0, 32), 127, *range(0x80, 0xA0)])) for _ in range(20))


def _long(rng: random.Random) -> str:
    return _random_unicode(rng, 10_000)


def _attack(rng: random.Random) -> str:
    return rng.choice(_ATTACKS)


def _empty(rng: random.Random) -> str:
    return rng.choice(["", " ", "\n\t ", "\u3000", "\u200b"])


def _mixed(rng: random.Random) -> str:
    return _attack(rng) + _control(rng) + _emoji(rng) + _random_unicode(rng, rng.randint(1, 200))


_KINDS: List[Callable[[random.Random], str]] = [
    lambda rng: _random_unicode(rng, rng.randint(1, 300)),
    _emoji,
    _control,
    _long,
    _attack,
    _empty,
    _mixed,
]


def fuzz_messages(count: int, seed: int = 6) -> Iterator[str]:
    rng = random.Random(seed)
    for i in range(count):
        yield _KINDS[i % len(_KINDS)](rng)
