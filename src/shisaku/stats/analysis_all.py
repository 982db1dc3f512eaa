"""Specialization coefficients for every area, industry and year at once: one SQL query.

Window functions over the measure's rows, in one pass over ``obs``: the area's total per
(area, year), the national value per (industry, year) — the nation's own row ``00000`` when the
data has one, else the sum over municipalities (:data:`shisaku.stats.areas.MUNICIPALITY_SQL`) —
and the national total per year. Rows of the same area and year from several active tables:
the final (確報) table imported last wins, as in every other analysis.
"""

from __future__ import annotations

import duckdb

from shisaku.stats.areas import MUNICIPALITY_SQL, NATIONAL

SPECIALIZATION_ALL = f"""
WITH picked AS (
    SELECT area_code, area_name, industry, year, value, {MUNICIPALITY_SQL} AS municipal
    FROM obs
    WHERE measure = $measure AND dims = '' AND industry IS NOT NULL
      AND ($year IS NULL OR year = $year)
    QUALIFY (status = 'final')::BIGINT * 4294967296 + dataset_id
          = max((status = 'final')::BIGINT * 4294967296 + dataset_id)
            OVER (PARTITION BY area_code, year)
),
by_area AS (
    SELECT area_code, area_name, industry, year, value,
           max(value) FILTER (WHERE industry = 'total')
               OVER (PARTITION BY area_code, year) AS total,
           coalesce(max(value) FILTER (WHERE area_code = '{NATIONAL}')
                        OVER (PARTITION BY industry, year),
                    sum(value) FILTER (WHERE municipal)
                        OVER (PARTITION BY industry, year)) AS national_value
    FROM picked
),
by_year AS (
    SELECT *, max(national_value) FILTER (WHERE industry = 'total')
                  OVER (PARTITION BY year) AS national_total
    FROM by_area
)
SELECT area_code, area_name, industry, year, value, total,
       100 * value / nullif(total, 0) AS share,
       100 * national_value / nullif(national_total, 0) AS national_share,
       (value / nullif(total, 0)) / nullif(national_value / nullif(national_total, 0), 0)
           AS coefficient
FROM by_year
WHERE industry <> 'total'
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
