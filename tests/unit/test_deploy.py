"""Static checks of deploy/ (no Docker engine or cluster runs here): the official images at the
pinned versions, every variable endpoints-scaled.yml needs, ports, what nginx balances, and the
Kubernetes manifests of deploy/k8s/ agreeing with the compose file (images, commands, ports,
variable names, limits, health routes, secrets, hardening)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any, Dict, List, Set

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


# Kubernetes (deploy/k8s/) and its agreement with the compose file.

K8S = DEPLOY / "k8s"
SERVERS = {"rasa": "rasa-1", "action-server": "action-server"}  # Deployment → compose service
PROBE_PATHS = {
    "rasa": {
        "startupProbe": "/webhooks/health/live",
        "livenessProbe": "/webhooks/health/live",
        "readinessProbe": "/webhooks/health/ready",
    },
    "action-server": {
        "startupProbe": "/health/live",
        "livenessProbe": "/health/live",
        "readinessProbe": "/health/ready",
    },
}
DRAIN_SECONDS = 15  # Sanic's GRACEFUL_SHUTDOWN_TIMEOUT, for which both servers drain


@pytest.fixture(scope="module")
def manifests() -> Dict[str, List[Dict[str, Any]]]:
    """Every YAML file of deploy/k8s/, by file name, as its documents."""
    return {
        path.name: [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
        for path in sorted(K8S.glob("*.yaml"))
    }


def of_kind(manifests: Dict[str, List[Dict[str, Any]]], kind: str) -> Dict[str, Dict[str, Any]]:
    return {
        doc["metadata"]["name"]: doc
        for docs in manifests.values()
        for doc in docs
        if doc["kind"] == kind
    }


def container(manifests: Dict[str, List[Dict[str, Any]]], deployment: str) -> Dict[str, Any]:
    (only,) = of_kind(manifests, "Deployment")[deployment]["spec"]["template"]["spec"]["containers"]
    return only


def memory_bytes(quantity: str) -> int:
    """A compose (512m, 2g) or Kubernetes (512Mi, 2Gi) memory size; both count in 1024s."""
    number, unit = re.fullmatch(r"(\d+)([a-zA-Z]*)", quantity).groups()
    factor = {"": 1, "k": 1, "ki": 1, "m": 2, "mi": 2, "g": 3, "gi": 3}[unit.lower()]
    return int(number) * 1024**factor


def test_manifests_parse_and_are_all_deployed(manifests: Dict[str, List[Dict[str, Any]]]) -> None:
    assert {"rasa.yaml", "action-server.yaml", "ingress.yaml", "kustomization.yaml"} <= set(
        manifests
    )
    for name, docs in manifests.items():
        assert docs, name
        for doc in docs:
            assert {"apiVersion", "kind"} <= set(doc), name
            if doc["kind"] not in ("Kustomization", "Namespace"):
                assert doc["metadata"]["namespace"] == "social-insurance", name
    (kustomization,) = manifests["kustomization.yaml"]
    # Every manifest but the example Secret, which must never overwrite the real one.
    expected = set(manifests) - {"kustomization.yaml", "secrets.example.yaml"}
    assert set(kustomization["resources"]) == expected


def test_the_same_images_as_compose_pinned_by_tag(
    compose: Dict[str, Any], manifests: Dict[str, List[Dict[str, Any]]]
) -> None:
    services = compose["services"]
    assert services["rasa-1"]["image"] == services["rasa-2"]["image"]
    (kustomization,) = manifests["kustomization.yaml"]
    tags = {image["name"]: image["newTag"] for image in kustomization["images"]}
    for deployment, service in SERVERS.items():
        image = container(manifests, deployment)["image"]
        assert image == services[service]["image"], deployment
        name, tag = image.split(":")
        assert tag != "latest" and tags[name] == tag
        assert f"Tagged {image}" in dockerfile_text(services[service])


def dockerfile_text(service: Dict[str, Any]) -> str:
    """The Dockerfile a compose service is built from."""
    return (PROJECT_ROOT / service["build"]["dockerfile"]).read_text()


def dockerfile_json(dockerfile: str, instruction: str) -> List[str]:
    text = (DEPLOY / dockerfile).read_text()
    return json.loads(re.search(rf"^{instruction} (\[.*\])$", text, re.M).group(1))


def test_the_same_commands_as_compose_and_the_images(
    compose: Dict[str, Any], manifests: Dict[str, List[Dict[str, Any]]]
) -> None:
    services = compose["services"]
    rasa = container(manifests, "rasa")
    assert "command" not in rasa  # the image's entry point adds the credentials
    assert (
        rasa["args"] == services["rasa-1"]["command"] == dockerfile_json("rasa.Dockerfile", "CMD")
    )
    assert dockerfile_json("rasa.Dockerfile", "ENTRYPOINT") == [
        "/bin/sh",
        "deploy/rasa-entrypoint.sh",
    ]
    action = container(manifests, "action-server")
    entrypoint = ["python", "-m", "rasa_sdk"]
    assert action["command"] == services["action-server"]["entrypoint"] == entrypoint
    assert dockerfile_json("actions.Dockerfile", "ENTRYPOINT") == entrypoint
    command = ["--actions", "actions", "--port", "5055"]
    assert action["args"] == services["action-server"]["command"] == command
    assert dockerfile_json("actions.Dockerfile", "CMD") == command


def test_the_same_ports_as_compose(
    compose: Dict[str, Any], manifests: Dict[str, List[Dict[str, Any]]]
) -> None:
    services = compose["services"]
    k8s_services = of_kind(manifests, "Service")
    for deployment, service in SERVERS.items():
        spec = container(manifests, deployment)
        ports = [p["containerPort"] for p in spec["ports"]]
        assert [int(p) for p in services[service]["expose"]] == ports, deployment
        assert spec["args"][spec["args"].index("--port") + 1] == str(ports[0])
        assert f"EXPOSE {ports[0]}" in dockerfile_text(services[service])
        # The Service of the same name reaches that port.
        (port,) = k8s_services[deployment]["spec"]["ports"]
        assert port_number(spec, port["targetPort"]) == ports[0]
    url = "http://action-server:5055/webhook"
    assert environment(container(manifests, "rasa"))["ACTION_SERVER_URL"] == url
    assert k8s_services["action-server"]["spec"]["ports"][0]["port"] == 5055


def port_number(spec: Dict[str, Any], port: Any) -> int:
    """A container port given by number or by name."""
    if isinstance(port, int):
        return port
    return next(p["containerPort"] for p in spec["ports"] if p["name"] == port)


def environment(spec: Dict[str, Any]) -> Dict[str, Any]:
    """A container's variables: the value, or the source (valueFrom) of each."""
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in spec.get("env", [])}


