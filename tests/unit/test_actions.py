"""Each custom action, run as the action server runs it, says the right facts in both languages."""

from __future__ import annotations

import asyncio
import re
from typing import Any, Dict, List

import pytest
import sqlalchemy as sa
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_followup import ActionAnswerFollowup
from actions.answer_topic import ActionAnswerTopic
from actions.converse import ActionConverse
from insights.records import Recorder
from insights.tables import turns, unanswered
from nlu_components.knowledge_entity_extractor import KnowledgeEntityExtractor

# The pipeline's own entity extractor, so each message carries the entities Rasa would give it.
EXTRACTOR = KnowledgeEntityExtractor.create({}, None, None, None)


def extracted_entities(text: str) -> List[Dict[str, Any]]:
    [message] = EXTRACTOR.process([Message(data={"text": text})])
    return message.get("entities", [])


def run(
    action,
    text: str,
    intent: str,
    slots: Dict[str, Any] | None = None,
    entities: List[Dict[str, Any]] | None = None,
    metadata: Dict[str, Any] | None = None,
    ranking: List[Dict[str, Any]] | None = None,
):
    tracker = Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 1.0},
            "entities": extracted_entities(text) if entities is None else entities,
            "metadata": metadata or {},
            "intent_ranking": ranking or [{"name": intent, "confidence": 1.0}],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    [message] = dispatcher.messages
    return message, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_backpay_without_type_asks_with_buttons():
    message, slots = run(ActionAnswerTopic(), "医保可以补缴吗", "ask_backpay")
    assert "哪一种医保" in message["text"]
    assert [b["title"] for b in message["buttons"]] == ["职工医保", "城乡居民医保"]
    assert message["buttons"][0]["payload"] == (
        '/ask_backpay{"insurance_type": "employee_medical"}'
    )
    assert slots == {"language": "zh", "pending_intent": "ask_backpay"}


@pytest.mark.parametrize(
    "text, language, facts",
    [
        ("职工医保", "zh", ["身份证", "户口本", "社保卡", "劳动合同", "因地而异", "12393"]),
        (
            "employee medical insurance",
            "en",
            [
                "identity card",
                "household registration",
                "social security card",
                "labour contract",
                "differ by city",
                "12393",
            ],
        ),
    ],
)
def test_typed_insurance_type_answers_the_pending_question(text, language, facts):
    message, slots = run(
        ActionAnswerTopic(),
        text,
        "inform_insurance_type",
        slots={"pending_intent": "ask_backpay", "insurance_type": "employee_medical"},
    )
    for fact in facts:
        assert fact in message["text"]
    assert slots == {
        "language": language,
        "topic": "employee_medical_backpay",
        "pending_intent": None,
    }


def test_clicked_button_keeps_the_conversation_language():
    message, slots = run(
        ActionAnswerTopic(),
        '/ask_backpay{"insurance_type": "resident_medical"}',
        "ask_backpay",
        slots={"insurance_type": "resident_medical", "language": "en"},
    )
    assert slots["language"] == "en"
    assert "waiting period" in message["text"] and "3 months" in message["text"]


def test_after_an_answer_the_other_type_switches_topic():
    message, slots = run(
        ActionAnswerTopic(),
        "那居民医保呢",
        "inform_insurance_type",
        slots={"topic": "employee_medical_backpay", "insurance_type": "resident_medical"},
    )
    assert slots["topic"] == "resident_medical_backpay"
    assert "等待期3个月" in message["text"]


@pytest.mark.parametrize(
    "intent, text, facts",
    [
        (
            "employer_not_paid",
            "公司不给交社保怎么办",
            [
                "核定",
                "限期",
                "按日加收0.05%（万分之五）的滞纳金",
                "担保",
                "延期缴费协议",
                "第八十六条",
                "12333",
            ],
        ),
        (
            "employer_not_paid",
            "my employer did not pay my social insurance",
            ["0.05% per day", "guarantee", "deferred-payment agreement", "Article 86", "12333"],
        ),
        ("employer_cannot_pay", "公司说没钱交社保", ["担保", "延期缴费协议", "第六十三条"]),
        (
            "employer_cannot_pay",
            "company cannot afford it",
            ["guarantee", "deferred-payment agreement"],
        ),
        ("employer_not_declared", "单位没申报社保", ["上月缴费额的110%", "第六十二条"]),
        (
            "employer_not_declared",
            "employer did not declare",
            ["110% of its previous month", "Article 62"],
        ),
        (
            "ask_enforcement",
            "能查封公司财产吗",
            ["存款账户", "划拨", "扣押", "查封", "拍卖", "人民法院"],
        ),
        (
            "ask_enforcement",
            "can they seize the company's property",
            ["bank", "transfer", "seize", "seal up", "auction", "people's court"],
        ),
        ("ask_refund", "居民医保交了能退吗", ["一次性缴纳", "一般不予退还", "因地而异"]),
        (
            "ask_refund",
            "can I get a refund of resident insurance",
            ["cannot be refunded", "lump sum"],
        ),
    ],
)
def test_topic_answers_state_the_facts(intent, text, facts):
    message, slots = run(ActionAnswerTopic(), text, intent)
    for fact in facts:
        assert fact in message["text"], fact
    assert "1 10%" not in message["text"]
    assert slots["topic"]


