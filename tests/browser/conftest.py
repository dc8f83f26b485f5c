"""A real Rasa server, action server and page server, and Debian's Chromium driven by Playwright.

Playwright cannot download its own browser here, so it drives /usr/bin/chromium (Debian's
`chromium` package). Every test gets a fresh browser profile: nothing is shared between tests
but the bot. The maintainers' console (`console`) runs over made-up records of its own and
needs no bot.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Dict, Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, ViewportSize, sync_playwright

from harness.servers import (
    PROJECT_ROOT,
    Server,
    action_server,
    project_endpoints,
    rasa_server,
    running,
)
from insights.pseudonym import SALT_VARIABLE
from tests.console_fixture import SALT, Records, console_server, write_records

RASA_PORT = 17005
ACTION_PORT = 17055
PAGE_PORT = 17080
PAGE_URL = f"http://127.0.0.1:{PAGE_PORT}/"
CONSOLE_PORT = 17090
CONSOLE_URL = f"http://127.0.0.1:{CONSOLE_PORT}"
LIVE_CONSOLE_PORT = 17091
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# Generous: the bot answers in ~100 ms, but two cores are shared with other test runs.
REPLY_TIMEOUT_MS = 30_000


def page_server() -> Server:
    command = [sys.executable, "scripts/serve_web.py", "--port", str(PAGE_PORT)]
    command += ["--rasa-url", f"http://127.0.0.1:{RASA_PORT}"]
    return Server("browser-page-server", command, PAGE_URL)


def bot_action_server(database: Path, env: Dict[str, str] | None = None) -> Server:
    """Records ratings into `database`, beside the conversations, as under `make run`."""
    env = {SALT_VARIABLE: SALT, **(env or {})}
    return action_server(ACTION_PORT, env, name="browser-action-server", records=database)


@pytest.fixture(scope="session")
def bot_database(tmp_path_factory) -> Path:
    """The bot's SQLite file: conversations, and the ratings and unanswered questions."""
    return tmp_path_factory.mktemp("browser") / "tracker.db"


@pytest.fixture(scope="session")
def servers(bot_database: Path) -> Iterator[Dict[str, Server]]:
    endpoints = project_endpoints(bot_database.parent, ACTION_PORT)
    # The page's origin must be allowed, as the job site's is in production (README).
    cors = ["--cors", PAGE_URL.rstrip("/")]
    started = {
        "action": bot_action_server(bot_database),
        "rasa": rasa_server(RASA_PORT, endpoints, extra_args=cors, name="browser-rasa-server"),
        "page": page_server(),
    }
    try:
        for server in started.values():
            server.start()
        for server in started.values():
            server.wait_ready()
        yield started
    finally:
        # A test may have swapped a server in the dict (tests/browser/test_markup_is_text.py):
        # stop the ones running now.
        for server in started.values():
            server.stop()


@pytest.fixture(scope="session")
def console(tmp_path_factory) -> Iterator[Records]:
    """The maintainers' console on CONSOLE_PORT over made-up records (tests/console_fixture.py)."""
    tracker_db = tmp_path_factory.mktemp("console") / "tracker.db"
    records = write_records(tracker_db)
    with running(console_server("browser-console", CONSOLE_PORT, tracker_db)):
        yield records


@pytest.fixture(scope="session")
def live_console(servers, bot_database: Path) -> Iterator[str]:
    """The console over the bot's own database, as `make run` starts it; its URL."""
    with running(console_server("browser-live-console", LIVE_CONSOLE_PORT, bot_database)):
        yield f"http://127.0.0.1:{LIVE_CONSOLE_PORT}"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


def browser(
    playwright: Playwright, profile: Path, viewport: ViewportSize | None = None
) -> BrowserContext:
    """Chromium with the empty profile `profile`, desktop-sized unless `viewport` is given."""
    context = playwright.chromium.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        viewport=viewport or {"width": 1280, "height": 800},
        is_mobile=viewport is not None,
        has_touch=viewport is not None,
    )
    context.set_default_timeout(REPLY_TIMEOUT_MS)
    return context


@pytest.fixture
def open_page(servers, playwright: Playwright, tmp_path: Path) -> Iterator[Callable[..., Page]]:
    """Open the job-site page in a new, empty browser profile (optionally phone-sized).

    `page_url` opens it under another address, e.g. an origin the Rasa server does not allow.
    """
    contexts: list[BrowserContext] = []

    def open_(
        path: str = "", viewport: ViewportSize | None = None, page_url: str = PAGE_URL
    ) -> Page:
        context = browser(playwright, tmp_path / f"profile-{len(contexts)}", viewport)
        contexts.append(context)
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(page_url + path)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def results_dir() -> Path:
    path = PROJECT_ROOT / "results"
    path.mkdir(exist_ok=True)
    return path
