"""Areas the analyses compare, and the virtual areas they compute.

The default comparison set is Japan's 20 designated cities (政令指定都市) and Tokyo's 特別区部
(the 23 wards together), 21 areas, as listed in 川崎市「大都市データ」(大都市比較統計年表
(平成25年) ベース; the project's designated_cities.csv), with area codes from SSDSE-A.

Two areas are *virtual* when the data has no row of their own:

- ``13100`` 特別区部 is the sum of the 23 wards ``13101``–``13123``;
- ``00000`` 全国 is the sum of every municipality in the data (see :data:`MUNICIPALITY_SQL`).

A computed row says how complete it is: ``parts`` (components with a number), ``suppressed``
(秘匿 ``x``), ``unavailable`` (other markers such as ``…``; ``-`` counts as none, i.e. zero),
``missing`` (components absent from the data) and ``partial`` (any of the last three).
"""

from __future__ import annotations

from collections.abc import Iterable

from shisaku.stats.markers import MARKERS

NATIONAL = "00000"
SPECIAL_WARDS = "13100"
WARDS = tuple(f"131{n:02d}" for n in range(1, 24))
"""The 23 special wards of Tokyo, 千代田区 13101 … 江戸川区 13123."""

DESIGNATED_CITIES: dict[str, str] = {
    "01100": "札幌市",
    "04100": "仙台市",
    "11100": "さいたま市",
    "12100": "千葉市",
    "14100": "横浜市",
    "14130": "川崎市",
    "14150": "相模原市",
    "15100": "新潟市",
    "22100": "静岡市",
    "22130": "浜松市",
    "23100": "名古屋市",
    "26100": "京都市",
    "27100": "大阪市",
    "27140": "堺市",
    "28100": "神戸市",
    "33100": "岡山市",
    "34100": "広島市",
    "40100": "北九州市",
    "40130": "福岡市",
    "43100": "熊本市",
}
"""The 20 designated cities (政令指定都市), by area code."""

VIRTUAL_NAMES = {SPECIAL_WARDS: "特別区部", NATIONAL: "全国"}
COMPARISON_SET: tuple[str, ...] = (*DESIGNATED_CITIES, SPECIAL_WARDS)
"""The default comparison set: the 20 designated cities and 特別区部 (21 areas)."""

AREA_NAMES: dict[str, str] = {**DESIGNATED_CITIES, **VIRTUAL_NAMES}

_CITY_LIST = ", ".join(f"'{code}'" for code in DESIGNATED_CITIES)
MUNICIPALITY_SQL = (
    "(area_code GLOB '[0-9][0-9][0-9][0-9][0-9]'"
    " AND area_code NOT LIKE '%000' AND area_code <> '13100'"
    " AND NOT (substr(area_code, 3, 1) = '1' AND area_code NOT LIKE '131%'"
    f" AND area_code NOT IN ({_CITY_LIST})))"
)
"""An SQL condition on ``area_code``: a municipality, as the national sum counts them.

Codes ``xx100``–``xx199`` (JIS X 0402) are designated cities and their wards, except Tokyo's
special wards ``131xx``: a designated city counts whole and its wards (``14131`` 川崎区 …) never,
so data holding both a city and its wards is not counted twice. Prefectures (``xx000``), the
nation, e-Stat's aggregate ``13100`` and codes with letters (pre-merger areas such as ``0120B``)
are left out.
"""


def area_name(code: str) -> str | None:
    """The name of an area of the comparison set or a virtual area; None for others."""
    return AREA_NAMES.get(code)


def needed_areas(areas: Iterable[str]) -> tuple[list[str], bool]:
    """The published areas to read for ``areas``, and whether every municipality is needed.

    >>> needed_areas(["14130", "13100"])[0][:3]
    ['14130', '13100', '13101']
    >>> needed_areas(["00000"])[1]
    True
    """
    wanted = list(dict.fromkeys(areas))
    read = list(wanted)
    if SPECIAL_WARDS in wanted:
        read += [ward for ward in WARDS if ward not in read]
    return read, NATIONAL in wanted


def _quoted(markers: Iterable[str]) -> str:
    return ", ".join("'" + m.replace("'", "''") + "'" for m in markers)


SUPPRESSED_SQL = _quoted(m for m, meaning in MARKERS.items() if meaning == "suppressed")
NONE_SQL = _quoted(m for m, meaning in MARKERS.items() if meaning == "none")
PREFERENCE_SQL = "(status = 'final')::BIGINT * 4294967296 + dataset_id"
"""Which of several tables holding an area and year wins: final (確報) first, then the one
imported last (the highest ``dataset_id``)."""


