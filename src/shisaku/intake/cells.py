"""Read cells as people type them: numbers, fiscal years, 速報/確報 and free text.

Each parser takes a cell value as a reader gives it — text from a CSV file, or an ``int``,
``float``, ``str``, ``datetime`` or ``None`` from an Excel cell — and returns the value or
raises :class:`CellError`, which carries ``received`` (the cell as the user sees it),
``expected`` (the accepted forms) and ``reason`` (what is wrong with this cell).

An empty cell (``None``, or text of spaces only, the full-width space U+3000 included) is
*missing*, not wrong: test it with :func:`is_blank` first; the parsers refuse it.

Numbers: full-width digits and signs, thousands separators, △/▲ for negatives, and numbers
already numeric in Excel are read; the rest is refused, each with a reason.

>>> [parse_number(t) for t in ("1234", "1,234", "１，２３４", " 12.5　", "－５", "+3")]
[1234, 1234, 1234, 12.5, -5, 3]
>>> [parse_number(t) for t in ("△1,200", "▲ 3.5", "−4", "0", ".5")]
[-1200, -3.5, -4, 0, 0.5]
>>> parse_number(2021.0), parse_number(7)
(2021.0, 7)

A trailing ``%`` is refused rather than stripped: "12.5%" may mean 12.5 (the indicator's
unit is %) or 0.125, and a silent guess would be off by a factor of 100.

>>> parse_number("12.5%")
Traceback (most recent call last):
  ...
shisaku.intake.cells.CellError: cannot read '12.5%' as a number: write the number without %; \
the indicator's unit says it is a percentage (12.5 for 12.5%)
>>> parse_number("1,23")
Traceback (most recent call last):
  ...
shisaku.intake.cells.CellError: cannot read '1,23' as a number: commas must separate \
thousands (1,234); write decimals with a point (1.5)

Status and fiscal year:

>>> parse_status("速報"), parse_status(" Final "), parse_status("")
('preliminary', 'final', None)
>>> parse_year("令和7年度"), parse_year(2025), parse_year(2025.0), parse_year("FY2025")
(2025, 2025, 2025, 2025)
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta

from shisaku.domain.fiscal_year import EXPECTED as EXPECTED_YEAR
from shisaku.domain.fiscal_year import FiscalYearError, parse_fiscal_year
from shisaku.domain.plan import Status

__all__ = [
    "EXPECTED_NUMBER",
    "EXPECTED_STATUS",
    "EXPECTED_YEAR",
    "CellError",
    "CellValue",
    "is_blank",
    "parse_number",
    "parse_status",
    "parse_text",
    "parse_year",
    "shown",
]

CellValue = str | int | float | bool | date | time | timedelta | None
"""What a reader puts in a cell: text (CSV), or what openpyxl gives for an Excel cell."""

EXPECTED_NUMBER = "a number such as 1234, 1,234, 12.5, -12, △12 or １２３４ (no % and no unit)"
"""One-line description of the forms :func:`parse_number` accepts."""

EXPECTED_STATUS = "速報 (preliminary) or 確報 (final); an empty cell means 確報"
"""One-line description of the forms :func:`parse_status` accepts."""


class CellError(ValueError):
    """A cell that cannot be read as ``what``: what was received, why not, and what would do.

    >>> err = CellError("abc", "this is not a number", EXPECTED_NUMBER)
    >>> err.received, err.reason, isinstance(err, ValueError)
    ('abc', 'this is not a number', True)
    """

    received: str
    reason: str
    expected: str
    what: str

    def __init__(self, received: str, reason: str, expected: str, what: str = "a number") -> None:
        self.received = received
        self.reason = reason
        self.expected = expected
        self.what = what
        super().__init__(f"cannot read {received!r} as {what}: {reason}")

    def __reduce__(self) -> tuple[type[CellError], tuple[str, str, str, str]]:
        return (type(self), (self.received, self.reason, self.expected, self.what))


# Full-width digits and signs, the minus sign U+2212 and the ideographic space to ASCII.
_NARROW: dict[int, int] = {0xFF10 + i: 0x30 + i for i in range(10)} | {
    ord("－"): ord("-"),
    ord("＋"): ord("+"),
    ord("．"): ord("."),
    ord("，"): ord(","),
    ord("％"): ord("%"),
    0x2212: ord("-"),
    0x3000: ord(" "),
}
_NUMBER = re.compile(
    r"(?P<sign>[-+△▲])?\s*"
    r"(?P<body>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
)
_NO_VALUE_MARKS = {"-", "--", "―", "ー", "…", "x", "*", "n/a", "na", "null", "不明", "未定", "なし"}
_EXCEL_ERROR = re.compile(r"#(?:N/A|[A-Z0-9/]+[!?])", re.IGNORECASE)
_STATUS: dict[str, Status] = {
    "速報": "preliminary",
    "速報値": "preliminary",
    "preliminary": "preliminary",
    "確報": "final",
    "確報値": "final",
    "final": "final",
}


def is_blank(value: object) -> bool:
    """Whether a cell is empty: ``None`` or text of (possibly full-width) spaces only.

    >>> is_blank(None), is_blank(" \\u3000"), is_blank(0), is_blank("0")
    (True, True, False, False)
    """
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: object) -> str:
    """A cell value as the user sees it: text as typed, TRUE/FALSE, dates in ISO form."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def parse_number(value: object) -> int | float:
    """A number from a cell; see the module docstring for the accepted forms.

    Excel numbers pass through (NaN and infinity are refused); TRUE/FALSE, dates, empty
    cells and text that is not one of the accepted forms raise :class:`CellError`.
    """
    if isinstance(value, bool):
        raise CellError(shown(value), "a TRUE/FALSE cell is not a number", EXPECTED_NUMBER)
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError(shown(value), "this is not a finite number", EXPECTED_NUMBER)
        return value
    if isinstance(value, date | time | timedelta):
        reason = "this is a date or time (Excel may have turned 1/2 into a date), not a number"
        raise CellError(shown(value), reason, EXPECTED_NUMBER)
    if not isinstance(value, str) or is_blank(value):
        raise CellError(shown(value), "the cell is empty", EXPECTED_NUMBER)
    text = value.translate(_NARROW).strip()
    if m := _NUMBER.fullmatch(text):
        body = m["body"].replace(",", "")
        number: int | float = float(body) if "." in body else int(body)
        return -number if m["sign"] in ("-", "△", "▲") else number
    raise CellError(value, _number_reason(text), EXPECTED_NUMBER)


