"""WeChat XML in and out: hostile XML is refused before anything is expanded."""

from __future__ import annotations

import pytest

from channels.wechat.xml_message import XmlError, parse_message, text_reply

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    "<xml><Content>&c;</Content></xml>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    "<xml><Content>&x;</Content></xml>"
)


def test_reply_round_trips_with_cdata_terminator_in_content() -> None:
    reply = text_reply("oUser", "gh_account", 1700000000, "a]]>b <tag> & 医保")
    message = parse_message(reply)
    assert message["Content"] == "a]]>b <tag> & 医保"
    assert message["ToUserName"] == "oUser"
    assert message["FromUserName"] == "gh_account"


@pytest.mark.parametrize("body", [BILLION_LAUGHS, XXE, "<xml><a>", "<root/>", "", "\xff"])
def test_hostile_or_broken_xml_is_refused(body: str) -> None:
    with pytest.raises(XmlError):
        parse_message(body)


def test_oversized_xml_is_refused() -> None:
    with pytest.raises(XmlError, match="larger"):
        parse_message("<xml><Content>" + "a" * 70_000 + "</Content></xml>")
