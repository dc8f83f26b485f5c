"""The maintainers' console in Chromium: sign in, the charts draw, user text stays text.

Under the console's Content-Security-Policy a blocked script or style would show as a console
error, so every test also checks that the page logged none. Each view is photographed to
results/console-*.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, List

import pytest
from playwright.sync_api import Page, Playwright, expect

from tests.browser.conftest import CONSOLE_URL, browser
from tests.console_fixture import PASSWORD, PENSION_QUESTIONS, SCRIPT, Records

CHARTS = ("chart-messages", "chart-share", "chart-helpful")


class Console:
    """A page of the console in a fresh profile, with what went wrong in it so far."""

    def __init__(self, page: Page, results_dir: Path) -> None:
        self.page = page
        self.results_dir = results_dir
        self.errors: List[str] = []
        page.on("console", lambda message: self._console(message.type, message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", lambda dialog: self.errors.append(f"a dialog: {dialog.message}"))

    def _console(self, kind: str, text: str) -> None:
        if kind == "error":
            self.errors.append(text)

    def sign_in(self) -> None:
        self.page.goto(f"{CONSOLE_URL}/")
        expect(self.page).to_have_url(f"{CONSOLE_URL}/login")
        self.page.get_by_label("维护台密码").fill(PASSWORD)
        self.page.get_by_role("button", name="登录").click()
        expect(self.page).to_have_url(f"{CONSOLE_URL}/")

    def photograph(self, name: str) -> None:
        self.page.screenshot(path=self.results_dir / f"console-{name}.png", full_page=True)


@pytest.fixture
def console_page(
    console: Records, playwright: Playwright, tmp_path: Path, results_dir: Path
) -> Iterator[Console]:
    context = browser(playwright, tmp_path / "profile")
    page = context.pages[0] if context.pages else context.new_page()
    opened = Console(page, results_dir)
    yield opened
    context.close()
    assert opened.errors == []


def test_signing_in_opens_the_overview_and_its_charts_draw(console_page: Console) -> None:
    page = console_page.page
    page.goto(f"{CONSOLE_URL}/login")
    page.get_by_label("维护台密码").fill(PASSWORD + "x")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_have_text("密码不对")
    console_page.photograph("login")
    # The refusal is a 401, which Chromium logs as a failed load: the one error expected.
    assert [error for error in console_page.errors if "401" not in error] == []
    console_page.errors.clear()
    console_page.sign_in()
    for chart in CHARTS:
        canvas = page.locator(f"canvas#{chart}")
        expect(canvas).to_be_visible()
        drawn = canvas.evaluate("canvas => Chart.getChart(canvas) !== undefined")
        assert drawn, f"no chart on #{chart}"
    datasets = page.evaluate("() => Chart.getChart('chart-messages').data.datasets.length")
    assert datasets == 3
    console_page.photograph("overview")


def test_a_script_typed_by_a_user_is_shown_as_text_and_can_be_exported(
    console_page: Console,
) -> None:
    page = console_page.page
    console_page.sign_in()
    page.get_by_role("link", name="未答问题").click()
    expect(page.get_by_text(SCRIPT)).to_be_visible()
    assert page.locator("main script").count() == 0
    console_page.photograph("unanswered")
    row = page.locator("tr", has_text=PENSION_QUESTIONS[0])
    row.get_by_role("checkbox").check()
    page.get_by_label("意图名 / 主题").fill("ask_pension_refund")
    page.get_by_role("button", name="导出 YAML").click()
    snippet = page.locator("pre#snippet")
    expect(snippet).to_contain_text("- intent: ask_pension_refund")
    expect(snippet).to_contain_text(PENSION_QUESTIONS[0])
    console_page.photograph("export")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载").click()
    assert download.value.suggested_filename == "nlu-ask_pension_refund.yml"


def test_ratings_lead_to_the_conversation_and_the_knowledge_view(
    console_page: Console, console: Records
) -> None:
    page = console_page.page
    console_page.sign_in()
    page.get_by_role("link", name="评价", exact=True).click()
    console_page.photograph("ratings")
    page.get_by_role("link", name="欠缴社保的滞纳金是多少？").click()
    expect(page.get_by_text(f"<b>看不懂</b>{SCRIPT}")).to_be_visible()
    console_page.photograph("topic")
    page.locator(f"a[href='/conversation/{console.conversation_kept}']").click()
    expect(page.locator(".conversation li.bot")).to_contain_text("万分之五")
    console_page.photograph("conversation")
    page.goto(f"{CONSOLE_URL}/conversation/{console.conversation_gone}")
    expect(page.get_by_text("这段对话已经不在了")).to_be_visible()
    page.get_by_role("link", name="知识库").click()
    expect(page.get_by_role("heading", name="核对日期（最久没核对的在前）")).to_be_visible()
    console_page.photograph("knowledge")
