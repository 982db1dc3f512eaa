"""What the analyses share: industry names, comparability of surveys, and reading values."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import duckdb

from shisaku.stats.areas import needed_areas, values_sql
from shisaku.stats.industries import DIVISIONS
from shisaku.stats.measures import CENSUS_NOTES, ECONOMIC_CENSUSES

Row = dict[str, Any]

TOTAL_NAMES = ("全産業", "All industries")
"""The names of ``industry='total'``; divisions are named by JSIC (:data:`DIVISIONS`)."""

SCOPES: dict[str, tuple[str, str]] = {
    "all": ("公務を含む全事業所", "all establishments incl. public service"),
    "private": ("民営事業所", "private establishments"),
}

VALUE_KEYS = (
    "area_code",
    "area_name",
    "industry",
    "year",
    "value",
    "marker",
    "survey",
    "scope",
    "table_id",
    "status",
    "computed",
    "parts",
    "suppressed",
    "unavailable",
    "missing",
    "partial",
)
"""The keys every analysis row carries about its value (see :mod:`shisaku.stats.areas`)."""

_YEAR_PREFIX = re.compile(r"^\s*(?:(?:明治|大正|昭和|平成|令和)\s*(?:\d+|元)|\d{4})\s*年\s*")
_DASHES = re.compile(r"[‐‑‒–—―−ー-]")


def industry_name(code: str | None, lang: str = "ja") -> str | None:
    """The JSIC name of a division letter (or of ``total``), in ``ja`` or ``en``.

    >>> industry_name("G"), industry_name("L", "en"), industry_name("total")
    ('情報通信業', 'Scientific research, professional and technical services', '全産業')
    """
    if code == "total":
        return TOTAL_NAMES[0 if lang == "ja" else 1]
    division = DIVISIONS.get(code or "")
    if division is None:
        return None
    return division.name if lang == "ja" else division.name_en


def survey_kind(survey: str | None) -> str | None:
    """A survey's kind: its name without the year, dashes unified.

    >>> survey_kind("平成26年経済センサス‐基礎調査")
    '経済センサス-基礎調査'
    >>> survey_kind("令和3年経済センサス‐活動調査") == survey_kind("平成28年経済センサス-活動調査")
    True
    """
    if survey is None:
        return None
    return _DASHES.sub("-", _YEAR_PREFIX.sub("", survey)).strip()


def comparability(before: Row, after: Row) -> Row:
    """Whether two values of one series compare: same kind of survey and same scope.

    A kind or scope known on one side only also makes them not comparable (it cannot be
    checked), and so does a census with a caution (:data:`~shisaku.stats.measures.CENSUS_NOTES`:
    令和元年経済センサス‐基礎調査). Returns ``comparable``, ``reasons`` (``survey-kind``,
    ``scope``, ``survey-unknown``, ``scope-unknown``, ``census-caution``), ``warning`` (English)
    and ``warning_ja``.
    """
    reasons: list[str] = []
    en: list[str] = []
    ja: list[str] = []
    y0, y1 = before["year"], after["year"]
    k0, k1 = survey_kind(before["survey"]), survey_kind(after["survey"])
    if k0 is not None and k1 is not None and k0 != k1:
        reasons.append("survey-kind")
        en.append(f"the surveys differ in kind: {y0} {before['survey']}, {y1} {after['survey']}")
        ja.append(f"調査の種類が異なる（{y0}年 {before['survey']}、{y1}年 {after['survey']}）")
    elif (k0 is None) != (k1 is None):
        reasons.append("survey-unknown")
        unknown = y0 if k0 is None else y1
        en.append(f"the survey of {unknown} is unknown")
        ja.append(f"{unknown}年の調査が不明")
    s0, s1 = before["scope"], after["scope"]
    if s0 is not None and s1 is not None and s0 != s1:
        reasons.append("scope")
        e0, e1 = SCOPES.get(s0, (s0, s0)), SCOPES.get(s1, (s1, s1))
        en.append(f"the scopes differ: {y0} {e0[1]}, {y1} {e1[1]}")
        ja.append(f"対象範囲が異なる（{y0}年 {e0[0]}、{y1}年 {e1[0]}）")
    elif (s0 is None) != (s1 is None):
        reasons.append("scope-unknown")
        unknown = y0 if s0 is None else y1
        en.append(f"the scope of {unknown} is unknown")
        ja.append(f"{unknown}年の対象範囲が不明")
    for row in (before, after):
        note = CENSUS_NOTES.get(row["year"])
        if note and row["survey"] == ECONOMIC_CENSUSES.get(row["year"]):
            reasons.append("census-caution")
            en.append(f"{row['year']}: {note}")
            ja.append(f"{row['year']}年の{row['survey']}には注意がある（{note}）")
    return {
        "comparable": not reasons,
        "reasons": reasons,
        "warning": f"not comparable: {'; '.join(en)}" if en else None,
        "warning_ja": f"比較できない: {'。'.join(ja)}" if ja else None,
    }


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: Row) -> list[Row]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def values_query(
    areas: Sequence[str],
    measure: str,
    industry: str | None = None,
    scope: str | None = None,
    national: bool = False,
    year: int | None = None,
) -> tuple[str, Row]:
    """SQL and parameters of :func:`shisaku.stats.areas.values_sql` for ``areas``; with
    ``national`` the nation is read too (from its own row, or summed)."""
    wanted = [*areas, *(["00000"] if national else [])]
    read, everything = needed_areas(wanted)
    params: Row = {
        "measure": measure,
        "areas": list(dict.fromkeys(wanted)),
        "industry": industry,
        "scope": scope,
        "year": year,
    }
    if not everything:
        params["read"] = read
    return values_sql(everything), params


def value_fields(row: Row) -> Row:
    """The value keys of a row, in order (see :data:`VALUE_KEYS`)."""
    return {key: row.get(key) for key in VALUE_KEYS}
