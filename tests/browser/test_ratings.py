"""A rating given in the widget reaches the maintainers' console, in two Chromium profiles.

One profile is a user of the job-site page, the other a maintainer signed in to the console
over the same database, as `make run` runs them. The console's pages are drawn by the server,
so the maintainer's page is reloaded until the rating shows (or the wait runs out).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest
import yaml
from playwright.sync_api import Page, Playwright, expect

from harness.servers import PROJECT_ROOT, RASA
from tests.browser.conftest import browser
from tests.browser.widget import bot_says, open_widget, reply_button, say
from tests.console_fixture import PASSWORD

TOPIC_TITLE = "职工医保可以补缴吗？"
QUESTION = "职工医保可以补缴吗"
# Within seconds: the rating is written while the bot answers, and read when the page loads.
SHOWS_WITHIN_SECONDS = 10
# Out of scope for this bot, and in no training example: the console lists it as unanswered.
UNANSWERED = "附近有什么好吃的火锅店"


@pytest.fixture
def maintainer(live_console: str, playwright: Playwright, tmp_path: Path) -> Iterator[Page]:
    """A maintainer signed in to the console over the bot's database."""
    context = browser(playwright, tmp_path / "maintainer")
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{live_console}/login")
    page.get_by_label("维护台密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{live_console}/")
    yield page
    context.close()


def until_shown(page: Page, url: str, text: str) -> None:
    """Reload `url` until `text` is on it."""
    deadline = time.monotonic() + SHOWS_WITHIN_SECONDS
    while True:
        page.goto(url)
        if text in page.locator("main").inner_text():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not shown on {url} after {SHOWS_WITHIN_SECONDS} s")
        time.sleep(0.5)


def topic_row(page: Page, url: str) -> str:
    page.goto(url)
    return page.locator("tr", has_text=TOPIC_TITLE).inner_text()


def ask_and_rate(open_page: Callable[..., Page], helpful: bool) -> Page:
    page = open_page()
    open_widget(page)
    bot_says(page, "我是社保咨询助手")
    say(page, QUESTION)
    bot_says(page, "户口本")
    reply_button(page, "有帮助" if helpful else "没帮助").click()
    return page


def test_not_helpful_incomplete_shows_in_the_console_with_question_and_reason(
    open_page, maintainer: Page, live_console: str, results_dir: Path
) -> None:
    ratings = f"{live_console}/ratings"
    ask_and_rate(open_page, helpful=True)
    until_shown(maintainer, ratings, TOPIC_TITLE)
    assert "100.0%" in topic_row(maintainer, ratings)

    user = ask_and_rate(open_page, helpful=False)
    bot_says(user, "哪里不满意")
    reply_button(user, "不完整").click()
    bot_says(user, "谢谢您告诉我们")
    user.screenshot(path=results_dir / "ratings-widget.png")

    # Two people, one helpful and one not: the topic's rate drops from 100% to 50%.
    deadline = time.monotonic() + SHOWS_WITHIN_SECONDS
    while "50.0%" not in (row := topic_row(maintainer, ratings)):
        assert time.monotonic() < deadline, f"the rate did not change: {row}"
        time.sleep(0.5)
    maintainer.screenshot(path=results_dir / "ratings-console.png", full_page=True)

    maintainer.locator("tr", has_text=TOPIC_TITLE).get_by_role("link").first.click()
    main = maintainer.locator("main")
    expect(main).to_contain_text(QUESTION)
    expect(main).to_contain_text("不完整")
    maintainer.get_by_role("link", name="看对话").first.click()
    expect(maintainer.locator("main")).to_contain_text("户口本")  # the bot's answer, around it
    maintainer.screenshot(path=results_dir / "ratings-conversation.png", full_page=True)


def test_a_question_asked_three_times_is_one_row_and_exports_as_nlu_data(
    open_page, maintainer: Page, live_console: str, tmp_path: Path
) -> None:
    for _ in range(3):
        page = open_page()
        open_widget(page)
        bot_says(page, "我是社保咨询助手")
        say(page, UNANSWERED)
        bot_says(page, "社保")  # what the bot can help with instead
    until_shown(maintainer, f"{live_console}/unanswered?days=7", UNANSWERED)
    row = maintainer.locator("main tbody tr", has_text=UNANSWERED)
    expect(row.locator("td.number")).to_have_text("3")
    row.get_by_role("checkbox").check()
    maintainer.get_by_label("意图名").fill("out_of_scope")
    maintainer.get_by_role("button", name="导出").click()
    snippet = maintainer.locator("pre").inner_text()
    data = yaml.safe_load(snippet)
    (entry,) = data["nlu"]
    assert entry["intent"] == "out_of_scope"
    assert UNANSWERED in entry["examples"]

    # Added to a copy of the training data, Rasa's own validator accepts it.
    copy = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "data", copy / "data")
    (copy / "data" / "nlu" / "from_console.yml").write_text(snippet, encoding="utf-8")
    validated = subprocess.run(
        [RASA, "data", "validate", "--data", "data/nlu", "data/rules", "--fail-on-warnings"]
        + ["--domain", str(PROJECT_ROOT / "domain.yml")]
        + ["--config", str(PROJECT_ROOT / "config.yml")],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert validated.returncode == 0, validated.stdout[-2000:] + validated.stderr[-2000:]