def test_the_same_variable_names_as_compose(
    compose: Dict[str, Any], manifests: Dict[str, List[Dict[str, Any]]]
) -> None:
    services = compose["services"]
    for deployment, service in SERVERS.items():
        assert set(environment(container(manifests, deployment))) == set(
            services[service].get("environment", {})
        ), deployment
    # Where compose sets a plain value or a default, Kubernetes sets the same.
    k8s = environment(container(manifests, "rasa"))
    for name, value in services["rasa-1"]["environment"].items():
        default = re.fullmatch(r"\$\{\w+:-(.+)\}", value)
        if name != "CORS_ORIGINS" and (default or "${" not in value):
            assert k8s[name] == (default.group(1) if default else value), name
    assert k8s["SANIC_PROXIES_COUNT"] == "1"  # the Ingress controller, as nginx in compose


def test_the_same_limits_as_compose_and_the_measured_sizes(
    compose: Dict[str, Any], manifests: Dict[str, List[Dict[str, Any]]]
) -> None:
    services = compose["services"]
    expected = {
        "rasa": {"cpu": "500m", "memory": "1Gi"},
        "action-server": {"cpu": "250m", "memory": "256Mi"},
    }
    for deployment, service in SERVERS.items():
        k8s = container(manifests, deployment)["resources"]
        limits = services[service]["deploy"]["resources"]["limits"]
        assert memory_bytes(k8s["limits"]["memory"]) == memory_bytes(limits["memory"])
        assert k8s["limits"]["cpu"] == limits["cpus"]
        assert k8s["requests"] == expected[deployment]


