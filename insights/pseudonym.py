"""A rater's stand-in for their sender id: the same person gives the same pseudonym, and the
pseudonym does not give the person back.

A rating keeps a pseudonym, never the sender id, so the ratings hold no personal data and
outlive the conversations (retention, "删除我的对话"). The pseudonym still counts a person once per
topic and, while their conversation exists, finds it for the console: hashing each recent
sender id with the same key gives the rater's pseudonym back.

The key comes from `RATING_SALT` (scripts/run.sh generates one), so every process computes the
same pseudonyms and a guessed sender id cannot be checked without the key. Without it each
process makes a random key: ratings still work, but the console cannot find conversations and a
person rating again after a restart counts twice.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import secrets

logger = logging.getLogger(__name__)

SALT_VARIABLE = "RATING_SALT"


def pseudonym(sender_id: str) -> str:
    """The keyed hash (BLAKE2b, 128 bits) of `sender_id`, in hex."""
    key = _key(os.environ.get(SALT_VARIABLE, ""))
    return hashlib.blake2b(sender_id.encode("utf-8"), key=key, digest_size=16).hexdigest()


@functools.cache
def _key(salt: str) -> bytes:
    if salt:
        return hashlib.blake2b(salt.encode("utf-8"), digest_size=32).digest()
    logger.warning(
        "%s is not set: ratings get a key of this process only, so the console cannot link "
        "them to conversations and a rater counts again after a restart",
        SALT_VARIABLE,
    )
    return secrets.token_bytes(32)
