"""Read an actuals file, CSV or Excel, into a :class:`~shisaku.intake.table.RawTable`.

``read_rows`` never raises for a problem in the file: it returns the rows it could read and
the problems it met. Problem codes: ``unsupported-file`` (a file type other than .csv,
.xlsx, .xlsm), plus those of :mod:`~shisaku.intake.csv_file` (``encoding``,
``unreadable-file``, ``missing-column``) and :mod:`~shisaku.intake.xlsx_file`
(``unreadable-file``, ``missing-column``, ``duplicate-column``).

>>> table = read_rows("actuals.xls")
>>> [(p.code, p.expected) for p in table.problems]
[('unsupported-file', 'a .csv or .xlsx file; save an .xls workbook as .xlsx')]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from shisaku.domain.problems import Location, Problem
from shisaku.intake.csv_file import read_csv
from shisaku.intake.table import RawTable
from shisaku.intake.xlsx_file import read_xlsx

__all__ = ["READERS", "read_rows"]

READERS: dict[str, Callable[[Path, str], RawTable]] = {
    ".csv": read_csv,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
}
"""The reader for each file-name extension (matched case-insensitively)."""

_HINTS = {
    ".xls": "; save an .xls workbook as .xlsx",
    ".ods": "; save the spreadsheet as .xlsx",
    ".tsv": "; save the data as CSV (comma delimited)",
    ".txt": "; save the data as CSV (comma delimited) with a .csv name",
}


def read_rows(path: str | Path) -> RawTable:
    """The data rows of the actuals file at ``path``, and the problems met reading it."""
    file = str(path)
    suffix = Path(path).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        problem = Problem(
            "unsupported-file",
            f"cannot read {suffix or 'files without an extension'}: not a CSV or Excel file",
            received=Path(path).name,
            expected="a .csv or .xlsx file" + _HINTS.get(suffix, ""),
            location=Location(file, 0, 0),
        )
        return RawTable(file, problems=[problem])
    return reader(Path(path), file)
