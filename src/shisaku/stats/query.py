"""Look up stored observations (``shisaku stats query``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from shisaku.stats.store import SEPARATOR, dims_dict

RECORD_KEYS = (
    "table",
    "area_code",
    "area_name",
    "measure",
    "measure_name",
    "industry",
    "dims",
    "year",
    "value",
    "marker",
    "unit",
    "survey",
    "scope",
    "status",
    "source",
)


@dataclass(frozen=True)
class Filter:
    """Which observations: every field is optional; ``dims`` are KEY=VALUE pairs."""

    area: str | None = None
    table: str | None = None
    measure: str | None = None
    industry: str | None = None
    year: int | None = None
    dims: Sequence[tuple[str, str]] = field(default_factory=tuple)


def query(
    connection: duckdb.DuckDBPyConnection, where: Filter, limit: int | None = None
) -> list[dict[str, Any]]:
    """Active observations matching ``where``, ordered by table, measure, industry, year, area."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("area_code", where.area),
        ("table_id", where.table),
        ("measure", where.measure),
        ("industry", where.industry),
        ("year", where.year),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    for key, value in where.dims:
        clauses.append(f"list_contains(string_split(dims, '{SEPARATOR}'), ?)")
        params.append(f"{key}={value}")
    sql = (
        "SELECT table_id, area_code, area_name, measure, measure_name, industry, dims, year, "
        "value, marker, unit, survey, scope, status, source FROM obs"
        + (" WHERE " + " AND ".join(clauses) if clauses else "")
        + " ORDER BY table_id, measure, industry NULLS FIRST, dims, year, area_code"
        + (f" LIMIT {int(limit)}" if limit is not None else "")
    )
    rows = connection.execute(sql, params).fetchall()
    return [
        dict(zip(RECORD_KEYS, (*row[:6], dims_dict(row[6]), *row[7:]), strict=True)) for row in rows
    ]


def known_values(connection: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    """Distinct values of ``column`` among active observations (for 'expected …' messages)."""
    assert column in {"measure", "industry", "table_id", "area_code"}
    rows = connection.execute(
        f"SELECT DISTINCT {column} FROM obs WHERE {column} IS NOT NULL ORDER BY 1 LIMIT 50"
    ).fetchall()
    return [str(r[0]) for r in rows]
