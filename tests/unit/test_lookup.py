from social_insurance.lookup import (
    NeedsInsuranceType,
    find_article,
    find_topic,
    intent_for_insurance_type,
)


def test_backpay_without_insurance_type_asks_which(kb):
    found = find_topic(kb, "ask_backpay")
    assert isinstance(found, NeedsInsuranceType)
    assert [o.id for o in found.options] == ["employee_medical", "resident_medical"]


def test_backpay_with_insurance_type_picks_the_topic(kb):
    assert find_topic(kb, "ask_backpay", "employee_medical").id == "employee_medical_backpay"
    assert find_topic(kb, "ask_backpay", "resident_medical").id == "resident_medical_backpay"


def test_single_topic_intents_ignore_insurance_type(kb):
    assert find_topic(kb, "employer_not_declared", "resident_medical").id == "employer_not_declared"
    assert find_topic(kb, "ask_refund").id == "resident_medical_refund"


def test_unknown_intent_finds_nothing(kb):
    assert find_topic(kb, "greet") is None


def test_articles_by_number(kb):
    assert find_article(kb, 62).id == "sil_62"
    assert find_article(kb, 999) is None


def test_bare_insurance_type_maps_to_its_first_question(kb):
    assert intent_for_insurance_type(kb, "resident_medical") == "ask_backpay"
