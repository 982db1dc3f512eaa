"""The SQL of :mod:`shisaku.stats.estat_bulk`: ``read_csv`` of the data part, the lookups, the
``INSERT … SELECT`` that makes the observations, and the query that finds refused rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from shisaku.stats.estat_bulk_keys import Lookup
from shisaku.stats.estat_bulk_sql import marker_id_sql, quote, valid_sql, value_sql
from shisaku.stats.estat_layout import EstatLayout
from shisaku.stats.store_markers import marker_ids

__all__ = [
    "BAD_TIME",
    "CLASS_COLUMNS",
    "INLINE_ROWS",
    "ITEM_COLUMNS",
    "PLACE_COLUMNS",
    "UNKNOWN_KEY",
    "Plan",
    "as_written",
    "key_rows",
    "read_csv_sql",
]

UNKNOWN_KEY = "shisaku-bulk: unknown-key"
"""The error a row raises when an item's cells are not in the lookups (a sample missed them)."""
BAD_TIME = "shisaku-bulk: bad-time"
"""The error a row raises when its time code has no year."""
INLINE_ROWS = 8
"""Lookups of up to this many rows are written into the query as ``CASE`` expressions (cheaper
than a join for the 表章項目 and the survey years); larger ones are joined as tables."""


def read_csv_sql(layout: EstatLayout) -> str:
    """DuckDB's ``read_csv`` of the data part of ``$path`` (columns ``c0``, ``c1`` …, all
    text, NULL for an empty cell). Without auto-detection: the dialect is given, and nothing
    (a ``#`` comment character, a type) is guessed from a sample."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(layout.columns)))
    return (
        f"read_csv($path, skip={layout.header_record}, header=true, delim=',', quote='\"',"
        f" escape='\"', auto_detect=false, columns={{{columns}}})"
    )


@contextmanager
def as_written(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Joins in the order written, each lookup the build side: DuckDB's estimate of a
    ``read_csv`` without auto-detection is a few dozen rows, so it would build its hash table
    on the file's rows instead (for 17 million rows: gigabytes of memory)."""
    row = connection.execute("SELECT current_setting('disabled_optimizers')").fetchone()
    before = str(row[0]) if row else ""
    wanted = {*filter(None, before.split(",")), "join_order", "build_side_probe_side"}
    connection.execute(f"SET disabled_optimizers = {quote(','.join(sorted(wanted)))}")
    try:
        yield
    finally:
        connection.execute(f"SET disabled_optimizers = {quote(before)}")


ITEM_COLUMNS = (
    "item_id",
    "dataset_id",
    "measure",
    "measure_name",
    "unit",
    "survey",
    "scope",
    "year",
)
PLACE_COLUMNS = ("place_id", "dataset_id", "area_code", "area_name")
CLASS_COLUMNS = ("class_id", "dataset_id", "industry", "dims")


