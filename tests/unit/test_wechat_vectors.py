"""The published known-answer vectors (tests/unit/fixtures/wechat-vectors.yml)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

from channels.wechat.crypto import (
    CryptoError,
    MessageCrypto,
    ReceiveIdMismatchError,
    signature,
    signature_matches,
)

VECTORS: Dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "wechat-vectors.yml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("vector", VECTORS["plain_signature"])
def test_plain_signature(vector: Dict[str, str]) -> None:
    parts = (vector["token"], vector["timestamp"], vector["nonce"])
    assert signature(*parts) == vector["signature"]
    assert signature_matches(vector["signature"], *parts)
    assert not signature_matches(vector["signature"][:-1] + "0", *parts)
    assert not signature_matches("", *parts)


def test_official_account_sample() -> None:
    v = VECTORS["official_account_sample"]
    crypto = MessageCrypto(v["token"], v["encoding_aes_key"], v["appid"])
    assert signature(v["token"], v["timestamp"], v["nonce"]) == v["signature"]
    assert crypto.sign(v["timestamp"], v["nonce"], v["encrypt"]) == v["msg_signature"]
    assert crypto.verify(v["msg_signature"], v["timestamp"], v["nonce"], v["encrypt"])
    plaintext = crypto.decrypt(v["encrypt"])
    for fragment in v["plaintext_contains"]:
        assert fragment in plaintext


def test_wecom_sample() -> None:
    v = VECTORS["wecom_sample"]
    crypto = MessageCrypto(v["token"], v["encoding_aes_key"], v["corpid"])
    verify, message = v["verify"], v["message"]
    assert crypto.verify(
        verify["msg_signature"], verify["timestamp"], verify["nonce"], verify["echostr"]
    )
    assert crypto.decrypt(verify["echostr"]) == verify["plaintext"]
    # WeCom's echostr may lose its "+" to URL decoding.
    assert crypto.decrypt(verify["echostr"].replace("+", " ")) == verify["plaintext"]
    assert crypto.verify(
        message["msg_signature"], message["timestamp"], message["nonce"], message["encrypt"]
    )
    assert crypto.decrypt(message["encrypt"]) == message["plaintext"]


def test_deterministic_encrypt() -> None:
    v = VECTORS["deterministic_encrypt"]
    crypto = MessageCrypto(v["token"], v["encoding_aes_key"], v["receive_id"])
    encrypt = crypto.encrypt(v["plaintext"], random_prefix=v["random_prefix"].encode())
    assert encrypt == v["encrypt"]
    assert crypto.sign(v["timestamp"], v["nonce"], encrypt) == v["msg_signature"]
    assert crypto.decrypt(encrypt) == v["plaintext"]
    echo = v["echo"]
    assert crypto.sign(echo["timestamp"], echo["nonce"], echo["echostr"]) == echo["signature"]
    assert crypto.decrypt(echo["echostr"]) == echo["plaintext"]


def test_random_prefix_differs_but_round_trips() -> None:
    v = VECTORS["deterministic_encrypt"]
    crypto = MessageCrypto(v["token"], v["encoding_aes_key"], v["receive_id"])
    first, second = crypto.encrypt("医保可以补缴吗"), crypto.encrypt("医保可以补缴吗")
    assert first != second
    assert crypto.decrypt(first) == crypto.decrypt(second) == "医保可以补缴吗"


def test_previous_key_still_decrypts_during_rotation() -> None:
    old = VECTORS["official_account_sample"]
    new_key = VECTORS["deterministic_encrypt"]["encoding_aes_key"]
    crypto = MessageCrypto(old["token"], new_key, old["appid"], [old["encoding_aes_key"]])
    assert "abcdteT" in crypto.decrypt(old["encrypt"])
    # Replies use the new key only.
    assert MessageCrypto(old["token"], new_key, old["appid"]).decrypt(crypto.encrypt("x")) == "x"


def test_wrong_receive_id_is_refused() -> None:
    v = VECTORS["official_account_sample"]
    crypto = MessageCrypto(v["token"], v["encoding_aes_key"], "wx0000000000000000")
    with pytest.raises(ReceiveIdMismatchError):
        crypto.decrypt(v["encrypt"])


@pytest.mark.parametrize(
    "ciphertext",
    [
        "not base64!!",
        base64.b64encode(b"short").decode(),
        base64.b64encode(bytes(32)).decode(),
        "",
    ],
)
def test_corrupted_ciphertext_is_a_crypto_error(ciphertext: str) -> None:
    v = VECTORS["official_account_sample"]
    crypto = MessageCrypto(v["token"], v["encoding_aes_key"], v["appid"])
    with pytest.raises(CryptoError):
        crypto.decrypt(ciphertext)


def test_flipped_byte_is_a_crypto_error() -> None:
    v = VECTORS["official_account_sample"]
    crypto = MessageCrypto(v["token"], v["encoding_aes_key"], v["appid"])
    data = bytearray(base64.b64decode(v["encrypt"]))
    data[-1] ^= 0x55  # breaks the padding of the last block
    with pytest.raises(CryptoError):
        crypto.decrypt(base64.b64encode(bytes(data)).decode())


@pytest.mark.parametrize("key", ["too-short", "!" * 43, "a" * 44])
def test_bad_encoding_aes_key_is_refused(key: str) -> None:
    with pytest.raises(ValueError, match="EncodingAESKey"):
        MessageCrypto("token", key, "wx")
