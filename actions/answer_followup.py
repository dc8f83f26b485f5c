"""Answer follow-ups about the current topic: its documents, its legal basis, an article."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge.lookup import find_article, numbered_articles
from actions.knowledge.render import (
    article_label,
    render_article,
    render_documents,
    render_legal_basis,
    render_message,
)
from actions.knowledge_base import KNOWLEDGE_BASE as KB
from actions.knowledge_base import latest_entity, latest_intent, user_language, utter


class ActionAnswerFollowup(Action):
    def name(self) -> str:
        return "action_answer_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        language = user_language(tracker)
        intent = latest_intent(tracker)
        topic = KB.topics.get(tracker.get_slot("topic") or "")
        article_number = latest_entity(tracker, "article")

        if intent == "ask_law" and article_number is not None:
            article = find_article(KB, int(article_number))
            if article:
                reply = render_article(KB, article, language)
            else:
                available = (article_label(KB, a, language) for a in numbered_articles(KB))
                reply = render_message(
                    KB,
                    "article_not_found",
                    language,
                    number=str(article_number),
                    available="; ".join(available),
                )
        elif topic is None:
            reply = render_message(KB, "no_topic", language, with_menu=True)
        elif intent == "ask_law":
            reply = render_legal_basis(KB, topic, language)
        else:
            reply = render_documents(KB, topic, language)
        utter(dispatcher, reply)
        return [SlotSet("language", language)]
