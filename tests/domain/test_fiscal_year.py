"""Tests for shisaku.domain.fiscal_year: table-driven cases and property tests."""

from __future__ import annotations

import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shisaku.domain.fiscal_year import (
    ERAS,
    Era,
    FiscalYearError,
    era_label,
    era_year,
    fiscal_year_of,
    fiscal_year_range,
    parse_fiscal_year,
)

FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2021, 4, 1), 2021),
        (date(2022, 3, 31), 2021),
        (date(2021, 3, 31), 2020),
        (date(2021, 12, 31), 2021),
        (date(2022, 1, 1), 2021),
        (date(2024, 2, 29), 2023),
    ],
)
def test_fiscal_year_of(d: date, expected: int) -> None:
    assert fiscal_year_of(d) == expected


def test_fiscal_year_range() -> None:
    assert fiscal_year_range(2021) == (date(2021, 4, 1), date(2022, 3, 31))
    assert fiscal_year_range(2023) == (date(2023, 4, 1), date(2024, 3, 31))


def test_eras_table() -> None:
    assert [(e.name, e.letter, e.start, e.last_year) for e in ERAS] == [
        ("明治", "M", date(1868, 10, 23), 45),
        ("大正", "T", date(1912, 7, 30), 15),
        ("昭和", "S", date(1926, 12, 25), 64),
        ("平成", "H", date(1989, 1, 8), 31),
        ("令和", "R", date(2019, 5, 1), None),
    ]
    assert all(isinstance(e, Era) for e in ERAS)
    assert [e.start for e in ERAS] == sorted(e.start for e in ERAS)
    with pytest.raises(AttributeError):
        ERAS[0].name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("fy", "expected"),
    [
        (1868, "明治元年度"),
        (1911, "明治44年度"),
        (1912, "大正元年度"),
        (1925, "大正14年度"),
        (1926, "昭和元年度"),
        (1988, "昭和63年度"),
        (1989, "平成元年度"),
        (2018, "平成30年度"),
        (2019, "令和元年度"),
        (2021, "令和3年度"),
        (2200, "令和182年度"),
    ],
)
def test_era_label(fy: int, expected: str) -> None:
    assert era_label(fy) == expected


@pytest.mark.parametrize(
    ("fy", "name", "n"),
    [(1868, "明治", 1), (1926, "昭和", 1), (1989, "平成", 1), (2019, "令和", 1), (2021, "令和", 3)],
)
def test_era_year(fy: int, name: str, n: int) -> None:
    era, got = era_year(fy)
    assert (era.name, got) == (name, n)


