"""What :mod:`shisaku.stats.estat_bulk` finds in a file before and after its ``INSERT``: the
distinct items (from every row, or from a sample), the rows it refused, the items it reports."""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Sequence
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any

import duckdb

from shisaku.domain.problems import Location, Problem
from shisaku.stats.estat_bulk_keys import Key, Lookup, key_columns
from shisaku.stats.estat_bulk_query import Plan
from shisaku.stats.estat_layout import EstatLayout
from shisaku.stats.estat_rows import bad_value
from shisaku.stats.estat_templates import Bad, Templates
from shisaku.stats.estat_text import Records
from shisaku.stats.markers import StatValueError, parse_stat
from shisaku.stats.records import Dataset
from shisaku.stats.store import KEY_TABLES

__all__ = [
    "all_keys",
    "bad_rows",
    "data_start",
    "first_rows",
    "notes",
    "notes_at",
    "prune",
    "sample_keys",
    "transcode",
]

SAMPLE_FROM_BYTES = 64 << 20
"""Files from this size up have their items found from a sample (smaller ones: every row)."""
SAMPLE_STRIDE = 256 << 10
SAMPLE_WINDOW = 2 << 10


def transcode(path: Path, layout: EstatLayout, folder: Path) -> Path | None:
    """``path`` when it is UTF-8; else a UTF-8 copy in ``folder`` (None: it cannot be decoded)."""
    if layout.encoding in ("utf-8", "utf-8-sig"):
        return path
    target = folder / "utf8.csv"
    decoder = codecs.getincrementaldecoder(layout.encoding or "cp932")()
    try:
        with path.open("rb") as source, target.open("wb") as copy:
            for chunk in iter(lambda: source.read(1 << 22), b""):
                copy.write(decoder.decode(chunk).encode("utf-8"))
            copy.write(decoder.decode(b"", final=True).encode("utf-8"))
    except UnicodeDecodeError:
        return None
    return target


def all_keys(
    connection: duckdb.DuckDBPyConnection, source: Path, layout: EstatLayout, read_csv: str
) -> list[set[Key]]:
    """The distinct key cells of each lookup (:func:`key_columns`), from every row."""
    groups = key_columns(layout)
    used = sorted({c for group in groups for c in group})
    found: list[set[Key]] = [set() if group else {()} for group in groups]
    if not used:
        return found
    cells = ", ".join(f"coalesce(c{c}, '') AS c{c}" for c in used)
    sets = ", ".join("(" + ", ".join(f"c{c}" for c in g) + ")" for g in groups if g)
    rows = connection.execute(
        f"SELECT {', '.join(f'c{c}' for c in used)} FROM (SELECT {cells} FROM {read_csv})"
        f" GROUP BY GROUPING SETS ({sets})",
        {"path": str(source)},
    ).fetchall()
    for row in rows:
        present = {c for c, cell in zip(used, row, strict=True) if cell is not None}
        by_column = dict(zip(used, row, strict=True))
        for group, keys in zip(groups, found, strict=True):
            if group and present == set(group):
                keys.add(tuple(by_column[c] for c in group))
    return found


def sample_keys(source: Path, layout: EstatLayout) -> list[set[Key]] | None:
    """The key cells found in windows of :data:`SAMPLE_WINDOW` bytes every
    :data:`SAMPLE_STRIDE` bytes of the data part (UTF-8), or None: for a small file, and when
    some key shows in one window only (then others may show in none: read every row instead).

    A window starting inside a quoted cell that spans lines may add keys no row has: they match
    nothing, and what is reported comes from the stored rows."""
    size = source.stat().st_size
    if size < SAMPLE_FROM_BYTES:
        return None
    groups = key_columns(layout)
    getters = [itemgetter(*group) for group in groups if group]
    seen: list[Counter[Any]] = [Counter() for _ in getters]
    width = len(layout.columns)
    with source.open("rb") as handle:
        start = _data_start(handle, layout.header_line)
        if start is None:
            return None
        for position in [*range(start, size, SAMPLE_STRIDE), max(start, size - SAMPLE_WINDOW)]:
            handle.seek(position)
            chunk = handle.read(SAMPLE_WINDOW)
            first = 0 if position == start else chunk.find(b"\n") + 1
            try:
                text = chunk[first : chunk.rfind(b"\n") + 1].decode("utf-8")
            except UnicodeDecodeError:
                continue
            rows = [r for r in csv.reader(io.StringIO(text, newline="")) if len(r) == width]
            for getter, counts in zip(getters, seen, strict=True):
                counts.update(set(map(getter, rows)))
    if any(n < 2 for counts in seen for n in counts.values()):
        return None
    found = iter(seen)
    return [
        {k if len(group) > 1 else (k,) for k in next(found)} if group else {()} for group in groups
    ]


def data_start(path: Path, header_line: int) -> int | None:
    """The byte offset of the first data row of ``path`` (see :func:`_data_start`)."""
    with path.open("rb") as handle:
        return _data_start(handle, header_line)


def _data_start(handle: io.BufferedReader, header_line: int) -> int | None:
    """The byte offset of the line after the header row (None when lines end in a bare CR)."""
    head = b""
    while head.count(b"\n") < header_line:
        chunk = handle.read(1 << 20)
        if not chunk:
            return None
        head += chunk
    offset = 0
    for _ in range(header_line):
        offset = head.index(b"\n", offset) + 1
    if b"\r" in head[:offset].replace(b"\r\n", b""):
        return None
    return offset


