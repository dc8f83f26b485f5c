"""Start the real action server and Rasa server, wait until they answer, and stop them after.

Callers choose ports other than `make run`'s (5005/5055), so they do not collide with a bot a
developer has running. Output goes to `results/logs/` for when a test fails.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

import requests
import yaml

from insights.migrate import upgrade

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RASA = str(PROJECT_ROOT / ".venv" / "bin" / "rasa")
RUN_SH = str(PROJECT_ROOT / "scripts" / "run.sh")
MODEL = PROJECT_ROOT / "models" / "social-insurance.tar.gz"
LOG_DIR = PROJECT_ROOT / "results" / "logs"
STARTUP_TIMEOUT = 240
# Functional tests and the benchmark send faster than any person, most of them from one
# address; the flood limit (channels/rate_limit.py) has tests of its own that switch it on.
NO_RATE_LIMITS = {"RATE_LIMIT_PER_SENDER": "off", "RATE_LIMIT_PER_ADDRESS": "off"}
# scripts/run.sh's console listens beside the page; tests sign in with this password.
CONSOLE_PORT_OFFSET = 10
TEST_CONSOLE_PASSWORD = "test-console-password"


@dataclass
class Server:
    name: str
    command: List[str]
    ready_url: str
    env: Dict[str, str] = field(default_factory=dict)
    # How long SIGTERM may take: scripts/run.sh stops its processes one after another.
    stop_seconds: float = 20
    process: subprocess.Popen | None = None

    def start(self) -> None:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log = open(LOG_DIR / f"{self.name}.log", "wb")  # noqa: SIM115 - lives with the process
        self.process = subprocess.Popen(
            self.command,
            cwd=PROJECT_ROOT,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        assert self.process is not None, f"{self.name} was not started"
        return self.process.pid

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> None:
        assert self.process is not None, f"{self.name} was not started"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {LOG_DIR / self.name}.log")
            try:
                if requests.get(self.ready_url, timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{self.name} not ready after {timeout}s")

    def stop(self) -> None:
        """Stop the server's process group and wait until its port is free: a worker that
        outlives the main process would keep the port, and a server started next on it would
        fail to bind while the old one still answered."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=self.stop_seconds)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        for grace, last_resort in ((20, signal.SIGKILL), (5, None)):
            deadline = time.monotonic() + grace
            while self._port_taken() and time.monotonic() < deadline:
                time.sleep(0.1)
            if not self._port_taken():
                return
            if last_resort is not None:
                with suppress(ProcessLookupError):
                    os.killpg(self.process.pid, last_resort)

    def _port_taken(self) -> bool:
        address = urllib.parse.urlsplit(self.ready_url)
        with socket.socket() as probe:
            probe.settimeout(1)
            return probe.connect_ex((address.hostname or "127.0.0.1", address.port or 80)) == 0


@contextmanager
def running(*servers: Server) -> Iterator[Sequence[Server]]:
    """All `servers` started together, ready, and stopped in reverse order however it ends."""
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in reversed(servers):
            server.stop()


def action_server(
    port: int,
    env: Dict[str, str] | None = None,
    name: str = "action-server",
    records: Path | None = None,
) -> Server:
    """The action server; it records ratings and outcomes into the SQLite file `records`
    (a Rasa server's tracker.db, so the console sees both), or into a throw-away file."""
    records = records or Path(tempfile.mkdtemp(prefix=f"{name}-")) / "tracker.db"
    upgrade(f"sqlite:///{records}")
    return Server(
        name,
        [RASA, "run", "actions", "--actions", "actions", "--port", str(port)],
        f"http://127.0.0.1:{port}/health",
        {"TRACKER_DB": str(records), **(env or {})},
    )


def rasa_server(
    port: int,
    endpoints: Path,
    credentials: Path = PROJECT_ROOT / "credentials.yml",
    extra_args: List[str] | None = None,
    env: Dict[str, str] | None = None,
    name: str = "rasa-server",
    model: Path = MODEL,
) -> Server:
    command = [RASA, "run", "--model", str(model), "--port", str(port)]
    command += ["--endpoints", str(endpoints), "--credentials", str(credentials)]
    env = {**NO_RATE_LIMITS, **(env or {})}
    return Server(name, command + (extra_args or []), f"http://127.0.0.1:{port}/", env)


def run_sh(
    name: str, ports: Tuple[int, int, int], work: Path, env: Dict[str, str] | None = None
) -> Server:
    """`make run` itself (scripts/run.sh under supervisord) on (Rasa, action, page) `ports`
    (the console on the page's + 10), its database and supervisord socket in `work`; ready
    when the Rasa server's readiness route says so. Stopping waits for supervisord to stop
    its processes one after another."""
    rasa_port, action_port, web_port = ports
    settings = {
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "WEB_PORT": str(web_port),
        "CONSOLE_PORT": str(web_port + CONSOLE_PORT_OFFSET),
        "CONSOLE_PASSWORD": TEST_CONSOLE_PASSWORD,
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "TRACKER_DB": str(work / "tracker.db"),
        "RUN_DIR": str(work),
        **(env or {}),
    }
    ready = f"http://127.0.0.1:{rasa_port}/webhooks/health/ready"
    return Server(name, [RUN_SH], ready, settings, stop_seconds=60)


def project_endpoints(directory: Path, action_port: int, tracker_store: bool = True) -> Path:
    """The project's endpoints.yml, pointed at this action server and at a SQLite file in
    `directory`, written there. `tracker_store=False` keeps conversations in memory."""
    config = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    config["action_endpoint"]["url"] = f"http://127.0.0.1:{action_port}/webhook"
    if tracker_store:
        config["tracker_store"]["db"] = str(directory / "tracker.db")
    else:
        del config["tracker_store"]
    path = directory / "endpoints.yml"
    path.write_text(yaml.safe_dump(config))
    return path
