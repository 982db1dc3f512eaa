"""industry_of: JSIC divisions from names as SSDSE and e-Stat print them."""

from __future__ import annotations

import pytest

from shisaku.stats.industries import DIVISIONS, LETTERS, industry_of, name_key

CASES = [
    # SSDSE-A names, three editions' spellings
    ("事業所数（農業，林業）", "A"),
    ("事業所数（民営）（農業、林業）", "A"),
    ("事業所数（民営）（漁業）", "B"),
    ("事業所数（民営）（鉱業，採石業，砂利採取業）", "C"),
    ("従業者数（民営）（電気・ガス・熱供給・水道業）", "F"),
    ("事業所数（民営）（学術研究、専門・技術サービス業）", "L"),
    ("従業者数（サービス業（他に分類されないもの））", "R"),
    ("事業所数（公務（他に分類されるものを除く））", "S"),
    # half-width parentheses, ASCII comma, spaces
    ("事業所数(民営)(卸売業, 小売業)", "I"),
    ("医療 ， 福祉", "P"),
    ("サービス業(他に分類されないもの)", "R"),
    # e-Stat forms: letter + name
    ("G 情報通信業", "G"),
    ("G_情報通信業", "G"),
    ("Ｇ情報通信業", "G"),
    ("G:情報通信業", "G"),
    ("T 分類不能の産業", "T"),
    ("Ｍ　宿泊業，飲食サービス業", "M"),
    # English
    ("Information and communications", "G"),
    ("MANUFACTURING", "E"),
    ("Services, N.E.C.", "R"),
    ("Services, not elsewhere classified", "R"),
    ("E Manufacturing", "E"),
]

NOT_DIVISIONS = [
    "",
    "非農林漁業",
    "全産業",
    "産業計",
    "総数",
    "AB 農林漁業",
    "A～B 農林漁業",
    "農林漁業",
    "事業所数",
    "事業所数（民営）",
    "第１次産業事業所数",
    "運輸業",  # JSIC Rev. 12 name: not a Rev. 13 division name
    "G 製造業",  # letter and name disagree
    "G",
    "情報通信",
]


@pytest.mark.parametrize(("name", "letter"), CASES)
def test_recognised(name: str, letter: str) -> None:
    assert industry_of(name) == letter


@pytest.mark.parametrize("name", NOT_DIVISIONS)
def test_not_a_division(name: str) -> None:
    assert industry_of(name) is None


def test_twenty_divisions_a_to_t() -> None:
    assert "".join(LETTERS) == "ABCDEFGHIJKLMNOPQRST"
    assert DIVISIONS["L"].name == "学術研究，専門・技術サービス業"
    assert DIVISIONS["S"].name_en == "Government, except elsewhere classified"


@pytest.mark.parametrize("letter", LETTERS)
def test_every_division_by_every_form(letter: str) -> None:
    division = DIVISIONS[letter]
    forms = [
        division.name,
        division.name.replace("，", "、"),
        division.name.replace("，", ","),
        division.name_en,
        division.name_en.upper(),
        f"{letter} {division.name}",
        f"{letter}_{division.name}",
        f"{letter.lower()} {division.name}",
        f"事業所数（民営）（{division.name}）",
        f"従業者数({division.name.replace('（', '(').replace('）', ')')})",
    ]
    assert {form: industry_of(form) for form in forms} == dict.fromkeys(forms, letter)


def test_name_key_unifies_separators_and_widths() -> None:
    assert name_key("卸売業，小売業") == name_key("卸売業、小売業") == name_key("卸売業, 小売業")
    assert name_key("（民営）") == "(民営)"
    assert name_key("第１次") == "第1次"
