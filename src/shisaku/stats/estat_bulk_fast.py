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
from numba import njit

from shisaku.stats.estat_bulk_find import data_start, notes_at
from shisaku.stats.estat_bulk_keys import Key, lookups
from shisaku.stats.estat_bulk_query import CLASS_COLUMNS, ITEM_COLUMNS, PLACE_COLUMNS, key_rows
from shisaku.stats.estat_fast import read_fast
from shisaku.stats.estat_fast_rows import Scanned
from shisaku.stats.estat_layout import EstatLayout
from shisaku.stats.estat_meta import dataset_of
from shisaku.stats.estat_rows import EstatRows
from shisaku.stats.markers import StatValueError, parse_stat
from shisaku.stats.records import Dataset, Parsed
from shisaku.stats.store import (
    SEPARATOR,
    Stored,
    already_imported,
    next_ids,
    replacing,
)
from shisaku.stats.store_append import insert_rows
from shisaku.stats.store_markers import marker_ids

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
    ranks = [_ranks(keys) for keys in scanned.ordered]
    first = next_ids(connection)
    marked = np.zeros(len(tab.rows) * len(time.rows), np.int8)
    codes = scanned.codes
    _ids(codes, *ranks, len(time.rows), first["items"], first["places"], first["classes"], marked)
    present = np.flatnonzero(marked)
    if any(time.rows[n % len(time.rows)][width] is None for n in present):
        return Refused(dataset)
    values = _values(scanned)
    if values is None:
        return Refused(dataset)
    value, marker, markers = values
    frame = {"item": codes[0], "place": codes[2], "kind": codes[3], "value": value}
    with replacing(connection, dataset, len(value), now) as new:
        numbers = marker_ids(connection, markers)
        ids = np.array([0, *(numbers[m] for m in markers)], np.int16)
        frame["marker"] = np.take(ids, marker, out=marker, mode="clip")  # in place
        items, places, classes = key_rows(tables, first, new.dataset_id, dataset.survey)
        wanted = {first["items"] + int(n) for n in present}
        insert_rows(connection, "items", ITEM_COLUMNS, [r for r in items if r[0] in wanted])
        insert_rows(connection, "places", PLACE_COLUMNS, places)
        insert_rows(connection, "classes", CLASS_COLUMNS, classes)
        _insert(connection, frame)
    firsts = {
        "tab": _first_by(scanned, ranks, 0),
        "class": _first_by(scanned, ranks, 3),
        "area": _first_by(scanned, ranks, 2),
    }
    unrecognised = [*rows.unrecognised, *notes_at(tables, layout, firsts)]
    stored = Stored(new.dataset_id, dataset.table_id, len(value), new.replaced, False)
    return Parsed(dataset, unrecognised=unrecognised), stored


def _first_by(scanned: Scanned, ranks: list[Any], group: int) -> dict[int, int]:
    """The row where each key of ``group`` first shows, by its place in sorted order."""
    rows = scanned.first_rows[group].tolist()
    return {int(rank): row for rank, row in zip(ranks[group].tolist(), rows, strict=True)}


def _ranks(keys: list[Key]) -> Any:
    """Where each of ``keys`` is in sorted order (the order of the lookups' rows)."""
    ranks = np.empty(len(keys), np.int32)
    ranks[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys), dtype=np.int32)
    return ranks


def _ids_of(
    codes: Any,
    tab: Any,
    time: Any,
    area: Any,
    kind: Any,
    times: int,
    first_item: int,
    first_place: int,
    first_class: int,
    present: Any,
) -> None:
    """Turn each row's key codes (in the order keys first show) into the ids it is stored
    with, in place: ``codes[0]`` the item (表章項目 × 時間軸, marked in ``present``),
    ``codes[2]`` the place, ``codes[3]`` the class; ``tab`` … ``kind`` give each code's
    place in sorted order."""
    for i in range(codes.shape[1]):
        item = tab[codes[0, i]] * times + time[codes[1, i]]
        present[item] = 1
        codes[0, i] = item + first_item
        codes[2, i] = area[codes[2, i]] + first_place
        codes[3, i] = kind[codes[3, i]] + first_class


def _values(scanned: Scanned) -> tuple[Any, Any, list[str]] | None:
    """Values (NaN: none), marker codes (0: none, n: ``markers[n - 1]``) and the markers;
    None when a text is neither a number nor a marker."""
    value = scanned.value
    marker = np.zeros(len(value), np.int16)
    numbers = np.empty(len(scanned.slow_distinct), np.float64)
    marks = np.zeros(len(scanned.slow_distinct), np.int16)
    markers: list[str] = []
    for n, text in enumerate(scanned.slow_distinct):
        try:
            number, mark = parse_stat(text)
        except StatValueError:
            return None
        if mark is not None and mark not in markers:
            markers.append(mark)
        numbers[n] = np.nan if number is None else number
        marks[n] = 0 if mark is None else 1 + markers.index(mark)
    value[scanned.slow_rows] = numbers[scanned.slow_codes]
    marker[scanned.slow_rows] = marks[scanned.slow_codes]
    return value, marker, markers


def _insert(connection: duckdb.DuckDBPyConnection, frame: dict[str, Any]) -> None:
    """Write the rows (``marker``: the marker's number in the store, 0: none)."""
    ((ordered,),) = connection.execute(
        "SELECT current_setting('preserve_insertion_order')"
    ).fetchall()
    connection.register("scanned_rows", frame)
    try:
        # the rows' order in storage is not kept (every query orders what it shows): DuckDB then
        # writes the columns from both threads without putting them back in order
        connection.execute("SET preserve_insertion_order = false")
        connection.execute(
            "INSERT INTO observations (item_id, place_id, class_id, value, marker_id)"
            " SELECT item, place, kind, CASE WHEN isnan(value) THEN NULL ELSE value END,"
            " nullif(marker, 0) FROM scanned_rows"
        )
    finally:
        connection.execute(f"SET preserve_insertion_order = {bool(ordered)}")
        connection.unregister("scanned_rows")


_ids: Any = njit(nogil=True, cache=True)(_ids_of)
