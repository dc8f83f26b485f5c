"""Turn knowledge-base entries into replies in the user's language.

A topic answer leads with the direct answer, then steps, documents, legal basis, caveats and
hotlines, and offers the natural next questions as buttons. Every substantive answer (a topic,
its documents, legal basis or local contacts, a calculator's result) ends with the two rating
buttons, 有帮助 / 没帮助, whose payloads name the topic rated (`rating_buttons`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List

import cn2an

from social_insurance.feedback import REASONS
from social_insurance.intents import (
    ASK_DOCUMENTS,
    ASK_LAW,
    CONFIRM_DELETION,
    RATE_HELPFUL,
    RATE_UNHELPFUL,
    STOP,
)
from social_insurance.lookup import calculator_for_topic
from social_insurance.schema import (
    Article,
    InsuranceType,
    KnowledgeBase,
    Localized,
    MessageKey,
    Region,
    Topic,
)

# Typography differs by language; the words themselves come from the knowledge base.
_COLON = {"zh": "：", "en": ": "}
_LIST_SEPARATOR = {"zh": "、", "en": ", "}
_PARENTHESES = {"zh": "（{}）", "en": " ({})"}


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


# The key of a reply's custom part that asks the Rasa server to erase the conversation once the
# turn is stored; channels/guard.py takes it out, so no channel ever shows it.
ERASE_CONVERSATION = "erase_conversation"


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: List[Button] = field(default_factory=list)
    custom: Dict[str, Any] | None = None  # Rasa's custom message part (`json_message`)

    def button_dicts(self) -> List[Dict[str, str]]:
        """The buttons as every Rasa channel takes them: `{"title": ..., "payload": ...}`."""
        return [{"title": b.title, "payload": b.payload} for b in self.buttons]


def intent_payload(intent: str, entities: Dict[str, str] | None = None) -> str:
    """A Rasa button payload that triggers `intent` without going through NLU."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False) if entities else ''}"


def article_label(kb: KnowledgeBase, article: Article, language: str) -> str:
    return article_name(kb, article.law, article.number, language)


def article_name(kb: KnowledgeBase, law: str, number: int | None, language: str) -> str:
    """《中华人民共和国社会保险法》第六十二条 / PRC Social Insurance Law, Article 62."""
    name = kb.laws[law].name.get(language)
    if number is None:
        return name
    if language == "zh":
        return f"{name}第{cn2an.an2cn(number)}条"
    return f"{name}, Article {number}"


def render_topic(
    kb: KnowledgeBase, topic: Topic, language: str, region: Region | None = None
) -> Reply:
    labels = kb.messages
    sections = [f"【{topic.title.get(language)}】\n{topic.answer.get(language)}"]
    if topic.steps:
        steps = (f"{n}. {step.get(language)}" for n, step in enumerate(topic.steps, 1))
        sections.append(section(labels.label_steps, language, steps))
    if topic.documents:
        sections.append(_documents(kb, topic, language))
    sections.append(legal_basis_section(kb, topic.legal_basis, language))
    sections.extend(_caveats_and_hotlines(kb, topic, language, region))
    return Reply("\n\n".join(sections), _answer_buttons(kb, topic, language))


def render_documents(
    kb: KnowledgeBase, topic: Topic, language: str, region: Region | None = None
) -> Reply:
    if topic.documents:
        text = f"【{topic.title.get(language)}】\n{_documents(kb, topic, language)}"
    else:
        text = kb.messages.no_documents.get(language).format(title=topic.title.get(language))
    sections = [text, *_caveats_and_hotlines(kb, topic, language, region)]
    return Reply("\n\n".join(sections), _answer_buttons(kb, topic, language, "documents"))


def render_legal_basis(kb: KnowledgeBase, topic: Topic, language: str) -> Reply:
    articles = [kb.articles[a] for a in topic.legal_basis]
    text = f"【{topic.title.get(language)}】\n" + _articles(kb, articles, language)
    return Reply(text, _answer_buttons(kb, topic, language, "legal_basis"))


