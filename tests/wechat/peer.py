"""WeChat's side of the conversation, built on `wechatpy` (an independent implementation).

It signs and encrypts requests the way WeChat's servers do, and checks and decrypts the bot's
replies, so the channels are tested against someone else's reading of the protocol.
"""

from __future__ import annotations

import base64
import time
import uuid
from dataclasses import dataclass
from typing import Dict

import requests
import xmltodict
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.enterprise.crypto import PrpCrypto as WeComPrpCrypto
from wechatpy.utils import WeChatSigner

TIMEOUT = 30


def sign(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def message_xml(to: str, user: str, fields: Dict[str, str], create_time: int | None = None) -> str:
    """A message as WeChat sends it: `fields` holds MsgType, Content, MsgId, Event, ..."""
    created = create_time or int(time.time())
    body = "".join(f"<{tag}><![CDATA[{value}]]></{tag}>" for tag, value in fields.items())
    return (
        f"<xml><ToUserName><![CDATA[{to}]]></ToUserName>"
        f"<FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{created}</CreateTime>{body}</xml>"
    )


def text_message(to: str, user: str, content: str, msg_id: str | None = None) -> str:
    msg_id = msg_id or str(uuid.uuid4().int % 10**18)
    return message_xml(to, user, {"MsgType": "text", "Content": content, "MsgId": msg_id})


@dataclass
class Peer:
    """One product's server side: the URL of the bot's webhook and the shared secrets."""

    url: str
    token: str
    encoding_aes_key: str
    receive_id: str  # appid / corpid
    account: str  # the bot's address in messages: the account's gh_ id / the corpid

    def query(self, encrypt: str | None, timestamp: str | None = None) -> Dict[str, str]:
        timestamp = timestamp or str(int(time.time()))
        nonce = uuid.uuid4().hex[:10]
        query = {"timestamp": timestamp, "nonce": nonce}
        if encrypt is not None:
            query["msg_signature"] = sign(self.token, timestamp, nonce, encrypt)
        return query

    def encrypt(self, xml: str) -> str:
        crypto = WeChatCrypto(self.token, self.encoding_aes_key, self.receive_id)
        return xmltodict.parse(crypto.encrypt_message(xml, "nonce"))["xml"]["Encrypt"]

    def ask(self, user: str, content: str, safe: bool = True) -> str:
        return self.reply_text(self.post(text_message(self.account, user, content), safe), user)

    def post(self, xml: str, safe: bool = True, timestamp: str | None = None) -> requests.Response:
        raise NotImplementedError

    def post_raw(self, body: bytes, query: Dict[str, str]) -> requests.Response:
        return requests.post(self.url, params=query, data=body, timeout=TIMEOUT)

    def reply_text(self, response: requests.Response, user: str) -> str:
        """The text of a passive reply, after checking its signature and addresses."""
        assert response.status_code == 200, response.text
        xml = response.text
        if "<Encrypt>" in xml:
            fields = xmltodict.parse(xml)["xml"]
            crypto = WeChatCrypto(self.token, self.encoding_aes_key, self.receive_id)
            xml = crypto.decrypt_message(
                xml, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"]
            )
        reply = parse_message(xml)
        assert reply.type == "text", xml
        assert reply.target == user
        assert reply.source == self.account
        return reply.content


class OfficialAccount(Peer):
    def verify_url(self, echostr: str, **overrides: str) -> requests.Response:
        query = self.query(None)
        query["signature"] = sign(self.token, query["timestamp"], query["nonce"])
        query["echostr"] = echostr
        query.update(overrides)
        return requests.get(self.url, params=query, timeout=TIMEOUT)

    def post(self, xml: str, safe: bool = True, timestamp: str | None = None) -> requests.Response:
        """Sends `xml` as WeChat does in safe mode (encrypted) or plain mode."""
        encrypt = self.encrypt(xml) if safe else None
        query = self.query(encrypt, timestamp)
        query["signature"] = sign(self.token, query["timestamp"], query["nonce"])
        body = xml
        if safe:
            query["encrypt_type"] = "aes"
            body = f"<xml><ToUserName><![CDATA[{self.account}]]></ToUserName>"
            body += f"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
        return self.post_raw(body.encode("utf-8"), query)


class WeComApp(Peer):
    """WeCom: encrypted URL check and messages; replies come from the corpid."""

    agent_id = "1000002"

    def verify_url(self, echostr: str, **overrides: str) -> requests.Response:
        key = base64.b64decode(self.encoding_aes_key + "=")
        encrypted = WeComPrpCrypto(key).encrypt(echostr, self.receive_id).decode()
        query = self.query(encrypted)
        query.update(echostr=encrypted, **overrides)
        return requests.get(self.url, params=query, timeout=TIMEOUT)

    def post(self, xml: str, safe: bool = True, timestamp: str | None = None) -> requests.Response:
        """Sends `xml` as WeCom does: always encrypted (`safe` is ignored)."""
        encrypt = self.encrypt(xml)
        query = self.query(encrypt, timestamp)
        body = f"<xml><ToUserName><![CDATA[{self.receive_id}]]></ToUserName>"
        body += f"<Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID>{self.agent_id}</AgentID></xml>"
        return self.post_raw(body.encode("utf-8"), query)
