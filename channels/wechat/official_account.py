"""WeChat Official Account (公众号) channel: `/webhooks/wechat/webhook`.

Plain, compatible and safe mode: the mode is the one the request uses (`encrypt_type=aes`
means encrypted, and the reply is encrypted too), so switching it in the admin console needs
no restart. Every POST carries the plain `signature`; encrypted ones also `msg_signature`.
Replies that miss the 5 seconds go through the customer-service API when `WECHAT_APP_SECRET`
is set. Settings: see `from_credentials` and the README.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping

from sanic.request import Request

from channels.wechat.crypto import signature_matches
from channels.wechat.delivery import Delivery
from channels.wechat.push import OfficialAccountPush
from channels.wechat.webhook import (
    RejectedError,
    WeChatWebhookInput,
    crypto_from,
    parse,
    setting,
)

API_BASE = "https://api.weixin.qq.com"


class WeChatInput(WeChatWebhookInput):
    @classmethod
    def name(cls) -> str:
        return "wechat"

    @classmethod
    def from_credentials(cls, credentials: Mapping[str, Any] | None) -> WeChatInput:
        """From `WECHAT_*` environment variables (or the same keys, lower case, in the file)."""
        token = setting(credentials, "token", "WECHAT_TOKEN", "the Token of the server config")
        aes_key = setting(credentials, "encoding_aes_key", "WECHAT_ENCODING_AES_KEY")
        app_id = setting(
            credentials, "app_id", "WECHAT_APP_ID", "safe mode needs it" if aes_key else ""
        )
        secret = setting(credentials, "app_secret", "WECHAT_APP_SECRET")
        base = setting(credentials, "api_base", "WECHAT_API_BASE") or API_BASE
        crypto = None
        if aes_key:
            previous = setting(
                credentials, "previous_encoding_aes_key", "WECHAT_PREVIOUS_ENCODING_AES_KEY"
            )
            crypto = crypto_from(token, aes_key, previous, app_id)
        # Without AppID and AppSecret nothing can be pushed: late replies wait for the next
        # message, as for an account without customer-service permission.
        push = OfficialAccountPush(base, app_id, secret).send_text if app_id and secret else None
        return cls(token, crypto, Delivery(push))

    def verify_url(self, request: Request) -> str:
        self._check_signature(request)
        return request.args.get("echostr", "")

    def read_message(self, request: Request, timestamp: str) -> tuple[Dict[str, str], bool]:
        self._check_signature(request)
        if request.args.get("encrypt_type") == "aes":
            return self.open_encrypted(request, timestamp), True
        return parse(request.body), False

    def _check_signature(self, request: Request) -> None:
        args = request.args
        parts = (self.token, args.get("timestamp", ""), args.get("nonce", ""))
        if not signature_matches(args.get("signature"), *parts):
            raise RejectedError(403, "wrong signature")
