"""The SQL of :mod:`shisaku.stats.estat_bulk`: ``read_csv`` of the data part, the lookups, the
``INSERT … SELECT`` that makes the observations, and the query that finds refused rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from shisaku.stats.estat_bulk_keys import Lookup
from shisaku.stats.estat_bulk_sql import marker_sql, quote, stripped_sql, valid_sql, value_sql
from shisaku.stats.estat_layout import EstatLayout
from shisaku.stats.store import SEPARATOR

__all__ = ["BAD_TIME", "INLINE_ROWS", "UNKNOWN_KEY", "Plan", "as_written", "read_csv_sql"]

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


def _literal(value: Any, kind: str) -> str:
    return f"NULL::{kind}" if value is None else f"{quote(str(value))}::{kind}"


class Plan:
    """The lookups of one import in SQL: small ones inline, the others as temporary tables
    (dropped by :meth:`close`)."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, layout: EstatLayout) -> None:
        self.connection = connection
        self.layout = layout
        self.tables: dict[str, Lookup] = {}
        self.joined: dict[str, str] = {}
        self.prefix = f"shisaku_bulk_{uuid.uuid4().hex[:12]}"

    def add(self, table: Lookup) -> None:
        self.tables[table.name] = table
        if not table.columns or len(table.rows) <= INLINE_ROWS:
            return
        name = f"{self.prefix}_{table.name}"
        columns = [f"k{i} VARCHAR" for i in range(len(table.columns))]
        columns += [f"{column} {kind}" for column, kind in table.outputs]
        self.connection.execute(f"CREATE TEMP TABLE {name} ({', '.join(columns)})")
        kinds = ["VARCHAR"] * len(table.columns) + [kind for _, kind in table.outputs]
        for start in range(0, len(table.rows), 1000):
            values = ", ".join(
                "(" + ", ".join(_literal(v, k) for v, k in zip(row, kinds, strict=True)) + ")"
                for row in table.rows[start : start + 1000]
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

    def output(self, name: str, column: str) -> str:
        """An output column of lookup ``name``, in the outer query (:meth:`source` as ``x``)."""
        table = self.tables[name]
        if name in self.joined:
            return f"x.{name}__{column}"
        index = len(table.columns) + [c for c, _ in table.outputs].index(column)
        kind = dict(table.outputs)[column]
        if not table.columns:
            return _literal(table.rows[0][index], kind)
        cases = " ".join(
            f"WHEN {i} THEN {_literal(row[index], kind)}" for i, row in enumerate(table.rows)
        )
        return f"CASE x.{name}__i {cases} ELSE NULL::{kind} END" if cases else f"NULL::{kind}"

    def missing(self) -> str:
        """True for a row with an item that is in no lookup."""
        found: list[str] = []
        for name, table in self.tables.items():
            if name in self.joined:
                found.append(f"x.{name}__k0 IS NULL")
            elif table.columns:
                found.append(f"x.{name}__i IS NULL")
        return " OR ".join(found) or "false"

    def source(self) -> str:
        """The data rows as ``x``: the cells (``c0`` …), and for each lookup its position
        (``<name>__i``, inline) or its columns (``<name>__<column>``, joined)."""
        selected = ["r.*"]
        joins: list[str] = []
        for name, table in self.tables.items():
            if name in self.joined:
                columns = ["k0", *(c for c, _ in table.outputs)]
                selected += [f"{name}.{c} AS {name}__{c}" for c in columns]
                on = " AND ".join(
                    f"{name}.k{i} = coalesce(r.c{c}, '')" for i, c in enumerate(table.columns)
                )
                joins.append(f"\n LEFT JOIN {self.joined[name]} {name} ON {on}")
            elif table.columns:
                selected.append(f"{self._index(table)} AS {name}__i")
        inner = f"SELECT {', '.join(selected)} FROM {read_csv_sql(self.layout)} r{''.join(joins)}"
        return f"({inner}) x"

    def year(self) -> str:
        year = self.output("time", "year")
        return f"""CASE WHEN {self.missing()} THEN error({quote(UNKNOWN_KEY)})::INTEGER
            WHEN {year} IS NULL THEN error({quote(BAD_TIME)})::INTEGER ELSE {year} END"""

    def insert_sql(self) -> str:
        """The ``INSERT``; parameters ``$path``, ``$id`` (dataset) and ``$survey``."""
        value = f"x.c{self.layout.value_column}"
        selected = [
            "$id",
            self.output("tab", "measure"),
            self.output("tab", "measure_name"),
            self.output("area", "area_code"),
            self.output("area", "area_name"),
            self._industry(),
            self._dims(),
            self.year(),
            value_sql(value),
            marker_sql(value),
            self.output("tab", "unit"),
            "$survey",
            self.output("tab", "scope"),
        ]
        return f"""INSERT INTO observations (dataset_id, measure, measure_name, area_code,
            area_name, industry, dims, year, value, marker, unit, survey, scope)
        SELECT {", ".join(selected)}
        FROM {self.source()}"""

    def refused_sql(self) -> str:
        """The refused rows (``rn``, 1-based, and ``total``), first ``$limit``."""
        value = f"x.c{self.layout.value_column}"
        bad = f"{self.output('time', 'year')} IS NULL OR NOT {valid_sql(value)}"
        return f"""SELECT rn, count(*) OVER () AS total FROM (
                SELECT row_number() OVER () AS rn, {bad} AS bad FROM {self.source()})
            WHERE bad ORDER BY rn LIMIT $limit"""

    def _classes(self) -> list[str]:
        return [name for name in self.tables if name.startswith("class")]

    def _industry(self) -> str:
        parts = [self.output(name, "industry") for name in self._classes()]
        return f"coalesce({', '.join(parts)})" if parts else "NULL::VARCHAR"

    def _dims(self) -> str:
        """The ``dims`` text: the classifications' pairs and the annotation, sorted by key."""
        layout, classes = self.layout, self._classes()
        pairs: list[tuple[str, str]] = []
        for axis, name in zip(layout.classifications, classes, strict=True):
            pairs.append((axis.key, self.output(name, "labelled")))
            pairs.append((f"{axis.key}_code", self.output(name, "coded")))
        annotation = layout.annotation_column
        if annotation is not None:
            note = stripped_sql(f"x.c{annotation}")
            pairs.append(("annotation", f"CASE WHEN {note} <> '' THEN 'annotation=' || {note} END"))
        pairs.sort()
        general = (
            f"concat_ws({quote(SEPARATOR)}, {', '.join(e for _, e in pairs)})" if pairs else "''"
        )
        if len(classes) != 1:
            return general
        # One classification: its pairs come joined; an annotation is rare.
        joined = self.output(classes[0], "pairs")
        if annotation is None:
            return joined
        return f"CASE WHEN x.c{annotation} IS NULL THEN {joined} ELSE {general} END"
