"""Japanese fiscal years (年度) and eras (和暦). Pure functions, standard library only.

A fiscal year runs from April 1 to March 31 and is named by the calendar year in which it
starts: FY2021 (2021年度, 令和3年度) is 2021-04-01 .. 2022-03-31.

>>> from datetime import date
>>> fiscal_year_of(date(2022, 3, 31))
2021
>>> fiscal_year_range(2021)
(datetime.date(2021, 4, 1), datetime.date(2022, 3, 31))
>>> era_label(2019)
'令和元年度'
>>> parse_fiscal_year("令和３年度"), parse_fiscal_year("H33"), parse_fiscal_year("FY 2021")
(2021, 2021, 2021)
>>> parse_fiscal_year("2021/04/01")
Traceback (most recent call last):
  ...
shisaku.domain.fiscal_year.FiscalYearError: cannot read '2021/04/01' as a fiscal year: \
this looks like a date; give a fiscal year, not a date
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "ERAS",
    "EXPECTED",
    "MAX_YEAR",
    "MIN_YEAR",
    "Era",
    "FiscalYearError",
    "era_label",
    "era_year",
    "fiscal_year_of",
    "fiscal_year_range",
    "parse_fiscal_year",
]

MIN_YEAR = 1868
"""The first year :func:`parse_fiscal_year` accepts (明治元年)."""
MAX_YEAR = 2200
"""The last year :func:`parse_fiscal_year` accepts."""

EXPECTED = (
    "a fiscal year such as 2021, 2021年度, FY2021, 令和3年度, R3, H33, 平成33年度, 令和元年度"
)
"""One-line description of the forms :func:`parse_fiscal_year` accepts."""


class FiscalYearError(ValueError):
    """Text (or a year number) that cannot be read as a fiscal year.

    ``received`` is the input text, ``expected`` describes the accepted forms and ``reason``
    says what was wrong with this input.

    >>> err = FiscalYearError("令和", "an era name needs a year number")
    >>> str(err)
    "cannot read '令和' as a fiscal year: an era name needs a year number"
    >>> err.received, isinstance(err, ValueError)
    ('令和', True)
    """

    received: str
    expected: str
    reason: str

    def __init__(self, received: str, reason: str, expected: str = EXPECTED) -> None:
        self.received = received
        self.reason = reason
        self.expected = expected
        super().__init__(f"cannot read {received!r} as a fiscal year: {reason}")

    def __reduce__(self) -> tuple[type[FiscalYearError], tuple[str, str, str]]:
        return (type(self), (self.received, self.reason, self.expected))


@dataclass(frozen=True, slots=True)
class Era:
    """A Japanese era (元号): kanji name, one-letter abbreviation, first day, last era-year.

    ``last_year`` is the last era-year number (昭和 ended in its year 64), None for the
    current era.
    """

    name: str
    letter: str
    start: date
    last_year: int | None

    @property
    def first_year(self) -> int:
        """The calendar year of era-year 1 (元年)."""
        return self.start.year


ERAS: tuple[Era, ...] = (
    # 明治 was adopted on 1868-10-23 (明治元年9月8日) and applied retroactively to the whole
    # lunar year that began on 1868-01-25 (慶応4年1月1日). We record the adoption date;
    # either way 明治元年 is the calendar year 1868, which is all the year arithmetic uses.
    Era("明治", "M", date(1868, 10, 23), 45),
    Era("大正", "T", date(1912, 7, 30), 15),
    Era("昭和", "S", date(1926, 12, 25), 64),
    Era("平成", "H", date(1989, 1, 8), 31),
    Era("令和", "R", date(2019, 5, 1), None),
)
"""The eras from 明治 on, oldest first."""

# Documents written before the 2019 era change extend 平成 past its end (平成33年度 = 2021).
_EXTENDED_LAST_YEAR: dict[str, int] = {"平成": 99}
_ERA_BY_KEY: dict[str, Era] = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}


def fiscal_year_of(d: date) -> int:
    """The fiscal year containing ``d``.

    >>> fiscal_year_of(date(2021, 4, 1)), fiscal_year_of(date(2022, 3, 31))
    (2021, 2021)
    """
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_range(fy: int) -> tuple[date, date]:
    """The first and last day of fiscal year ``fy``: April 1 of ``fy`` to March 31 of ``fy+1``.

    >>> fiscal_year_range(2019)
    (datetime.date(2019, 4, 1), datetime.date(2020, 3, 31))
    """
    return date(fy, 4, 1), date(fy + 1, 3, 31)


def era_year(fy: int) -> tuple[Era, int]:
    """The era and era-year of fiscal year ``fy``, using the era in effect on December 31.

    >>> era, n = era_year(1989)
    >>> era.name, n
    ('平成', 1)
    >>> era_year(1867)
    Traceback (most recent call last):
      ...
    shisaku.domain.fiscal_year.FiscalYearError: cannot read '1867' as a fiscal year: \
