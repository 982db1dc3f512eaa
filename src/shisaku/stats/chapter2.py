"""Chapter 2 of the plan (本市の産業を取り巻く現状), recomputed from the statistics store.

The overview states three findings; :func:`chapter2` computes their figures for an area
(default 川崎市) and writes the findings from those figures (ja and en), never from fixed text:

1. establishments and employees, and their change between surveys (with comparability);
2. employee growth versus the comparison set (index series, the area's rank);
3. the shares of 情報通信業 (G) and 学術研究，専門・技術サービス業 (L), their specialization
   coefficients and the area's rank in the comparison set, for every survey year.

:func:`render_chapter2` prints the result as text tables (``shisaku stats chapter2``).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from shisaku.stats.analysis import index_series, specialization, totals_and_change
from shisaku.stats.analysis_base import SCOPES, Row, fetch, industry_name
from shisaku.stats.analysis_render import MEASURE_NAMES, number, render_chapter2, signed
from shisaku.stats.areas import COMPARISON_SET, area_name

__all__ = ["INDUSTRIES", "MEASURES", "chapter2", "findings", "render_chapter2"]

MEASURES = ("establishments", "employees")
INDUSTRIES = ("G", "L")


def chapter2(
    con: duckdb.DuckDBPyConnection,
    area: str = "14130",
    areas: Sequence[str] | None = None,
    base_year: int | None = None,
    industries: Sequence[str] = INDUSTRIES,
) -> Row:
    """The figures and findings of chapter 2 for ``area`` (JSON-ready).

    Keys: ``area`` (code, name), ``comparison_set`` (codes), ``counts`` (measure →
    :func:`totals_and_change` rows), ``growth`` (``measure``, ``base_year``, ``year``,
    ``index``, ``rank``, ``areas_ranked``, ``series``: :func:`index_series` rows of the last
    year, by rank), ``shares`` (industry → :func:`specialization` rows of the area, one per
    year), ``findings`` (list of {``ja``, ``en``}), ``sources`` (the tables used: ``table_id``,
    ``title``, ``source``, ``status``).

    ``base_year`` defaults to the first year of the latest run of comparable employee surveys
    (for SSDSE-A 2020/2023/2026: 2016, since 2014 was a 基礎調査 of all establishments).
    """
    chosen = list(areas) if areas is not None else list(COMPARISON_SET)
    if area not in chosen:
        chosen.append(area)
    counts = {m: totals_and_change(con, area, m) for m in MEASURES}
    employees = counts["employees"]
    name = employees[0]["area_name"] if employees else area_name(area) or area
    growth = _growth(con, area, chosen, employees, base_year)
    years = [row["year"] for row in employees]
    shares: dict[str, list[Row]] = {industry: [] for industry in industries}
    for year in years:
        for row in specialization(con, area, year, "employees", chosen):
            if row["industry"] in shares:
                shares[row["industry"]].append(row)
    result: Row = {
        "area": {"code": area, "name": name},
        "comparison_set": chosen,
        "counts": counts,
        "growth": growth,
        "shares": shares,
    }
    result["findings"] = findings(result)
    tables = {row["table_id"] for rows in counts.values() for row in rows}
    tables |= {row["table_id"] for row in growth["series"]}
    tables |= {row["table_id"] for rows in shares.values() for row in rows}
    result["sources"] = fetch(
        con,
        "SELECT table_id, title, source, status FROM datasets"
        " WHERE active AND list_contains($tables, table_id) ORDER BY table_id",
        {"tables": sorted(t for t in tables if t)},
    )
    return result


def _growth(
    con: duckdb.DuckDBPyConnection,
    area: str,
    areas: list[str],
    employees: list[Row],
    base_year: int | None,
) -> Row:
    if base_year is None and employees:
        base_year = employees[0]["year"]
        for row in employees[1:]:
            if not row["comparable"]:
                base_year = row["year"]
    empty: Row = {
        "measure": "employees",
        "base_year": base_year,
        "year": None,
        "index": None,
        "rank": None,
        "areas_ranked": 0,
        "series": [],
    }
    if base_year is None:
        return empty
    series = index_series(con, areas, "employees", base_year)
    years = [row["year"] for row in series if row["year"] > base_year and row["index"] is not None]
    if not years:
        return empty
    last = max(years)
    rows = sorted((r for r in series if r["year"] == last), key=lambda r: r["rank"] or 999)
    own = next((r for r in rows if r["area_code"] == area), None)
    return {
        **empty,
        "year": last,
        "index": own and own["index"],
        "rank": own and own["rank"],
        "areas_ranked": rows[0]["areas_ranked"] if rows else 0,
        "series": rows,
    }


def findings(result: Row) -> list[dict[str, str]]:
    """Short findings (ja, en) written from the figures of a :func:`chapter2` result."""
    out: list[dict[str, str]] = []
    name = result["area"]["name"]
    for measure, rows in result["counts"].items():
        ja_m, en_m = MEASURE_NAMES.get(measure, (measure, measure))
        if not rows:
            out.append({"ja": f"{name}の{ja_m}のデータがない。", "en": f"No {en_m.lower()} data."})
            continue
        last = rows[-1]
        ja = f"{name}の{ja_m}は{last['year']}年に{number(last['value'])}"
        en = f"{en_m} in {name}: {number(last['value'])} in {last['year']}"
        if last["previous_year"] is not None:
            change_ja = signed(last["change"], last["change_pct"], "ja")
            ja += f"、{last['previous_year']}年から{change_ja}"
            en += f", {signed(last['change'], last['change_pct'])} from {last['previous_year']}"
        ja, en = ja + "。", en + "."
        for row in rows[1:]:
            if row["comparable"] is False:
                y0, y1 = row["previous_year"], row["year"]
                ja += (
                    f"{y0}年→{y1}年の変化 {signed(row['change'], row['change_pct'], 'ja')}は"
                    f"{row['warning_ja']}。"
                )
                en += (
                    f" The change {y0}→{y1}, {signed(row['change'], row['change_pct'])},"
                    f" is {row['warning']}."
                )
        out.append({"ja": ja, "en": en})
    growth = result["growth"]
    if growth["rank"] is not None:
        top, bottom = growth["series"][0], growth["series"][-1]
        b, y, n = growth["base_year"], growth["year"], growth["areas_ranked"]
        out.append(
            {
                "ja": f"従業者数の伸び（{b}年=100）: {name}は{y}年に{growth['index']:.1f}で、"
                f"{n}都市中{growth['rank']}位（最高 {top['area_name']} {top['index']:.1f}、"
                f"最低 {bottom['area_name']} {bottom['index']:.1f}）。",
                "en": f"Employee growth ({b} = 100): {name} reached {growth['index']:.1f} in {y}, "
                f"rank {growth['rank']} of {n} (highest {top['area_name']} "
                f"{top['index']:.1f}, lowest {bottom['area_name']} {bottom['index']:.1f}).",
            }
        )
    for industry, rows in result["shares"].items():
        known = [r for r in rows if r["coefficient"] is not None]
        if not known:
            continue
        ja_i, en_i = industry_name(industry, "ja"), industry_name(industry, "en")
        parts_ja = [
            f"{r['year']}年 {r['share']:.1f}%（全国 {r['national_share']:.1f}%、特化係数 "
            f"{r['coefficient']:.2f}、{r['areas_ranked']}都市中{r['rank']}位）"
            for r in known
        ]
        parts_en = [
            f"{r['year']}: {r['share']:.1f}% (national {r['national_share']:.1f}%, "
            f"coefficient {r['coefficient']:.2f}, rank {r['rank']} of "
            f"{r['areas_ranked']})"
            for r in known
        ]
        ja = f"{ja_i}（{industry}）の従業者構成比: {'、'.join(parts_ja)}。"
        en = f"Share of employees in {en_i} ({industry}): {'; '.join(parts_en)}."
        scopes = {r["scope"] for r in known}
        if len(scopes) > 1:
            by_scope = {s: [str(r["year"]) for r in known if r["scope"] == s] for s in scopes}
            labels = {s: SCOPES.get(s or "", (str(s), str(s))) for s in scopes}
            ja += (
                "対象範囲は"
                + "、".join(
                    f"{'・'.join(y)}年が{labels[s][0]}"
                    for s, y in sorted(by_scope.items(), key=_first)
                )
                + "。"
            )
            en += (
                " Scope: "
                + "; ".join(
                    f"{', '.join(y)} {labels[s][1]}"
                    for s, y in sorted(by_scope.items(), key=_first)
                )
                + "."
            )
        out.append({"ja": ja, "en": en})
    return out


def _first(item: tuple[str | None, list[str]]) -> str:
    return item[1][0]
