"""Specialization coefficients for every area, industry and year at once: one SQL query.

One set-based query over the measure's rows (no loop over areas): the area's total per
(area, year), the national value per (industry, year) — the nation's own row ``00000`` when the
data has one, else the sum over municipalities (:data:`shisaku.stats.areas.MUNICIPALITY_SQL`)
— and the national total per year, joined back to every row. Rows of the same area and year
from several active tables: the preferred table wins (:func:`shisaku.stats.areas.picked_sql`),
as in every other analysis.

Hash aggregates joined back, rather than window functions over the rows: on 17.4 million rows
(1,741 areas × 500 industries × 5 years × 4 measures) the same query with three windows
(PARTITION BY area and year; industry and year; year) took about four times as long.
"""

from __future__ import annotations

import duckdb

from shisaku.stats.areas import MUNICIPALITY_SQL, NATIONAL, picked_sql

_WHERE = """measure = $measure AND dims = '' AND industry IS NOT NULL
          AND ($year IS NULL OR year = $year)"""

SPECIALIZATION_ALL = f"""
WITH picked AS ({picked_sql("area_code, area_name, industry, year, value", _WHERE)}),
totals AS (
    SELECT area_code, year, max(value) AS total FROM picked
    WHERE industry = 'total' GROUP BY area_code, year
),
nation AS (
    SELECT industry, year,
           coalesce(max(value) FILTER (WHERE area_code = '{NATIONAL}'),
                    sum(value) FILTER (WHERE {MUNICIPALITY_SQL})) AS national_value
    FROM picked GROUP BY industry, year
),
national_totals AS (
    SELECT year, national_value AS national_total FROM nation WHERE industry = 'total'
)
SELECT p.area_code, p.area_name, p.industry, p.year, p.value, t.total,
       100 * p.value / nullif(t.total, 0) AS share,
       100 * n.national_value / nullif(nt.national_total, 0) AS national_share,
       (p.value / nullif(t.total, 0))
           / nullif(n.national_value / nullif(nt.national_total, 0), 0) AS coefficient
FROM picked p
LEFT JOIN totals t ON t.area_code = p.area_code AND t.year = p.year
LEFT JOIN nation n ON n.industry = p.industry AND n.year = p.year
LEFT JOIN national_totals nt ON nt.year = p.year
WHERE p.industry <> 'total'
"""
"""Parameters ``$measure`` and ``$year`` (NULL: every year)."""


def specialization_all(
    con: duckdb.DuckDBPyConnection, measure: str, year: int | None = None
) -> duckdb.DuckDBPyRelation:
    """Every area × industry × year of ``measure`` (one ``year``, or all): columns
    ``area_code``, ``area_name``, ``industry``, ``year``, ``value``, ``total``, ``share`` (%),
    ``national_share`` (%), ``coefficient``.

    A lazy relation, not a list: on a national-scale store it has millions of rows. Fetch it
    (``.fetchall()``, ``.df()``), aggregate it, or write it (``.write_parquet(path)``).
    Unlike :func:`shisaku.stats.analysis.specialization`, it computes no virtual 特別区部 and
    no ranks. Unordered; add ``.order("area_code, industry, year")`` when order matters.
    """
    return con.sql(SPECIALIZATION_ALL, params={"measure": measure, "year": year})