def bad_rows(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    layout: EstatLayout,
    dataset: Dataset,
    query: str,
    source: Path,
    limit: int,
) -> list[Problem]:
    """The problems of the rows ``query`` lists (``rn``, the 1-based data row, and
    ``total``; parameters ``$path``, the file read, and ``$limit``), found again in ``path``
    with the Python reader's rules, at their line."""
    found = connection.execute(query, {"limit": limit, "path": str(source)}).fetchall()
    wanted = {int(rn) for rn, _ in found}
    total = int(found[0][1]) if found else 0
    templates = Templates(layout, dataset, lambda _: None)
    value = layout.value_column
    assert value is not None
    width = len(layout.columns)
    problems: list[Problem] = []
    records = Records(path, layout.encoding or "utf-8", layout.file)
    number = 0
    for line, row in islice(records, layout.header_record + 1, None):
        if len(row) != width:
            continue
        number += 1
        if number not in wanted:
            continue
        (base,) = templates.of(row)
        if isinstance(base, Bad):
            problems.append(base.problem.at(Location(layout.file, line, base.column)))
        else:
            problems.append(_bad_value(layout.file, line, value, row[value]))
        if len(problems) == len(wanted):
            break
    if total > len(problems):
        more = total - len(problems)
        problems.append(
            Problem(
                "more-problems",
                f"{more} more problems like those above were not listed",
                received=more,
                location=Location(layout.file, 0, 0),
            )
        )
    return problems


def _bad_value(file: str, line: int, column: int, text: str) -> Problem:
    try:
        parse_stat(text)
    except StatValueError as error:
        return bad_value(file, line, column, error)
    raise RuntimeError(f"bulk import: SQL refused {text!r} (line {line}), parse_stat reads it")


def first_rows(connection: duckdb.DuckDBPyConnection, plan: Plan) -> dict[str, dict[int, int]]:
    """For each key table, the ids this import's rows use and the first row (``rowid``) of
    each: one pass over the new rows (their item ids are the import's, from
    ``plan.first['items']`` on)."""
    found: dict[str, dict[int, int]] = {table: {} for table, _ in KEY_TABLES}
    query = (
        "SELECT item_id, place_id, class_id, min(rowid) FROM observations WHERE item_id >= ?"
        " GROUP BY GROUPING SETS ((item_id), (place_id), (class_id))"
    )
    for *ids, first in connection.execute(query, [plan.first["items"]]).fetchall():
        for (table, _), key in zip(KEY_TABLES, ids, strict=True):
            if key is not None:
                found[table][int(key)] = int(first)
    return found


def prune(
    connection: duckdb.DuckDBPyConnection, dataset_id: int, used: dict[str, dict[int, int]]
) -> None:
    """Drop the key rows of ``dataset_id`` that no row uses (cells found in a sample window
    that starts inside a quoted cell, 表章項目 × 時間軸 pairs the file does not have)."""
    for table, column in KEY_TABLES:
        ids = sorted(used[table])
        connection.execute(
            f"DELETE FROM {table} WHERE dataset_id = ? AND NOT list_contains(?, {column})",
            [dataset_id, ids],
        )


def notes(plan: Plan, used: dict[str, dict[int, int]]) -> list[str]:
    """:func:`notes_at` for the DuckDB path: the first rows by key table and id."""
    times = len(plan.tables["time"].rows)
    tabs: dict[int, int] = {}
    for item, row in used["items"].items():
        at = (item - plan.first["items"]) // times
        tabs[at] = min(tabs.get(at, row), row)
    firsts = {
        "tab": tabs,
        "class": {k - plan.first["classes"]: r for k, r in used["classes"].items()},
        "area": {k - plan.first["places"]: r for k, r in used["places"].items()},
    }
    return notes_at(list(plan.tables.values()), plan.layout, firsts)


def notes_at(
    tables: Sequence[Lookup], layout: EstatLayout, firsts: dict[str, dict[int, int]]
) -> list[str]:
    """The items the Python reader reports while reading rows (unknown 表章項目, industry labels
    that are not JSIC divisions, area codes not 5 characters), in the order it reports them:
    by the first row showing each. ``firsts``: for the ``tab``, ``class`` and ``area`` lookups,
    the first row of each row of the lookup that rows use."""
    first: dict[str, tuple[int, int]] = {}

    def note(text: str, row: int, kind: int) -> None:
        first[text] = min(first.get(text, (row, kind)), (row, kind))

    tab, _, area, kind = tables
    for at, row in firsts["tab"].items():
        text = tab.notes[at]
        if text:
            note(text, row, 0)
    for at, row in firsts["class"].items():
        for part in (kind.notes[at] or "").split("\n"):
            if part:
                note(part, row, 1)
    axis = layout.axis("area")
    if axis is not None and axis.code_column is not None:
        width = len(area.columns)
        for at, row in firsts["area"].items():
            code, name = area.rows[at][width:]
            if len(code) != 5:
                note(f"area code {code!r} ({name}): not 5 characters, kept as published", row, 2)
    return [text for text, _ in sorted(first.items(), key=lambda item: item[1])]
