"""What a reader gives: raw rows of cells, each cell with where the user finds it.

Locations follow :class:`~shisaku.domain.problems.Location`: ``line`` is the row number as
the user sees it (Excel's row number, or the line in a text editor, both 1-based),
``column`` the 1-based column index (0 for a whole row) and ``sheet`` the Excel sheet name
(``None`` for CSV). :func:`cell_ref` writes a location the way people look it up.

>>> cell_ref(Location("a.xlsx", 5, 3, "Sheet1")), cell_ref(Location("a.xlsx", 5, 0, "Sheet1"))
('Sheet1!C5', 'Sheet1!5:5')
>>> cell_ref(Location("a.xlsx", 12, 28, "産業振興課")), cell_ref(Location("b.xlsx", 2, 1, "My 1"))
('産業振興課!AB12', "'My 1'!A2")
>>> cell_ref(Location("a.csv", 5, 3)), cell_ref(Location("a.csv", 5, 0))
('line 5, column 3', 'line 5')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from shisaku.domain.problems import Location, Problem
from shisaku.intake.cells import CellValue

__all__ = ["RawCell", "RawRow", "RawTable", "cell_ref", "column_letter"]


@dataclass(frozen=True)
class RawCell:
    """One cell as read: the value (text for CSV, the Excel cell value) and its location."""

    value: CellValue
    location: Location


@dataclass(frozen=True)
class RawRow:
    """A non-blank data row: its location (column 0) and its cells by column name.

    ``cells`` has every column of :data:`~shisaku.intake.columns.COLUMNS` that the file
    has; a cell beyond the end of a short CSV line has the value ``None``.
    """

    location: Location
    cells: Mapping[str, RawCell]

    def value(self, column: str) -> CellValue:
        """The cell value in ``column``, ``None`` when the file has no such column."""
        cell = self.cells.get(column)
        return None if cell is None else cell.value

    def where(self, column: str) -> Location:
        """The location of the cell in ``column``, or of the row when there is no such column."""
        cell = self.cells.get(column)
        return self.location if cell is None else cell.location


@dataclass
class RawTable:
    """All data rows of a file, the problems met reading it, and which sheets were read.

    ``sheets`` lists the Excel sheets read (their header row has ``indicator_id``);
    ``skipped_sheets`` those without such a header. Both are empty for CSV files.
    """

    file: str
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)


def column_letter(column: int) -> str:
    """Excel's letters for a 1-based column index.

    >>> [column_letter(n) for n in (1, 26, 27, 52, 703)]
    ['A', 'Z', 'AA', 'AZ', 'AAA']
    """
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_ref(location: Location) -> str:
    """A location as people look it up: ``Sheet1!C5`` in Excel, ``line 5, column 3`` in CSV."""
    if location.sheet is None:
        if location.column == 0:
            return f"line {location.line}"
        return f"line {location.line}, column {location.column}"
    sheet = location.sheet
    if not all(ch.isalnum() or ch == "_" for ch in sheet):
        sheet = "'" + sheet.replace("'", "''") + "'"
    if location.column == 0:
        return f"{sheet}!{location.line}:{location.line}"
    return f"{sheet}!{column_letter(location.column)}{location.line}"
