from __future__ import annotations

from pathlib import Path

import pytest

from social_insurance import KnowledgeBase, load_knowledge_base
from social_insurance.loader import PROJECT_KNOWLEDGE_DIR as KNOWLEDGE_DIR

PROJECT_ROOT = KNOWLEDGE_DIR.parent.parent


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base(KNOWLEDGE_DIR)


@pytest.fixture(autouse=True)
def unanswered_log(tmp_path, monkeypatch) -> Path:
    """Keep tests from writing to the real record of unanswered questions."""
    path = tmp_path / "unanswered.jsonl"
    monkeypatch.setenv("UNANSWERED_LOG", str(path))
    return path
