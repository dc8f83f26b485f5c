"""The shape of the knowledge-base files in `data/knowledge/`.

Every user-facing text is a `Localized` pair, so a missing translation is a schema error, not a
reply in the wrong language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, List, Literal, get_args

from pydantic import BaseModel, Extra, validator

LANGUAGES = ("zh", "en")

# A number split by a space before a percent sign ("1 10%") is how the seed FAQ misprinted
# 110%; a user reading it would get the wrong figure, so no such text may enter the base.
_SPLIT_NUMBER = re.compile(r"\d\s+\d+(?:\.\d+)?\s*[%％]")


class Text(str):
    """Non-empty, stripped text without a split number before a percent sign."""

    @classmethod
    def __get_validators__(cls):  # noqa: ANN206 - pydantic v1 hook
        yield cls.validate

    @classmethod
    def validate(cls, value: object) -> str:
        if not isinstance(value, str):
            raise TypeError("must be text")
        text = value.strip()
        if not text:
            raise ValueError("must not be empty")
        if _SPLIT_NUMBER.search(text):
            raise ValueError(f"number split by a space before '%' in {text!r}")
        return text


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False


class Localized(Strict):
    zh: Text
    en: Text

    def get(self, language: str) -> str:
        return getattr(self, language)


class Law(Strict):
    id: str
    name: Localized
    aliases: List[str] = []  # how users name it ("劳动合同法"), so "第38条" finds its article


class Article(Strict):
    id: str
    law: str
    number: int | None = None
    text_zh: Text | None = None
    summary: Localized


class Document(Strict):
    id: str
    name: Localized


class Hotline(Strict):
    number: str
    name: Localized

    @validator("number")
    def _digits(cls, value: str) -> str:  # noqa: N805 - pydantic validator
        if not value.isdigit():
            raise ValueError("must be digits only")
        return value


class InsuranceType(Strict):
    """One of 五险一金, or a family of them ("医保" names both medical schemes)."""

    id: str
    name: Localized
    aliases: List[Text]  # words that name it ("职工医保")
    qualifiers: List[Text] = []  # words that only tell it from its siblings ("职工的")
    parent: str | None = None  # employee_medical belongs to medical
    social_insurance: bool = True  # the housing fund is not: general topics do not cover it
    hotlines: List[str]  # where to ask when the knowledge base has no answer for this type


class Region(Strict):
    """A province or prefecture-level city; generated from libphonenumber (regions.yml)."""

    id: str
    name: Localized
    area_code: str | None = None
    province: str | None = None
    aliases: List[Text]


class Topic(Strict):
    id: str
    # The day someone last checked the topic against its sources; the console lists the oldest
    # first, so nothing stays unreviewed for long.
    checked: date
    intents: List[str]
    insurance: str | None = None  # none: a general topic, about every social insurance
    also_covers: List[str] = []  # types beyond that, such as the housing fund for an overview
    applies_to: List[str]
    title: Localized
    answer: Localized
    steps: List[Localized] = []
    documents: List[str] = []
    legal_basis: List[str]
    caveats: List[Localized] = []
    hotlines: List[str]
    local_policy: bool

    @validator("intents", "legal_basis", "hotlines")
    def _not_empty(cls, value: List[str]) -> List[str]:  # noqa: N805
        if not value:
            raise ValueError("must name at least one")
        return value

    @validator("checked")
    def _not_in_future(cls, value: date) -> date:  # noqa: N805
        if value > date.today():
            raise ValueError("a topic cannot have been checked in the future")
        return value


# The messages the code asks for by name. A type checker catches a misspelt key at its call
# site, and `Messages` below refuses to load unless it holds exactly these.
MessageKey = Literal[
    "greeting",
    "clarify_topic",
    "ask_insurance_type",
    "ask_which_insurance",
    "goodbye",
    "thank",
    "out_of_scope",
    "human",
    "no_topic",
    "no_documents",
    "article_not_found",
    "label_steps",
    "label_documents",
    "label_legal_basis",
    "label_caveats",
    "label_hotlines",
    "local_policy",
    "local_policy_region",
    "local_policy_province",
    "region_noted",
    "region_unknown",
    "button_documents",
    "button_legal_basis",
    "action_server_down",
    "pii_warning",
    "send_text_please",
    "not_covered",
    "nothing_to_stop",
    "slow_down",
    "button_helpful",
    "button_unhelpful",
    "rating_thanks",
    "nothing_rated",
    "ask_feedback_reason",
    "reason_inaccurate",
    "reason_incomplete",
    "reason_unclear",
    "reason_other",
    "feedback_thanks",
    "deletion_offer",
    "button_confirm_deletion",
    "button_cancel",
    "conversation_deleted",
]


class Messages(Strict):
    greeting: Localized
    clarify_topic: Localized
    ask_insurance_type: Localized
    ask_which_insurance: Localized
    goodbye: Localized
    thank: Localized
    out_of_scope: Localized
    human: Localized
    no_topic: Localized
    no_documents: Localized
    article_not_found: Localized
    label_steps: Localized
    label_documents: Localized
    label_legal_basis: Localized
    label_caveats: Localized
    label_hotlines: Localized
    local_policy: Localized
    local_policy_region: Localized
    local_policy_province: Localized
    region_noted: Localized
    region_unknown: Localized
    button_documents: Localized
    button_legal_basis: Localized
    action_server_down: Localized
    pii_warning: Localized
    send_text_please: Localized
    not_covered: Localized
    nothing_to_stop: Localized
    slow_down: Localized
    button_helpful: Localized
    button_unhelpful: Localized
    rating_thanks: Localized
    nothing_rated: Localized
    ask_feedback_reason: Localized
    reason_inaccurate: Localized
    reason_incomplete: Localized
    reason_unclear: Localized
    reason_other: Localized
    feedback_thanks: Localized
    deletion_offer: Localized
    button_confirm_deletion: Localized
    button_cancel: Localized
    conversation_deleted: Localized

    def text(self, key: MessageKey, language: str) -> str:
        return getattr(self, key).get(language)


# Checked at import, so a message added to one list and not the other stops every process.
if set(get_args(MessageKey)) != set(Messages.__fields__):
    raise TypeError("MessageKey and Messages must list the same messages")


class Choice(Strict):
    """One answer to a calculator's multiple-choice question, shown as a button."""

    id: str
    label: Localized
    words: List[Text]  # what users type for it ("男的", "违法辞退"); the first that matches wins


