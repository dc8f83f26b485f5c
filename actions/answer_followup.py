"""Answer follow-ups about the current topic: its documents, its legal basis, a named article,
and the local contacts once the user says where they are."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.records import Outcome, record_turn
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

# What a follow-up's answer is, for the records: the reply, its outcome and the topic answered.
Answer = Tuple[Reply, Outcome, Topic | None]


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
            reply, outcome, answered = self._law(tracker, topic, language)
        elif intent == INFORM_REGION:
            reply, outcome, answered = self._region(tracker, topic, language)
        else:
            reply, outcome, answered = self._documents(tracker, topic, language)
        utter(dispatcher, reply)
        await record_turn(tracker, outcome, language, answered.id if answered else None)
        events: List[Dict[str, Any]] = [SlotSet("language", language)]
        if topic is not None and current is None:
            events.append(SlotSet("topic", topic.id))
        return events

    @staticmethod
    def _law(tracker: Tracker, topic: Topic | None, language: str) -> Answer:
        """A named article wins over the current topic ("第62条说什么" mid-conversation);
        it is the Social Insurance Law's unless the message names another law."""
        number = latest_entity(tracker, "article")
        if number is None:
            if topic is None:
                return _which_topic(language)
            return render_legal_basis(KB, topic, language), "answered", topic
        law = latest_entity(tracker, "law") or DEFAULT_LAW
        article = find_article(KB, int(number), law)
        if article:
            return render_article(KB, article, language), "answered", None
        available = "; ".join(article_label(KB, a, language) for a in numbered_articles(KB, law))
        missing = article_name(KB, law, int(number), language)
        reply = render_message(
            KB, "article_not_found", language, article=missing, available=available
        )
        return reply, "fallback", None

    @staticmethod
    def _documents(tracker: Tracker, topic: Topic | None, language: str) -> Answer:
        if topic is None:
            return _which_topic(language)
        return render_documents(KB, topic, language, user_region(tracker)), "answered", topic

    @staticmethod
    def _region(tracker: Tracker, topic: Topic | None, language: str) -> Answer:
        region = user_region(tracker)
        if region is None:
            return render_message(KB, "region_unknown", language), "clarified", None
        if topic is None:
            return render_region_noted(KB, region, language), "answered", None
        return render_local_contacts(KB, topic, language, region), "answered", topic


def _which_topic(language: str) -> Answer:
    """A follow-up with no topic to follow: the bot asks which matter, with the main topics."""
    return render_message(KB, "no_topic", language, with_menu=True), "clarified", None
