from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from insights.database import engine
from insights.migrate import upgrade
from insights.records import Recorder, default_recorder
from social_insurance import KnowledgeBase, load_knowledge_base
from social_insurance.loader import PROJECT_KNOWLEDGE_DIR as KNOWLEDGE_DIR

PROJECT_ROOT = KNOWLEDGE_DIR.parent.parent


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base(KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def migrated_records(tmp_path_factory) -> Path:
    """A SQLite file with the maintainers' tables, migrated once and copied for each test."""
    path = tmp_path_factory.mktemp("records") / "tracker.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(autouse=True)
def records(migrated_records, tmp_path, monkeypatch) -> Iterator[Recorder]:
    """Keep tests from writing to the real records: the actions record into a database of the
    test's own (TRACKER_DB), whose recorder this is."""
    path = tmp_path / "records.db"
    shutil.copyfile(migrated_records, path)
    monkeypatch.delenv("POSTGRES_HOST", raising=False)
    monkeypatch.setenv("TRACKER_DB", str(path))
    default_recorder.cache_clear()
    yield default_recorder()
    default_recorder.cache_clear()
    engine(f"sqlite:///{path}").dispose()
