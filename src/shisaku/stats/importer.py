"""Import an official statistics file: detect its format, read it, store it all or nothing."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Literal

import duckdb

from shisaku.domain.problems import Location, Problem
from shisaku.stats.estat import read_estat
from shisaku.stats.estat_bulk import BULK_MIN_BYTES, bulk_import
from shisaku.stats.records import Parsed
from shisaku.stats.ssdse import read_ssdse
from shisaku.stats.store import Stored, already_imported, store

Format = Literal["auto", "ssdse", "estat"]


def detect(path: Path) -> Literal["ssdse", "estat"]:
    """``ssdse`` when the file starts like SSDSE (a row of item codes, then 地域コード),
    else ``estat``; the chosen reader then says precisely what it cannot read."""
    head = path.read_bytes()[:4096]
    text = ""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = head.decode("cp932", errors="replace")
    lines = [line.strip() for line in text.splitlines()[:3]]
    first = lines[0].split(",")[0].strip('"') if lines else ""
    third = lines[2].split(",")[0].strip('"') if len(lines) > 2 else ""
    if (first.startswith("SSDSE") or first == "code") and third == "地域コード":
        return "ssdse"
    return "estat"


def read(path: Path, format: Format = "auto") -> Parsed:
    """Read ``path`` with the reader for its format; provenance gets the file's name and hash."""
    if not path.is_file():
        problem = Problem(
            "unreadable-file",
            "no such file",
            received=str(path),
            expected="a CSV file from SSDSE or e-Stat",
            location=Location(str(path)),
        )
        return Parsed(None, problems=[problem])
    chosen = detect(path) if format == "auto" else format
    parsed = read_ssdse(path, str(path)) if chosen == "ssdse" else read_estat(path)
    parsed.problems = [_as_given(problem, path) for problem in parsed.problems]
    if parsed.dataset is not None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        parsed.dataset = replace(parsed.dataset, file_name=path.name, sha256=digest)
    return parsed


def _as_given(problem: Problem, path: Path) -> Problem:
    """Locations name the file as the user gave it (readers may use its bare name)."""
    where = problem.location
    if where is not None and where.file == path.name:
        return problem.at(replace(where, file=str(path)))
    return problem


def import_file(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    format: Format = "auto",
    dry_run: bool = False,
) -> tuple[Parsed, Stored | None]:
    """Read and, when there is no problem and it is not a dry run, store. Nothing on failure.

    An e-Stat file of :data:`~shisaku.stats.estat_bulk.BULK_MIN_BYTES` or more is imported by
    :func:`~shisaku.stats.estat_bulk.bulk_import` (DuckDB reads it; the same rows are stored,
    but ``parsed.observations`` stays empty)."""
    if _bulk(path, format, dry_run):
        parsed, stored = bulk_import(connection, path)
        parsed.problems = [_as_given(problem, path) for problem in parsed.problems]
        return parsed, stored
    parsed = read(path, format)
    if parsed.problems or parsed.dataset is None or dry_run:
        return parsed, None
    if already_imported(connection, parsed.dataset.sha256) is not None:
        return parsed, store(connection, parsed.dataset, [])
    return parsed, store(connection, parsed.dataset, parsed.observations)


def _bulk(path: Path, format: Format, dry_run: bool) -> bool:
    if dry_run or format == "ssdse" or not path.is_file():
        return False
    return path.stat().st_size >= BULK_MIN_BYTES and (format == "estat" or detect(path) == "estat")
