"""Store what the compiled scanner read (:mod:`shisaku.stats.estat_fast`): the fastest way in for
a long-form e-Stat CSV in UTF-8, used by :func:`shisaku.stats.estat_bulk.bulk_import` first.

The keys the scanner found get their meaning from the same lookups as the DuckDB path
(:func:`~shisaku.stats.estat_bulk_keys.lookups`, the Python reader's rules); values that are
not plain numbers are read with :func:`~shisaku.stats.markers.parse_stat`, once per distinct
text. The rows are then written in one ``INSERT`` from the arrays, in the file's order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from shisaku.stats.estat_bulk_find import data_start, notes_at
from shisaku.stats.estat_bulk_keys import lookups
from shisaku.stats.estat_bulk_query import CLASS_COLUMNS, ITEM_COLUMNS, PLACE_COLUMNS, key_rows
from shisaku.stats.estat_bulk_sql import quote
from shisaku.stats.estat_fast import Scanned, read_fast
from shisaku.stats.estat_layout import EstatLayout
from shisaku.stats.estat_meta import dataset_of
from shisaku.stats.estat_rows import EstatRows
from shisaku.stats.markers import StatValueError, parse_stat
from shisaku.stats.records import Dataset, Parsed
from shisaku.stats.store import (
    SEPARATOR,
    Stored,
    already_imported,
    insert_dataset,
    next_ids,
    reserve_dataset_id,
    take_dataset_id,
    transaction,
)
from shisaku.stats.store_append import insert_rows

__all__ = ["Refused", "import_scanned"]


@dataclass(frozen=True)
class Refused:
    """The file has a value or a time code the reader refuses: the caller locates them."""

    dataset: Dataset


def import_scanned(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    layout: EstatLayout,
    now: datetime | None,
) -> tuple[Parsed, Stored | None] | Refused | None:
    """Scan and store ``path`` (UTF-8), all or nothing; None: the scanner cannot read it."""
    start = data_start(path, layout.header_line)
    scanned = read_fast(path, start, layout) if start is not None else None
    if scanned is None:
        return None
    dataset = replace(dataset_of(layout, path), sha256=scanned.sha256)
    existing = already_imported(connection, dataset.sha256)
    if existing is not None:
        return Parsed(dataset), Stored(existing, dataset.table_id, 0, 0, True)
    rows = EstatRows(layout, path, dataset)
    tables = lookups(layout, dataset, rows.templates.year or 0, scanned.keys, SEPARATOR)
    tab, time, _area, _kind = tables
    width = len(time.columns)
    used_times = np.flatnonzero(np.bincount(scanned.codes[1], minlength=len(time.rows)))
    if any(time.rows[n][width] is None for n in used_times):
        return Refused(dataset)
    values = _values(scanned)
    if values is None:
        return Refused(dataset)
    value, marker, markers = values
    first = next_ids(connection)
    item = scanned.codes[0] * len(time.rows) + scanned.codes[1]
    present = np.flatnonzero(np.bincount(item, minlength=len(tab.rows) * len(time.rows)))
    frame = {
        "item": item + np.int32(first["items"]),
        "place": scanned.codes[2] + np.int32(first["places"]),
        "kind": scanned.codes[3] + np.int32(first["classes"]),
        "value": value,
        "marker": marker,
    }
    with transaction(connection):
        replaced = connection.execute(
            "UPDATE datasets SET active = false WHERE table_id = ? AND active RETURNING dataset_id",
            [dataset.table_id],
        ).fetchall()
        dataset_id = insert_dataset(
            connection, dataset, len(value), now, reserve_dataset_id(connection)
        )
        items, places, classes = key_rows(tables, first, dataset_id, dataset.survey)
        wanted = {first["items"] + int(n) for n in present}
        insert_rows(connection, "items", ITEM_COLUMNS, [r for r in items if r[0] in wanted])
        insert_rows(connection, "places", PLACE_COLUMNS, places)
        insert_rows(connection, "classes", CLASS_COLUMNS, classes)
        _insert(connection, frame, markers)
        take_dataset_id(connection, dataset_id)
    firsts = {
        "tab": _first_by(scanned, 0),
        "class": _first_by(scanned, 3),
        "area": _first_by(scanned, 2),
    }
    unrecognised = [*rows.unrecognised, *notes_at(tables, layout, firsts)]
    stored = Stored(dataset_id, dataset.table_id, len(value), len(replaced), False)
    return Parsed(dataset, unrecognised=unrecognised), stored


def _first_by(scanned: Scanned, group: int) -> dict[int, int]:
    return {n: int(row) for n, row in enumerate(scanned.first_rows[group])}


def _values(scanned: Scanned) -> tuple[Any, Any, list[str]] | None:
    """Values (NaN: none), marker codes (0: none, n: ``markers[n - 1]``) and the markers;
    None when a text is neither a number nor a marker."""
    value = scanned.value
    marker = np.zeros(len(value), np.int16)
    read: dict[str, tuple[float, int]] = {}
    markers: list[str] = []
    for text in set(scanned.slow_texts):
        try:
            number, mark = parse_stat(text)
        except StatValueError:
            return None
        if mark is not None and mark not in markers:
            markers.append(mark)
        read[text] = (
            np.nan if number is None else number,
            0 if mark is None else 1 + markers.index(mark),
        )
    if scanned.slow_texts:
        pairs = [read[text] for text in scanned.slow_texts]
        value[scanned.slow_rows] = [p[0] for p in pairs]
        marker[scanned.slow_rows] = [p[1] for p in pairs]
    return value, marker, markers


def _insert(
    connection: duckdb.DuckDBPyConnection, frame: dict[str, Any], markers: list[str]
) -> None:
    cases = " ".join(f"WHEN {n + 1} THEN {quote(m)}" for n, m in enumerate(markers))
    marker = f"CASE marker {cases} END" if cases else "NULL::VARCHAR"
    connection.register("scanned_rows", frame)
    try:
        connection.execute(
            "INSERT INTO observations (item_id, place_id, class_id, value, marker)"
            " SELECT item, place, kind, CASE WHEN isnan(value) THEN NULL ELSE value END,"
            f" {marker} FROM scanned_rows"
        )
    finally:
        connection.unregister("scanned_rows")
