"""Statistics-fed indicators and facts: the published numbers a plan's ``statistic`` names.

A survey's year is used as the fiscal year of the actual (the economic census counts as of
June 1, which lies in the fiscal year that starts that April). When several imported tables
give the same year, a final (確報) one is preferred to a preliminary (速報) one, then the most
recently imported, as in the analyses.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import duckdb

from shisaku.domain.plan import Plan
from shisaku.domain.statistic import Statistic


@dataclass(frozen=True)
class Point:
    """One published figure behind an actual, with where it comes from."""

    year: int
    value: float | None
    marker: str | None
    table: str
    source: str
    survey: str | None
    scope: str | None
    status: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _rows(
    connection: duckdb.DuckDBPyConnection, statistic: Statistic, industry: str | None
) -> dict[int, tuple[Any, ...]]:
    clauses = ["measure = ?", "area_code = ?"]
    params: list[Any] = [statistic.measure, statistic.area]
    if industry is None:
        clauses.append("(industry IS NULL OR industry = 'total')")
    else:
        clauses.append("industry = ?")
        params.append(industry)
    if statistic.scope is not None:
        clauses.append("scope = ?")
        params.append(statistic.scope)
    if statistic.table is not None:
        clauses.append("table_id = ?")
        params.append(statistic.table)
    rows = connection.execute(
        "SELECT year, value, marker, table_id, source, survey, scope, status FROM obs "
        f"WHERE {' AND '.join(clauses)} AND dims = '' "
        "ORDER BY year, status = 'final', dataset_id",
        params,
    ).fetchall()
    return {int(row[0]): row for row in rows}  # of a year: final over preliminary, then latest


def series(connection: duckdb.DuckDBPyConnection, statistic: Statistic) -> list[Point]:
    """The figures for ``statistic``, by survey year (shares in %, from the same table)."""
    industry = None if statistic.industry in (None, "total") else statistic.industry
    values = _rows(connection, statistic, industry)
    if statistic.figure == "value":
        return [Point(year, r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for year, r in values.items()]
    totals = _rows(connection, statistic, None)
    points = []
    for year, row in values.items():
        total = totals.get(year)
        share = None
        if row[1] is not None and total is not None and total[1]:
            share = row[1] / total[1] * 100
        marker = row[2] if row[1] is None else (None if share is not None else "…")
        points.append(Point(year, share, marker, row[3], row[4], row[5], row[6], row[7]))
    return points


def fed_actuals(
    connection: duckdb.DuckDBPyConnection | None, plan: Plan
) -> tuple[dict[str, dict[int, float]], dict[str, list[Point]]]:
    """Yearly actuals of the plan's statistics-fed indicators, and the points behind them."""
    actuals: dict[str, dict[int, float]] = {}
    points: dict[str, list[Point]] = {}
    for indicator in plan.indicators:
        if indicator.statistic is None:
            continue
        found = series(connection, indicator.statistic) if connection is not None else []
        points[indicator.id] = found
        actuals[indicator.id] = {p.year: p.value for p in found if p.value is not None}
    return actuals, points
