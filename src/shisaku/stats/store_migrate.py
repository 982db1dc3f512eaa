"""Bring a statistics store written by an earlier shisaku up to the current tables.

* Stores made before ADR 0005 kept every observation's text in one wide ``observations``
  table: the distinct items, places and classes of each dataset get ids.
* Stores made before markers were numbered (:mod:`shisaku.stats.store_markers`) kept each
  observation's marker as text: each text gets its number.

:func:`migrate` does either in one transaction; every row (active or not) keeps its value,
marker and order, and the number of rows is checked before the old table is dropped. Nothing
else changes; a store already current is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

__all__ = ["migrate"]

_WIDE = "observations_wide"
_TEXT = "observations_marker_text"

_KEYS = (
    ("items", "item_id", ("measure", "measure_name", "unit", "survey", "scope", "year")),
    ("places", "place_id", ("area_code", "area_name")),
    ("classes", "class_id", ("industry", "dims")),
)


def _columns(connection: duckdb.DuckDBPyConnection) -> set[str]:
    found = connection.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'observations'"
        " AND database_name = current_database() AND schema_name = current_schema()"
    ).fetchall()
    return {name for (name,) in found}


def is_wide(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store's ``observations`` table is the wide one of earlier versions."""
    return "measure" in _columns(connection)


def migrate(connection: duckdb.DuckDBPyConnection) -> bool:
    """Move an earlier store to the current tables; True when something was moved."""
    columns = _columns(connection)
    if "measure" in columns:
        _from_wide(connection)
        return True
    if "marker" in columns:
        _number_markers(connection)
        return True
    return False


def _from_wide(connection: duckdb.DuckDBPyConnection) -> None:
    with _moving(connection, _WIDE):
        for table, id_column, columns in _KEYS:
            listed = ", ".join(columns)
            connection.execute(
                f"INSERT INTO {table} ({id_column}, dataset_id, {listed})"
                f" SELECT (row_number() OVER (ORDER BY first))::INTEGER, dataset_id, {listed}"
                f" FROM (SELECT dataset_id, {listed}, min(rowid) AS first FROM {_WIDE}"
                " GROUP BY ALL)"
            )
        # NULL-able columns: NULL matches NULL
        joins = " ".join(
            f"JOIN {table} k{n} ON k{n}.dataset_id = w.dataset_id AND "
            + " AND ".join(f"k{n}.{c} IS NOT DISTINCT FROM w.{c}" for c in columns)
            for n, (table, _, columns) in enumerate(_KEYS)
        )
        connection.execute(
            "INSERT INTO observations (item_id, place_id, class_id, value, marker_id)"
            f" SELECT k0.item_id, k1.place_id, k2.class_id, w.value, m.marker_id"
            f" FROM {_WIDE} w {joins} LEFT JOIN markers m ON m.marker = w.marker"
            " ORDER BY w.rowid"
        )


def _number_markers(connection: duckdb.DuckDBPyConnection) -> None:
    with _moving(connection, _TEXT):
        connection.execute(
            "INSERT INTO observations (item_id, place_id, class_id, value, marker_id)"
            " SELECT o.item_id, o.place_id, o.class_id, o.value, m.marker_id"
            f" FROM {_TEXT} o LEFT JOIN markers m ON m.marker = o.marker ORDER BY o.rowid"
        )


@contextmanager
def _moving(connection: duckdb.DuckDBPyConnection, old: str) -> Iterator[None]:
    """In one transaction: ``observations`` renamed ``old``, the current tables made and
    ``old``'s marker texts numbered; then (the caller has copied the rows) ``old`` dropped
    once ``observations`` has as many rows."""
    from shisaku.stats.store import SCHEMA, transaction

    with transaction(connection):
        connection.execute("DROP VIEW IF EXISTS obs")
        connection.execute(f"ALTER TABLE observations RENAME TO {old}")
        connection.execute(SCHEMA)
        _marker_texts(connection, old)
        yield
        _drop_checked(connection, old)


def _marker_texts(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    """Number every marker text of ``table``."""
    from shisaku.stats.store_markers import marker_ids

    found = connection.execute(
        f"SELECT DISTINCT marker FROM {table} WHERE marker IS NOT NULL ORDER BY marker"
    ).fetchall()
    marker_ids(connection, [str(text) for (text,) in found])


def _drop_checked(connection: duckdb.DuckDBPyConnection, old: str) -> None:
    """Drop ``old`` once ``observations`` has as many rows (else raise: nothing changes)."""
    counts = connection.execute(
        f"SELECT (SELECT count(*) FROM {old}), (SELECT count(*) FROM observations)"
    ).fetchone()
    if counts is None or counts[0] != counts[1]:
        raise RuntimeError(f"store migration: {counts} rows before and after; nothing changed")
    connection.execute(f"DROP TABLE {old}")
