from __future__ import annotations

from typing import Any, Dict, Iterator, List

import pytest

from harness import rest
from tests.production.stores import PostgreSQL, Redis

# This suite's own ports (see the issue): Rasa servers, action server, PostgreSQL, Redis.
RASA_PORT = 19005
SECOND_RASA_PORT = 19006
WEB_PORT = 19007  # the demo page scripts/run.sh also starts
ACTION_PORT = 19055
POSTGRES_PORT = 19432
REDIS_PORT = 19379

# Personal numbers a worker might paste; neither may reach a database or a log.
ID_CARD = "11010519491231002X"
MOBILE = "13812345678"
PII_MESSAGE = f"我的身份证号是{ID_CARD}，手机{MOBILE}，医保可以补缴吗"


def say(
    port: int, sender: str, message: str, metadata: Dict[str, Any] | None = None
) -> List[Dict[str, Any]]:
    """One user message over REST to the Rasa server on `port`; the bot's messages."""
    return rest.say(f"http://127.0.0.1:{port}", sender, message, metadata)


@pytest.fixture(scope="module")
def redis_server() -> Iterator[Redis]:
    server = Redis(REDIS_PORT)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgreSQL]:
    database = PostgreSQL(POSTGRES_PORT)
    try:
        database.start()
        yield database
    finally:
        database.stop()
