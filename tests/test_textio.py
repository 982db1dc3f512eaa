"""A file that is not CSV text gets the same problem (code, place, value received) from every
reader: SSDSE-A, e-Stat (whether the format is detected or given) and the actuals intake."""

from __future__ import annotations

from pathlib import Path

import pytest

from shisaku.domain.problems import Problem
from shisaku.intake.csv_file import decode_csv
from shisaku.stats.importer import Format, read
from shisaku.textio import refused_start

UTF16 = "地域コード,都道府県\n".encode("utf-16")
CASES = [
    pytest.param(UTF16, ("encoding", 1, 1, UTF16[:4].hex(" ")), id="utf-16"),
    pytest.param(b"PK\x03\x04zip", ("unsupported-file", 0, 0, None), id="workbook"),
    pytest.param(b'"a","b"\n"c",\x00\n', ("unreadable-file", 2, 5, "00 0a"), id="nul-byte"),
]


def _seen(problems: list[Problem], file: str) -> list[tuple[object, ...]]:
    return [
        (
            p.code,
            p.location.line,
            p.location.column,
            None if p.code == "unsupported-file" else p.received,
        )
        for p in problems
        if p.location is not None and Path(p.location.file).name == file
    ]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_the_start_of_a_file_decides(raw: bytes, expected: tuple[object, ...]) -> None:
    found = refused_start(raw, "f.csv", "text", "CSV")
    assert found is not None
    assert _seen([found], "f.csv") == [expected]
    assert refused_start(b'"a","b"\n"c","d"\n', "f.csv", "text", "CSV") is None


@pytest.mark.parametrize(("raw", "expected"), CASES)
@pytest.mark.parametrize("format", ["auto", "ssdse", "estat"])
def test_statistics_readers_give_one_problem(
    tmp_path: Path, raw: bytes, expected: tuple[object, ...], format: Format
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(raw)
    parsed = read(path, format)
    assert _seen(parsed.problems, "f.csv") == [expected]
    assert parsed.observations == []


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_the_actuals_intake_gives_the_same_problem(
    raw: bytes, expected: tuple[object, ...]
) -> None:
    problems: list[Problem] = []
    assert decode_csv(raw, "f.csv", problems) is None
    assert _seen(problems, "f.csv") == [expected]
