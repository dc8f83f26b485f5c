"""Read WeChat's message XML safely and write the passive-reply XML.

WeChat's XML is flat (`<xml><Field>value</Field>...</xml>`) and never needs a DTD, so any
DOCTYPE, entity declaration or external reference is refused outright by `defusedxml`: a
billion-laughs or XXE payload is rejected before a single entity is expanded.
"""

from __future__ import annotations

from typing import Dict
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException

# A text message with 2048 bytes of content, encrypted and base64-encoded, is about 3 KB.
MAX_XML_BYTES = 64 * 1024


class XmlError(ValueError):
    """The body is not a WeChat message; the message says why."""


def parse_message(body: bytes | str) -> Dict[str, str]:
    """The `<xml>` root's children as {tag: text}; `XmlError` for anything else."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if len(body) > MAX_XML_BYTES:
        raise XmlError(f"XML larger than {MAX_XML_BYTES} bytes")
    try:
        root = SafeElementTree.fromstring(
            body, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise XmlError("DTDs and entities are not allowed") from None
    except ParseError as error:
        raise XmlError(f"malformed XML: {error}") from None
    if root.tag != "xml":
        raise XmlError("root element must be <xml>")
    return {child.tag: (child.text or "").strip() for child in root}


def _cdata(text: str) -> str:
    # "]]>" would end the section early; split it across two sections.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply(to_user: str, from_user: str, create_time: int, content: str) -> str:
    """A passive text reply: `to_user` is the user, `from_user` the account (or corpid)."""
    return (
        f"<xml><ToUserName>{_cdata(to_user)}</ToUserName>"
        f"<FromUserName>{_cdata(from_user)}</FromUserName>"
        f"<CreateTime>{create_time}</CreateTime>"
        f"<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{_cdata(content)}</Content></xml>"
    )


def encrypted_reply(encrypt: str, msg_signature: str, timestamp: str, nonce: str) -> str:
    """The safe-mode envelope around an encrypted passive reply."""
    return (
        f"<xml><Encrypt>{_cdata(encrypt)}</Encrypt>"
        f"<MsgSignature>{_cdata(msg_signature)}</MsgSignature>"
        f"<TimeStamp>{timestamp}</TimeStamp>"
        f"<Nonce>{_cdata(nonce)}</Nonce></xml>"
    )
