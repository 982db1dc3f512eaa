"""Write observations made in Python (the SSDSE and e-Stat readers) into the store's narrow
tables: the distinct items, places and classes get ids (:func:`~shisaku.stats.store.next_ids`),
each observation three ids, its value and its marker's number
(:func:`~shisaku.stats.store_markers.marker_ids`), in the order given."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import duckdb
import numpy as np

from shisaku.stats.records import Observation
from shisaku.stats.store import dims_text, next_ids
from shisaku.stats.store_markers import marker_ids

__all__ = ["append", "insert_rows"]

ITEM_COLUMNS = ("measure", "measure_name", "unit", "survey", "scope", "year")
PLACE_COLUMNS = ("area_code", "area_name")
CLASS_COLUMNS = ("industry", "dims")


class _Ids:
    """Ids for distinct keys, from ``first`` on, in the order first seen."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.ids: dict[Hashable, int] = {}

    def of(self, key: Hashable) -> int:
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = self.first + len(self.ids)
        return found


def append(
    connection: duckdb.DuckDBPyConnection, dataset_id: int, observations: Sequence[Observation]
) -> None:
    """Add ``observations`` of dataset ``dataset_id`` (in the caller's transaction)."""
    if not observations:
        return
    first = next_ids(connection)
    items, places, classes = _Ids(first["items"]), _Ids(first["places"]), _Ids(first["classes"])
    item_ids = np.fromiter(
        (
            items.of((o.measure, o.measure_name, o.unit, o.survey, o.scope, o.year))
            for o in observations
        ),
        dtype=np.int32,
        count=len(observations),
    )
    place_ids = np.fromiter(
        (places.of((o.area_code, o.area_name)) for o in observations),
        dtype=np.int32,
        count=len(observations),
    )
    dims: dict[tuple[tuple[str, str], ...], str] = {}
    class_ids = np.fromiter(
        (
            classes.of((o.industry, dims[o.dims] if o.dims in dims else _text(dims, o.dims)))
            for o in observations
        ),
        dtype=np.int32,
        count=len(observations),
    )
    _keys(connection, "items", "item_id", ITEM_COLUMNS, dataset_id, items)
    _keys(connection, "places", "place_id", PLACE_COLUMNS, dataset_id, places)
    _keys(connection, "classes", "class_id", CLASS_COLUMNS, dataset_id, classes)
    markers = marker_ids(connection, [o.marker for o in observations if o.marker is not None])
    frame = {
        "item_id": item_ids,
        "place_id": place_ids,
        "class_id": class_ids,
        "value": np.array(
            [np.nan if o.value is None else o.value for o in observations], dtype="float64"
        ),
        "marker_id": np.fromiter(
            (0 if o.marker is None else markers[o.marker] for o in observations),
            dtype=np.int16,
            count=len(observations),
        ),
    }
    _insert(
        connection,
        "observations",
        frame,
        "item_id, place_id, class_id, CASE WHEN isnan(value) THEN NULL ELSE value END,"
        " nullif(marker_id, 0)",
    )


def _text(known: dict[tuple[tuple[str, str], ...], str], dims: tuple[tuple[str, str], ...]) -> str:
    """The stored text of ``dims``, kept in ``known`` (most observations share a few)."""
    known[dims] = dims_text(dims)
    return known[dims]


def _keys(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    id_column: str,
    columns: tuple[str, ...],
    dataset_id: int,
    ids: _Ids,
) -> None:
    rows = [(n, dataset_id, *key) for key, n in ids.ids.items()]  # type: ignore[misc]
    insert_rows(connection, table, (id_column, "dataset_id", *columns), rows)


INTEGERS = frozenset({"item_id", "place_id", "class_id", "dataset_id", "year"})


def _kind(column: str) -> str:
    return "int32" if column in INTEGERS else "object"


def insert_rows(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
) -> None:
    """Add ``rows`` (tuples in the order of ``columns``) to a key table."""
    if not rows:
        return
    frame = {
        column: np.array(
            [row[n] for row in rows], dtype="int32" if column in INTEGERS else "object"
        )
        for n, column in enumerate(columns)
    }
    _insert(connection, table, frame, ", ".join(columns))


def _insert(
    connection: duckdb.DuckDBPyConnection, table: str, frame: dict[str, Any], selected: str
) -> None:
    connection.register("incoming", frame)
    try:
        connection.execute(
            f"INSERT INTO {table} ({', '.join(frame)}) SELECT {selected} FROM incoming"
        )
    finally:
        connection.unregister("incoming")
