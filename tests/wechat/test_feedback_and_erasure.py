"""Ratings and "删除我的对话" in WeChat and WeCom, with wechatpy as WeChat's side.

WeChat has no buttons: the rating options are numbered after the answer's own options, on one
line, and the user answers with a number. What is stored is read from the bot's database.
"""

from __future__ import annotations

import re
import sqlite3
import uuid

import pytest

from tests.wechat.conftest import Bot

RATING_LINE = re.compile(r"^(\d+)\. 有帮助\u3000(\d+)\. 没帮助$", re.M)


def option(reply: str, title: str) -> str:
    """The number the reply gives the option `title`."""
    match = re.search(rf"^(\d+)\. {re.escape(title)}", reply, re.M)
    assert match, f"no option {title!r} in {reply!r}"
    return match.group(1)


def test_not_helpful_with_a_reason_is_stored_without_the_openid(bot: Bot) -> None:
    user = f"o{uuid.uuid4().hex[:12]}"
    bot.wechat.ask(user, "医保可以补缴吗")
    answer = bot.wechat.ask(user, "1")  # 职工医保
    assert "户口本" in answer
    line = RATING_LINE.search(answer)
    assert line, answer
    # The answer's own options keep 1..n; the ratings come after them, on their one line.
    assert int(option(answer, "法律依据")) < int(line.group(1))

    question = bot.wechat.ask(user, line.group(2))
    assert "哪里不满意" in question
    thanks = bot.wechat.ask(user, option(question, "不完整"))
    assert "谢谢您告诉我们" in thanks

    with sqlite3.connect(bot.database) as database:
        database.row_factory = sqlite3.Row
        rows = [dict(row) for row in database.execute("SELECT * FROM ratings")]
    mine = [row for row in rows if row["question"] == "医保可以补缴吗"]
    assert len(mine) == 1, rows
    (rating,) = mine
    assert rating["topic"] == "employee_medical_backpay"
    assert not rating["helpful"]
    assert rating["reason"] == "incomplete"
    assert rating["language"] == "zh"
    for row in rows:
        assert all(user not in str(value) for value in row.values()), row


@pytest.mark.parametrize("product", ["wechat", "wecom"])
def test_delete_my_conversation_leaves_no_event_of_the_user(bot: Bot, product: str) -> None:
    account = bot.wechat if product == "wechat" else bot.wecom
    user = f"{product}{uuid.uuid4().hex[:12]}"
    assert "0.05%" in account.ask(user, "单位没给我交社保怎么办")
    offer = account.ask(user, "删除我的对话")
    assert "无法恢复" in offer

    def stored_events() -> int:
        with sqlite3.connect(bot.database) as database:
            query = "SELECT count(*) FROM events WHERE sender_id = ?"
            return database.execute(query, (user,)).fetchone()[0]

    assert stored_events() > 0  # nothing is erased before the user confirms
    done = account.ask(user, option(offer, "确认删除"))
    assert "已删除" in done
    assert stored_events() == 0
    assert bot.user_turns(user) == []
    # The user can start again: a new conversation, answered as any first message.
    assert "0.05%" in account.ask(user, "单位没给我交社保怎么办")
