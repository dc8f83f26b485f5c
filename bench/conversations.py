"""What the simulated users say: multi-turn conversations for our bot and for the stock bot.

Ours come from the knowledge base itself, so every topic is exercised in Chinese and English
and a new topic joins the benchmark without editing it. The stock bot gets short English
conversations from its own domain (greet, mood, bot challenge, goodbye), with about as many
turns on average (2.8), since it understands nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import List

from social_insurance.loader import load_knowledge_base

Conversation = List[str]

# The clarification dialogue users hit most: a question that needs the insurance type, the
# type, then a follow-up that only makes sense in that context.
CLARIFICATION = {
    "zh": ["医保可以补缴吗", "职工医保", "要带什么材料？"],
    "en": ["Can medical insurance be back-paid?", "employee medical insurance", "What do I bring?"],
}

STOCK_CONVERSATIONS: List[Conversation] = [
    ["hello", "I am feeling great", "bye"],
    ["hi", "I am sad", "yes"],
    ["hey there", "not good", "no"],
    ["are you a bot?", "bye"],
    ["good evening", "perfect", "have a nice day"],
    ["hey", "very sad", "of course"],
]


def our_conversations(knowledge_dir: Path) -> List[Conversation]:
    """Per topic and language: its title as the question, then its follow-up buttons as text."""
    kb = load_knowledge_base(knowledge_dir)
    messages = kb.messages
    conversations: List[Conversation] = [CLARIFICATION["zh"], CLARIFICATION["en"]]
    for topic in kb.topics.values():
        for language in ("zh", "en"):
            turns = [getattr(topic.title, language)]
            if topic.documents:
                turns.append(getattr(messages.button_documents, language))
            turns.append(getattr(messages.button_legal_basis, language))
            conversations.append(turns)
    return conversations