def _number_reason(text: str) -> str:
    if text.casefold() in _NO_VALUE_MARKS:
        return "this marks 'no value'; leave the cell empty when there is nothing to report"
    if _EXCEL_ERROR.fullmatch(text):
        return "this is an Excel error value; correct the formula or type the number"
    if text.endswith("%") and _NUMBER.fullmatch(text[:-1].rstrip()):
        number = text[:-1].rstrip()
        return (
            "write the number without %; the indicator's unit says it is a percentage "
            f"({number} for {number}%)"
        )
    if "," in text and _NUMBER.fullmatch(text.replace(",", "")):
        return "commas must separate thousands (1,234); write decimals with a point (1.5)"
    if re.search(r"[0-9]", text):
        return "write only the number, without a unit or other text"
    return "this is not a number"


def parse_status(value: object) -> Status | None:
    """``preliminary`` (速報) or ``final`` (確報); ``None`` for an empty cell.

    Case, surrounding spaces and full-width letters do not matter; 速報値/確報値 are read too.

    >>> parse_status("速報値"), parse_status("ＦＩＮＡＬ"), parse_status(None)
    ('preliminary', 'final', None)
    >>> parse_status("暫定")
    Traceback (most recent call last):
      ...
    shisaku.intake.cells.CellError: cannot read '暫定' as a status: this is not a status \
this program reads
    """
    if is_blank(value):
        return None
    text = shown(value)
    status = _STATUS.get(unicodedata.normalize("NFKC", text).strip().casefold())
    if status is None:
        reason = "this is not a status this program reads"
        raise CellError(text, reason, EXPECTED_STATUS, "a status")
    return status


def parse_year(value: object) -> int:
    """A fiscal year from a cell: Excel numbers (2021, 2021.0) or text read by
    :func:`~shisaku.domain.fiscal_year.parse_fiscal_year` (2021年度, 令和3年度, R3, FY2021).

    >>> parse_year(21)
    Traceback (most recent call last):
      ...
    shisaku.intake.cells.CellError: cannot read '21' as a fiscal year: a one- or two-digit \
year is ambiguous; write it in full (2021) or with its era (R3)
    """
    if is_blank(value):
        raise CellError(shown(value), "the cell is empty", EXPECTED_YEAR, "a fiscal year")
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        reason = "a fiscal year is a whole number such as 2021"
        raise CellError(shown(value), reason, EXPECTED_YEAR, "a fiscal year")
    if isinstance(value, date | time | timedelta):
        reason = "this is a date; give a fiscal year, not a date"
        raise CellError(shown(value), reason, EXPECTED_YEAR, "a fiscal year")
    text = shown(value)
    try:
        return parse_fiscal_year(text)
    except FiscalYearError as error:
        raise CellError(text, error.reason, error.expected, "a fiscal year") from None


def parse_text(value: object) -> str | None:
    """Free text (source, note, ids): stripped, or ``None`` for an empty cell.

    >>> parse_text("  市調べ　"), parse_text(2021.0), parse_text(""), parse_text(None)
    ('市調べ', '2021', None, None)
    """
    if is_blank(value):
        return None
    return shown(value).strip()
