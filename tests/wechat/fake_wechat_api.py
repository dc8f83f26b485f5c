"""A fake of WeChat's and WeCom's HTTP APIs on loopback: tokens and text pushes, recorded.

Only what the channels call: `stable_token` and `message/custom/send` (Official Account),
`gettoken` and `message/send` (WeCom). Tests can expire the current token (the next push with
it gets 40001) and deny pushes to a user (48001), and read every request the fake received.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, List, Set, Tuple
from urllib.parse import parse_qs, urlsplit

from tests.wechat.loopback import LoopbackServer


@dataclass
class Call:
    path: str
    query: Dict[str, str]
    body: Dict[str, Any]


@dataclass
class FakeWeChatApi(LoopbackServer):
    secrets: Dict[str, str]  # appid or corpid → its secret
    calls: List[Call] = field(default_factory=list)
    denied_users: Set[str] = field(default_factory=set)
    issued: Dict[str, List[str]] = field(default_factory=dict)  # account → its tokens, in order
    _valid_tokens: Set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def respond(self, method: str, path: str, body: bytes) -> Tuple[int, bytes]:
        return 200, json.dumps(self.handle(path, body)).encode()

    def expire_tokens(self) -> None:
        """Every token issued so far is now rejected with 40001, as after a rotation."""
        with self._lock:
            self._valid_tokens.clear()

    def pushes(self, user: str) -> List[Call]:
        return [c for c in self.calls if c.path.endswith("/send") and c.body.get("touser") == user]

    def token_requests(self) -> List[Call]:
        return [c for c in self.calls if c.path.endswith(("stable_token", "gettoken"))]

    def handle(self, raw_path: str, raw_body: bytes) -> Dict[str, Any]:
        parts = urlsplit(raw_path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        body = json.loads(raw_body) if raw_body else {}
        with self._lock:
            self.calls.append(Call(parts.path, query, body))
            if parts.path == "/cgi-bin/stable_token":
                return self._token(body.get("appid"), body.get("secret"))
            if parts.path == "/cgi-bin/gettoken":
                return self._token(query.get("corpid"), query.get("corpsecret"))
            if parts.path in ("/cgi-bin/message/custom/send", "/cgi-bin/message/send"):
                if query.get("access_token") not in self._valid_tokens:
                    return {"errcode": 40001, "errmsg": "invalid credential"}
                if body.get("touser") in self.denied_users:
                    return {"errcode": 48001, "errmsg": "api unauthorized"}
                return {"errcode": 0, "errmsg": "ok"}
        return {"errcode": 404, "errmsg": "unknown path"}

    def _token(self, account: str | None, secret: str | None) -> Dict[str, Any]:
        if not account or self.secrets.get(account) != secret:
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        tokens = self.issued.setdefault(account, [])
        token = f"TOKEN-{account}-{len(tokens) + 1}"
        tokens.append(token)
        self._valid_tokens.add(token)
        return {"errcode": 0, "access_token": token, "expires_in": 7200}
