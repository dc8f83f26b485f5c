"""Static checks of deploy/ (no Docker engine runs here): the official images at the pinned
versions, every variable endpoints-scaled.yml needs, ports, and what nginx balances."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

from channels.rest import MAX_BODY_BYTES
from tests.servers import PROJECT_ROOT

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
