"""Private PostgreSQL and Redis instances on loopback for the production tests.

Each lives in a temporary directory that is removed afterwards. PostgreSQL refuses to run as
root (as CI does), so the cluster belongs to the `postgres` user that Debian's package creates.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import redis

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_OWNER = "postgres"


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", PG_OWNER, "--", *command] if os.geteuid() == 0 else command


@dataclass
class PostgreSQL:
    port: int
    user: str = "rasa"
    password: str = "rasa-test-password"
    database: str = "rasa"
    directory: Path | None = None

    def start(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="rasa-pg-"))
        if os.geteuid() == 0:
            owner = pwd.getpwnam(PG_OWNER)
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
        data = self.directory / "data"
        password_file = self.directory / "password"
        password_file.write_text(self.password)
        if os.geteuid() == 0:
            os.chown(password_file, owner.pw_uid, owner.pw_gid)
        initdb = [str(PG_BIN / "initdb"), "-D", str(data), "-U", self.user, "-A", "md5"]
        subprocess.run(
            _as_owner([*initdb, "--pwfile", str(password_file)]),
            check=True,
            capture_output=True,
        )
        self._pg_ctl("start", "-w", "-l", str(self.directory / "server.log"), "-o", self._options())
        env = {**os.environ, "PGPASSWORD": self.password}
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user]
            + [self.database],
            check=True,
            env=env,
            capture_output=True,
        )

    def pause(self) -> None:
        """Stop the server but keep its data, to simulate an outage."""
        self._pg_ctl("stop", "-w", "-m", "fast")

    def resume(self) -> None:
        self._pg_ctl("start", "-w", "-l", str(self.directory / "server.log"), "-o", self._options())

    def _options(self) -> str:
        # A throwaway database: no waiting for the disk on every commit (this machine's disk
        # made that the bottleneck of the fuzz run).
        durability = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        return f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} {durability}"

    def _pg_ctl(self, *args: str) -> None:
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), *args]
        subprocess.run(_as_owner(command), check=True, capture_output=True)

    def stop(self) -> None:
        if self.directory is None:
            return
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), "stop", "-m", "fast"]
        subprocess.run(_as_owner(command), capture_output=True)  # already stopped is fine
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory = None

    def env(self) -> dict[str, str]:
        """What scripts/run.sh needs to put the tracker store here."""
        return {
            "POSTGRES_HOST": "127.0.0.1",
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_DB": self.database,
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
        }

    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"


@dataclass
class Redis:
    port: int
    directory: Path | None = None
    process: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="rasa-redis-"))
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = redis.StrictRedis(host="127.0.0.1", port=self.port)
        deadline = time.monotonic() + timeout
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def env(self) -> dict[str, str]:
        return {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.port)}
