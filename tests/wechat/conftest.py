"""One real action server and Rasa server with the WeChat and WeCom channels, per test session.

Between them sits `SlowProxy` (turns of "slow-" users take longer than WeChat's 5 seconds);
the channels push to `FakeWeChatApi` on loopback. Rasa's HTTP API is open, with a token, only
so tests can count the turns in a conversation's tracker. The credentials file is written by
`scripts/channel_credentials.py`, as `make run` does. Conversations and the action server's
records (ratings) share one SQLite file, `Bot.database`, as under `make run`.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import requests
import yaml

from channels.rate_limit import DEFAULT_PER_SENDER
from harness.servers import PROJECT_ROOT, action_server, rasa_server, running
from tests.wechat.fake_wechat_api import FakeWeChatApi
from tests.wechat.peer import OfficialAccount, WeComApp
from tests.wechat.slow_proxy import SlowProxy

RASA_PORT = 16005
ACTION_PORT = 16055
FAKE_API_PORT = 16100
PROXY_PORT = 16101
# Longer than the channel's 4-second wait for a passive reply.
SLOW_TURN_SECONDS = 5.5
API_TOKEN = "wechat-tests-api-token"

VECTORS = yaml.safe_load(
    (Path(__file__).parent.parent / "unit" / "fixtures" / "wechat-vectors.yml").read_text(
        encoding="utf-8"
    )
)
OA = VECTORS["official_account_sample"]
WECOM = VECTORS["wecom_sample"]
APP_SECRET = "oa-test-secret"
CORP_SECRET = "wecom-test-secret"


@dataclass
class Bot:
    url: str
    wechat: OfficialAccount
    wecom: WeComApp
    api: FakeWeChatApi
    database: Path

    def user_turns(self, sender: str) -> List[Dict[str, Any]]:
        """The user messages Rasa processed in this conversation."""
        response = requests.get(
            f"{self.url}/conversations/{sender}/tracker",
            params={"token": API_TOKEN},
            timeout=30,
        )
        response.raise_for_status()
        return [event for event in response.json()["events"] if event["event"] == "user"]


@pytest.fixture(scope="session")
def bot(tmp_path_factory) -> Iterator[Bot]:
    workdir = tmp_path_factory.mktemp("wechat")
    url = f"http://127.0.0.1:{RASA_PORT}"
    api = FakeWeChatApi(FAKE_API_PORT, {OA["appid"]: APP_SECRET, WECOM["corpid"]: CORP_SECRET})
    proxy = SlowProxy(PROXY_PORT, f"http://127.0.0.1:{ACTION_PORT}", SLOW_TURN_SECONDS)
    env = {
        "WECHAT_TOKEN": OA["token"],
        "WECHAT_ENCODING_AES_KEY": OA["encoding_aes_key"],
        "WECHAT_APP_ID": OA["appid"],
        "WECHAT_APP_SECRET": APP_SECRET,
        "WECHAT_API_BASE": api.url,
        "WECOM_TOKEN": WECOM["token"],
        "WECOM_ENCODING_AES_KEY": WECOM["encoding_aes_key"],
        "WECOM_CORP_ID": WECOM["corpid"],
        "WECOM_AGENT_ID": "1000002",
        "WECOM_SECRET": CORP_SECRET,
        "WECOM_API_BASE": api.url,
        "RASA_PORT": str(RASA_PORT),
        # The flood limit as deployed: per WeChat user (there is no client address).
        "RATE_LIMIT_PER_SENDER": DEFAULT_PER_SENDER,
    }
    credentials = workdir / "credentials.yml"
    subprocess.run(
        [sys.executable, "scripts/channel_credentials.py", "credentials.yml", str(credentials)],
        cwd=PROJECT_ROOT,
        env={**env, "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    endpoints = workdir / "endpoints.yml"
    database = workdir / "tracker.db"
    endpoints.write_text(
        f'action_endpoint:\n  url: "{proxy.url}/webhook"\n'
        "tracker_store:\n  type: stores.sql_tracker_store.FastSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {database}\n"
    )
    servers = [
        action_server(ACTION_PORT, name="wechat-action-server", records=database),
        rasa_server(
            RASA_PORT,
            endpoints,
            credentials,
            ["--enable-api", "--auth-token", API_TOKEN],
            env,
            name="wechat-rasa-server",
        ),
    ]
    api.start()
    proxy.start()
    try:
        with running(*servers):
            yield Bot(
                url,
                OfficialAccount(
                    f"{url}/webhooks/wechat/webhook",
                    OA["token"],
                    OA["encoding_aes_key"],
                    OA["appid"],
                    "gh_10f6c3c3ac5a",
                ),
                WeComApp(
                    f"{url}/webhooks/wecom/webhook",
                    WECOM["token"],
                    WECOM["encoding_aes_key"],
                    WECOM["corpid"],
                    WECOM["corpid"],
                ),
                api,
                database,
            )
    finally:
        proxy.stop()
        api.stop()
