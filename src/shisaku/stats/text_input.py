"""Read a statistics text file: its bytes (with their SHA-256), its encoding, its CSV rows.

Encodings, tried in order: UTF-8 with a byte-order mark, UTF-8, then CP932 (Shift_JIS as
Windows writes it; SSDSE is published in it). The name of the encoding that read the file is
returned (``utf-8-sig``, ``utf-8`` or ``cp932``). Rows are numbered by the line they start on,
as a text editor shows it (a quoted field may span lines).

Problems (codes, as every reader gives them: :func:`shisaku.textio.refused_start`):
``unreadable-file`` (cannot be read; NUL bytes), ``unsupported-file`` (an Excel workbook or
another zip file), ``encoding`` (UTF-16; neither UTF-8 nor CP932, located at the first byte
that the encoding that read furthest could not read).

>>> decoded = decode("地域コード,x\\n".encode("cp932"), "a.csv")
>>> decoded.encoding, decoded.text, decoded.problems
('cp932', '地域コード,x\\n', [])
>>> list(csv_rows('a,b\\n"c\\nd",e\\nf,g\\n', "a.csv", []))
[(1, ['a', 'b']), (2, ['c\\nd', 'e']), (4, ['f', 'g'])]
>>> decode(b"\\xff\\xfe\\x00", "a.csv").problems[0].code
'encoding'
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from shisaku.domain.problems import Location, Problem
from shisaku.textio import csv_records, encoding_problem, refused_start

__all__ = ["EXPECTED_TEXT", "Decoded", "csv_rows", "decode", "read_text"]

NEWLINE = b"\n"
EXPECTED_TEXT = "CSV text in UTF-8 (with or without BOM) or Shift_JIS (CP932)"
"""One-line description of the files :func:`read_text` reads."""


@dataclass
class Decoded:
    """A file's text (None when it cannot be read), encoding, SHA-256 and problems."""

    text: str | None
    encoding: str | None = None
    sha256: str = ""
    problems: list[Problem] = field(default_factory=list)


def read_text(path: Path, file: str | None = None) -> Decoded:
    """Read and decode the file at ``path``; ``file`` (default: its name) is used in locations."""
    where = file if file is not None else path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        problem = Problem(
            "unreadable-file",
            f"cannot read the file: {error.strerror or error}",
            received=str(path),
            expected="a readable file",
            location=Location(where, 0, 0),
        )
        return Decoded(None, problems=[problem])
    return decode(raw, where)


def decode(raw: bytes, file: str) -> Decoded:
    """Decode ``raw`` (see the module docstring); ``file`` is used in locations."""
    digest = hashlib.sha256(raw).hexdigest()
    refused = refused_start(raw, file, EXPECTED_TEXT, EXPECTED_TEXT)
    if refused is not None:
        return Decoded(None, None, digest, [refused])
    encodings = ("utf-8-sig",) if raw.startswith(codecs.BOM_UTF8) else ("utf-8", "cp932")
    failures: list[UnicodeDecodeError] = []
    for encoding in encodings:
        try:
            return Decoded(raw.decode(encoding), encoding, digest)
        except UnicodeDecodeError as error:
            failures.append(error)
    furthest = max(failures, key=lambda e: e.start)
    return Decoded(
        None,
        None,
        digest,
        [
            encoding_problem(
                file,
                raw,
                furthest.start,
                f"line {raw.count(NEWLINE, 0, furthest.start) + 1} is neither UTF-8 nor Shift_JIS "
                "(CP932) text",
                EXPECTED_TEXT,
            )
        ],
    )


def csv_rows(text: str, file: str, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` for each CSV record of ``text``; a CSV error ends the rows with a
    problem appended to ``problems``."""
    return csv_records(text, file, problems, EXPECTED_TEXT)
