"""The webhook both WeChat products share: request checks, then one conversation turn.

A POST is answered in this order, and a request that fails a check never reaches Rasa:

1. body over the cap → 413;
2. missing, malformed or stale timestamp (more than 5 minutes off) → 403, so a captured
   request cannot be replayed later;
3. signature (constant-time) → 403;
4. XML (no DTD, no entities) → 400; ciphertext → 400, or 403 if it is for another account;
5. the message → `Conversation` → passive reply (encrypted if the request was), or "success".

Subclasses say how their product verifies the URL and where the signature and ciphertext are.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any, Dict, Mapping

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.blueprint import capped_blueprint
from channels.guard import MessageHandler
from channels.wechat.conversation import Conversation
from channels.wechat.crypto import CryptoError, MessageCrypto, ReceiveIdMismatchError
from channels.wechat.delivery import Delivery
from channels.wechat.xml_message import (
    MAX_XML_BYTES,
    XmlError,
    encrypted_reply,
    parse_message,
    text_reply,
)

logger = logging.getLogger(__name__)

MAX_CLOCK_SKEW_SECONDS = 300


class RejectedError(Exception):
    """The request fails a check; `status` and `reason` go back to the caller."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def setting(
    credentials: Mapping[str, Any] | None, key: str, variable: str, required: str = ""
) -> str:
    """A value from the credentials file, else from the environment.

    `required` says, for the error, when the value is needed; empty means optional.
    """
    value = str((credentials or {}).get(key) or os.environ.get(variable, "")).strip()
    if required and not value:
        raise ValueError(f"Set {variable} (or '{key}' in the credentials file): {required}.")
    return value


def fresh_timestamp(timestamp: str | None) -> str:
    if not timestamp or not timestamp.isdigit():
        raise RejectedError(403, "missing or malformed timestamp")
    if abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW_SECONDS:
        raise RejectedError(403, "stale timestamp")
    return timestamp


def decrypt(crypto: MessageCrypto, encrypt: str) -> str:
    try:
        return crypto.decrypt(encrypt)
    except ReceiveIdMismatchError as error:
        raise RejectedError(403, str(error)) from None
    except CryptoError as error:
        raise RejectedError(400, f"cannot decrypt: {error}") from None


def parse(body: bytes | str) -> Dict[str, str]:
    try:
        message = parse_message(body)
    except XmlError as error:
        raise RejectedError(400, str(error)) from None
    if not all(message.get(tag) for tag in ("ToUserName", "FromUserName", "MsgType")):
        raise RejectedError(400, "message lacks ToUserName, FromUserName or MsgType")
    return message


def crypto_from(token: str, aes_key: str, previous_key: str, receive_id: str) -> MessageCrypto:
    """The crypto for the settings; `ValueError` naming the bad key."""
    try:
        return MessageCrypto(token, aes_key, receive_id, [previous_key] if previous_key else [])
    except ValueError as error:
        raise ValueError(f"EncodingAESKey: {error}") from None


class WeChatWebhookInput(InputChannel):
    """Base of the Official Account and WeCom channels."""

    def __init__(self, token: str, crypto: MessageCrypto | None, delivery: Delivery) -> None:
        self.token = token
        self.crypto = crypto
        self.delivery = delivery

    def verify_url(self, request: Request) -> str:
        """The text that proves to WeChat we hold the token; `RejectedError` otherwise."""
        raise NotImplementedError

    def read_message(self, request: Request, timestamp: str) -> tuple[Dict[str, str], bool]:
        """The verified message, and whether it came (and must be answered) encrypted."""
        raise NotImplementedError

    def open_encrypted(self, request: Request, timestamp: str) -> Dict[str, str]:
        """The message inside a safe-mode body, its `msg_signature` checked first."""
        if self.crypto is None:
            raise RejectedError(400, "encrypted message, but no EncodingAESKey is configured")
        try:
            encrypt = parse_message(request.body).get("Encrypt", "")
        except XmlError as error:
            raise RejectedError(400, str(error)) from None
        if not encrypt:
            raise RejectedError(400, "no Encrypt element")
        nonce = request.args.get("nonce", "")
        if not self.crypto.verify(request.args.get("msg_signature"), timestamp, nonce, encrypt):
            raise RejectedError(403, "wrong msg_signature")
        return parse(decrypt(self.crypto, encrypt))

    def blueprint(self, on_new_message: MessageHandler) -> Blueprint:
        conversation = Conversation(self.name(), on_new_message, self.delivery)
        webhook = capped_blueprint(self)

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            try:
                fresh_timestamp(request.args.get("timestamp"))
                return response.text(self.verify_url(request))
            except RejectedError as error:
                return self._rejected(request, error)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                if len(request.body) > MAX_XML_BYTES:
                    raise RejectedError(413, "body too large")
                timestamp = fresh_timestamp(request.args.get("timestamp"))
                message, encrypted = self.read_message(request, timestamp)
            except RejectedError as error:
                return self._rejected(request, error)
            text = await conversation.answer(message)
            if text is None:
                return response.text("success")
            reply = text_reply(
                message["FromUserName"], message["ToUserName"], int(time.time()), text
            )
            if encrypted and self.crypto:
                nonce = request.args.get("nonce", "")
                encrypt = self.crypto.encrypt(reply)
                signature = self.crypto.sign(timestamp, nonce, encrypt)
                reply = encrypted_reply(encrypt, signature, timestamp, nonce)
            return response.text(reply, content_type="application/xml; charset=utf-8")

        return webhook

    def _rejected(self, request: Request, error: RejectedError) -> HTTPResponse:
        logger.warning("%s webhook: rejected a request from %s: %s", self.name(), request.ip, error)
        return response.text(error.reason, status=error.status)