class Plan:
    """The lookups of one import in SQL: small ones inline, the others as temporary tables
    (dropped by :meth:`close`). Each data row gets the position of its cells in each lookup;
    the ids of the store's key tables follow from them (:meth:`key_rows`): an item per 表章項目
    × 時間軸 (with a year), a place per 地域, a class per classification cells and annotation,
    numbered from ``first`` (:func:`~shisaku.stats.store.next_ids`)."""

    def __init__(
        self, connection: duckdb.DuckDBPyConnection, layout: EstatLayout, first: dict[str, int]
    ) -> None:
        self.connection = connection
        self.layout = layout
        self.first = first
        self.tables: dict[str, Lookup] = {}
        self.joined: dict[str, str] = {}
        self.prefix = f"shisaku_bulk_{uuid.uuid4().hex[:12]}"

    def add(self, table: Lookup) -> None:
        self.tables[table.name] = table
        if not table.columns or len(table.rows) <= INLINE_ROWS:
            return
        name = f"{self.prefix}_{table.name}"
        columns = [f"k{i} VARCHAR" for i in range(len(table.columns))]
        self.connection.execute(f"CREATE TEMP TABLE {name} ({', '.join(columns)}, pos INTEGER)")
        width = len(table.columns)
        for start in range(0, len(table.rows), 1000):
            values = ", ".join(
                "(" + ", ".join(quote(str(v)) for v in row[:width]) + f", {start + n})"
                for n, row in enumerate(table.rows[start : start + 1000])
            )
            self.connection.execute(f"INSERT INTO {name} VALUES {values}")
        self.joined[table.name] = name

    def close(self) -> None:
        for name in self.joined.values():
            self.connection.execute(f"DROP TABLE IF EXISTS {name}")
        self.joined.clear()

    def _index(self, table: Lookup) -> str:
        """The row's position in an inline lookup (NULL: in none)."""
        cases = " ".join(
            "WHEN "
            + " AND ".join(
                f"coalesce(r.c{c}, '') = {quote(cell)}"
                for c, cell in zip(table.columns, row, strict=False)
            )
            + f" THEN {i}"
            for i, row in enumerate(table.rows)
        )
        return f"CASE {cases} END" if cases else "NULL::INTEGER"

    def position(self, name: str) -> str:
        """The position of the row's cells in lookup ``name``, in the outer query (NULL: in
        none)."""
        if not self.tables[name].columns:
            return "0" if self.tables[name].rows else "NULL::INTEGER"
        return f"x.{name}__i"

    def missing(self) -> str:
        """True for a row with cells that are in no lookup."""
        found = [f"{self.position(name)} IS NULL" for name in self.tables]
        return " OR ".join(found) or "false"

    def source(self) -> str:
        """The data rows as ``x``: the cells (``c0`` …) and each lookup's position
        (``<name>__i``)."""
        selected = ["r.*"]
        joins: list[str] = []
        for name, table in self.tables.items():
            if name in self.joined:
                selected.append(f"{name}.pos AS {name}__i")
                on = " AND ".join(
                    f"{name}.k{i} = coalesce(r.c{c}, '')" for i, c in enumerate(table.columns)
                )
                joins.append(f"\n LEFT JOIN {self.joined[name]} {name} ON {on}")
            elif table.columns:
                selected.append(f"{self._index(table)} AS {name}__i")
        inner = f"SELECT {', '.join(selected)} FROM {read_csv_sql(self.layout)} r{''.join(joins)}"
        return f"({inner}) x"

    def _bad_times(self) -> list[int]:
        """Positions of the time lookup's rows without a year."""
        time = self.tables["time"]
        year = len(time.columns)
        return [n for n, row in enumerate(time.rows) if row[year] is None]

    def _item(self) -> str:
        """The item id (parts: the 表章項目's and the 時間軸's positions)."""
        times = len(self.tables["time"].rows)
        return f"{self.first['items']} + {self.position('tab')} * {times} + {self.position('time')}"

    def _bad_time(self) -> str:
        bad = self._bad_times()
        listed = ", ".join(map(str, bad))
        return f"{self.position('time')} IN ({listed})" if bad else "false"

    def ids(self) -> list[str]:
        """item_id, place_id and class_id; a row with unknown cells or a time code without a
        year raises."""
        item = f"""CASE WHEN {self.missing()} THEN error({quote(UNKNOWN_KEY)})::INTEGER
            WHEN {self._bad_time()} THEN error({quote(BAD_TIME)})::INTEGER
            ELSE ({self._item()})::INTEGER END"""
        place = f"({self.first['places']} + {self.position('area')})::INTEGER"
        kind = f"({self.first['classes']} + {self.position('class')})::INTEGER"
        return [item, place, kind]

    def insert_sql(self) -> str:
        """The ``INSERT``; parameter ``$path``."""
        value = f"x.c{self.layout.value_column}"
        marker = marker_id_sql(value, marker_ids(self.connection))
        selected = [*self.ids(), value_sql(value), marker]
        return f"""INSERT INTO observations (item_id, place_id, class_id, value, marker_id)
        SELECT {", ".join(selected)}
        FROM {self.source()}"""

    def refused_sql(self) -> str:
        """The refused rows (``rn``, 1-based, and ``total``), first ``$limit``."""
        value = f"x.c{self.layout.value_column}"
        bad = f"{self._bad_time()} OR NOT {valid_sql(value)}"
        return f"""SELECT rn, count(*) OVER () AS total FROM (
                SELECT row_number() OVER () AS rn, {bad} AS bad FROM {self.source()})
            WHERE bad ORDER BY rn LIMIT $limit"""

    def key_rows(
        self, dataset_id: int, survey: str | None
    ) -> list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]]:
        """The rows of ``items``, ``places`` and ``classes`` for this import: (table, columns,
        rows)."""
        items, places, classes = key_rows(
            list(self.tables.values()), self.first, dataset_id, survey
        )
        return [
            ("items", ITEM_COLUMNS, items),
            ("places", PLACE_COLUMNS, places),
            ("classes", CLASS_COLUMNS, classes),
        ]


Rows = list[tuple[Any, ...]]


def key_rows(
    tables: list[Lookup], first: dict[str, int], dataset_id: int, survey: str | None
) -> tuple[Rows, Rows, Rows]:
    """The ``items``, ``places`` and ``classes`` rows of lookups ``tables`` (tab, time, area,
    class), numbered from ``first``: an item per 表章項目 × 時間軸 with a year (its id:
    ``first + tab position × time rows + time position``), a place per area, a class per
    classification cells."""
    tab, time, area, kind = tables
    t, m = len(tab.columns), len(time.columns)
    items = [
        (
            first["items"] + i * len(time.rows) + j,
            dataset_id,
            *tab_row[t : t + 3],
            survey,
            tab_row[t + 3],
            time_row[m],
        )
        for i, tab_row in enumerate(tab.rows)
        for j, time_row in enumerate(time.rows)
        if time_row[m] is not None
    ]
    a, c = len(area.columns), len(kind.columns)
    places = [(first["places"] + n, dataset_id, *row[a:]) for n, row in enumerate(area.rows)]
    classes = [(first["classes"] + n, dataset_id, *row[c:]) for n, row in enumerate(kind.rows)]
    return items, places, classes
