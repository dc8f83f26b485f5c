"""WeChat and WeCom message signatures and "safe mode" AES encryption (WXBizMsgCrypt format).

Both products share one scheme: `sha1` over the sorted, concatenated strings for signatures,
and AES-256-CBC with IV = key[:16] over `16 random bytes + 4-byte big-endian length + message +
receive id` (the Official Account's appid or the WeCom corpid), PKCS#7-padded to 32 bytes.
Every way a ciphertext can be broken (base64, block size, padding, length, receive id) becomes
a `CryptoError`, which the channels answer with a 4xx, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct
from typing import Sequence

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK_SIZE = 32  # WXBizMsgCrypt pads to 32 bytes, not AES's 16.
RANDOM_PREFIX_BYTES = 16


class CryptoError(ValueError):
    """A ciphertext that cannot be decrypted; the message says why (never the plaintext)."""


class ReceiveIdMismatchError(CryptoError):
    """Decrypted fine, but for another account: the sender knows a key, not ours."""


def signature(*parts: str) -> str:
    """`sha1` hex of the sorted, concatenated parts (token, timestamp, nonce[, encrypt])."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def signature_matches(expected: str | None, *parts: str) -> bool:
    """Constant-time comparison, so response times do not reveal how much of a guess was right."""
    if not expected:
        return False
    return hmac.compare_digest(signature(*parts).encode(), expected.strip().lower().encode())


def aes_key(encoding_aes_key: str) -> bytes:
    """The 32-byte key behind a 43-character EncodingAESKey; ValueError if it is not one."""
    if len(encoding_aes_key) != 43:
        raise ValueError("an EncodingAESKey has exactly 43 characters")
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except binascii.Error as error:
        raise ValueError(f"an EncodingAESKey is base64 text: {error}") from None
    if len(key) != 32:
        raise ValueError("an EncodingAESKey must decode to 32 bytes")
    return key


class MessageCrypto:
    """Encrypts replies with the current key; decrypts with the current or a previous one.

    WeChat lets an admin replace the EncodingAESKey; messages already on their way still use
    the old key, so `previous_keys` keeps them readable during the switch.
    """

    def __init__(
        self,
        token: str,
        encoding_aes_key: str,
        receive_id: str,
        previous_keys: Sequence[str] = (),
    ) -> None:
        self.token = token
        self.receive_id = receive_id
        self._keys = [aes_key(encoding_aes_key)] + [aes_key(k) for k in previous_keys]

    def sign(self, timestamp: str, nonce: str, encrypt: str) -> str:
        return signature(self.token, timestamp, nonce, encrypt)

    def verify(self, msg_signature: str | None, timestamp: str, nonce: str, encrypt: str) -> bool:
        return signature_matches(msg_signature, self.token, timestamp, nonce, encrypt)

    def encrypt(self, message: str, random_prefix: bytes | None = None) -> str:
        prefix = random_prefix if random_prefix is not None else os.urandom(RANDOM_PREFIX_BYTES)
        body = message.encode("utf-8")
        plain = prefix + struct.pack(">I", len(body)) + body + self.receive_id.encode("utf-8")
        pad = BLOCK_SIZE - len(plain) % BLOCK_SIZE
        plain += bytes([pad]) * pad
        key = self._keys[0]
        encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode("ascii")

    def decrypt(self, encrypt: str) -> str:
        """The message inside `encrypt`; `CryptoError` if no key opens it for our receive id."""
        try:
            # A "+" in a query string may arrive as a space after URL decoding.
            data = base64.b64decode(encrypt.replace(" ", "+"), validate=True)
        except (binascii.Error, ValueError):
            raise CryptoError("ciphertext is not base64") from None
        if not data or len(data) % 16:
            raise CryptoError("ciphertext is not a whole number of AES blocks")
        error = CryptoError("no key decrypts the ciphertext")
        for key in self._keys:
            try:
                message, receive_id = _open(key, data)
            except CryptoError as failure:
                error = failure
                continue
            if not hmac.compare_digest(receive_id, self.receive_id.encode("utf-8")):
                error = ReceiveIdMismatchError("message is for another appid / corpid")
                continue
            return message
        raise error


def _open(key: bytes, data: bytes) -> tuple[str, bytes]:
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    plain = decryptor.update(data) + decryptor.finalize()
    pad = plain[-1]
    if not 1 <= pad <= BLOCK_SIZE or plain[-pad:] != bytes([pad]) * pad:
        raise CryptoError("bad padding")
    plain = plain[:-pad]
    header = RANDOM_PREFIX_BYTES + 4
    if len(plain) < header:
        raise CryptoError("plaintext too short")
    (length,) = struct.unpack(">I", plain[RANDOM_PREFIX_BYTES:header])
    if header + length > len(plain):
        raise CryptoError("message length exceeds the plaintext")
    try:
        message = plain[header : header + length].decode("utf-8")
    except UnicodeDecodeError:
        raise CryptoError("message is not UTF-8") from None
    return message, plain[header + length :]