years before 明治 (1868) have no era
    """
    if fy < ERAS[0].first_year:
        raise FiscalYearError(str(fy), f"years before 明治 ({ERAS[0].first_year}) have no era")
    # Every era start falls on or before December 31 of its own first year.
    era = next(e for e in reversed(ERAS) if e.first_year <= fy)
    return era, fy - era.first_year + 1


def era_label(fy: int) -> str:
    """The 和暦 label of fiscal year ``fy``: year 1 is written 元, other years in Arabic digits.

    >>> [era_label(fy) for fy in (1926, 1988, 1989, 2019, 2021)]
    ['昭和元年度', '昭和63年度', '平成元年度', '令和元年度', '令和3年度']
    """
    era, n = era_year(fy)
    return f"{era.name}{'元' if n == 1 else n}年度"


# Full-width ASCII (U+FF01..U+FF5E) to ASCII, ideographic space and minus sign to ASCII.
_NARROW: dict[int, int] = {0xFF01 + i: 0x21 + i for i in range(94)} | {
    0x3000: 0x20,
    0x2212: 0x2D,
}
_SUFFIX = r"\s*(?:年度|年)?"
_WESTERN = re.compile(r"(?:FY\s*)?(?P<sign>-)?\s*(?P<num>[0-9]+)" + _SUFFIX)
_ERA_FORM = re.compile(
    "(?P<era>{}|[{}])\\.?\\s*(?P<sign>-)?\\s*(?P<num>[0-9]+|元)?".format(
        "|".join(e.name for e in ERAS), "".join(e.letter for e in ERAS)
    )
    + _SUFFIX
)
_DATE = re.compile(
    r"[0-9]\s*[/.\-]\s*[0-9]+\s*[/.\-]\s*[0-9]"  # 2021/04/01, 2021-4-1, R3.4.1
    r"|[0-9]\s*[月日]"  # 2021年4月1日, 令和3年4月
    r"|^[0-9]{4}\s*[/\-]\s*(?:0?[1-9]|1[0-2])$"  # 2021/04
)


def parse_fiscal_year(text: str) -> int:
    """Read a fiscal year as people type it; raise :class:`FiscalYearError` otherwise.

    Accepted: a four-digit year (1868..2200) optionally prefixed ``FY`` and/or followed by
    年度 or 年; an era name or letter (M T S H R, either case, optional ``.``) with an era
    year or 元, optionally followed by 年度 or 年. Full-width digits, letters and spaces are
    read as their ASCII forms. 平成 may run past its end up to 平成99 (平成33 = 2021) as in
    documents written before 2019; other eras may not. Never guesses: bare one- or two-digit
    numbers, dates and era names without a year are refused.

    >>> [parse_fiscal_year(t) for t in ("2021", "2021年度", "２０２１", "FY2021", "令和3")]
    [2021, 2021, 2021, 2021, 2021]
    >>> [parse_fiscal_year(t) for t in ("R03", "r3", "Ｒ３", "平成33年度", "令和 3 年度")]
    [2021, 2021, 2021, 2021, 2021]
    >>> parse_fiscal_year("令和元年度"), parse_fiscal_year("昭和64"), parse_fiscal_year("S63")
    (2019, 1989, 1988)
    >>> parse_fiscal_year("21")
    Traceback (most recent call last):
      ...
    shisaku.domain.fiscal_year.FiscalYearError: cannot read '21' as a fiscal year: \
a one- or two-digit year is ambiguous; write it in full (2021) or with its era (R3)
    >>> parse_fiscal_year("昭和65")
    Traceback (most recent call last):
      ...
    shisaku.domain.fiscal_year.FiscalYearError: cannot read '昭和65' as a fiscal year: \
昭和 ended in 昭和64 (1989), so 昭和65 does not exist
    """
    s = text.translate(_NARROW).strip().upper()
    if not s:
        raise FiscalYearError(text, "the text is empty")
    if _DATE.search(s):
        raise FiscalYearError(text, "this looks like a date; give a fiscal year, not a date")
    if m := _WESTERN.fullmatch(s):
        return _western_year(text, m)
    if m := _ERA_FORM.fullmatch(s):
        return _era_form_year(text, m)
    raise FiscalYearError(text, "this is not a form of fiscal year this program reads")


def _western_year(text: str, m: re.Match[str]) -> int:
    digits = m["num"]
    if m["sign"]:
        raise FiscalYearError(text, "a year cannot be negative")
    if int(digits) == 0:
        raise FiscalYearError(text, "there is no year 0")
    if len(digits) <= 2:
        raise FiscalYearError(
            text,
            "a one- or two-digit year is ambiguous; write it in full (2021) or with its era (R3)",
        )
    fy = int(digits)
    if len(digits) != 4 or not MIN_YEAR <= fy <= MAX_YEAR:
        raise FiscalYearError(text, f"the year must have four digits, {MIN_YEAR} to {MAX_YEAR}")
    return fy


def _era_form_year(text: str, m: re.Match[str]) -> int:
    era = _ERA_BY_KEY[m["era"]]
    if m["num"] is None:
        raise FiscalYearError(text, f"an era name needs a year number, e.g. {era.name}3年度")
    if m["sign"]:
        raise FiscalYearError(text, "a year cannot be negative")
    n = 1 if m["num"] == "元" else int(m["num"])
    if n == 0:
        raise FiscalYearError(text, "era years start at 1 (元年); there is no year 0")
    extended = _EXTENDED_LAST_YEAR.get(era.name)
    if extended is not None and n > extended:
        raise FiscalYearError(text, f"{era.name} years are accepted up to {era.name}{extended}")
    if extended is None and era.last_year is not None and n > era.last_year:
        end = era.first_year + era.last_year - 1
        raise FiscalYearError(
            text,
            f"{era.name} ended in {era.name}{era.last_year} ({end}), "
            f"so {era.name}{n} does not exist",
        )
    fy = era.first_year + n - 1
    if fy > MAX_YEAR:
        raise FiscalYearError(text, f"the year must be between {MIN_YEAR} and {MAX_YEAR}")
    return fy
