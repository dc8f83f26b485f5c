"""Talk to a running Rasa server as a user does, over the REST channel."""

from __future__ import annotations

from typing import Any, Dict, List

import requests


def say(
    url: str, sender: str, message: str, metadata: Dict[str, Any] | None = None
) -> List[Dict[str, Any]]:
    """One user message to the Rasa server at `url`; the bot's messages (the call must succeed)."""
    body: Dict[str, Any] = {"sender": sender, "message": message}
    if metadata:
        body["metadata"] = metadata
    response = requests.post(f"{url}/webhooks/rest/webhook", json=body, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def text_of(messages: List[Dict[str, Any]]) -> str:
    """What the user reads: every bot message's text, one per line."""
    return "\n".join(m.get("text", "") for m in messages)