def _has_word(text: str, word: str) -> bool:
    word = word.lower()
    if word.isascii() and word[:1].isalpha():
        return re.search(rf"(?<![a-z]){re.escape(word)}", text) is not None
    return word in text


class Threshold(Strict):
    slot: str
    above: float


FieldKind = Literal["money", "days", "months", "years", "date", "month", "choice"]


class CalculatorField(Strict):
    """One value a calculator asks for; `slot` is the Rasa slot its form fills."""

    slot: str
    kind: FieldKind
    ask: Localized
    # The question when it depends on an earlier choice (which deadline: which start date).
    ask_by_choice: Dict[str, Localized] = {}
    choices: List[Choice] = []
    # Words that say a bare number in the message is this value ("工资8000"); without them only
    # numbers with a unit (元, 万, 天, 年) are read from a message that answers something else.
    cues: List[Text] = []
    minimum: float | None = None
    maximum: float | None = None  # for dates and periods: years back from today
    unknown_allowed: bool = False  # "不知道" is an answer: the result says what it depends on
    ask_only_if: Threshold | None = None  # asked only when another value is above a figure

    def choice_in(self, text: str) -> Choice | None:
        """The first choice one of whose words is in `text`; an English word only at the start
        of a word ("man" is not in "woman", "injur" is in "injury")."""
        lowered = text.lower()
        return next((c for c in self.choices if any(_has_word(lowered, w) for w in c.words)), None)


class Calculator(Strict):
    """A calculation the assistant does in the conversation, as a Rasa form."""

    id: str
    intent: str
    title: Localized
    intro: Localized  # the rule in one breath, before the first question
    topics: List[str]  # whose answers offer it ("帮我算一算")
    fields: List[CalculatorField]
    parameters: Dict[str, Any]  # the law's figures, read by the calculator's own model
    texts: Dict[str, Localized]  # result templates, by the names the calculator uses
    notes: List[Localized]  # what the result does not cover
    legal_basis: List[str]
    hotlines: List[str]

    @property
    def form(self) -> str:
        return f"{self.id}_form"

    def field(self, slot: str) -> CalculatorField:
        return next(f for f in self.fields if f.slot == slot)


class CalculatorMessages(Strict):
    """What every calculator says about the values it reads."""

    not_understood: Localized
    too_small: Localized
    too_large: Localized
    in_future: Localized
    too_long_ago: Localized
    too_recent: Localized
    need_day: Localized
    ask_month_of_year: Localized
    unknown_words: List[Text]
    stopped: Localized
    which_calculator: Localized
    button_calculate: Localized
    label_formula: Localized
    label_not_covered: Localized


class MenuItem(Strict):
    intent: str
    label: Localized


class KnowledgeFile(Strict):
    """One YAML file; each file holds any of the sections below."""

    laws: List[Law] = []
    articles: List[Article] = []
    documents: List[Document] = []
    hotlines: List[Hotline] = []
    insurance_types: List[InsuranceType] = []
    topics: List[Topic] = []
    regions: List[Region] = []
    messages: Messages | None = None
    menu: List[MenuItem] = []
    calculators: List[Calculator] = []
    calculator_messages: CalculatorMessages | None = None


@dataclass(frozen=True)
class KnowledgeBase:
    """The whole, cross-checked knowledge base, indexed by id."""

    laws: Dict[str, Law]
    articles: Dict[str, Article]
    documents: Dict[str, Document]
    hotlines: Dict[str, Hotline]
    insurance_types: Dict[str, InsuranceType]
    topics: Dict[str, Topic]
    regions: Dict[str, Region]
    messages: Messages
    calculator_messages: CalculatorMessages
    menu: List[MenuItem] = field(default_factory=list)
    calculators: Dict[str, Calculator] = field(default_factory=dict)
