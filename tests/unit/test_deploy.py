"""Static checks of deploy/ (no Docker engine runs here): the official images at the pinned
versions, every variable endpoints-scaled.yml needs, ports, and what nginx balances."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any, Dict, Set

import pytest
import yaml

from channels.blueprint import MAX_BODY_BYTES
from tests.conftest import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
RASA_SERVICES = ("rasa-1", "rasa-2")


@pytest.fixture(scope="module")
def compose() -> Dict[str, Any]:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def base_image(dockerfile: str) -> str:
    return re.search(r"^FROM (\S+)", (DEPLOY / dockerfile).read_text(), re.M).group(1)


def test_images_are_the_official_ones_at_the_pinned_versions(compose: Dict[str, Any]) -> None:
    assert base_image("rasa.Dockerfile") == "rasa/rasa:3.6.21"
    assert base_image("actions.Dockerfile") == "rasa/rasa-sdk:3.6.2"
    services = compose["services"]
    for name in RASA_SERVICES:
        assert services[name]["build"]["dockerfile"] == "deploy/rasa.Dockerfile"
    assert services["action-server"]["build"]["dockerfile"] == "deploy/actions.Dockerfile"
    lock = (PROJECT_ROOT / "requirements" / "lock.txt").read_text()
    assert "rasa==3.6.21" in lock and "rasa-sdk==3.6.2" in lock


def test_dockerfiles_copy_only_what_exists() -> None:
    for dockerfile in ("rasa.Dockerfile", "actions.Dockerfile"):
        for line in (DEPLOY / dockerfile).read_text().splitlines():
            if line.startswith("COPY"):
                sources = [p for p in line.split()[1:-1] if not p.startswith("--")]
                for source in sources:
                    if source != "models/":  # built by `make train`, not committed
                        assert (PROJECT_ROOT / source).exists(), f"{dockerfile}: {source}"


def copied_python_files(dockerfile: str) -> Set[str]:
    """Project-relative paths of the .py files a Dockerfile copies (each to the same path)."""
    copied: Set[str] = set()
    for line in (DEPLOY / dockerfile).read_text().splitlines():
        if line.startswith("COPY"):
            for source in [p for p in line.split()[1:-1] if not p.startswith("--")]:
                path = PROJECT_ROOT / source
                files = path.rglob("*.py") if path.is_dir() else [path]
                copied |= {str(f.relative_to(PROJECT_ROOT)) for f in files if f.suffix == ".py"}
    return copied


def project_imports(relative_path: str) -> Set[str]:
    """Project modules a file imports, as paths, with the packages they sit in."""
    tree = ast.parse((PROJECT_ROOT / relative_path).read_text())
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    needed: Set[str] = set()
    for name in names:
        parts = name.split(".")
        if not (PROJECT_ROOT / parts[0]).is_dir():
            continue  # a library, not ours
        for depth in range(1, len(parts) + 1):
            base = "/".join(parts[:depth])
            module = base + ".py"
            needed.add(module if (PROJECT_ROOT / module).exists() else base + "/__init__.py")
    return needed


@pytest.mark.parametrize("dockerfile", ["rasa.Dockerfile", "actions.Dockerfile"])
def test_each_image_holds_every_project_module_its_code_imports(dockerfile: str) -> None:
    copied = copied_python_files(dockerfile)
    missing = {
        f"{module} (imported by {path})"
        for path in copied
        for module in project_imports(path)
        if module not in copied
    }
    assert not missing, f"{dockerfile} lacks: {sorted(missing)}"


def test_rasa_servers_get_every_variable_the_scaled_endpoints_need(
    compose: Dict[str, Any],
) -> None:
    needed = set(re.findall(r"\$\{(\w+)\}", (PROJECT_ROOT / "endpoints-scaled.yml").read_text()))
    assert {"POSTGRES_HOST", "REDIS_HOST", "ACTION_SERVER_URL"} <= needed
    services = compose["services"]
    for name in RASA_SERVICES:
        service = services[name]
        assert needed <= set(service["environment"]), name
        assert "endpoints-scaled.yml" in service["command"]
        assert service["environment"]["POSTGRES_HOST"] == "postgres"
        assert service["environment"]["REDIS_HOST"] == "redis"
        assert service["environment"]["ACTION_SERVER_URL"] == "http://action-server:5055/webhook"
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"


def test_database_volume_ports_and_sticky_balancing(compose: Dict[str, Any]) -> None:
    services = compose["services"]
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "postgres-data" in compose["volumes"]
    assert services["postgres"]["image"] == "postgres:15"
    assert services["nginx"]["ports"] == ["5005:5005"]
    mounted = services["nginx"]["volumes"][0].split(":")[0]
    nginx = (DEPLOY / Path(mounted)).read_text()
    assert "ip_hash;" in nginx  # socket.io sessions live in one Rasa server
    for name in RASA_SERVICES:
        assert f"server {name}:5005;" in nginx
    assert f"client_max_body_size {MAX_BODY_BYTES // 1024}k;" in nginx  # same cap as Rasa's
