"""A person uses the chat widget on the job-site page, in Chromium, against the real bot."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PAGE_PORT
from tests.browser.widget import (
    bot_says,
    messages,
    open_widget,
    reply_button,
    say,
    session_id,
)

TOPIC_BUTTONS_ZH = ["医保可以补缴吗？", "单位不给交社保怎么办？"]


def test_widget_opens_with_greeting_and_topic_buttons(open_page, results_dir):
    page = open_page()
    expect(page.get_by_role("heading", name="热门职位")).to_be_visible()
    expect(page.get_by_role("heading", name="社保查询")).to_be_visible()

    open_widget(page)
    bot_says(page, "我是社保咨询助手")
    for title in TOPIC_BUTTONS_ZH:
        expect(reply_button(page, title)).to_be_visible()
    page.screenshot(path=results_dir / "widget-open.png")


def test_backpay_conversation_survives_a_reload(open_page):
    page = open_page()
    open_widget(page)
    bot_says(page, "我是社保咨询助手")

    say(page, "医保可以补缴吗")
    bot_says(page, "哪一种医保")
    expect(reply_button(page, "城乡居民医保")).to_be_visible()
    reply_button(page, "职工医保").click()  # sends /ask_backpay{"insurance_type": ...}
    bot_says(page, "身份证")
    bot_says(page, "户口本")
    session = session_id(page)

    # Same session after the reload: the history is shown and the bot still knows the topic.
    # (With python-socketio >= 5.10 the reply after a reload never arrives: rasa issue 13027.)
    page.reload()
    expect(messages(page)).to_contain_text("医保可以补缴吗")
    expect(messages(page)).to_contain_text("户口本")
    assert session_id(page) == session
    say(page, "法律依据是什么")
    bot_says(page, "第六十三条")
    bot_says(page, "第六十二条")


def test_help_section_question_gets_an_answer_with_its_steps_listed(open_page):
    page = open_page()
    page.get_by_role("button", name="单位没给我交社保怎么办").click()
    bot_says(page, "0.05%")
    bot_says(page, "延期缴费协议")
    # Steps and list items arrive as lines; each stays on its own line in the bubble.
    steps = messages(page).locator(".rw-response", has_text="办理步骤")
    expect(steps).to_contain_text("\n1. ")
    expect(steps).to_contain_text("\n2. ")
    documents = messages(page).locator(".rw-response", has_text="所需材料")
    expect(documents).to_contain_text("\n· ")


def test_english_page_gets_english_greeting_and_answers(open_page):
    page = open_page()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Popular jobs")).to_be_visible()

    open_widget(page)
    bot_says(page, "I am the social insurance assistant")
    expect(reply_button(page, "Can medical insurance be back-paid?")).to_be_visible()
    say(page, "What does Article 62 say?")
    bot_says(page, "110%")


def test_phone_sized_screen(open_page, results_dir):
    width, height = 390, 844
    page = open_page(viewport={"width": width, "height": height})
    open_widget(page)
    bot_says(page, "我是社保咨询助手")
    box = page.locator(".rw-conversation-container").bounding_box()
    # Layout positions are fractional (a CSS transform may leave 0.06 px); allow one pixel.
    assert box["x"] >= -1 and box["x"] + box["width"] <= width + 1
    assert box["y"] >= -1 and box["y"] + box["height"] <= height + 1

    reply_button(page, "医保可以补缴吗？").click()
    bot_says(page, "哪一种医保")
    reply_button(page, "职工医保").click()
    bot_says(page, "社保卡")
    page.screenshot(path=results_dir / "widget-phone.png")


def test_a_page_at_an_origin_not_allowed_by_cors_gets_no_connection(open_page):
    # Same page, same server, but its origin (localhost, not 127.0.0.1) is not in --cors.
    page = open_page(page_url=f"http://localhost:{PAGE_PORT}/")
    with page.expect_console_message(lambda m: "blocked by CORS policy" in m.text):
        pass
    expect(page.locator(".rw-launcher")).to_have_count(0)


def test_retirement_calculator_with_buttons(open_page, results_dir):
    page = open_page()
    open_widget(page)
    bot_says(page, "我是社保咨询助手")
    say(page, "帮我算一下我几岁退休")
    bot_says(page, "请选择您的情况")
    reply_button(page, "男").click()  # the button sends its label, which the form reads
    bot_says(page, "哪年哪月出生")
    say(page, "1976年9月")
    bot_says(page, "法定退休年龄为63岁")
    bot_says(page, "2039年9月")
    page.screenshot(path=results_dir / "widget-calculator.png")
