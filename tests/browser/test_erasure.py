"""In the widget (socket.io): "删除我的对话", once confirmed, leaves no event of the session."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tests.browser.widget import bot_says, open_widget, reply_button, say, session_id


def stored_events(database: Path, sender: str) -> int:
    with sqlite3.connect(database) as connection:
        query = "SELECT count(*) FROM events WHERE sender_id = ?"
        return connection.execute(query, (sender,)).fetchone()[0]


def test_delete_my_conversation_from_the_widget(open_page, bot_database: Path) -> None:
    page = open_page()
    open_widget(page)
    bot_says(page, "我是社保咨询助手")
    say(page, "单位没给我交社保怎么办")
    bot_says(page, "0.05%")
    say(page, "删除我的对话")
    bot_says(page, "无法恢复")
    sender = session_id(page)
    assert stored_events(bot_database, sender) > 0  # nothing erased before the user confirms
    reply_button(page, "确认删除").click()
    bot_says(page, "已删除")
    # The reply is sent during the turn; the conversation is erased when the turn is stored.
    deadline = time.monotonic() + 10
    while stored_events(bot_database, sender) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert stored_events(bot_database, sender) == 0
