"""Read an actuals Excel workbook (.xlsx, .xlsm): every sheet whose header has indicator_id.

The workbook is opened read-only with the values Excel last calculated (``data_only``): a
formula cell gives its result. A file written by a program that does not store results
gives ``None`` for formula cells, which reads as empty.

Each sheet is searched for its header row (see :mod:`shisaku.intake.grid`); sheets without
one are skipped and listed in :attr:`RawTable.skipped_sheets
<shisaku.intake.table.RawTable.skipped_sheets>`. Hidden sheets are read like the others.

A number shown as a percentage (a cell formatted ``0.0%``, which Excel stores as 0.125 when
the user types 12.5%) is read as the text the user sees, ``12.5%``, so that the value
check refuses it like a typed ``%`` rather than store 0.125 for 12.5%.

Problems (codes):

* ``unreadable-file`` — the file cannot be read or is not an Excel workbook.
* ``missing-column`` — no sheet has a header row with ``indicator_id`` (received: the
  sheets skipped), or a header lacks a required column.
* ``duplicate-column`` — see :mod:`shisaku.intake.grid`.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, time, timedelta
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from shisaku.domain.problems import Location, Problem
from shisaku.intake.cells import CellValue
from shisaku.intake.columns import EXPECTED_COLUMNS
from shisaku.intake.csv_file import unreadable
from shisaku.intake.grid import HEADER_SEARCH_ROWS, rows_from_grid
from shisaku.intake.table import RawTable

__all__ = ["read_xlsx"]


def read_xlsx(path: Path, file: str) -> RawTable:
    """Read the workbook at ``path``; ``file`` is the name used in locations."""
    table = RawTable(file)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it drops (extensions, default styles).
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        table.problems.append(unreadable(file, error))
        return table
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as error:
        table.problems.append(
            Problem(
                "unreadable-file",
                f"this is not an Excel workbook this program reads: {error}",
                received=file,
                expected="an Excel workbook saved as .xlsx",
                location=Location(file, 0, 0),
            )
        )
        return table
    try:
        for sheet in workbook.worksheets:
            found = rows_from_grid(_grid(sheet.iter_rows(min_row=1)), file, sheet.title)
            if found.header_line is None:
                table.skipped_sheets.append(sheet.title)
                continue
            table.sheets.append(sheet.title)
            table.rows.extend(found.rows)
            table.problems.extend(found.problems)
    finally:
        workbook.close()
    if not table.sheets:
        table.problems.append(
            Problem(
                "missing-column",
                "no sheet has a header row with an indicator_id column in its first"
                f" {HEADER_SEARCH_ROWS} rows",
                received=", ".join(table.skipped_sheets),
                expected=EXPECTED_COLUMNS,
                location=Location(file, 0, 0),
            )
        )
    return table


def _grid(rows: Iterator[Sequence[object]]) -> Iterator[tuple[int, Sequence[CellValue]]]:
    for line, row in enumerate(rows, start=1):
        yield line, tuple(_value(cell) for cell in row)


def _value(cell: object) -> CellValue:
    value = getattr(cell, "value", None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "%" in str(getattr(cell, "number_format", "") or ""):
            return _percent(value)
        return value
    if value is None or isinstance(value, str | date | time | timedelta):
        return value
    return str(value)


def _percent(value: float) -> str:
    """The text Excel shows for ``value`` in a percentage format, without rounding it away.

    >>> _percent(0.125), _percent(1), _percent(0.07)
    ('12.5%', '100%', '7%')
    """
    shown = repr(round(value * 100, 10))
    return (shown.removesuffix(".0") if "e" not in shown else shown) + "%"
