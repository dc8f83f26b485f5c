"""Long conversations: each user sends `messages` messages in ONE conversation, one after the
other, and the latency of each is kept by its index — so growth with the conversation's length
shows, which the throughput levels (a fresh conversation every few turns) cannot see.

A WeChat user's OpenID is one conversation for good, and a worker sorting out a case asks many
follow-ups: the 200th message should cost what the 5th does.
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from dataclasses import dataclass
from typing import List

import requests

# The mix of the issue that asked for this (17): a question, its follow-ups, a clarification.
OUR_TURNS = [
    "单位不给我交社保怎么办",
    "需要带什么材料",
    "法律依据是什么",
    "医保可以补缴吗",
    "职工医保",
]
STOCK_TURNS = ["hello", "I am feeling sad", "yes", "are you a bot?", "bye"]
MESSAGES = 200
BLOCK = 25
TIMEOUT_SECONDS = 30.0


@dataclass
class LongRun:
    users: int
    messages: int
    median_ms_by_index: List[float]  # over the users, for message 1, 2, …
    errors: int

    def block_medians(self) -> List[float]:
        """Median latency of messages 1–25, 26–50, …"""
        values = self.median_ms_by_index
        return [statistics.median(values[i : i + BLOCK]) for i in range(0, len(values), BLOCK)]

    @property
    def growth(self) -> float:
        """Median of the last block over the first: 1.0 is no growth."""
        blocks = self.block_medians()
        return blocks[-1] / blocks[0]


def run(url: str, turns: List[str], users: int, messages: int = MESSAGES) -> LongRun:
    """`users` threads, each one conversation of `messages` messages cycling through `turns`."""
    latencies: List[List[float]] = [[] for _ in range(users)]
    errors = [0] * users

    def converse(index: int) -> None:
        session = requests.Session()
        sender = f"long-{uuid.uuid4().hex}"
        for number in range(messages):
            text = turns[number % len(turns)]
            started = time.monotonic()
            try:
                response = session.post(
                    url, json={"sender": sender, "message": text}, timeout=TIMEOUT_SECONDS
                )
                answered = response.status_code == 200 and any(
                    m.get("text") for m in response.json()
                )
            except (requests.RequestException, ValueError):
                answered = False
            latencies[index].append((time.monotonic() - started) * 1000)
            errors[index] += 0 if answered else 1

    threads = [threading.Thread(target=converse, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    by_index = [statistics.median(user[i] for user in latencies) for i in range(messages)]
    return LongRun(users, messages, by_index, sum(errors))
