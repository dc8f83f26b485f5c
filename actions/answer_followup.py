"""Answer follow-ups about the current topic: its documents, its legal basis, a named article,
and the local contacts once the user says where they are."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker import (
    KB,
    current_topic,
    latest_entity,
    latest_intent,
    topic_in_message,
    user_language,
    user_region,
    utter,
)
from social_insurance.intents import ASK_LAW, INFORM_REGION
from social_insurance.lookup import DEFAULT_LAW, find_article, numbered_articles
from social_insurance.render import (
    Reply,
    article_label,
    article_name,
    render_article,
    render_documents,
    render_legal_basis,
    render_local_contacts,
    render_message,
    render_region_noted,
)
from social_insurance.schema import Topic


class ActionAnswerFollowup(Action):
    def name(self) -> str:
        return "action_answer_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        language = user_language(tracker)
        intent = latest_intent(tracker)
        current = current_topic(tracker)
        topic = current or topic_in_message(tracker)
        if intent == ASK_LAW:
            reply = self._law(tracker, topic, language)
        elif intent == INFORM_REGION:
            reply = self._region(tracker, topic, language)
        else:
            reply = self._documents(tracker, topic, language)
        utter(dispatcher, reply)
        events: List[Dict[str, Any]] = [SlotSet("language", language)]
        if topic is not None and current is None:
            events.append(SlotSet("topic", topic.id))
        return events

    @staticmethod
    def _law(tracker: Tracker, topic: Topic | None, language: str) -> Reply:
        """A named article wins over the current topic ("第62条说什么" mid-conversation);
        it is the Social Insurance Law's unless the message names another law."""
        number = latest_entity(tracker, "article")
        if number is None:
            if topic is None:
                return render_message(KB, "no_topic", language, with_menu=True)
            return render_legal_basis(KB, topic, language)
        law = latest_entity(tracker, "law") or DEFAULT_LAW
        article = find_article(KB, int(number), law)
        if article:
            return render_article(KB, article, language)
        available = "; ".join(article_label(KB, a, language) for a in numbered_articles(KB, law))
        missing = article_name(KB, law, int(number), language)
        return render_message(
            KB, "article_not_found", language, article=missing, available=available
        )

    @staticmethod
    def _documents(tracker: Tracker, topic: Topic | None, language: str) -> Reply:
        if topic is None:
            return render_message(KB, "no_topic", language, with_menu=True)
        return render_documents(KB, topic, language, user_region(tracker))

    @staticmethod
    def _region(tracker: Tracker, topic: Topic | None, language: str) -> Reply:
        region = user_region(tracker)
        if region is None:
            return render_message(KB, "region_unknown", language)
        if topic is None:
            return render_region_noted(KB, region, language)
        return render_local_contacts(KB, topic, language, region)
