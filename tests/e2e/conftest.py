from __future__ import annotations

import os
import uuid
from typing import Callable, Dict, Iterator, List

import pytest

from harness import rest
from harness.servers import action_server, project_endpoints, rasa_server, running

ACTION_PORT = 15055
RASA_PORT = 15005


@pytest.fixture(scope="session")
def rasa_url(tmp_path_factory) -> Iterator[str]:
    """A real Rasa server and action server; RASA_URL points the tests at a running bot instead."""
    if os.environ.get("RASA_URL"):
        yield os.environ["RASA_URL"].rstrip("/")
        return
    endpoints = project_endpoints(tmp_path_factory.mktemp("e2e"), ACTION_PORT)
    with running(action_server(ACTION_PORT), rasa_server(RASA_PORT, endpoints)):
        yield f"http://127.0.0.1:{RASA_PORT}"


def new_conversation(rasa_url: str) -> Callable[[str], List[Dict]]:
    """Send messages as one new user over the REST channel; returns the bot's messages."""
    sender = f"e2e-{uuid.uuid4().hex[:8]}"

    def send(message: str) -> List[Dict]:
        return rest.say(rasa_url, sender, message)

    return send


@pytest.fixture
def say(rasa_url) -> Callable[[str], List[Dict]]:
    return new_conversation(rasa_url)
