"""Read an actuals CSV file: detect its encoding, then read rows with their line numbers.

Encodings, tried in this order: UTF-8 with a byte-order mark (Excel's "CSV UTF-8"), UTF-8,
then CP932 (Shift_JIS as Windows and Excel write it). Fields are separated by commas and
may be quoted; a quoted field may span lines, and rows are numbered by the line they start
on, as a text editor shows it.

Problems (codes):

* ``encoding`` — the file is neither UTF-8 nor CP932 text (located at the first byte that
  the encoding that read furthest could not read), or is UTF-16 ("Unicode text").
* ``unsupported-file`` — the file is an Excel workbook (a zip) with a ``.csv`` name.
* ``unreadable-file`` — the file cannot be read, or is not CSV (e.g. holds NUL bytes).
* ``missing-column`` — no header row with ``indicator_id`` (see :mod:`~shisaku.intake.grid`).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from shisaku.domain.problems import Location, Problem
from shisaku.intake.columns import EXPECTED_COLUMNS
from shisaku.intake.grid import HEADER_SEARCH_ROWS, rows_from_grid
from shisaku.intake.table import RawTable
from shisaku.textio import csv_records, encoding_problem, refused_start

__all__ = ["EXPECTED_ENCODING", "decode_csv", "read_csv"]

EXPECTED_ENCODING = (
    "CSV text in UTF-8 (with or without BOM) or Shift_JIS (CP932);"
    " in Excel save as 'CSV UTF-8 (comma delimited)'"
)
"""One-line description of the encodings :func:`read_csv` reads."""

_ENCODING_NAMES = {"utf-8": "UTF-8", "cp932": "Shift_JIS (CP932)"}


def read_csv(path: Path, file: str) -> RawTable:
    """Read the CSV file at ``path``; ``file`` is the name used in locations."""
    table = RawTable(file)
    try:
        raw = path.read_bytes()
    except OSError as error:
        table.problems.append(unreadable(file, error))
        return table
    text = decode_csv(raw, file, table.problems)
    if text is None:
        return table
    grid = csv_records(text, file, table.problems, EXPECTED_ENCODING)
    found = rows_from_grid(grid, file)
    table.rows.extend(found.rows)
    table.problems.extend(found.problems)
    if found.header_line is None and not table.problems:
        table.problems.append(
            Problem(
                "missing-column",
                f"no header row with an indicator_id column in the first {HEADER_SEARCH_ROWS}"
                " lines",
                received=", ".join(found.first_cells),
                expected=EXPECTED_COLUMNS,
                location=Location(file, 1, 0),
            )
        )
    return table


def unreadable(file: str, error: OSError) -> Problem:
    """The problem for a file that cannot be read at all."""
    return Problem(
        "unreadable-file",
        f"cannot read the file: {error.strerror or error}",
        received=file,
        expected="a readable .csv or .xlsx file",
        location=Location(file, 0, 0),
    )


def decode_csv(raw: bytes, file: str, problems: list[Problem]) -> str | None:
    """The text of a CSV file, or ``None`` with a problem appended to ``problems``."""
    refused = refused_start(
        raw, file, EXPECTED_ENCODING, "a .xlsx name for an Excel workbook, or CSV text"
    )
    if refused is not None:
        problems.append(refused)
        return None
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            problems.append(
                encoding_problem(
                    file, raw, error.start, _not("utf-8", error.start, raw), EXPECTED_ENCODING
                )
            )
            return None
    failures: list[UnicodeDecodeError] = []
    for encoding in ("utf-8", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as error:
            failures.append(error)
    furthest = max(failures, key=lambda e: e.start)
    problems.append(
        encoding_problem(
            file,
            raw,
            furthest.start,
            _not(furthest.encoding, furthest.start, raw),
            EXPECTED_ENCODING,
        )
    )
    return None


def _not(encoding: str, start: int, raw: bytes) -> str:
    name = _ENCODING_NAMES.get(encoding.replace("_", "-").lower(), encoding)
    others = [n for n in _ENCODING_NAMES.values() if n != name]
    line = raw[:start].count(b"\n") + 1
    return f"line {line} is not {name} text (nor is the file {' or '.join(others)})"
