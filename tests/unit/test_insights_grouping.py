"""insights.grouping: one group per need, the same groups whatever the order."""

from __future__ import annotations

import random

import pytest

from insights.grouping import group_similar, normalise


@pytest.mark.parametrize(
    "variant",
    [
        "医保可以补缴吗",
        "医保可以补缴吗？",
        " 医保 可以补缴吗!! ",
        "医保可以补缴吗。。。",
        "医保，可以补缴吗",
    ],
)
def test_case_width_punctuation_and_spaces_are_folded_away(variant: str) -> None:
    assert normalise(variant) == "医保可以补缴吗"


def test_latin_words_keep_one_space_between_them() -> None:
    assert normalise("  Ｈｏｗ　MUCH is  my pension?? ") == "how much is my pension"
    assert normalise("养老金 how much") == "养老金how much"


def test_texts_identical_after_normalising_are_always_one_group() -> None:
    texts = [
        "How much is my pension?",
        "how much is my pension",
        "ＨＯＷ ＭＵＣＨ ＩＳ ＭＹ ＰＥＮＳＩＯＮ",
    ]
    [group] = group_similar(texts, threshold=1.01)  # above any similarity: only identity joins
    assert group.members == (0, 1, 2)
    assert group.leader == "how much is my pension"


def test_similar_questions_join_and_different_ones_stay_apart() -> None:
    texts = [
        "失业金怎么领",  # the most frequent: it leads, its variants join it
        "失业金怎么领",
        "失业金怎么领取",
        "失业金到底怎么领",
        "生育津贴能领多少",
        "生育津贴可以领多少钱",
        "how much is my pension",
        "how much is my pension worth",
    ]
    groups = {tuple(texts[i] for i in group.members) for group in group_similar(texts)}
    assert groups == {
        ("失业金怎么领", "失业金怎么领", "失业金怎么领取", "失业金到底怎么领"),
        ("生育津贴能领多少", "生育津贴可以领多少钱"),
        ("how much is my pension", "how much is my pension worth"),
    }


def test_largest_group_first_led_by_its_most_frequent_text() -> None:
    texts = [
        "医保卡丢了",
        "社保卡丢了怎么补办",
        "社保卡丢了怎么补办？",
        "社保卡丢了怎么办",
        "医保卡丢了",
    ]
    groups = group_similar(texts)
    assert [len(group.members) for group in groups] == sorted(
        (len(group.members) for group in groups), reverse=True
    )
    assert groups[0].leader == "社保卡丢了怎么补办"
    assert sorted(i for group in groups for i in group.members) == list(range(len(texts)))


def test_the_same_groups_and_leaders_in_any_order() -> None:
    texts = [
        "失业金怎么领",
        "失业金怎么领取",
        "生育津贴能领多少",
        "生育津贴可以领多少钱",
        "断缴了怎么办",
    ] * 3
    expected = {(g.leader, frozenset(texts[i] for i in g.members)) for g in group_similar(texts)}
    shuffled = texts[:]
    random.Random(7).shuffle(shuffled)
    found = {(g.leader, frozenset(shuffled[i] for i in g.members)) for g in group_similar(shuffled)}
    assert found == expected


def test_nothing_to_group_and_texts_with_nothing_left_after_normalising() -> None:
    assert group_similar([]) == []
    [group] = group_similar(["？？", "***", "  "])
    assert group.leader == "" and group.members == (0, 1, 2)
    groups = group_similar(["***", "医保卡丢了"])
    assert sorted(group.leader for group in groups) == ["", "医保卡丢了"]
