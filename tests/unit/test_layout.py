"""Dependencies point one way: towards the core package, which imports no Rasa module."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Iterator, Set

import pytest

from tests.conftest import PROJECT_ROOT

PACKAGES = (
    "social_insurance",
    "actions",
    "channels",
    "nlu_components",
    "stores",
    "patches",
    "rasa_sdk_plugins",
)


def imported_modules(package: str) -> Iterator[tuple[Path, str]]:
    for path in (PROJECT_ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                yield from ((path, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                yield path, node.module


def top_levels(package: str) -> Set[str]:
    return {module.split(".")[0] for _, module in imported_modules(package)}


def test_the_core_imports_no_rasa_and_no_other_project_package() -> None:
    imported = top_levels("social_insurance")
    assert not imported & {"rasa", "rasa_sdk", "sanic"}
    assert not imported & (set(PACKAGES) - {"social_insurance"}) - {"harness", "bench"}


@pytest.mark.parametrize("package", ["actions", "channels"])
def test_nothing_outside_a_server_package_imports_it(package: str) -> None:
    others = [p for p in (*PACKAGES, "insights", "bench", "harness", "scripts") if p != package]
    importers = [
        f"{path.relative_to(PROJECT_ROOT)} imports {module}"
        for other in others
        for path, module in imported_modules(other)
        if module.split(".")[0] == package
    ]
    assert importers == []


def test_the_records_import_no_rasa_and_only_the_core_from_the_project() -> None:
    # The action server writes the records and the console reads them: neither server's
    # framework, and nothing of a server package, may come with them.
    imported = top_levels("insights")
    assert not imported & {"rasa", "rasa_sdk", "sanic"}
    assert imported & {*PACKAGES, "console", "harness", "bench", "scripts"} == {"social_insurance"}


def test_the_action_server_needs_only_the_core_from_the_project() -> None:
    assert top_levels("actions") & set(PACKAGES) == {"actions", "social_insurance"}


def test_the_action_server_plugin_needs_only_the_core_from_the_project() -> None:
    assert top_levels("rasa_sdk_plugins") & set(PACKAGES) == {"social_insurance"}
