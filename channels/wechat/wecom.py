"""WeCom (企业微信) self-built app channel: `/webhooks/wecom/webhook`.

WeCom always encrypts: the URL check's `echostr` is a ciphertext to decrypt and return, every
message comes as `Encrypt` signed by `msg_signature`, and passive replies are encrypted with
the corpid as sender. Late replies go through `message/send` when `WECOM_SECRET` and
`WECOM_AGENT_ID` are set. Settings: see `from_credentials` and the README.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping

from sanic.request import Request

from channels.wechat.crypto import MessageCrypto
from channels.wechat.delivery import Delivery
from channels.wechat.push import WeComPush
from channels.wechat.webhook import (
    RejectedError,
    WeChatWebhookInput,
    crypto_from,
    decrypt,
    setting,
)

API_BASE = "https://qyapi.weixin.qq.com"


class WeComInput(WeChatWebhookInput):
    crypto: MessageCrypto

    @classmethod
    def name(cls) -> str:
        return "wecom"

    @classmethod
    def from_credentials(cls, credentials: Mapping[str, Any] | None) -> WeComInput:
        """From `WECOM_*` environment variables (or the same keys, lower case, in the file)."""
        token = setting(credentials, "token", "WECOM_TOKEN", "the Token of the API receiver")
        aes_key = setting(
            credentials, "encoding_aes_key", "WECOM_ENCODING_AES_KEY", "WeCom always encrypts"
        )
        corp_id = setting(credentials, "corp_id", "WECOM_CORP_ID", "messages are for it")
        previous = setting(
            credentials, "previous_encoding_aes_key", "WECOM_PREVIOUS_ENCODING_AES_KEY"
        )
        agent_id = setting(credentials, "agent_id", "WECOM_AGENT_ID")
        secret = setting(credentials, "secret", "WECOM_SECRET")
        base = setting(credentials, "api_base", "WECOM_API_BASE") or API_BASE
        if agent_id and not agent_id.isdigit():
            raise ValueError("WECOM_AGENT_ID is the app's AgentId, a number")
        push = None
        if agent_id and secret:
            push = WeComPush(base, corp_id, int(agent_id), secret).send_text
        return cls(token, crypto_from(token, aes_key, previous, corp_id), Delivery(push))

    def verify_url(self, request: Request) -> str:
        args = request.args
        # A "+" in the echostr may arrive as a space once the query string is decoded.
        echostr = args.get("echostr", "").replace(" ", "+")
        timestamp, nonce = args.get("timestamp", ""), args.get("nonce", "")
        if not self.crypto.verify(args.get("msg_signature"), timestamp, nonce, echostr):
            raise RejectedError(403, "wrong msg_signature")
        return decrypt(self.crypto, echostr)

    def read_message(self, request: Request, timestamp: str) -> tuple[Dict[str, str], bool]:
        return self.open_encrypted(request, timestamp), True