@pytest.mark.parametrize("fy", [1867, 1, 0, -5])
def test_era_label_before_meiji(fy: int) -> None:
    with pytest.raises(FiscalYearError, match="before 明治"):
        era_label(fy)
    with pytest.raises(FiscalYearError):
        era_year(fy)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021", 2021),
        ("  2021  ", 2021),
        ("\u30002021\u3000", 2021),
        ("２０２１", 2021),
        ("2021年度", 2021),
        ("２０２１年度", 2021),
        ("2021年", 2021),
        ("FY2021", 2021),
        ("FY 2021", 2021),
        ("fy2021", 2021),
        ("ＦＹ２０２１", 2021),
        ("1868", 1868),
        ("2200", 2200),
        ("令和3年度", 2021),
        ("令和３年度", 2021),
        ("令和 3 年度", 2021),
        ("令和\u30003\u3000年度", 2021),
        ("令和元年度", 2019),
        ("令和元年", 2019),
        ("令和3年", 2021),
        ("令和3", 2021),
        ("R3", 2021),
        ("R03", 2021),
        ("r3", 2021),
        ("R.3", 2021),
        ("Ｒ３", 2021),
        ("R3年度", 2021),
        ("H33", 2021),
        ("平成33年度", 2021),
        ("平成37", 2025),
        ("平成31年度", 2019),
        ("平成元年度", 1989),
        ("H99", 2087),
        ("昭和64", 1989),
        ("S63", 1988),
        ("昭和元年", 1926),
        ("T15", 1926),
        ("大正元年度", 1912),
        ("M45", 1912),
        ("明治元年", 1868),
        ("M1", 1868),
        ("R182", 2200),
    ],
)
def test_parse_accepts(text: str, expected: int) -> None:
    assert parse_fiscal_year(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\u3000", "empty"),
        ("令和", "needs a year number"),
        ("R", "needs a year number"),
        ("令和年度", "needs a year number"),
        ("21", "ambiguous"),
        ("3", "ambiguous"),
        ("21年度", "ambiguous"),
        ("FY21", "ambiguous"),
        ("２１", "ambiguous"),
        ("0", "no year 0"),
        ("0000", "no year 0"),
        ("-2021", "negative"),
        ("－２０２１", "negative"),
        ("令和-3", "negative"),
        ("R-3", "negative"),
        ("令和0年度", "no year 0"),
        ("R0", "no year 0"),
        ("R00", "no year 0"),
        ("昭和65", "昭和 ended in 昭和64 (1989)"),
        ("S65", "昭和 ended in"),
        ("大正16年度", "大正 ended in 大正15 (1926)"),
        ("明治46", "明治 ended in"),
        ("平成100", "up to 平成99"),
        ("R183", "between 1868 and 2200"),
        ("1867", "1868 to 2200"),
        ("2201", "1868 to 2200"),
        ("0021", "1868 to 2200"),
        ("021", "1868 to 2200"),
        ("20210", "1868 to 2200"),
        ("2021/04/01", "not a date"),
        ("2021-04-01", "not a date"),
        ("2021.4.1", "not a date"),
        ("２０２１／０４／０１", "not a date"),
        ("2021/04", "not a date"),
        ("2021年4月1日", "not a date"),
        ("令和3年4月1日", "not a date"),
        ("R3.4.1", "not a date"),
        ("天保3年", "not a form"),
        ("X3", "not a form"),
        ("2021年度年度", "not a form"),
        ("令和三年度", "not a form"),
        ("二〇二一", "not a form"),
        ("R²", "not a form"),
        ("٢٠٢١", "not a form"),
        ("2021/22", "not a form"),
        ("FY", "not a form"),
    ],
)
def test_parse_refuses(text: str, reason: str) -> None:
    with pytest.raises(FiscalYearError) as info:
        parse_fiscal_year(text)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.received == text
    assert "2021年度" in err.expected
    assert "\n" not in err.expected
    assert str(err).startswith(f"cannot read {text!r} as a fiscal year")
    assert reason in str(err)


def test_error_message_example() -> None:
    with pytest.raises(FiscalYearError, match=r"^cannot read '令和' as a fiscal year"):
        parse_fiscal_year("令和")


def test_error_pickles() -> None:
    err = FiscalYearError("令和", "an era name needs a year number")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.received, copy.reason, copy.expected, str(copy)) == (
        err.received,
        err.reason,
        err.expected,
        str(err),
    )


@given(st.dates(min_value=date(1869, 1, 1), max_value=date(2200, 12, 31)))
def test_fiscal_year_of_is_within_its_range(d: date) -> None:
    first, last = fiscal_year_range(fiscal_year_of(d))
    assert first <= d <= last


fiscal_years = st.integers(min_value=1869, max_value=2200)


@given(fiscal_years)
def test_era_label_round_trips(fy: int) -> None:
    assert parse_fiscal_year(era_label(fy)) == fy


@given(fiscal_years)
def test_western_forms_round_trip(fy: int) -> None:
    assert parse_fiscal_year(str(fy)) == fy
    assert parse_fiscal_year(f"{fy}年度") == fy
    assert parse_fiscal_year(str(fy).translate(FULL_WIDTH_DIGITS)) == fy
    assert parse_fiscal_year(f"{fy}年度".translate(FULL_WIDTH_DIGITS)) == fy


@given(fiscal_years)
def test_era_letter_form_round_trips(fy: int) -> None:
    era, n = era_year(fy)
    assert parse_fiscal_year(f"{era.letter}{n}") == fy
    assert parse_fiscal_year(f"{era.letter.lower()}{n:02d}") == fy
    assert parse_fiscal_year(f"{era.name}{n}".translate(FULL_WIDTH_DIGITS)) == fy
