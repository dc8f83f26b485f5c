"""One load level: closed-loop users over the REST channel, driven by locust as a library.

Runs in its own process (`python -m bench.load`) so gevent's monkey-patching stays out of the
orchestrator, which starts servers and samples their memory with ordinary threads. Prints one
JSON object: the latency of every answered message and the errors.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
import uuid
from typing import Any, Dict, Iterator, List

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment

WEBHOOK = "/webhooks/rest/webhook"
# A message unanswered for this long counts as an error rather than stalling the level.
TIMEOUT_SECONDS = 30.0


class ChatUser(FastHttpUser):
    """A user who holds one conversation after another, sending each turn as soon as answered."""

    wait_time = constant(0)
    network_timeout = TIMEOUT_SECONDS
    connection_timeout = TIMEOUT_SECONDS
    # Shared by all users, so together they cycle through every conversation evenly.
    conversations: Iterator[List[str]] = iter(())

    @task
    def converse(self) -> None:
        sender = uuid.uuid4().hex  # a fresh conversation: its turns build on each other
        for text in next(self.conversations):
            with self.client.post(
                WEBHOOK,
                json={"sender": sender, "message": text},
                name="message",
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code} for {text!r}")
                elif not _answered(response.text):
                    response.failure(f"no reply to {text!r}")


def _answered(body: str | None) -> bool:
    try:
        messages = json.loads(body or "")
    except ValueError:
        return False
    return isinstance(messages, list) and any(m.get("text") for m in messages)


def run(host: str, conversations: List[List[str]], users: int, seconds: float) -> Dict[str, Any]:
    latencies_ms: List[float] = []
    errors: List[str] = []

    def on_request(response_time: float, exception: Exception | None, **_: Any) -> None:
        if exception is None:
            latencies_ms.append(response_time)
        else:
            errors.append(str(exception))

    ChatUser.conversations = itertools.cycle(conversations)
    env = Environment(user_classes=[ChatUser], host=host)
    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    started = time.monotonic()
    runner.start(users, spawn_rate=users)  # everyone at once: the burst the issue talks about
    gevent.sleep(seconds)
    runner.quit()  # messages still in flight are dropped, not counted
    elapsed = time.monotonic() - started
    return {
        "users": users,
        "seconds": elapsed,
        "latencies_ms": latencies_ms,
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
    }


def main(argv: List[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", required=True)
    parser.add_argument("--conversations", required=True, help="JSON file: list of turn lists")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    args = parser.parse_args(argv)
    with open(args.conversations, encoding="utf-8") as file:
        conversations = json.load(file)
    json.dump(run(args.host, conversations, args.users, args.seconds), sys.stdout)


if __name__ == "__main__":
    main()