@pytest.mark.parametrize(
    "text, facts",
    [
        ("要带什么材料？", ["身份证", "户口本", "社保卡", "劳动合同"]),
        ("what documents?", ["identity card", "household registration", "social security card"]),
    ],
)
def test_documents_follow_up_answers_for_the_current_topic(text, facts):
    message, _ = run(
        ActionAnswerFollowup(), text, "ask_documents", slots={"topic": "employee_medical_backpay"}
    )
    for fact in facts:
        assert fact in message["text"]


def test_legal_basis_follow_up_quotes_the_topics_articles():
    message, _ = run(
        ActionAnswerFollowup(),
        "法律依据是什么？",
        "ask_law",
        slots={"topic": "employer_not_declared"},
    )
    assert "第六十二条" in message["text"] and "百分之一百一十" in message["text"]


def test_named_article_wins_over_the_current_topic():
    message, slots = run(
        ActionAnswerFollowup(),
        "What does Article 62 say?",
        "ask_law",
        slots={"topic": "enforcement", "language": "zh"},
        entities=[{"entity": "article", "value": "62"}],
    )
    assert "Article 62" in message["text"] and "110%" in message["text"]
    assert slots == {"language": "en"}


def test_unknown_article_lists_the_ones_available():
    message, _ = run(
        ActionAnswerFollowup(), "第99条", "ask_law", entities=[{"entity": "article", "value": "99"}]
    )
    assert "社会保险法》第九十九条" in message["text"] and "第六十三条" in message["text"]


def test_article_of_a_named_law_is_that_laws():
    # Article 46 of the Labour Contract Law is about compensation, not the Social Insurance
    # Law's Article 46; the law named decides.
    law = {"entity": "law", "value": "labour_contract_law"}
    message, _ = run(
        ActionAnswerFollowup(),
        "劳动合同法第46条说什么",
        "ask_law",
        entities=[law, {"entity": "article", "value": "46"}],
    )
    assert "劳动合同法》第四十六条" in message["text"] and "经济补偿" in message["text"]
    assert "社会保险法" not in message["text"]
    message, _ = run(
        ActionAnswerFollowup(),
        "What does Article 82 of the Labour Contract Law say?",
        "ask_law",
        entities=[law, {"entity": "article", "value": "82"}],
    )
    assert "does not hold PRC Labour Contract Law, Article 82" in message["text"]
    assert "Labour Contract Law, Article 38" in message["text"]
    assert "Social Insurance Law" not in message["text"]


def test_follow_up_without_a_topic_offers_the_main_topics():
    message, _ = run(ActionAnswerFollowup(), "要带什么材料", "ask_documents")
    assert "哪项业务" in message["text"]
    assert "/ask_backpay" in [b["payload"] for b in message["buttons"]]


@pytest.mark.parametrize(
    "intent, text, facts, has_menu",
    [
        ("greet", "你好", ["医保补缴", "一般性的政策信息", "当地规定"], True),
        ("greet", "hello", ["back-paying medical insurance", "general information"], True),
        ("nlu_fallback", "嗯嗯那个", ["没有完全理解"], True),
        ("out_of_scope", "今天天气怎么样", ["超出了我的范围"], True),
        ("ask_human", "转人工", ["12333", "12393"], False),
        ("ask_human", "I want a human", ["12333", "12393"], False),
        ("thank", "谢谢", ["不客气"], False),
        ("goodbye", "bye", ["Goodbye"], False),
    ],
)
def test_conversation_messages(intent, text, facts, has_menu):
    message, _ = run(ActionConverse(), text, intent)
    for fact in facts:
        assert fact in message["text"]
    assert bool(message["buttons"]) == has_menu


def test_page_language_decides_for_a_wordless_opening_message():
    message, slots = run(ActionConverse(), "/greet", "greet", metadata={"language": "en"})
    assert message["text"].startswith("Hello!")
    assert [b["title"] for b in message["buttons"]][0] == "Can medical insurance be back-paid?"
    assert slots == {"language": "en"}


def rows(records: Recorder, table: sa.Table) -> List[Dict[str, Any]]:
    with records.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(sa.select(table))]


