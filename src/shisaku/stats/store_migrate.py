"""Bring a statistics store written by an earlier shisaku up to the current tables.

Stores made before ADR 0005 kept every observation's text in one wide ``observations`` table.
:func:`migrate` moves them, in one transaction, into the narrow tables: the distinct items,
places and classes of each dataset get ids, every row (active or not) keeps its value, marker
and order. Nothing else changes; a store already current is left as it is.
"""

from __future__ import annotations

import duckdb

__all__ = ["migrate"]

_WIDE = "observations_wide"

_KEYS = (
    ("items", "item_id", ("measure", "measure_name", "unit", "survey", "scope", "year")),
    ("places", "place_id", ("area_code", "area_name")),
    ("classes", "class_id", ("industry", "dims")),
)


def is_wide(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store's ``observations`` table is the wide one of earlier versions."""
    found = connection.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'observations'"
        " AND database_name = current_database() AND schema_name = current_schema()"
    ).fetchall()
    return "measure" in {name for (name,) in found}


def migrate(connection: duckdb.DuckDBPyConnection) -> bool:
    """Move a wide store to the narrow tables; True when something was moved."""
    if not is_wide(connection):
        return False
    from shisaku.stats.store import SCHEMA, transaction

    with transaction(connection):
        connection.execute("DROP VIEW IF EXISTS obs")
        connection.execute(f"ALTER TABLE observations RENAME TO {_WIDE}")
        connection.execute(SCHEMA)
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
            "INSERT INTO observations (item_id, place_id, class_id, value, marker)"
            f" SELECT k0.item_id, k1.place_id, k2.class_id, w.value, w.marker"
            f" FROM {_WIDE} w {joins} ORDER BY w.rowid"
        )
        counts = connection.execute(
            f"SELECT (SELECT count(*) FROM {_WIDE}), (SELECT count(*) FROM observations)"
        ).fetchone()
        if counts is None or counts[0] != counts[1]:
            raise RuntimeError(f"store migration: {counts} rows before and after; nothing changed")
        connection.execute(f"DROP TABLE {_WIDE}")
    return True
