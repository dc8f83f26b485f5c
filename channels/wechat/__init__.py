"""WeChat's two products as Rasa input channels, and what they share.

- `official_account` — a WeChat Official Account (公众号): `channels.wechat.WeChatInput`;
- `wecom` — a WeCom (企业微信) app: `channels.wechat.WeComInput`;
- shared by both: `webhook` (the verified, deduplicated webhook), `crypto` (signatures and
  AES message encryption), `xml_message` (the XML both send), `conversation` (a message → one
  Rasa turn), `text` (replies as WeChat text with numbered options), `delivery` (passive reply
  or push within WeChat's 5-second window) and `push` (the products' customer-message APIs).

The channel classes are re-exported here so credentials.yml names them briefly.
"""

from channels.wechat.official_account import WeChatInput
from channels.wechat.wecom import WeComInput

__all__ = ["WeChatInput", "WeComInput"]
