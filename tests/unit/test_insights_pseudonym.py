"""insights.pseudonym: one person, one pseudonym, and no way back to the sender id."""

from __future__ import annotations

import logging
import re

from insights import pseudonym as module
from insights.pseudonym import pseudonym


def test_the_same_sender_gets_the_same_pseudonym_and_others_another(monkeypatch) -> None:
    monkeypatch.setenv("RATING_SALT", "a salt")
    assert pseudonym("wx-o6_bmjrPTlm6_2sgVt7hMZOPfL2M") == pseudonym(
        "wx-o6_bmjrPTlm6_2sgVt7hMZOPfL2M"
    )
    assert pseudonym("wx-o6_bmjrPTlm6_2sgVt7hMZOPfL2M") != pseudonym(
        "wx-o6_bmjrPTlm6_2sgVt7hMZOPfL2N"
    )
    assert re.fullmatch(r"[0-9a-f]{32}", pseudonym("13812345678"))
    assert "13812345678" not in pseudonym("13812345678")


def test_the_salt_is_the_key(monkeypatch) -> None:
    monkeypatch.setenv("RATING_SALT", "one salt")
    first = pseudonym("someone")
    monkeypatch.setenv("RATING_SALT", "another salt")
    assert pseudonym("someone") != first
    monkeypatch.setenv("RATING_SALT", "one salt")
    assert pseudonym("someone") == first


def test_without_a_salt_a_random_key_for_this_process_and_one_warning(monkeypatch, caplog) -> None:
    monkeypatch.delenv("RATING_SALT", raising=False)
    module._key.cache_clear()
    with caplog.at_level(logging.WARNING, logger=module.__name__):
        first = pseudonym("someone")
        assert pseudonym("someone") == first
    assert [record.getMessage().split(":")[0] for record in caplog.records] == [
        "RATING_SALT is not set"
    ]
    module._key.cache_clear()
    assert pseudonym("someone") != first  # a new process: a new key