def render_local_contacts(
    kb: KnowledgeBase, topic: Topic, language: str, region: Region | None
) -> Reply:
    """The local part of the current topic, after the user says where they are."""
    sections = [
        f"【{topic.title.get(language)}】",
        *_caveats_and_hotlines(kb, topic, language, region),
    ]
    return Reply("\n".join(sections), _answer_buttons(kb, topic, language))


def render_region_noted(kb: KnowledgeBase, region: Region, language: str) -> Reply:
    text = kb.messages.region_noted.get(language).format(
        place=place_name(kb, region, language),
        numbers=_hotline_numbers(kb, list(kb.hotlines), language, region),
    )
    return Reply(text, menu_buttons(kb, language))


def place_name(kb: KnowledgeBase, region: Region, language: str) -> str:
    """ "广东省深圳市" / "Shenzhen, Guangdong"; a province or municipality alone by its name."""
    name = region.name.get(language)
    if not region.province:
        return name
    province = kb.regions[region.province].name.get(language)
    return f"{province}{name}" if language == "zh" else f"{name}, {province}"


def render_article(kb: KnowledgeBase, article: Article, language: str) -> Reply:
    return Reply(_articles(kb, [article], language))


def render_message(
    kb: KnowledgeBase, key: MessageKey, language: str, with_menu: bool = False, **values: str
) -> Reply:
    text = kb.messages.text(key, language).format(**values)
    return Reply(text, menu_buttons(kb, language) if with_menu else [])


def render_insurance_question(
    kb: KnowledgeBase, intent: str, options: List[InsuranceType], language: str
) -> Reply:
    """Which insurance? One button per type; options of one family are asked by its name
    ("请问您说的是哪一种医保？")."""
    buttons = [
        Button(o.name.get(language), intent_payload(intent, {"insurance_type": o.id}))
        for o in options
    ]
    families = {option.parent for option in options}
    family = families.pop() if len(families) == 1 else None
    if family is None:
        return Reply(kb.messages.ask_which_insurance.get(language), buttons)
    name = kb.insurance_types[family].name.get(language)
    return Reply(kb.messages.ask_insurance_type.get(language).format(family=name), buttons)


def render_not_covered(kb: KnowledgeBase, insurance: InsuranceType, language: str) -> Reply:
    """The honest "not yet" for a question about `insurance` the knowledge base cannot answer."""
    text = kb.messages.not_covered.get(language).format(
        insurance=insurance.name.get(language),
        hotlines=_hotline_numbers(kb, insurance.hotlines, language, None),
    )
    return Reply(text, menu_buttons(kb, language))


def render_feedback_question(kb: KnowledgeBase, language: str) -> Reply:
    """ "哪里不满意？" with one button per reason; the payload is the label, so typing it works."""
    labels = (kb.messages.text(label, language) for label in REASONS.values())
    return Reply(kb.messages.ask_feedback_reason.get(language), [Button(t, t) for t in labels])


def render_deletion_offer(kb: KnowledgeBase, language: str) -> Reply:
    """What deleting the conversation erases, and the confirmation it needs (or 取消)."""
    messages = kb.messages
    buttons = [
        Button(messages.button_confirm_deletion.get(language), intent_payload(CONFIRM_DELETION)),
        Button(messages.button_cancel.get(language), intent_payload(STOP)),
    ]
    return Reply(messages.deletion_offer.get(language), buttons)


def render_conversation_deleted(kb: KnowledgeBase, language: str) -> Reply:
    """ "已删除", with the marker that has the Rasa server erase the conversation."""
    return Reply(kb.messages.conversation_deleted.get(language), custom={ERASE_CONVERSATION: True})


def rating_buttons(kb: KnowledgeBase, topic_id: str, language: str) -> List[Button]:
    """有帮助 / 没帮助 for an answer about `topic_id`; the payload names the topic, so a rating
    clicked after the conversation moved on is still about this answer."""
    rated = {"rated_topic": topic_id}
    return [
        Button(kb.messages.button_helpful.get(language), intent_payload(RATE_HELPFUL, rated)),
        Button(kb.messages.button_unhelpful.get(language), intent_payload(RATE_UNHELPFUL, rated)),
    ]


def is_rating_payload(payload: str) -> bool:
    """Whether a button's payload is one of `rating_buttons`' (channels show those apart)."""
    intent = payload.split("{", 1)[0]
    return intent in (intent_payload(RATE_HELPFUL), intent_payload(RATE_UNHELPFUL))


