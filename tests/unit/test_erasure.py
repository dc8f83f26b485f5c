""" "删除我的对话": nothing is erased without the confirmation right after the offer; once it is
given, the guard hides the marker from the channel and the store erases the conversation,
under the conversation's lock, after Rasa's turn."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, List

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sanic import Sanic

from actions.erasure import ActionDeleteConversation, ActionOfferDeletion
from channels.guard import MessageGuard
from channels.rate_limit import RateLimiter
from channels.wechat.conversation import Conversation
from channels.wechat.delivery import Delivery
from social_insurance import default_knowledge_base
from stores.sql_tracker_store import FastSQLTrackerStore
from tests.conftest import PROJECT_ROOT

OFFER_TURN = [
    {"event": "user", "text": "删除我的对话", "parse_data": {}},
    {"event": "action", "name": "action_offer_deletion"},
    {"event": "bot", "text": "删除后……确认删除吗？"},
    {"event": "action", "name": "action_listen"},
]
QUESTION_TURN = [
    {"event": "user", "text": "医保可以补缴吗", "parse_data": {}},
    {"event": "action", "name": "action_answer_topic"},
    {"event": "action", "name": "action_listen"},
]


def confirm(before: List[Dict[str, Any]], text: str = "/confirm_deletion") -> Dict[str, Any]:
    latest = {"text": text, "intent": {"name": "confirm_deletion", "confidence": 1.0}}
    tracker = Tracker(
        "someone",
        {},
        latest,
        [*before, {"event": "user", "text": text, "parse_data": latest}],
        False,
        None,
        {},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionDeleteConversation().run(dispatcher, tracker, {}))
    [message] = dispatcher.messages
    return message


def test_the_offer_says_what_is_erased_and_asks_to_confirm():
    tracker = Tracker("someone", {}, {"text": "delete my conversation"}, [], False, None, {}, "")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionOfferDeletion().run(dispatcher, tracker, {}))
    [message] = dispatcher.messages
    assert "cannot be undone" in message["text"] and "ratings" in message["text"]
    assert [(b["title"], b["payload"]) for b in message["buttons"]] == [
        ("Delete it", "/confirm_deletion"),
        ("Cancel", "/stop"),
    ]
    assert message["custom"] == {}


def test_a_confirmation_right_after_the_offer_asks_for_the_erasing():
    message = confirm([*QUESTION_TURN, *OFFER_TURN], "确认删除")
    assert "已删除" in message["text"]
    assert message["custom"] == {"erase_conversation": True}


@pytest.mark.parametrize(
    "before",
    [[], QUESTION_TURN, [*OFFER_TURN, *QUESTION_TURN]],
    ids=["no offer", "after an answer", "offer an answer ago"],
)
def test_a_confirmation_without_the_offer_just_before_is_offered_first(before):
    message = confirm(before)
    assert "确认删除吗" in message["text"] and message["custom"] == {}


DOMAIN = Domain.load(PROJECT_ROOT / "domain.yml")


def conversation(sender: str) -> DialogueStateTracker:
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("医保可以补缴吗", {"name": "ask_backpay", "confidence": 0.9}),
        ActionExecuted("action_answer_topic"),
        BotUttered("……"),
        ActionExecuted("action_listen"),
    ]
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


def test_the_store_erases_one_conversation_entirely(tmp_path: Path):
    store = FastSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    for sender in ("leaving", "staying"):
        asyncio.run(store.save(conversation(sender)))
    assert asyncio.run(store.retrieve("leaving")) is not None  # cached now

    assert asyncio.run(store.erase("leaving")) == 7
    assert asyncio.run(store.retrieve("leaving")) is None
    assert asyncio.run(store.retrieve_full_tracker("leaving")) is None
    assert len(asyncio.run(store.retrieve_full_tracker("staying")).events) == 7
    assert asyncio.run(store.erase("leaving")) == 0


class _Store(InMemoryTrackerStore):
    """Records each erase, and whether the conversation's lock was held during it."""

    def __init__(self, locks: InMemoryLockStore) -> None:
        super().__init__(DOMAIN)
        self.locks = locks
        self.erased: List[tuple[str, bool]] = []

    async def erase(self, sender_id: str) -> int:
        lock = self.locks.get_lock(sender_id)
        self.erased.append((sender_id, lock is not None and bool(lock.tickets)))
        return 1


@pytest.fixture()
def agent(monkeypatch) -> SimpleNamespace:
    """The Rasa server's agent as the guard finds it, with Rasa's own wrapper around the store."""
    locks = InMemoryLockStore()
    store = _Store(locks)
    agent = SimpleNamespace(tracker_store=FailSafeTrackerStore(store), lock_store=locks)
    monkeypatch.setattr(Sanic, "_app_registry", {})  # the server's one app, for this test
    Sanic("test_erasure").ctx.agent = agent
    return agent


def test_the_guard_hides_the_marker_and_erases_after_the_turn(agent):
    guard = MessageGuard(default_knowledge_base(), RateLimiter.from_environment({}))
    during: List[List[tuple[str, bool]]] = []

    async def rasa(message: UserMessage) -> None:
        reply = {"text": "已删除", "custom": {"erase_conversation": True}}
        await message.output_channel.send_response(message.sender_id, reply)
        during.append(list(agent.tracker_store._tracker_store.erased))

    output = CollectingOutputChannel()
    asyncio.run(guard.handle(UserMessage("确认删除", output, "someone"), rasa))
    assert output.messages == [{"recipient_id": "someone", "text": "已删除"}]
    assert during == [[]]  # nothing erased while Rasa still held the turn
    assert agent.tracker_store._tracker_store.erased == [("someone", True)]


def test_the_guard_erases_nothing_without_the_marker(agent):
    guard = MessageGuard(default_knowledge_base(), RateLimiter.from_environment({}))

    async def rasa(message: UserMessage) -> None:
        reply = {"text": "删除后……确认删除吗？", "custom": {"something": "else"}}
        await message.output_channel.send_response(message.sender_id, reply)

    output = CollectingOutputChannel()
    asyncio.run(guard.handle(UserMessage("删除我的对话", output, "someone"), rasa))
    assert {"something": "else"} in [m.get("custom") for m in output.messages]
    assert agent.tracker_store._tracker_store.erased == []


def test_wechat_forgets_the_numbered_options_of_an_erased_conversation(agent):
    offer = {
        "text": "删除后……确认删除吗？",
        "buttons": [
            {"title": "确认删除", "payload": "/confirm_deletion"},
            {"title": "取消", "payload": "/stop"},
        ],
    }
    deleted = {"text": "已删除", "custom": {"erase_conversation": True}}
    heard: List[str] = []

    async def rasa(message: UserMessage) -> None:
        heard.append(message.text or "")
        reply = deleted if message.text == "/confirm_deletion" else offer
        await message.output_channel.send_response(message.sender_id, reply)

    conversation = Conversation("wechat", rasa, Delivery(push=None))

    async def chat() -> List[str | None]:
        texts = ["删除我的对话", "1", "1"]
        return [
            await conversation.answer(
                {"FromUserName": "wx-eraser", "MsgType": "text", "Content": t, "MsgId": str(n)}
            )
            for n, t in enumerate(texts)
        ]

    replies = asyncio.run(chat())
    assert heard == ["删除我的对话", "/confirm_deletion", "1"]  # the last "1" is just text now
    assert "已删除" in (replies[1] or "") and "erase_conversation" not in (replies[1] or "")
    assert agent.tracker_store._tracker_store.erased == [("wx-eraser", True)]
