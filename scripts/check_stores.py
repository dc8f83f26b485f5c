"""Fail fast, naming the store and its address, when the tracker or lock store is unreachable.

Rasa itself retries an unreachable SQL database every 5 s forever with only a warning, and
connects to Redis only on the first message; so scripts/run.sh calls this before starting it.
It reads the endpoints file as Rasa does (`${VAR}` from the environment) without importing Rasa,
whose import takes seconds and prints pages of deprecation warnings.

Usage: python scripts/check_stores.py ENDPOINTS_FILE   (exit 1 with the reason on failure)
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any, Dict

import redis
import sqlalchemy
import yaml

TIMEOUT_SECONDS = 5
_VARIABLE = re.compile(r"\$\{(\w+)\}")


def read_endpoints(path: Path) -> Dict[str, Any]:
    def substitute(match: re.Match) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise SystemExit(f"{path} needs the environment variable {name}")
        return os.environ[name]

    return yaml.safe_load(_VARIABLE.sub(substitute, path.read_text())) or {}


def _configured(config: Dict[str, Any] | None, rasa_type: str, class_suffix: str) -> bool:
    """Rasa's own store of this kind (`type: sql`), or a subclass named by module path (ours,
    in stores/, take the same settings)."""
    kind = str((config or {}).get("type", ""))
    return kind.lower() == rasa_type or kind.endswith(class_suffix)


def check_tracker_store(config: Dict[str, Any] | None) -> None:
    if config is None or not _configured(config, "sql", "SQLTrackerStore"):
        return
    if config.get("dialect", "sqlite") == "sqlite":
        return  # a local file: nothing to reach
    url = sqlalchemy.engine.URL.create(
        config["dialect"],
        username=config.get("username"),
        password=config.get("password"),
        host=config.get("url"),
        port=int(config["port"]) if config.get("port") else None,
        database=config.get("db", "rasa"),
    )
    where = f"{url.host}:{url.port}, database {url.database!r}, user {url.username!r}"
    engine = sqlalchemy.create_engine(url, connect_args={"connect_timeout": TIMEOUT_SECONDS})
    try:
        with engine.connect():
            pass
    except sqlalchemy.exc.SQLAlchemyError as error:
        reason = str(getattr(error, "orig", error)).strip()
        raise SystemExit(f"PostgreSQL tracker store unreachable at {where}: {reason}") from None
    finally:
        engine.dispose()


def check_lock_store(config: Dict[str, Any] | None) -> None:
    if config is None or not _configured(config, "redis", "RedisLockStore"):
        return
    host, port = config.get("url") or "localhost", int(config.get("port", 6379))
    client = redis.StrictRedis(
        host=host,
        port=port,
        db=int(config.get("db", 0)),
        password=config.get("password"),
        socket_connect_timeout=TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except redis.RedisError as error:
        raise SystemExit(f"Redis lock store unreachable at {host}:{port}: {error}") from None
    finally:
        client.close()


def main(endpoints_file: str) -> None:
    endpoints = read_endpoints(Path(endpoints_file))
    check_tracker_store(endpoints.get("tracker_store"))
    check_lock_store(endpoints.get("lock_store"))


if __name__ == "__main__":
    main(sys.argv[1])
