"""Bot messages as WeChat texts: byte limit, sentence boundaries, numbered options."""

from __future__ import annotations

from channels.wechat.text import MAX_TEXT_BYTES, render, selected_payload, split_text


def test_long_chinese_text_is_split_by_bytes_at_sentence_ends() -> None:
    sentence = "用人单位应当自用工之日起三十日内为其职工向社会保险经办机构申请办理社会保险登记。"
    text = sentence * 40  # 40 × 40 characters × 3 bytes = 4800 bytes
    pieces = split_text(text)
    assert len(pieces) == 3
    assert all(len(piece.encode("utf-8")) <= MAX_TEXT_BYTES for piece in pieces)
    assert all(piece.endswith("。") for piece in pieces)
    assert "".join(pieces) == text


def test_paragraphs_are_preferred_over_sentences() -> None:
    first = "第一段。" * 100  # 1200 bytes
    second = "第二段。" * 100
    assert split_text(f"{first}\n\n{second}") == [first, second]


def test_text_without_boundaries_is_cut_between_characters() -> None:
    text = "保" * 1000  # 3000 bytes, no punctuation
    pieces = split_text(text)
    assert [len(piece.encode("utf-8")) for piece in pieces] == [2046, 954]
    assert "".join(pieces) == text


def test_short_text_stays_whole() -> None:
    assert split_text("  您好！ ") == ["您好！"]
    assert split_text("") == []


def test_buttons_become_numbered_options() -> None:
    reply = render(
        [
            {
                "text": "请问您说的是哪一种医保？",
                "buttons": [
                    {
                        "title": "职工医保",
                        "payload": '/ask_backpay{"insurance_type": "employee_medical"}',
                    },
                    {
                        "title": "城乡居民医保",
                        "payload": '/ask_backpay{"insurance_type": "resident"}',
                    },
                ],
            },
        ]
    )
    assert reply.texts == ["请问您说的是哪一种医保？\n1. 职工医保\n2. 城乡居民医保"]
    assert selected_payload("1", reply.options) == reply.options[0]
    assert selected_payload(" ２ ", reply.options) == reply.options[1]
    assert selected_payload("3", reply.options) is None
    assert selected_payload("1个月", reply.options) is None
    assert selected_payload("0", reply.options) is None


def test_several_messages_make_one_text() -> None:
    reply = render([{"text": "第一条"}, {"text": "第二条"}, {"image": "x.png"}])
    assert reply.texts == ["第一条\n\n第二条"]
    assert reply.options == []


def test_rating_buttons_follow_the_options_on_one_line() -> None:
    rated = '{"rated_topic": "employee_medical_backpay"}'
    reply = render(
        [
            {
                "text": "【职工医保断缴后补缴】……",
                "buttons": [
                    {"title": "需要带什么材料？", "payload": "/ask_documents"},
                    {"title": "法律依据是什么？", "payload": "/ask_law"},
                    {"title": "帮我算一算", "payload": "/calculate_late_fee"},
                    {"title": "有帮助", "payload": f"/rate_helpful{rated}"},
                    {"title": "没帮助", "payload": f"/rate_unhelpful{rated}"},
                ],
            },
        ]
    )
    assert reply.texts == [
        "【职工医保断缴后补缴】……\n1. 需要带什么材料？\n2. 法律依据是什么？\n3. 帮我算一算\n"
        "4. 有帮助\u30005. 没帮助"
    ]
    assert selected_payload("2", reply.options) == "/ask_law"
    assert selected_payload("5", reply.options) == f"/rate_unhelpful{rated}"


def test_a_calculators_result_has_only_the_rating_line() -> None:
    reply = render(
        [
            {
                "text": "滞纳金约为450元。",
                "buttons": [
                    {"title": "Helpful", "payload": '/rate_helpful{"rated_topic": "late_fee"}'},
                    {"title": "Not helpful", "payload": '/rate_unhelpful{"rated_topic": "x"}'},
                ],
            },
        ]
    )
    assert reply.texts == ["滞纳金约为450元。\n1. Helpful\u30002. Not helpful"]
    assert selected_payload("1", reply.options) == '/rate_helpful{"rated_topic": "late_fee"}'
