"""From a grid of cells (a CSV file, an Excel sheet) to raw rows: find the header, map columns.

The header row is the first row, among the first :data:`HEADER_SEARCH_ROWS` rows, with a
cell naming ``indicator_id`` (see :mod:`shisaku.intake.columns`); rows above it (a title
block) are ignored. Below it, rows whose known columns are all empty are skipped.

Problems (codes):

* ``missing-column`` — the header lacks a required column (received: the header cells
  found; expected: the columns needed). No rows are read from such a grid.
* ``duplicate-column`` — two header cells name the same column; the first one is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from shisaku.domain.problems import Location, Problem
from shisaku.intake.cells import CellValue, is_blank, shown
from shisaku.intake.columns import EXPECTED_COLUMNS, REQUIRED, column_of
from shisaku.intake.table import RawCell, RawRow, cell_ref

__all__ = ["HEADER_SEARCH_ROWS", "GridRows", "rows_from_grid"]

HEADER_SEARCH_ROWS = 20
"""How many rows from the top are searched for the header row."""

Grid = Iterable[tuple[int, Sequence[CellValue]]]
"""Rows of cells, each with its 1-based row (or line) number."""


@dataclass
class GridRows:
    """What one grid holds: its header line (``None`` without a header), rows and problems.

    ``first_cells`` is the first non-blank row's text, to show when no header was found.
    """

    header_line: int | None = None
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    first_cells: tuple[str, ...] = ()


def rows_from_grid(grid: Grid, file: str, sheet: str | None = None) -> GridRows:
    """Find the header in ``grid`` and read the rows below it."""
    result = GridRows()
    lines = iter(grid)
    columns: dict[str, int] = {}
    for count, (line, cells) in enumerate(lines, start=1):
        if not result.first_cells and not all(is_blank(c) for c in cells):
            result.first_cells = tuple(shown(c).strip() for c in cells if not is_blank(c))
        if any(column_of(c) == "indicator_id" for c in cells):
            result.header_line = line
            columns = _map_header(cells, Location(file, line, 0, sheet), result.problems)
            break
        if count >= HEADER_SEARCH_ROWS:
            return result
    if result.header_line is None or any(p.code == "missing-column" for p in result.problems):
        return result
    for line, cells in lines:
        row = _row(cells, columns, Location(file, line, 0, sheet))
        if row is not None:
            result.rows.append(row)
    return result


def _map_header(
    cells: Sequence[CellValue], where: Location, problems: list[Problem]
) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = column_of(cell)
        if name is None:
            continue
        if name in columns:
            at = Location(where.file, where.line, index + 1, where.sheet)
            first = Location(where.file, where.line, columns[name] + 1, where.sheet)
            problems.append(
                Problem(
                    "duplicate-column",
                    f"{cell_ref(at)}: a second {name} column; {cell_ref(first)} is read",
                    received=shown(cell),
                    expected=f"one {name} column",
                    location=at,
                )
            )
            continue
        columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        found = [shown(c).strip() for c in cells if not is_blank(c)]
        problems.append(
            Problem(
                "missing-column",
                f"{cell_ref(where)}: the header row has no {', '.join(missing)} column",
                received=", ".join(found),
                expected=EXPECTED_COLUMNS,
                location=where,
            )
        )
    return columns


def _row(cells: Sequence[CellValue], columns: dict[str, int], where: Location) -> RawRow | None:
    raw: dict[str, RawCell] = {}
    for name, index in columns.items():
        value = cells[index] if index < len(cells) else None
        raw[name] = RawCell(value, Location(where.file, where.line, index + 1, where.sheet))
    if all(is_blank(cell.value) for cell in raw.values()):
        return None
    return RawRow(where, raw)
