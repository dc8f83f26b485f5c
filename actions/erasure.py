""" "删除我的对话": the bot says what deleting erases and asks to confirm; only a confirmation
right after that offer erases anything.

The action server cannot reach the conversations' store, and must not: its reply carries a
marker (`render_conversation_deleted`) that the Rasa server's guard takes out, and once the turn
is stored the guard erases every event of the conversation (channels/guard.py).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker import KB, user_language, utter
from social_insurance.render import render_conversation_deleted, render_deletion_offer

OFFER = "action_offer_deletion"


class ActionOfferDeletion(Action):
    def name(self) -> str:
        return OFFER

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        language = user_language(tracker)
        utter(dispatcher, render_deletion_offer(KB, language))
        return [SlotSet("language", language)]


class ActionDeleteConversation(Action):
    """确认删除: erased if the bot's previous turn offered it; otherwise the offer first."""

    def name(self) -> str:
        return "action_delete_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        if not offered(tracker):
            return await ActionOfferDeletion().run(dispatcher, tracker, domain)
        utter(dispatcher, render_conversation_deleted(KB, user_language(tracker)))
        return []


def offered(tracker: Tracker) -> bool:
    """The bot's turn before the latest message offered the deletion."""
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                return False
        elif users == 1 and event.get("event") == "action" and event.get("name") == OFFER:
            return True
    return False
