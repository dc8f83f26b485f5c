from social_insurance.language import detect_language


def test_chinese_text_is_chinese():
    assert detect_language("医保可以补缴吗") == "zh"


def test_mixed_text_with_chinese_is_chinese():
    assert detect_language("我的social insurance公司没交", "en") == "zh"


def test_latin_text_is_english():
    assert detect_language("What does Article 62 say?", "zh") == "en"


def test_payloads_digits_and_emoji_keep_the_conversation_language():
    assert (
        detect_language('/inform_insurance_type{"insurance_type":"employee_medical"}', "en") == "en"
    )
    assert detect_language("62", "en") == "en"
    assert detect_language("👍", None) == "zh"