def menu_buttons(kb: KnowledgeBase, language: str) -> List[Button]:
    return [Button(item.label.get(language), intent_payload(item.intent)) for item in kb.menu]


def followup_buttons(
    kb: KnowledgeBase, topic: Topic, language: str, shown: str | None = None
) -> List[Button]:
    """Buttons for the follow-ups the reply has not already answered, and the topic's
    calculator ("帮我算一算") if it has one."""
    buttons = []
    if topic.documents and shown != "documents":
        buttons.append(
            Button(kb.messages.button_documents.get(language), intent_payload(ASK_DOCUMENTS))
        )
    if shown != "legal_basis":
        buttons.append(
            Button(kb.messages.button_legal_basis.get(language), intent_payload(ASK_LAW))
        )
    calculator = calculator_for_topic(kb, topic)
    if calculator is not None:
        label = kb.calculator_messages.button_calculate.get(language)
        buttons.append(Button(label, intent_payload(calculator.intent)))
    return buttons


def _answer_buttons(
    kb: KnowledgeBase, topic: Topic, language: str, shown: str | None = None
) -> List[Button]:
    return [*followup_buttons(kb, topic, language, shown), *rating_buttons(kb, topic.id, language)]


def section(label: Localized, language: str, lines: Iterable[str]) -> str:
    """A heading ("所需材料：" / "Documents to bring:") over one line per item."""
    heading = label.get(language) + _COLON[language].rstrip()
    return "\n".join([heading, *lines])


def _documents(kb: KnowledgeBase, topic: Topic, language: str) -> str:
    names = (f"· {kb.documents[d].name.get(language)}" for d in topic.documents)
    return section(kb.messages.label_documents, language, names)


def _articles(kb: KnowledgeBase, articles: List[Article], language: str) -> str:
    def body(article: Article) -> str:
        if language == "zh" and article.text_zh:
            return article.text_zh
        return article.summary.get(language)

    colon = _COLON[language]
    lines = (f"· {article_label(kb, a, language)}{colon}{body(a)}" for a in articles)
    return section(kb.messages.label_legal_basis, language, lines)


def _caveats_and_hotlines(
    kb: KnowledgeBase, topic: Topic, language: str, region: Region | None
) -> List[str]:
    labels = kb.messages
    caveats = [caveat.get(language) for caveat in topic.caveats]
    if topic.local_policy:
        caveats.append(_local_policy(kb, language, region))
    sections = []
    if caveats:
        sections.append(section(labels.label_caveats, language, (f"· {c}" for c in caveats)))
    sections.append(hotlines_line(kb, topic.hotlines, language, region))
    return sections


def legal_basis_section(kb: KnowledgeBase, article_ids: List[str], language: str) -> str:
    """ "法律依据：" over one line per article, by its full name."""
    basis = (f"· {article_label(kb, kb.articles[a], language)}" for a in article_ids)
    return section(kb.messages.label_legal_basis, language, basis)


def hotlines_line(
    kb: KnowledgeBase, numbers: List[str], language: str, region: Region | None
) -> str:
    """ "咨询电话：0755-12333（…）" """
    label = kb.messages.label_hotlines.get(language)
    return label + _COLON[language] + _hotline_numbers(kb, numbers, language, region)


def _local_policy(kb: KnowledgeBase, language: str, region: Region | None) -> str:
    """Rules vary by place: name the user's place if known, else offer the local number."""
    messages = kb.messages
    if region is None:
        return messages.local_policy.get(language)
    message = messages.local_policy_region if region.area_code else messages.local_policy_province
    return message.get(language).format(place=place_name(kb, region, language))


def _hotline_numbers(
    kb: KnowledgeBase, numbers: List[str], language: str, region: Region | None
) -> str:
    """ "0755-12333（…）": a city's area code reaches that city's line from anywhere."""
    prefix = f"{region.area_code}-" if region and region.area_code else ""
    return _LIST_SEPARATOR[language].join(
        prefix + number + _PARENTHESES[language].format(kb.hotlines[number].name.get(language))
        for number in numbers
    )