def test_probes_use_the_health_routes_on_the_container_port(
    compose: Dict[str, Any], manifests: Dict[str, List[Dict[str, Any]]]
) -> None:
    for deployment, probes in PROBE_PATHS.items():
        spec = container(manifests, deployment)
        (port,) = (p["containerPort"] for p in spec["ports"])
        for probe, path in probes.items():
            get = spec[probe]["httpGet"]
            assert get["path"] == path, (deployment, probe)
            assert port_number(spec, get["port"]) == port, (deployment, probe)
        # The model loads in 30-60 s: the startup probe allows well over that.
        startup = spec["startupProbe"]
        assert startup["periodSeconds"] * startup["failureThreshold"] >= 60
        # compose and the images check the same routes on the same port.
        ready = f"http://127.0.0.1:{port}{probes['readinessProbe']}"
        assert ready in " ".join(compose["services"][SERVERS[deployment]]["healthcheck"]["test"])
    for dockerfile, deployment in (
        ("rasa.Dockerfile", "rasa"),
        ("actions.Dockerfile", "action-server"),
    ):
        port = container(manifests, deployment)["ports"][0]["containerPort"]
        live = f"http://127.0.0.1:{port}{PROBE_PATHS[deployment]['livenessProbe']}"
        assert re.search(
            rf"^HEALTHCHECK .*\n.*{re.escape(live)}", (DEPLOY / dockerfile).read_text(), re.M
        )


def test_every_secret_referenced_is_in_the_secret_manifest(
    manifests: Dict[str, List[Dict[str, Any]]],
) -> None:
    secrets = of_kind(manifests, "Secret")
    referenced = [
        e["valueFrom"]["secretKeyRef"]
        for deployment in SERVERS
        for e in container(manifests, deployment).get("env", [])
        if "secretKeyRef" in e.get("valueFrom", {})
    ]
    assert {r["key"] for r in referenced} >= {"POSTGRES_PASSWORD", "WECHAT_TOKEN", "WECOM_TOKEN"}
    for reference in referenced:
        secret = secrets[reference["name"]]
        assert reference["key"] in {**secret.get("data", {}), **secret.get("stringData", {})}
        # Only the optional channels may be missing; the database password and the raters'
        # pseudonym key may not.
        required = reference["key"] in ("POSTGRES_PASSWORD", "RATING_SALT")
        assert reference.get("optional", False) == (not required)


def test_pods_are_hardened_and_drain_before_they_are_killed(
    manifests: Dict[str, List[Dict[str, Any]]],
) -> None:
    deployments = of_kind(manifests, "Deployment")
    assert deployments["rasa"]["spec"]["replicas"] == 2
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["automountServiceAccountToken"] is False
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
        assert pod["securityContext"]["runAsNonRoot"] is True
        (spec,) = pod["containers"]
        context = spec["securityContext"]
        assert context["allowPrivilegeEscalation"] is False
        assert context["readOnlyRootFilesystem"] is True
        assert context["capabilities"]["drop"] == ["ALL"]
        assert context["runAsUser"] == pod["securityContext"]["runAsUser"] == 1001
        # Writable only where a volume is mounted, and each of those is scratch space.
        volumes = {v["name"]: v for v in pod["volumes"]}
        mounts = {m["mountPath"]: m["name"] for m in spec["volumeMounts"]}
        assert "/tmp" in mounts
        assert all("emptyDir" in volumes[v] for v in mounts.values()), name
        prestop = int(spec["lifecycle"]["preStop"]["exec"]["command"][-1])
        assert pod["terminationGracePeriodSeconds"] > prestop + DRAIN_SECONDS, name
        # A disruption budget and a Service select this Deployment's pods.
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= labels.items()
        budget = of_kind(manifests, "PodDisruptionBudget")[name]["spec"]
        assert budget["selector"]["matchLabels"] == selector and budget["minAvailable"] >= 1
        assert of_kind(manifests, "Service")[name]["spec"]["selector"] == selector