def test_unanswered_questions_are_recorded_without_personal_numbers(records):
    run(ActionConverse(), "我的身份证440301199001011234能查公积金吗", "out_of_scope")
    run(ActionConverse(), "嗯嗯那个", "nlu_fallback")
    run(ActionConverse(), "你好", "greet")
    recorded = rows(records, unanswered)
    assert [(r["intent"], r["language"]) for r in recorded] == [
        ("out_of_scope", "zh"),
        ("nlu_fallback", "zh"),
    ]
    assert recorded[0]["text"] == "我的身份证***能查公积金吗"
    assert [(t["outcome"], t["intent"]) for t in rows(records, turns)] == [
        ("fallback", "out_of_scope"),
        ("fallback", "nlu_fallback"),
    ]


@pytest.mark.parametrize(
    "action, text, intent, slots, outcome, topic",
    [
        (ActionAnswerTopic(), "公司不给交社保怎么办", "employer_not_paid", {}, "answered", True),
        (ActionAnswerTopic(), "医保可以补缴吗", "ask_backpay", {}, "clarified", False),
        (ActionAnswerFollowup(), "要带什么材料", "ask_documents", {}, "clarified", False),
        (
            ActionAnswerFollowup(),
            "要带什么材料",
            "ask_documents",
            {"topic": "employee_medical_backpay"},
            "answered",
            True,
        ),
    ],
)
def test_each_answer_records_its_outcome(records, action, text, intent, slots, outcome, topic):
    run(action, text, intent, slots=slots)
    [turn] = rows(records, turns)
    assert (turn["outcome"], turn["intent"], turn["language"]) == (outcome, intent, "zh")
    assert bool(turn["topic"]) == topic
    assert rows(records, unanswered) == []


def test_an_insurance_without_an_answer_is_recorded_as_unanswered(records):
    message, _ = run(ActionAnswerTopic(), "公积金可以补缴吗", "ask_backpay")
    assert "12329" in message["text"]  # not covered: the housing fund's own hotline
    [turn] = rows(records, turns)
    assert turn["outcome"] == "fallback"
    [question] = rows(records, unanswered)
    assert (question["intent"], question["text"]) == ("ask_backpay", "公积金可以补缴吗")


def test_answers_are_given_when_the_records_cannot_be_written(records):
    with records.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE turns"))
    message, slots = run(ActionAnswerTopic(), "公司不给交社保怎么办", "employer_not_paid")
    assert "第八十六条" in message["text"] and slots["topic"]


@pytest.mark.parametrize(
    "intent, text, facts, wrong",
    [
        # "职工" inside "女职工" only qualifies: the maternity answer, not "not covered".
        ("ask_maternity_leave", "女职工产假有几天", ["98"], ["暂时|还没有可靠的答案"]),
        ("ask_commute_injury", "我上班的路上被车撞了算工伤吗", ["非本人主要责任"], ["医保"]),
        ("employer_not_paid", "公积金公司不给交怎么办", ["12329", "住房公积金管理中心"], []),
        ("ask_transfer", "换城市工作养老保险怎么转", ["养老"], [r"(?<!\d)10个工作日"]),
        ("ask_transfer", "公积金能转到新城市吗", ["12329"], [r"(?<!\d)10个工作日"]),
    ],
)
def test_the_insurance_named_decides_the_answer(intent, text, facts, wrong):
    message, _ = run(ActionAnswerTopic(), text, intent)
    for fact in facts:
        assert re.search(fact, message["text"]), fact
    for fact in wrong:
        assert not re.search(fact, message["text"]), fact


def test_a_follow_up_that_names_its_topic_is_answered_without_a_current_topic():
    message, slots = run(
        ActionAnswerFollowup(),
        "职工医保补缴要带什么材料",
        "ask_documents",
        ranking=[
            {"name": "ask_documents", "confidence": 0.55},
            {"name": "ask_backpay", "confidence": 0.35},
        ],
    )
    for fact in ("身份证", "户口本", "社保卡", "劳动合同"):
        assert fact in message["text"]
    assert slots["topic"] == "employee_medical_backpay"


def test_a_payload_with_an_unknown_insurance_type_is_asked_about_not_a_crash():
    message, slots = run(
        ActionAnswerTopic(),
        '/ask_backpay{"insurance_type": "bogus"}',
        "ask_backpay",
        entities=[{"entity": "insurance_type", "value": "bogus"}],
    )
    assert "哪一种医保" in message["text"]
    assert slots["pending_intent"] == "ask_backpay"


def test_the_action_server_registers_every_action_the_domain_lists():
    import yaml
    from rasa_sdk.executor import ActionExecutor

    from tests.conftest import PROJECT_ROOT

    executor = ActionExecutor()
    executor.register_package("actions")
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert set(domain["actions"]) <= set(executor.actions)
