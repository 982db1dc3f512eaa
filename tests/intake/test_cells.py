"""Every accepted and every refused form of the cell parsers."""

from __future__ import annotations

import pickle
from datetime import date, datetime

import pytest

from shisaku.intake.cells import (
    EXPECTED_NUMBER,
    EXPECTED_STATUS,
    CellError,
    is_blank,
    parse_number,
    parse_status,
    parse_text,
    parse_year,
)

NUMBERS_ACCEPTED: list[tuple[object, int | float]] = [
    ("1234", 1234),
    ("007", 7),
    ("0", 0),
    ("12.5", 12.5),
    (".5", 0.5),
    ("1,234", 1234),
    ("1,234,567.89", 1234567.89),
    ("1，234", 1234),
    ("１２３４", 1234),
    ("１，２３４", 1234),
    ("１２．５", 12.5),
    ("-12", -12),
    ("−12", -12),  # U+2212 minus sign
    ("－12", -12),  # full-width hyphen-minus
    ("－１２", -12),
    ("+12", 12),
    ("＋12", 12),
    ("△1,200", -1200),
    ("▲1,200", -1200),
    ("△ 12", -12),
    ("▲１２．５", -12.5),
    (" 12 ", 12),
    ("\u300012\u3000", 12),  # ideographic spaces
    ("\t12\n", 12),
    (1234, 1234),
    (-3, -3),
    (12.5, 12.5),
    (0.0, 0.0),
]

NUMBERS_REFUSED: list[tuple[object, str, str]] = [
    ("12.5%", "12.5%", "without %"),
    ("12.5％", "12.5％", "without %"),
    ("100 %", "100 %", "without %"),
    ("1,23", "1,23", "commas must separate thousands"),
    ("1,2345", "1,2345", "commas must separate thousands"),
    ("1.234,5", "1.234,5", "commas must separate thousands"),
    ("12件", "12件", "without a unit"),
    ("約100", "約100", "without a unit"),
    ("1e3", "1e3", "without a unit"),
    ("1 234", "1 234", "without a unit"),
    ("(1,200)", "(1,200)", "without a unit"),
    ("△-12", "△-12", "without a unit"),
    ("--12", "--12", "without a unit"),
    ("-", "-", "no value"),
    ("－", "－", "no value"),
    ("―", "―", "no value"),
    ("x", "x", "no value"),
    ("X", "X", "no value"),
    ("…", "…", "no value"),
    ("不明", "不明", "no value"),
    ("abc", "abc", "not a number"),
    ("#DIV/0!", "#DIV/0!", "Excel error"),
    ("#N/A", "#N/A", "Excel error"),
    (True, "TRUE", "TRUE/FALSE"),
    (False, "FALSE", "TRUE/FALSE"),
    (float("nan"), "nan", "finite"),
    (float("inf"), "inf", "finite"),
    (date(2021, 4, 1), "2021-04-01", "date"),
    (datetime(2021, 4, 1, 0, 0), "2021-04-01", "date"),
    ("", "", "empty"),
    ("\u3000 ", "\u3000 ", "empty"),
    (None, "", "empty"),
]


@pytest.mark.parametrize(("cell", "number"), NUMBERS_ACCEPTED)
def test_parse_number_accepts(cell: object, number: int | float) -> None:
    parsed = parse_number(cell)
    assert parsed == number
    assert type(parsed) is type(number)


@pytest.mark.parametrize(("cell", "received", "reason"), NUMBERS_REFUSED)
def test_parse_number_refuses(cell: object, received: str, reason: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_number(cell)
    assert caught.value.received == received
    assert reason in caught.value.reason
    assert caught.value.expected == EXPECTED_NUMBER


def test_percent_reason_shows_the_number_to_write() -> None:
    with pytest.raises(CellError, match=r"\(12\.5 for 12\.5%\)"):
        parse_number("12.5%")


STATUSES_ACCEPTED: list[tuple[object, str | None]] = [
    ("速報", "preliminary"),
    ("速報値", "preliminary"),
    (" 速報　", "preliminary"),
    ("preliminary", "preliminary"),
    ("Preliminary", "preliminary"),
    ("ＰＲＥＬＩＭＩＮＡＲＹ", "preliminary"),
    ("確報", "final"),
    ("確報値", "final"),
    ("final", "final"),
    ("FINAL", "final"),
    ("", None),
    ("\u3000", None),
    (None, None),
]


@pytest.mark.parametrize(("cell", "status"), STATUSES_ACCEPTED)
def test_parse_status_accepts(cell: object, status: str | None) -> None:
    assert parse_status(cell) == status


@pytest.mark.parametrize(("cell", "received"), [("暫定", "暫定"), ("prelim", "prelim"), (1, "1")])
def test_parse_status_refuses(cell: object, received: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_status(cell)
    assert caught.value.received == received
    assert caught.value.expected == EXPECTED_STATUS


YEARS_ACCEPTED: list[tuple[object, int]] = [
    ("2025", 2025),
    (" 2025 ", 2025),
    ("２０２５", 2025),
    ("2025年度", 2025),
    ("FY2025", 2025),
    ("令和7年度", 2025),
    ("R7", 2025),
    ("平成37年度", 2025),
    ("令和元年度", 2019),
    (2025, 2025),
    (2025.0, 2025),
]

YEARS_REFUSED: list[tuple[object, str, str]] = [
    ("25", "25", "ambiguous"),
    (25, "25", "ambiguous"),
    ("20251", "20251", "four digits"),
    (2025.5, "2025.5", "whole number"),
    (True, "TRUE", "whole number"),
    (date(2025, 4, 1), "2025-04-01", "date"),
    (datetime(2025, 4, 1), "2025-04-01", "date"),
    ("2025/04/01", "2025/04/01", "date"),
    ("令和", "令和", "needs a year number"),
    ("", "", "empty"),
    (None, "", "empty"),
]


@pytest.mark.parametrize(("cell", "year"), YEARS_ACCEPTED)
def test_parse_year_accepts(cell: object, year: int) -> None:
    assert parse_year(cell) == year


@pytest.mark.parametrize(("cell", "received", "reason"), YEARS_REFUSED)
def test_parse_year_refuses(cell: object, received: str, reason: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_year(cell)
    assert caught.value.received == received
    assert reason in caught.value.reason
    assert "令和3年度" in caught.value.expected


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("  市調べ　", "市調べ"),
        ("a\nb", "a\nb"),
        (2021.0, "2021"),
        (12.5, "12.5"),
        (7, "7"),
        (datetime(2021, 4, 1), "2021-04-01"),
        ("", None),
        ("\u3000", None),
        (None, None),
    ],
)
def test_parse_text(cell: object, text: str | None) -> None:
    assert parse_text(cell) == text


@pytest.mark.parametrize(
    ("cell", "blank"),
    [(None, True), ("", True), (" \u3000\t", True), ("0", False), (0, False), (False, False)],
)
def test_is_blank(cell: object, blank: bool) -> None:
    assert is_blank(cell) is blank


def test_cell_error_is_a_value_error_that_pickles() -> None:
    error = CellError("abc", "this is not a number", EXPECTED_NUMBER)
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, CellError)
    assert (copy.received, copy.reason, copy.expected) == ("abc", error.reason, EXPECTED_NUMBER)
    assert str(error) == "cannot read 'abc' as a number: this is not a number"
