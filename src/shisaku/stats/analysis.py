"""Analyses of stored statistics: change, index, composition, specialization (特化係数).

Every function takes a DuckDB connection to a statistics store (:mod:`shisaku.stats.store`),
reads the view ``obs`` (rows without other dimensions, ``dims = ''``) and returns plain,
JSON-ready dicts. Shares and national shares are in % (0–100). Formulas, comparability rules
and the comparison set are documented in ``docs/statistics.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from shisaku.stats.analysis_all import specialization_all
from shisaku.stats.analysis_base import (
    Row,
    comparability,
    fetch,
    industry_name,
    value_fields,
    values_query,
)
from shisaku.stats.areas import COMPARISON_SET, NATIONAL

__all__ = [
    "composition",
    "index_series",
    "specialization",
    "specialization_all",
    "specialization_ranking",
    "totals_and_change",
]


def totals_and_change(
    con: duckdb.DuckDBPyConnection,
    area: str,
    measure: str,
    industry: str = "total",
    scope: str | None = None,
) -> list[Row]:
    """The value per survey year and the change from the survey before.

    Each row: the value keys, then ``previous_year``, ``change`` (value − previous value),
    ``change_pct`` (change / previous value × 100), ``comparable``, ``reasons``, ``warning``,
    ``warning_ja`` (None on the first row; see :func:`comparability`).
    """
    sql, params = values_query([area], measure, industry, scope)
    rows = fetch(con, sql + " ORDER BY year", params)
    out: list[Row] = []
    for before, row in zip([None, *rows], rows, strict=False):
        item = value_fields(row)
        item["measure"] = measure
        if before is None:
            item.update(
                previous_year=None,
                change=None,
                change_pct=None,
                comparable=None,
                reasons=[],
                warning=None,
                warning_ja=None,
            )
        else:
            change = _difference(row["value"], before["value"])
            item["previous_year"] = before["year"]
            item["change"] = change
            item["change_pct"] = _percent(change, before["value"])
            item.update(comparability(before, row))
        out.append(item)
    return out


def index_series(
    con: duckdb.DuckDBPyConnection,
    areas: Sequence[str] | None,
    measure: str,
    base_year: int,
    industry: str = "total",
    scope: str | None = None,
) -> list[Row]:
    """Value ÷ value in ``base_year`` × 100 per area (default: the comparison set) and year.

    Each row: the value keys, ``base_year``, ``base_value``, ``index``, ``rank`` (of the index
    among the areas that year, 1 = highest; equal indexes share a rank), ``areas_ranked``, and
    the comparability of the year with the base year (``comparable``, ``reasons``, ``warning``,
    ``warning_ja``). Rows are in the order of ``areas``, then by year.
    """
    chosen = list(areas) if areas is not None else list(COMPARISON_SET)
    sql, params = values_query(chosen, measure, industry, scope)
    query = f"""
        WITH v AS ({sql}),
        indexed AS (
            SELECT v.*, b.value AS base_value, b.survey AS base_survey, b.scope AS base_scope,
                   100 * v.value / nullif(b.value, 0) AS index
            FROM v LEFT JOIN v b ON b.area_code = v.area_code AND b.year = $base_year
        )
        SELECT *,
               CASE WHEN index IS NOT NULL THEN
                   rank() OVER (PARTITION BY year ORDER BY index DESC NULLS LAST) END AS rank,
               count(index) OVER (PARTITION BY year) AS areas_ranked
        FROM indexed ORDER BY list_position($areas, area_code), year
    """
    out: list[Row] = []
    for row in fetch(con, query, {**params, "base_year": base_year}):
        item = value_fields(row)
        item.update(
            measure=measure,
            base_year=base_year,
            base_value=row["base_value"],
            index=row["index"],
            rank=row["rank"],
            areas_ranked=row["areas_ranked"],
        )
        base = {"year": base_year, "survey": row["base_survey"], "scope": row["base_scope"]}
        if row["base_value"] is None and row["year"] != base_year:
            item.update(
                comparable=False,
                reasons=["no-base"],
                warning=f"no value in {base_year}",
                warning_ja=f"{base_year}年の値がない",
            )
        else:
            item.update(comparability(base, row))
        out.append(item)
    return out


def composition(
    con: duckdb.DuckDBPyConnection, area: str, year: int, measure: str = "employees"
) -> list[Row]:
    """Shares by industry division: the division's value ÷ the area's ``total`` × 100.

    Each row: the value keys, ``industry_name``, ``total`` and ``share`` (None when the
    division or the total has no number: the division's ``marker`` says why). Divisions need
    not add up to the total (a file may publish only some; suppressed cells).
    """
    sql, params = values_query([area], measure, year=year)
    query = f"""
        WITH v AS ({sql})
        SELECT v.*, t.value AS total, 100 * v.value / nullif(t.value, 0) AS share
        FROM v LEFT JOIN v t ON t.industry = 'total' AND t.year = v.year
        WHERE v.year = $year AND v.industry <> 'total'
        ORDER BY v.industry
    """
    out: list[Row] = []
    for row in fetch(con, query, {**params, "year": year}):
        item = value_fields(row)
        item.update(
            measure=measure,
            industry_name=industry_name(row["industry"]),
            total=row["total"],
            share=row["share"],
        )
        out.append(item)
    return out


SPECIALIZATION = """
    WITH v AS ({values}),
    y AS (SELECT * FROM v WHERE year = $year AND industry IS NOT NULL),
    t AS (SELECT area_code, value AS total FROM y WHERE industry = 'total'),
    s AS (
        SELECT y.*, t.total, 100 * y.value / nullif(t.total, 0) AS share
        FROM y LEFT JOIN t USING (area_code) WHERE y.industry <> 'total'
    ),
    n AS (SELECT industry, share AS national_share FROM s WHERE area_code = '{national}'),
    c AS (
        SELECT s.*, n.national_share, s.share / nullif(n.national_share, 0) AS coefficient
        FROM s LEFT JOIN n USING (industry)
        WHERE s.area_code <> '{national}' OR $area = '{national}'
    )
    SELECT *,
           CASE WHEN coefficient IS NOT NULL THEN
               rank() OVER (PARTITION BY industry ORDER BY coefficient DESC NULLS LAST) END
               AS rank,
           count(coefficient) OVER (PARTITION BY industry) AS areas_ranked
    FROM c
"""


def _specialization_rows(
    con: duckdb.DuckDBPyConnection,
    year: int,
    measure: str,
    areas: Sequence[str] | None,
    area: str | None,
) -> list[Row]:
    chosen = list(
        dict.fromkeys(
            [*(areas if areas is not None else COMPARISON_SET), *([area] if area else [])]
        )
    )
    sql, params = values_query(chosen, measure, national=True, year=year)
    query = SPECIALIZATION.format(values=sql, national=NATIONAL)
    rows = fetch(
        con,
        query + " ORDER BY industry, rank NULLS LAST, area_code",
        {**params, "year": year, "area": area or ""},
    )
    out: list[Row] = []
    for row in rows:
        item = value_fields(row)
        item.update(
            measure=measure,
            industry_name=industry_name(row["industry"]),
            total=row["total"],
            share=row["share"],
            national_share=row["national_share"],
            coefficient=row["coefficient"],
            rank=row["rank"],
            areas_ranked=row["areas_ranked"],
        )
        out.append(item)
    return out


def specialization(
    con: duckdb.DuckDBPyConnection,
    area: str,
    year: int,
    measure: str = "employees",
    areas: Sequence[str] | None = None,
) -> list[Row]:
    """The specialization coefficient (特化係数) of every industry of ``area`` in ``year``.

    ``share`` = industry ÷ area total × 100; ``national_share`` the same for the nation (its own
    row ``00000``, else the sum of all municipalities); ``coefficient`` = share ÷ national_share;
    ``rank`` = rank of the coefficient among ``areas`` (default: the comparison set) plus
    ``area``, 1 = highest, equal coefficients share the best rank (1, 1, 3); ``areas_ranked``
    = how many of them have a coefficient. One row per industry, by industry letter.
    """
    rows = _specialization_rows(con, year, measure, areas, area)
    return [row for row in rows if row["area_code"] == area]


def specialization_ranking(
    con: duckdb.DuckDBPyConnection,
    industry: str,
    year: int,
    measure: str = "employees",
    areas: Sequence[str] | None = None,
) -> list[Row]:
    """Every area of ``areas`` (default: the comparison set) for one industry, by rank; the
    keys of :func:`specialization`."""
    rows = _specialization_rows(con, year, measure, areas, None)
    return [row for row in rows if row["industry"] == industry]


def _difference(value: float | None, before: float | None) -> float | None:
    return None if value is None or before is None else value - before


def _percent(change: float | None, before: float | None) -> float | None:
    return None if change is None or not before else 100 * change / before
