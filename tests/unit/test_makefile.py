"""`make help` describes every target, and `make test` runs every slower tier."""

from __future__ import annotations

import re

from tests.conftest import PROJECT_ROOT

MAKEFILE = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")


def phony_targets() -> set[str]:
    declaration = re.search(r"^\.PHONY:(.*?)(?<!\\)\n", MAKEFILE, re.M | re.S)
    assert declaration
    return set(declaration.group(1).replace("\\\n", " ").split())


def test_every_target_has_a_help_line() -> None:
    described = set(re.findall(r"^([a-z0-9-]+):.*## ", MAKEFILE, re.M))
    assert phony_targets() == described


def test_make_test_installs_what_it_needs_and_runs_every_tier() -> None:
    test = re.search(r"^test:(.*?)##", MAKEFILE, re.M)
    assert test
    prerequisites = test.group(1).split()
    assert prerequisites[0] == "system-packages"
    for tier in (
        "unit",
        "lint",
        "test-stories",
        "test-nlu",
        "test-e2e",
        "test-browser",
        "test-production",
        "test-wechat",
    ):
        assert tier in prerequisites
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
