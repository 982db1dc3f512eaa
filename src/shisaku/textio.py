"""Reading users' text files, shared by every reader: where undecodable bytes are, and CSV
records with the line each one starts on. Problems are values, never exceptions.

>>> raw = "a,b\\nc,ü\\n".encode("latin-1")
>>> encoding_problem("x.csv", raw, raw.index(b"\\xfc"), "not UTF-8", "UTF-8").render()
"x.csv:2:3: encoding: not UTF-8 (received 'fc 0a'; expected UTF-8)"
>>> list(csv_records('a,b\\n"c\\nd",e\\nf,g\\n', "a.csv", [], "CSV"))
[(1, ['a', 'b']), (2, ['c\\nd', 'e']), (4, ['f', 'g'])]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from shisaku.domain.problems import Location, Problem


def encoding_problem(file: str, raw: bytes, start: int, message: str, expected: str) -> Problem:
    """An ``encoding`` problem at byte ``start`` of ``raw``, placed at its line and column."""
    line = raw[:start].count(b"\n") + 1
    column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
    return Problem(
        "encoding",
        message,
        received=raw[start : start + 4].hex(" "),
        expected=expected,
        location=Location(file, line, column),
    )


def csv_records(
    text: str, file: str, problems: list[Problem], expected: str
) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` for each CSV record; a CSV error ends the records with an
    ``unreadable-file`` problem appended to ``problems``."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(
            Problem(
                "unreadable-file",
                f"this is not CSV text this program reads: {error}",
                received=file,
                expected=expected,
                location=Location(file, reader.line_num, 0),
            )
        )
