from social_insurance.lookup import (
    NeedsInsuranceType,
    NotCovered,
    find_article,
    find_topic,
    intent_for_insurance_type,
    names_insurance,
)


def test_backpay_without_insurance_type_asks_which(kb):
    found = find_topic(kb, "ask_backpay")
    assert isinstance(found, NeedsInsuranceType)
    assert [o.id for o in found.options] == ["employee_medical", "resident_medical"]


def test_backpay_with_insurance_type_picks_the_topic(kb):
    assert find_topic(kb, "ask_backpay", "employee_medical").id == "employee_medical_backpay"
    assert find_topic(kb, "ask_backpay", "resident_medical").id == "resident_medical_backpay"


def test_general_topics_answer_for_every_social_insurance(kb):
    assert find_topic(kb, "employer_not_declared", "resident_medical").id == "employer_not_declared"
    assert find_topic(kb, "ask_contribution_rates", "work_injury").id == "contribution_rates"
    assert find_topic(kb, "ask_contribution_rates").id == "contribution_rates"


def test_a_question_shared_by_insurances_is_answered_for_the_one_named(kb):
    assert find_topic(kb, "ask_transfer", "pension").id == "pension_transfer"
    assert find_topic(kb, "ask_transfer", "employee_pension").id == "pension_transfer"
    assert find_topic(kb, "ask_transfer", "medical").id == "medical_transfer"
    assert find_topic(kb, "ask_transfer", "resident_medical").id == "medical_transfer"
    assert find_topic(kb, "ask_retirement_years", "pension").id == "pension_minimum_years"
    assert find_topic(kb, "employer_not_paid", "housing_fund").id == "housing_fund_not_paid"
    assert find_topic(kb, "employer_not_paid").id == "employer_arrears"
    assert find_topic(kb, "ask_refund", "resident_medical").id == "resident_medical_refund"


def test_an_insurance_no_topic_is_about_gets_an_honest_not_yet(kb):
    found = find_topic(kb, "ask_transfer", "housing_fund")
    assert isinstance(found, NotCovered) and found.insurance.hotlines == ["12329"]
    assert isinstance(find_topic(kb, "ask_backpay", "unemployment"), NotCovered)
    # The housing fund is not social insurance: a general social-insurance topic never answers.
    assert isinstance(find_topic(kb, "ask_late_fee", "housing_fund"), NotCovered)
    assert find_topic(kb, "ask_overview", "housing_fund").id == "five_insurances_overview"


def test_a_family_name_asks_which_member_and_a_remembered_type_picks_one(kb):
    found = find_topic(kb, "ask_backpay", "medical")
    assert isinstance(found, NeedsInsuranceType)
    assert [o.id for o in found.options] == ["employee_medical", "resident_medical"]
    asked = find_topic(kb, "ask_refund")
    assert isinstance(asked, NeedsInsuranceType) and len(asked.options) == 2
    assert find_topic(kb, "ask_lapse", remembered="resident_medical").id == (
        "resident_medical_lapse"
    )
    # A remembered type never makes a general question insurance-specific.
    assert find_topic(kb, "ask_contribution_rates", remembered="housing_fund").id == (
        "contribution_rates"
    )


def test_qualifiers_do_not_name_an_insurance(kb):
    assert names_insurance(kb, "employee_medical", "职工医保")
    assert names_insurance(kb, "employee_medical", "单位医保")
    assert not names_insurance(kb, "employee_medical", "职工")
    assert not names_insurance(kb, "resident_medical", "Resident")


def test_unknown_intent_finds_nothing(kb):
    assert find_topic(kb, "greet") is None


def test_articles_by_number(kb):
    assert find_article(kb, 62).id == "sil_62"
    assert find_article(kb, 999) is None


def test_bare_insurance_type_maps_to_its_first_question(kb):
    assert intent_for_insurance_type(kb, "resident_medical") == "ask_backpay"


def test_a_bare_family_or_fund_name_maps_to_a_question_about_it(kb):
    for insurance in ("pension", "housing_fund", "work_injury"):
        intent = intent_for_insurance_type(kb, insurance)
        found = find_topic(kb, intent, insurance)
        assert found is not None and not isinstance(found, NotCovered), insurance


def test_a_fallback_between_a_question_and_its_calculator_is_the_question(kb):
    from social_insurance.lookup import question_behind_fallback

    assert question_behind_fallback(kb, ["calculate_late_fee", "ask_late_fee"]) == "ask_late_fee"
    assert question_behind_fallback(kb, ["ask_retirement_age", "calculate_retirement"]) == (
        "ask_retirement_age"
    )
    assert question_behind_fallback(kb, ["calculate_late_fee", "ask_retirement_age"]) is None
    assert question_behind_fallback(kb, ["ask_backpay", "ask_refund"]) is None
