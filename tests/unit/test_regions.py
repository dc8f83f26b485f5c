"""The gazetteer is generated from libphonenumber, and answers use it to name the local number."""

from __future__ import annotations

import pytest

from social_insurance.render import place_name, render_region_noted, render_topic


@pytest.mark.parametrize(
    "region_id, area_code, zh_name",
    [
        ("beijing", "010", "北京市"),
        ("shanghai", "021", "上海市"),
        ("guangdong-guangzhou", "020", "广州市"),
        ("guangdong-shenzhen", "0755", "深圳市"),
        ("guangdong-dongguan", "0769", "东莞市"),
        ("sichuan-chengdu", "028", "成都市"),
        ("zhejiang-hangzhou", "0571", "杭州市"),
        ("hubei-wuhan", "027", "武汉市"),
        ("shaanxi-xian", "029", "西安市"),
        ("liaoning-dalian", "0411", "大连市"),
    ],
)
def test_sample_of_area_codes(kb, region_id, area_code, zh_name):
    region = kb.regions[region_id]
    assert region.area_code == area_code
    assert region.name.zh == zh_name


def test_gazetteer_covers_provinces_and_prefecture_cities(kb):
    provinces = [r for r in kb.regions.values() if r.area_code is None]
    cities = [r for r in kb.regions.values() if r.area_code]
    assert len(provinces) >= 27  # 31 mainland divisions less the 4 municipalities
    assert len(cities) >= 300
    assert all(r.area_code.startswith("0") and r.area_code[1:].isdigit() for r in cities)


def test_ambiguous_short_names_never_point_at_a_city(kb):
    # 吉林 is both a province and a city in it: the bot must not guess the city's number.
    owners = [r.id for r in kb.regions.values() if "吉林" in r.aliases]
    assert owners == ["jilin"]


def test_place_names_in_both_languages(kb):
    shenzhen = kb.regions["guangdong-shenzhen"]
    assert place_name(kb, shenzhen, "zh") == "广东省深圳市"
    assert place_name(kb, shenzhen, "en") == "Shenzhen, Guangdong"


def test_known_city_gives_local_numbers(kb):
    text = render_topic(
        kb, kb.topics["employer_arrears"], "zh", kb.regions["guangdong-shenzhen"]
    ).text
    assert "广东省深圳市" in text
    assert "0755-12333" in text


def test_unknown_place_offers_to_give_the_local_number(kb):
    text = render_topic(kb, kb.topics["employer_arrears"], "en").text
    assert "Tell me your city" in text
    assert "0755" not in text


def test_province_only_asks_for_the_city(kb):
    text = render_topic(kb, kb.topics["complain"], "zh", kb.regions["guangdong"]).text
    assert "您在广东省" in text and "区号" in text


def test_region_noted_lists_every_local_hotline(kb):
    text = render_region_noted(kb, kb.regions["sichuan-chengdu"], "en").text
    for number in ("028-12333", "028-12393", "028-12366"):
        assert number in text
