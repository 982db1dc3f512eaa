"""Reading users' text files, shared by every reader: where undecodable bytes are, and CSV
records with the line each one starts on. Problems are values, never exceptions.

>>> raw = "a,b\\nc,ü\\n".encode("latin-1")
>>> encoding_problem("x.csv", raw, raw.index(b"\\xfc"), "not UTF-8", "UTF-8").render()
"x.csv:2:3: encoding: not UTF-8 (received 'fc 0a'; expected UTF-8)"
>>> list(csv_records('a,b\\n"c\\nd",e\\nf,g\\n', "a.csv", [], "CSV"))
[(1, ['a', 'b']), (2, ['c\\nd', 'e']), (4, ['f', 'g'])]
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import replace

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


NOT_TEXT_BYTES = 4096
"""How much of a file's start :func:`refused_start` looks at for NUL bytes."""


def refused_start(raw: bytes, file: str, expected: str, workbook: str) -> Problem | None:
    """The problem when ``raw`` (a file's first bytes, at least) is not CSV text, the same for
    every reader: UTF-16 (``encoding``, at its first byte), an Excel workbook or another zip
    file (``unsupported-file``; ``workbook`` says what to give instead) or NUL bytes
    (``unreadable-file``, at the first one); None otherwise.

    >>> utf16 = refused_start(bytes.fromhex("fffe2200"), "u.csv", "UTF-8", "CSV")
    >>> utf16.code, utf16.where(), utf16.received
    ('encoding', 'u.csv:1:1', 'ff fe 22 00')
    >>> nul = refused_start(b"a,b\\nc,\\x00", "n.csv", "UTF-8", "CSV")
    >>> nul.code, nul.where(), nul.received
    ('unreadable-file', 'n.csv:2:3', '00')
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        message = "the file is UTF-16 text (Excel's 'Unicode text'), not UTF-8 or CP932"
        return encoding_problem(file, raw, 0, message, expected)
    if raw.startswith(b"PK\x03\x04"):
        return Problem(
            "unsupported-file",
            "this is an Excel workbook (or another zip file), not CSV text",
            received=file,
            expected=workbook,
            location=Location(file, 0, 0),
        )
    nul = raw.find(b"\x00", 0, NOT_TEXT_BYTES)
    if nul >= 0:
        found = encoding_problem(
            file, raw, nul, "the file holds NUL bytes: it is not CSV text", expected
        )
        return replace(found, code="unreadable-file")
    return None


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
