"""A loopback proxy between Rasa and the action server that can hold a conversation back.

Calls for conversations whose sender id starts with `SLOW_PREFIX` wait `delay` seconds before
being forwarded, so a test can make one turn slower than WeChat's 5 seconds while the
production actions stay untouched and every other conversation runs at full speed.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SLOW_PREFIX = "slow-"


@dataclass
class SlowProxy:
    port: int
    target: str  # e.g. http://127.0.0.1:16055
    delay: float
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                sender = json.loads(body or b"{}").get("sender_id", "")
                if sender.startswith(SLOW_PREFIX):
                    time.sleep(proxy.delay)
                request = urllib.request.Request(
                    proxy.target + self.path,
                    data=body,
                    headers={"Content-Type": "application/json"},
                )
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        status, answer = response.status, response.read()
                except urllib.error.HTTPError as error:  # e.g. 400 for an action that failed
                    status, answer = error.code, error.read()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
