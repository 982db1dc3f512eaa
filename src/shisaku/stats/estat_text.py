"""Open an e-Stat CSV as text, streaming: detect its encoding, yield records with their line.

Encodings: UTF-8 with a byte-order mark, UTF-8, then CP932 (Shift_JIS as e-Stat's "Shift-JIS"
downloads are), decided from the first megabyte; the rest is decoded as it is read. Problem
codes: ``encoding``, ``unsupported-file`` (a workbook), ``unreadable-file``, and ``not-estat``
(made here for :mod:`~shisaku.stats.estat_sniff`).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

from shisaku.domain.problems import Location, Problem
from shisaku.textio import encoding_problem, refused_start

__all__ = ["EXPECTED_ENCODING", "EXPECTED_HEADERS", "Records", "detect_encoding", "not_estat"]

EXPECTED_ENCODING = "CSV text in UTF-8 (with or without BOM) or Shift_JIS (CP932), as e-Stat gives"
SNIFF_BYTES = 1 << 20
"""How much of a file decides its encoding."""
EXPECTED_HEADERS = (
    'an e-Stat CSV: the API\'s "tab_code","表章項目",…,"area_code","地域","time_code",…,'
    '"unit","value","annotation" (with or without its RESULT/TABLE_INF/VALUE block); or the'
    ' site\'s download, "表章項目 コード","表章項目",…,"value" (English "Tabulation category'
    ' code",…,"value"), or its cross-tab form with "/表章事項 コード" rows above the header or'
    ' a "/時間軸" cell in it'
)
"""What a ``not-estat`` problem says was expected."""


def detect_encoding(path: Path, file: str) -> tuple[str | None, Problem | None]:
    """The codec to read ``path`` with, or None and the problem."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        return None, unreadable(file, f"cannot read the file: {error.strerror or error}")
    refused = refused_start(
        head, file, EXPECTED_ENCODING, "e-Stat's CSV download (choose CSV, not XLSX)"
    )
    if refused is not None:
        return None, refused
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    final = len(head) < SNIFF_BYTES
    failures: list[UnicodeDecodeError] = []
    for encoding in ("utf-8", "cp932"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=final)
        except UnicodeDecodeError as error:
            failures.append(error)
        else:
            return encoding, None
    furthest = max(failures, key=lambda error: error.start)
    line = head[: furthest.start].count(b"\n") + 1
    message = f"line {line} is neither UTF-8 nor Shift_JIS (CP932) text"
    return None, encoding_problem(file, head, furthest.start, message, EXPECTED_ENCODING)


class Records:
    """The CSV records of a text file, each with the line it starts on (1-based).

    Reading stops at the first byte the encoding cannot decode or at text that is not CSV;
    the problem is appended to ``problems``.
    """

    def __init__(self, path: Path, encoding: str, file: str) -> None:
        self.path = path
        self.encoding = encoding
        self.file = file
        self.problems: list[Problem] = []

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        start = 1
        try:
            with self.path.open(encoding=self.encoding, newline="") as handle:
                reader = csv.reader(handle)
                for record in reader:
                    yield start, record
                    start = reader.line_num + 1
        except UnicodeDecodeError as error:
            self.problems.append(
                Problem(
                    "encoding",
                    f"the file stops being {self.encoding} text near line {start}",
                    received=error.object[error.start : error.start + 4].hex(" "),
                    expected=EXPECTED_ENCODING,
                    location=Location(self.file, start, 0),
                )
            )
        except csv.Error as error:
            self.problems.append(
                unreadable(self.file, f"this is not CSV text: {error}", Location(self.file, start))
            )
        except OSError as error:
            self.problems.append(
                unreadable(self.file, f"cannot read the file: {error.strerror or error}")
            )


def unreadable(file: str, message: str, location: Location | None = None) -> Problem:
    return Problem(
        "unreadable-file",
        message,
        received=file,
        expected=EXPECTED_ENCODING,
        location=location or Location(file, 0, 0),
    )


def not_estat(
    file: str,
    first: tuple[int, list[str]] | None,
    near: tuple[int, list[str]] | None,
    metadata: list[tuple[str, tuple[str, ...]]],
    searched: int,
) -> Problem:
    """The problem for a file without a known header (``near``: a header-like row)."""
    status = dict(metadata)
    if "STATUS" in status and "ERROR_MSG" in status and not near:
        message = f"the e-Stat API answered without data: {' '.join(status['ERROR_MSG'])}"
        line, cells = first or (1, [])
    elif near is not None:
        line, cells = near
        message = "this header row has code columns but no value column and no spread columns"
    elif first is not None:
        line, cells = first
        message = f"no e-Stat header row in the first {searched} records"
    else:
        line, cells, message = 1, [], "the file is empty"
    received = ",".join(cells[:8]) + (",…" if len(cells) > 8 else "")
    return Problem(
        "not-estat",
        message,
        received=received,
        expected=EXPECTED_HEADERS,
        location=Location(file, line, 1),
    )