def picked_sql(columns: str, where: str) -> str:
    """Rows of ``obs`` (``columns``, filtered by ``where``), one table per area and year.

    When several active tables hold the measure for the same area and survey year, only the
    rows of the preferred one (:data:`PREFERENCE_SQL`) are kept, so a share never mixes tables.
    The window that picks it runs only over years that more than one table holds: years held
    by one table (the usual case) pass straight through.
    """
    return f"""
        SELECT {columns} FROM obs WHERE {where}
          AND year IN (SELECT year FROM obs WHERE {where}
                       GROUP BY year HAVING count(DISTINCT dataset_id) = 1)
        UNION ALL
        SELECT {columns} FROM obs WHERE {where}
          AND year NOT IN (SELECT year FROM obs WHERE {where}
                           GROUP BY year HAVING count(DISTINCT dataset_id) = 1)
        QUALIFY {PREFERENCE_SQL} = max({PREFERENCE_SQL}) OVER (PARTITION BY area_code, year)"""


def values_sql(everything: bool) -> str:
    """A query of one measure's values for a set of areas, virtual areas included.

    Parameters: ``$measure``; ``$areas`` (list of area codes to return); ``$read`` (published
    area codes to read, see :func:`needed_areas`; not given when ``everything``);
    ``$industry``, ``$year``, ``$scope`` (each NULL for any). Only rows without other
    dimensions (``dims = ''``) are read; one table per area and year (:func:`picked_sql`).

    Columns: ``area_code``, ``area_name``, ``industry``, ``year``, ``value``, ``marker``,
    ``survey``, ``scope``, ``table_id``, ``status``, ``computed``, ``parts``, ``suppressed``,
    ``unavailable``, ``missing``, ``partial`` (the last five NULL/false for published rows).
    """
    area_filter = "TRUE" if everything else "list_contains($read, area_code)"
    where = f"""measure = $measure AND dims = '' AND {area_filter}
          AND ($industry IS NULL OR industry = $industry)
          AND ($year IS NULL OR year = $year) AND ($scope IS NULL OR scope = $scope)"""
    columns = "area_code, area_name, industry, year, value, marker, survey, scope, table_id, status"
    computed = f"""
        SELECT '{{code}}' AS area_code, '{{name}}' AS area_name, industry, year,
               sum(value) AS value,
               CASE WHEN count(value) = 0 THEN min(marker) END AS marker,
               min(survey) AS survey, min(scope) AS scope, min(table_id) AS table_id,
               min(status) AS status, true AS computed,
               count(value) AS parts,
               count(*) FILTER (WHERE marker IN ({SUPPRESSED_SQL})) AS suppressed,
               count(*) FILTER (WHERE value IS NULL AND coalesce(marker, '') NOT IN
                                ({SUPPRESSED_SQL}, {NONE_SQL})) AS unavailable,
               {{expected}} - count(*) AS missing
        FROM picked WHERE {{where}}
        GROUP BY industry, year
        HAVING NOT EXISTS (SELECT 1 FROM picked p WHERE p.area_code = '{{code}}'
                           AND p.year = picked.year
                           AND p.industry IS NOT DISTINCT FROM picked.industry)"""
    wards = computed.format(
        code=SPECIAL_WARDS,
        name=VIRTUAL_NAMES[SPECIAL_WARDS],
        expected=len(WARDS),
        where="area_code BETWEEN '13101' AND '13123'",
    )
    nation = computed.format(
        code=NATIONAL,
        name=VIRTUAL_NAMES[NATIONAL],
        expected="(SELECT m.n FROM municipalities m WHERE m.year = picked.year)",
        where=MUNICIPALITY_SQL,
    )
    return f"""
    WITH picked AS ({picked_sql(columns, where)}),
    municipalities AS (
        SELECT year, count(DISTINCT area_code) AS n FROM picked
        WHERE {MUNICIPALITY_SQL} GROUP BY year
    ),
    area_values AS (
        SELECT *, false AS computed, NULL::BIGINT AS parts, NULL::BIGINT AS suppressed,
               NULL::BIGINT AS unavailable, NULL::BIGINT AS missing
        FROM picked
        UNION ALL BY NAME ({wards})
        UNION ALL BY NAME ({nation})
    )
    SELECT *, coalesce(suppressed + unavailable + missing > 0, false) AS partial
    FROM area_values WHERE list_contains($areas, area_code)
    """
