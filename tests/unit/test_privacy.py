"""`mask_personal_data`: what it masks, and the numbers of a social-insurance chat it keeps."""

from __future__ import annotations

import pytest

from social_insurance.privacy import mask_personal_data


@pytest.mark.parametrize(
    "text, masked, kinds",
    [
        ("身份证11010519491231002X可以吗", "身份证***可以吗", ("id_card",)),
        ("id 110105194912310021", "id ***", ("id_card",)),
        ("ID 110105 19491231 002x", "ID ***", ("id_card",)),
        ("手机13812345678", "手机***", ("mobile",)),
        ("call +86 138-1234-5678 pls", "call *** pls", ("mobile",)),
        ("电话１３８１２３４５６７８", "电话***", ("mobile",)),
        ("卡号6222021234567890", "卡号***", ("bank_card",)),
        ("card 6222 0212 3456 7890 123", "card ***", ("bank_card",)),
        (
            "11010519491231002X 和 13812345678 和 6222021234567890123",
            "*** 和 *** 和 ***",
            ("id_card", "bank_card", "mobile"),
        ),
    ],
)
def test_masks_personal_numbers(text: str, masked: str, kinds: tuple) -> None:
    assert mask_personal_data(text) == (masked, kinds)


@pytest.mark.parametrize(
    "text",
    [
        "第62条规定按日加收0.05%的滞纳金",
        "拨打12333或12393",
        "2024年3月到2025年1月断缴了10个月",
        "Article 62: 110% of the previous month",
        "编号12345678901",  # 11 digits, but no mobile prefix
        "123456789012345",  # 15 digits: too short for a bank card
    ],
)
def test_keeps_the_numbers_of_a_normal_question(text: str) -> None:
    assert mask_personal_data(text) == (text, ())
