"""Markup in a user's message or in the knowledge base is shown as text, never run by the page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Dict, Iterator

import pytest
import yaml
from playwright.sync_api import Page, expect

from harness.servers import PROJECT_ROOT, Server
from tests.browser.conftest import bot_action_server
from tests.browser.widget import bot_says, messages, open_widget, say

IMG = '<img src=x onerror="window.pwned=1">'
SCRIPT = "<script>window.pwned=2</script>"
SAFE_LINK = "[人社部官网](https://www.mohrss.gov.cn/)"
SCRIPT_LINK = "[点这里](javascript:window.pwned=3)"


def assert_nothing_ran(page: Page) -> None:
    assert page.evaluate("() => window.pwned") is None
    assert messages(page).locator("img, script, iframe").count() == 0


def test_markup_typed_by_the_user_is_shown_as_text(open_page):
    page = open_page()
    open_widget(page)
    bot_says(page, "我是社保咨询助手")
    for text in (IMG, SCRIPT):
        say(page, text)
        expect(messages(page).locator(".rw-client", has_text=text)).to_be_visible()
    # The bot has answered both (after its greeting), so everything has been rendered.
    expect(messages(page).locator(".rw-response").nth(2)).to_be_visible()
    assert_nothing_ran(page)


@pytest.fixture
def knowledge_with_markup(
    servers: Dict[str, Server], bot_database: Path, tmp_path: Path
) -> Iterator[None]:
    """Swap in an action server whose knowledge base answer carries markup, then swap back."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "data" / "knowledge", knowledge)
    topics_file = knowledge / "topics" / "employer_arrears.yml"
    topics = yaml.safe_load(topics_file.read_text(encoding="utf-8"))
    topic = next(t for t in topics["topics"] if t["id"] == "employer_arrears")
    topic["answer"]["zh"] = f"滞纳金0.05%。{IMG}{SCRIPT} 详见{SAFE_LINK}，或{SCRIPT_LINK}"
    topics_file.write_text(yaml.safe_dump(topics, allow_unicode=True), encoding="utf-8")

    servers["action"].stop()
    servers["action"] = bot_action_server(bot_database, {"KNOWLEDGE_DIR": str(knowledge)})
    try:
        servers["action"].start()
        servers["action"].wait_ready()
        yield
    finally:
        servers["action"].stop()
        servers["action"] = bot_action_server(bot_database)
        servers["action"].start()
        servers["action"].wait_ready()


def test_markup_in_a_bot_answer_is_shown_as_text(knowledge_with_markup, open_page):
    page = open_page()
    open_widget(page)
    say(page, "单位没给我交社保怎么办")
    answer = messages(page).locator(".rw-response", has_text="滞纳金0.05%")
    expect(answer).to_contain_text(IMG)
    expect(answer).to_contain_text(SCRIPT)
    assert_nothing_ran(page)

    # Markdown links work; a javascript: link loses its address (the page's guard in app.js,
    # since the widget does not sanitise links), so clicking it does nothing.
    expect(answer.locator('a[href="https://www.mohrss.gov.cn/"]')).to_have_text("人社部官网")
    script_link = answer.locator("a", has_text="点这里")
    expect(script_link).not_to_have_attribute("href", re.compile(".*"))
    script_link.click()
    assert_nothing_ran(page)
    assert page.context.pages == [page]
