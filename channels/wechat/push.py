"""Push a text to a user outside the 5-second window: the customer-service API of an Official
Account, or `message/send` of a WeCom app, with a cached access token.

One token per client, fetched by one caller at a time (WeChat limits token requests per day)
and fetched again, once, when WeChat says it expired or was replaced (40001 / 40014 / 42001).
48001 (the account may not push, e.g. an unverified Official Account) is its own error: the
channel then keeps the reply for the user's next message.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any, Dict

import aiohttp

logger = logging.getLogger(__name__)

TOKEN_EXPIRED_CODES = frozenset({40001, 40014, 42001})
NO_PERMISSION_CODE = 48001
# Refresh a little early so a token does not expire between the check and the call.
TOKEN_MARGIN_SECONDS = 300
REQUEST_TIMEOUT_SECONDS = 10


class PushError(RuntimeError):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"WeChat API error {code}: {message}")
        self.code = code


class PushNotAllowedError(PushError):
    """48001: this account has no permission to send messages on its own."""


class PushClient:
    """Sends texts through one product's API; subclasses say which endpoints and body."""

    send_path: str

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._token: str | None = None
        self._token_expires = 0.0
        self._token_lock = asyncio.Lock()

    async def send_text(self, user_id: str, text: str) -> None:
        async with aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
        ) as session:
            token = await self._access_token(session)
            result = await self._send(session, token, user_id, text)
            if result.get("errcode") in TOKEN_EXPIRED_CODES:
                logger.info("Access token rejected (%s); fetching a new one.", result["errcode"])
                token = await self._access_token(session, stale=token)
                result = await self._send(session, token, user_id, text)
        _raise_for_error(result)

    async def _access_token(self, session: aiohttp.ClientSession, stale: str | None = None) -> str:
        async with self._token_lock:
            # Another caller may have refreshed while this one waited for the lock.
            fresh = self._token is not None and self._token != stale
            if self._token is not None and fresh and time.monotonic() < self._token_expires:
                return self._token
            result = await self._fetch_token(session)
            _raise_for_error(result)
            self._token = str(result["access_token"])
            expires_in = int(result.get("expires_in", 7200))
            self._token_expires = time.monotonic() + expires_in - TOKEN_MARGIN_SECONDS
            return self._token

    async def _send(
        self, session: aiohttp.ClientSession, token: str, user_id: str, text: str
    ) -> Dict[str, Any]:
        body = json.dumps(self._message(user_id, text), ensure_ascii=False).encode("utf-8")
        async with session.post(
            f"{self.base_url}{self.send_path}",
            params={"access_token": token},
            data=body,
            headers={"Content-Type": "application/json; charset=utf-8"},
        ) as response:
            return await _json(response)

    def _message(self, user_id: str, text: str) -> Dict[str, Any]:
        raise NotImplementedError

    async def _fetch_token(self, session: aiohttp.ClientSession) -> Dict[str, Any]:
        raise NotImplementedError


class OfficialAccountPush(PushClient):
    """Customer-service messages (客服消息), allowed within 48 h of the user's last message."""

    send_path = "/cgi-bin/message/custom/send"

    def __init__(self, base_url: str, app_id: str, app_secret: str) -> None:
        super().__init__(base_url)
        self._credentials = {
            "grant_type": "client_credential",
            "appid": app_id,
            "secret": app_secret,
        }

    def _message(self, user_id: str, text: str) -> Dict[str, Any]:
        return {"touser": user_id, "msgtype": "text", "text": {"content": text}}

    async def _fetch_token(self, session: aiohttp.ClientSession) -> Dict[str, Any]:
        # The stable token does not invalidate the one other servers of the account hold.
        async with session.post(
            f"{self.base_url}/cgi-bin/stable_token", json=self._credentials
        ) as response:
            return await _json(response)


class WeComPush(PushClient):
    """`message/send` of a self-built WeCom app."""

    send_path = "/cgi-bin/message/send"

    def __init__(self, base_url: str, corp_id: str, agent_id: int, secret: str) -> None:
        super().__init__(base_url)
        self.agent_id = agent_id
        self._query = {"corpid": corp_id, "corpsecret": secret}

    def _message(self, user_id: str, text: str) -> Dict[str, Any]:
        return {
            "touser": user_id,
            "msgtype": "text",
            "agentid": self.agent_id,
            "text": {"content": text},
        }

    async def _fetch_token(self, session: aiohttp.ClientSession) -> Dict[str, Any]:
        async with session.get(f"{self.base_url}/cgi-bin/gettoken", params=self._query) as response:
            return await _json(response)


async def _json(response: aiohttp.ClientResponse) -> Dict[str, Any]:
    if response.status != 200:
        raise PushError(response.status, "HTTP error")
    try:
        data = json.loads(await response.read())
    except ValueError:
        raise PushError(-1, "response is not JSON") from None
    if not isinstance(data, dict):
        raise PushError(-1, "response is not a JSON object")
    return data


def _raise_for_error(result: Dict[str, Any]) -> None:
    code = result.get("errcode") or 0
    if code == NO_PERMISSION_CODE:
        raise PushNotAllowedError(code, str(result.get("errmsg", "")))
    if code:
        raise PushError(int(code), str(result.get("errmsg", "")))
