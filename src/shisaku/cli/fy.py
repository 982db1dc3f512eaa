"""``shisaku fy TEXT…``: read fiscal years as people write them."""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import Annotated

import typer

from shisaku.domain.fiscal_year import FiscalYearError, era_label, fiscal_year_of, parse_fiscal_year

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def read_year(text: str) -> int:
    """A fiscal year from ``text``; an ISO date gives the fiscal year it falls in."""
    match = _ISO_DATE.match(text)
    if match:
        try:
            return fiscal_year_of(date(*(int(g) for g in match.groups())))
        except ValueError as error:
            raise FiscalYearError(text, f"not a calendar date ({error})") from None
    return parse_fiscal_year(text)


def fy(
    texts: Annotated[
        list[str], typer.Argument(help="Years: 2021, 令和3年度, R3, H33, 2021-04-01 …")
    ],
) -> None:
    """One line per input: INPUT<TAB>FISCAL_YEAR<TAB>ERA_LABEL; exit 1 if any cannot be read.

    An unreadable input prints INPUT<TAB>error<TAB>MESSAGE.
    """
    failed = False
    for text in texts:
        try:
            year = read_year(text)
            sys.stdout.write(f"{text}\t{year}\t{era_label(year)}\n")
        except FiscalYearError as error:
            failed = True
            sys.stdout.write(f"{text}\terror\t{error} (expected {error.expected})\n")
    if failed:
        raise typer.Exit(1)
