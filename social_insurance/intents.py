"""The intents the code itself names; every other intent is a question a knowledge-base topic
answers (its `intents:`), so the code never needs its name.

tests/unit/test_intents.py checks each of these against domain.yml.
"""

from __future__ import annotations

from typing import Final

# Follow-ups about the current topic.
ASK_DOCUMENTS: Final = "ask_documents"
ASK_LAW: Final = "ask_law"
# Answers to the bot's questions.
INFORM_INSURANCE_TYPE: Final = "inform_insurance_type"
INFORM_REGION: Final = "inform_region"
# Calculators: "帮我算一算" for the current topic's, and leaving one midway.
CALCULATE: Final = "calculate"
STOP: Final = "stop"
# Conversation management.
GREET: Final = "greet"
GOODBYE: Final = "goodbye"
THANK: Final = "thank"
OUT_OF_SCOPE: Final = "out_of_scope"
ASK_HUMAN: Final = "ask_human"
# Ratings of an answer: 有帮助 / 没帮助 (buttons under every substantive answer, or typed).
RATE_HELPFUL: Final = "rate_helpful"
RATE_UNHELPFUL: Final = "rate_unhelpful"
# "删除我的对话", and the user's confirmation that erases the conversation.
DELETE_CONVERSATION: Final = "delete_conversation"
CONFIRM_DELETION: Final = "confirm_deletion"
# Rasa's own, predicted by the FallbackClassifier when NLU is unsure (not in domain.yml).
NLU_FALLBACK: Final = "nlu_fallback"

DOMAIN_INTENTS: Final = (
    ASK_DOCUMENTS,
    ASK_LAW,
    INFORM_INSURANCE_TYPE,
    INFORM_REGION,
    CALCULATE,
    STOP,
    GREET,
    GOODBYE,
    THANK,
    OUT_OF_SCOPE,
    ASK_HUMAN,
    RATE_HELPFUL,
    RATE_UNHELPFUL,
    DELETE_CONVERSATION,
    CONFIRM_DELETION,
)
