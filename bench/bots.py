"""The two bots under test: how each is trained and how its servers are started.

Ours is trained exactly as `make train` does, but into a temporary folder with an empty
training cache (`RASA_CACHE_DIRECTORY`), so the time is a full training from scratch and
models/social-insurance.tar.gz is left alone. The stock bot is what `rasa init --no-prompt`
creates and trains; its cache lives in its own project folder, so it starts empty too.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

from bench import long_conversation
from bench.conversations import STOCK_CONVERSATIONS, Conversation, our_conversations
from harness.servers import (
    LOG_DIR,
    PROJECT_ROOT,
    RASA,
    Server,
    action_server,
    project_endpoints,
    rasa_server,
)

OUR_TRAINING_DATA = ["data/nlu", "data/rules"]
MODEL_NAME = "social-insurance"


@dataclass
class Bot:
    """A trained bot, ready to be served."""

    name: str
    model: Path
    endpoints: Path
    credentials: Path
    conversations: List[Conversation]
    long_turns: List[str]  # cycled through in the long conversations
    training_seconds: float | None  # None: an existing model was reused
    needs_action_server: bool

    def servers(self, rasa_port: int, action_port: int) -> List[Server]:
        rasa = rasa_server(
            rasa_port,
            self.endpoints,
            self.credentials,
            name=f"bench-{self.name}-rasa",
            model=self.model,
        )
        if not self.needs_action_server:
            return [rasa]
        return [rasa, action_server(action_port, name=f"bench-{self.name}-actions")]


def _timed(
    command: List[str], cwd: Path, log_name: str, env: Dict[str, str] | None = None
) -> float:
    """Runs a command to completion, its output in results/logs/; returns its wall time."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(LOG_DIR / f"{log_name}.log", "wb") as log:
        subprocess.run(
            command,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
        )
    return time.monotonic() - started


def _our_train_command(out: Path) -> List[str]:
    """`make train`'s command, into `out`."""
    command = [RASA, "train", "--data", *OUR_TRAINING_DATA, "--config", "config.yml"]
    return command + ["--domain", "domain.yml", "--out", str(out), "--fixed-model-name", MODEL_NAME]


def ours(work: Path, action_port: int, model: Path | None, sqlite: bool = True) -> Bot:
    """Our bot: trained from scratch into `work` unless an existing `model` is given."""
    work.mkdir(parents=True, exist_ok=True)
    training_seconds = None
    if model is None:
        cache = {"RASA_CACHE_DIRECTORY": str(work / "cache")}
        command = _our_train_command(work / "models")
        training_seconds = _timed(command, PROJECT_ROOT, "bench-ours-train", cache)
        model = work / "models" / f"{MODEL_NAME}.tar.gz"
    # As `make run` serves it: the project's endpoints.yml (its SQLite tracker store, here a
    # fresh file); `sqlite=False` keeps conversations in memory, as the stock bot does, to show
    # what the store costs.
    endpoints = project_endpoints(work, action_port, tracker_store=sqlite)
    return Bot(
        name="ours",
        model=model,
        endpoints=endpoints,
        credentials=PROJECT_ROOT / "credentials.yml",
        conversations=our_conversations(PROJECT_ROOT / "data" / "knowledge"),
        long_turns=long_conversation.OUR_TURNS,
        training_seconds=training_seconds,
        needs_action_server=True,
    )


def retrain_needed(work: Path) -> bool:
    """Would `rasa train` retrain anything, with the cache of the training just measured?"""
    cache = {"RASA_CACHE_DIRECTORY": str(work / "cache")}
    command = _our_train_command(work / "models") + ["--dry-run"]
    result = subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env={**os.environ, **cache},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return result.returncode != 0


def stock(project: Path) -> Bot:
    """The stock assistant: `rasa init --no-prompt` in `project`, unless already trained there."""
    models = sorted(project.glob("models/*.tar.gz"))
    training_seconds = None
    if not models:
        project.mkdir(parents=True, exist_ok=True)
        command = [RASA, "init", "--no-prompt", "--init-dir", str(project)]
        training_seconds = _timed(command, project, "bench-stock-train")
        models = sorted(project.glob("models/*.tar.gz"))
    return Bot(
        name="stock",
        model=models[-1],
        endpoints=project / "endpoints.yml",
        credentials=project / "credentials.yml",
        conversations=STOCK_CONVERSATIONS,
        long_turns=long_conversation.STOCK_TURNS,
        training_seconds=training_seconds,
        needs_action_server=False,
    )
