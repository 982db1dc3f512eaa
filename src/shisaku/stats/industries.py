"""Industry divisions (産業大分類) of the Japan Standard Industrial Classification (JSIC).

:data:`DIVISIONS` lists the 20 divisions A–T of JSIC Revision 13 (2013), which Revision 14
(2023) keeps with the same letters and names; economic-census tables of 2014, 2016 and 2021
use them. Letters of earlier revisions (Rev. 12 and before) differ, and their names (e.g. a
lone 運輸業) are not recognised here.

:func:`industry_of` finds the division in a name as tables print it:

>>> [industry_of(n) for n in ("情報通信業", "G 情報通信業", "G_情報通信業", "Ｇ情報通信業")]
['G', 'G', 'G', 'G']
>>> industry_of("事業所数（民営）（学術研究、専門・技術サービス業）")
'L'
>>> industry_of("従業者数（サービス業（他に分類されないもの））")
'R'
>>> industry_of("Information and communications"), industry_of("農業,林業")
('G', 'A')

Totals and groups of divisions are not divisions: they give None.

>>> [industry_of(n) for n in ("非農林漁業", "全産業", "AB 農林漁業", "事業所数", "")]
[None, None, None, None, None]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["DIVISIONS", "LETTERS", "Division", "industry_of", "name_key"]


@dataclass(frozen=True)
class Division:
    """One JSIC division: its letter, Japanese name (as JSIC prints it) and English name."""

    letter: str
    name: str
    name_en: str


DIVISIONS: dict[str, Division] = {
    d.letter: d
    for d in (
        Division("A", "農業，林業", "Agriculture and forestry"),
        Division("B", "漁業", "Fisheries"),
        Division("C", "鉱業，採石業，砂利採取業", "Mining and quarrying of stone and gravel"),
        Division("D", "建設業", "Construction"),
        Division("E", "製造業", "Manufacturing"),
        Division("F", "電気・ガス・熱供給・水道業", "Electricity, gas, heat supply and water"),
        Division("G", "情報通信業", "Information and communications"),
        Division("H", "運輸業，郵便業", "Transport and postal activities"),
        Division("I", "卸売業，小売業", "Wholesale and retail trade"),
        Division("J", "金融業，保険業", "Finance and insurance"),
        Division("K", "不動産業，物品賃貸業", "Real estate and goods rental and leasing"),
        Division(
            "L",
            "学術研究，専門・技術サービス業",
            "Scientific research, professional and technical services",
        ),
        Division("M", "宿泊業，飲食サービス業", "Accommodations, eating and drinking services"),
        Division(
            "N",
            "生活関連サービス業，娯楽業",
            "Living-related and personal services and amusement services",
        ),
        Division("O", "教育，学習支援業", "Education, learning support"),
        Division("P", "医療，福祉", "Medical, health care and welfare"),
        Division("Q", "複合サービス事業", "Compound services"),
        Division("R", "サービス業（他に分類されないもの）", "Services, n.e.c."),
        Division(
            "S", "公務（他に分類されるものを除く）", "Government, except elsewhere classified"
        ),
        Division("T", "分類不能の産業", "Industries unable to classify"),
    )
}
"""The JSIC divisions by letter, A–T."""

LETTERS = tuple(DIVISIONS)
"""``("A", …, "T")``."""

# Other spellings seen in published tables (besides the separators name_key already unifies).
_ALIASES: dict[str, str] = {
    "Services, not elsewhere classified": "R",
    "Government, not elsewhere classified": "S",
    "Transport and postal services": "H",
    "Education and learning support": "O",
    "Medical, health care and welfare services": "P",
}


def name_key(name: str) -> str:
    """A name reduced for comparison: NFKC (full-width → half-width), case folded, without
    spaces, with 「、」「，」 and "," as one separator.

    >>> name_key("医療、福祉") == name_key("医療，福祉") == name_key(" 医療, 福祉 ")
    True
    >>> name_key("サービス業（他に分類されないもの）")
    'サービス業(他に分類されないもの)'
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    return "".join(text.replace("、", ",").split())


_BY_KEY: dict[str, str] = {name_key(d.name): d.letter for d in DIVISIONS.values()} | {
    name_key(d.name_en): d.letter for d in DIVISIONS.values()
}
_BY_KEY |= {name_key(alias): letter for alias, letter in _ALIASES.items()}
# e-Stat prefixes a name with its letter: "G 情報通信業", "G_情報通信業", "Ｇ情報通信業", "G:…".
_LETTER_PREFIX = re.compile(r"([a-t])[_:.\-]?(.+)", re.ASCII)


def industry_of(name: str) -> str | None:
    """The JSIC division letter a name designates, or None.

    Recognised: a division's name (Japanese or English, any separator, full- or half-width,
    with or without spaces); the same after its letter (``G 情報通信業``); and a name that
    ends with a division's name in parentheses, as SSDSE and e-Stat items do
    (``事業所数（民営）（情報通信業）``). A letter whose name disagrees gives None.
    """
    key = name_key(name)
    if not key:
        return None
    letter = _BY_KEY.get(key) or _after_letter(key)
    if letter is not None:
        return letter
    if key.endswith(")"):
        for candidate, found in _BY_KEY.items():
            if key.endswith(f"({candidate})"):
                return found
    return None


def _after_letter(key: str) -> str | None:
    match = _LETTER_PREFIX.fullmatch(key)
    if match is None:
        return None
    letter = _BY_KEY.get(match[2])
    return letter if letter == match[1].upper() else None
