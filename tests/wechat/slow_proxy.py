"""A loopback proxy between Rasa and the action server that can hold a conversation back.

Calls for conversations whose sender id starts with `SLOW_PREFIX` wait `delay` seconds before
being forwarded, so a test can make one turn slower than WeChat's 5 seconds while the
production actions stay untouched and every other conversation runs at full speed.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Tuple

from tests.wechat.loopback import LoopbackServer

SLOW_PREFIX = "slow-"


@dataclass
class SlowProxy(LoopbackServer):
    target: str  # e.g. http://127.0.0.1:16055
    delay: float

    def respond(self, method: str, path: str, body: bytes) -> Tuple[int, bytes]:
        sender = json.loads(body or b"{}").get("sender_id", "")
        if sender.startswith(SLOW_PREFIX):
            time.sleep(self.delay)
        request = urllib.request.Request(
            self.target + path, data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:  # e.g. 400 for an action that failed
            return error.code, error.read()