def test_compose_servers_are_hardened_too(compose: Dict[str, Any]) -> None:
    for name in (*RASA_SERVICES, "action-server"):
        service = compose["services"][name]
        assert service["read_only"] is True, name
        assert service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert "/tmp" in service["tmpfs"], name
        seconds = int(re.fullmatch(r"(\d+)s", service["stop_grace_period"]).group(1))
        assert seconds > DRAIN_SECONDS, name
    assert compose["services"]["rasa-1"]["depends_on"]["action-server"]["condition"] == (
        "service_healthy"
    )


def test_ingress_is_sticky_and_reaches_the_rasa_service(
    manifests: Dict[str, List[Dict[str, Any]]],
) -> None:
    (ingress,) = of_kind(manifests, "Ingress").values()
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert annotations["nginx.ingress.kubernetes.io/session-cookie-name"]
    assert annotations["nginx.ingress.kubernetes.io/proxy-body-size"] == (
        f"{MAX_BODY_BYTES // 1024}k"  # the same cap as Rasa's and nginx's
    )
    service = of_kind(manifests, "Service")["rasa"]
    paths = [p for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    routed = {p["path"] for p in paths}
    assert routed == {"/socket.io", "/webhooks/rest", "/webhooks/wechat", "/webhooks/wecom"}
    # The probes' routes stay off the public site.
    assert not any("/webhooks/health".startswith(path) for path in routed)
    assert "location /webhooks/health" in (DEPLOY / "nginx.conf").read_text()
    for path in paths:
        backend = path["backend"]["service"]
        assert backend["name"] == "rasa"
        assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}


def test_databases_are_external_services_named_as_in_compose(
    compose: Dict[str, Any], manifests: Dict[str, List[Dict[str, Any]]]
) -> None:
    services = of_kind(manifests, "Service")
    env = compose["services"]["rasa-1"]["environment"]
    for variable in ("POSTGRES_HOST", "REDIS_HOST"):
        external = services[env[variable]]
        assert external["spec"]["type"] == "ExternalName"
        port = env[variable.replace("HOST", "PORT")]
        assert [str(p["port"]) for p in external["spec"]["ports"]] == [port]


def test_nginx_passes_the_client_address() -> None:
    # SANIC_PROXIES_COUNT=1: the Rasa server takes the last X-Forwarded-For entry, nginx's own.
    nginx = (DEPLOY / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx


def test_make_test_scans_deploy_right_after_lint() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    test = re.search(r"^test:(.*?)##", makefile, re.M)
    assert test
    prerequisites = test.group(1).split()
    assert prerequisites[prerequisites.index("lint") + 1] == "scan"
    scan = re.search(r"^scan:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert scan and "checkov --directory deploy" in scan.group(1)
    assert ".venv-scan/" in (PROJECT_ROOT / ".gitignore").read_text().splitlines()
    lock = (PROJECT_ROOT / "requirements" / "scan-lock.txt").read_text()
    pinned = re.search(
        r"^checkov==(\S+)$", (PROJECT_ROOT / "requirements" / "scan.txt").read_text(), re.M
    )
    assert pinned and f"checkov=={pinned.group(1)}" in lock.splitlines()
