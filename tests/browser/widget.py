"""What a person does with the chat widget, in Playwright terms (rasa-webchat's DOM classes)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

MESSAGES = "#rasaWebchatPro .rw-messages-container"


def open_widget(page: Page) -> None:
    page.locator(".rw-launcher").click()
    expect(page.locator(".rw-conversation-container")).to_be_visible()


def say(page: Page, text: str) -> None:
    page.locator(".rw-new-message").fill(text)
    page.locator(".rw-new-message").press("Enter")


def messages(page: Page) -> Locator:
    return page.locator(MESSAGES)


def bot_says(page: Page, text: str) -> None:
    """Wait until a bot bubble containing `text` is shown."""
    expect(page.locator(f"{MESSAGES} .rw-response", has_text=text).first).to_be_visible()


def reply_button(page: Page, title: str) -> Locator:
    return page.locator(f"{MESSAGES} .rw-reply", has_text=title)


def session_id(page: Page) -> str:
    """The socket.io session the widget keeps in localStorage (`chat_session`)."""
    return page.evaluate("() => JSON.parse(localStorage.getItem('chat_session')).session_id")
