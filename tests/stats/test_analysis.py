"""The analyses on small hand-made stores: every expected value is computed by hand."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pytest

from shisaku.stats import store
from shisaku.stats.analysis import (
    composition,
    index_series,
    specialization,
    specialization_all,
    specialization_ranking,
    totals_and_change,
)
from shisaku.stats.analysis_base import comparability, survey_kind
from shisaku.stats.areas import COMPARISON_SET, DESIGNATED_CITIES, NATIONAL, SPECIAL_WARDS, WARDS
from shisaku.stats.records import Dataset, Observation

SURVEYS = {
    2014: ("平成26年経済センサス‐基礎調査", "all"),
    2016: ("平成28年経済センサス‐活動調査", "private"),
    2021: ("令和3年経済センサス‐活動調査", "private"),
}


def ob(
    area: str,
    year: int,
    industry: str | None,
    value: float | None,
    marker: str | None = None,
    measure: str = "employees",
    survey: str | None = "default",
    scope: str | None = "default",
) -> Observation:
    default_survey, default_scope = SURVEYS.get(year, (None, None))
    return Observation(
        measure=measure,
        measure_name=measure,
        area_code=area,
        area_name=f"area {area}",
        year=year,
        value=value,
        marker=marker,
        industry=industry,
        survey=default_survey if survey == "default" else survey,
        scope=default_scope if scope == "default" else scope,
    )


def make_store(
    *tables: Sequence[Observation], statuses: Sequence[str] = ()
) -> duckdb.DuckDBPyConnection:
    """A store with one table per argument (T1, T2 …), imported in that order."""
    con = store.connect(":memory:")
    for i, rows in enumerate(tables):
        status = statuses[i] if i < len(statuses) else "final"
        dataset = Dataset(f"T{i + 1}", f"table {i + 1}", "ssdse", status=status, source=f"S{i + 1}")
        store.store(con, dataset, list(rows))
    return con


def totals(area: str, values: dict[int, float | None]) -> list[Observation]:
    return [ob(area, y, "total", v, None if v is not None else "x") for y, v in values.items()]


# --------------------------------------------------------------------------- areas


def test_the_comparison_set_is_the_20_designated_cities_and_the_wards() -> None:
    assert len(DESIGNATED_CITIES) == 20
    assert COMPARISON_SET[-1] == SPECIAL_WARDS == "13100"
    assert len(COMPARISON_SET) == 21
    assert "14130" in COMPARISON_SET
    assert WARDS[0] == "13101"
    assert WARDS[-1] == "13123"
    assert len(WARDS) == 23


# --------------------------------------------------------------------------- change


def test_totals_and_change_computes_the_change_and_says_why_it_does_not_compare() -> None:
    con = make_store(totals("14130", {2014: 200, 2016: 150, 2021: 180}))
    rows = totals_and_change(con, "14130", "employees")
    assert [r["year"] for r in rows] == [2014, 2016, 2021]
    assert [r["value"] for r in rows] == [200, 150, 180]
    first, second, third = rows
    assert first["change"] is None
    assert first["comparable"] is None
    assert second["previous_year"] == 2014
    assert second["change"] == -50
    assert second["change_pct"] == pytest.approx(-25.0)
    assert second["comparable"] is False
    assert second["reasons"] == ["survey-kind", "scope"]
    assert "平成26年経済センサス‐基礎調査" in second["warning"]
    assert "private establishments" in second["warning"]
    assert "民営事業所" in second["warning_ja"]
    assert third["change"] == 30
    assert third["change_pct"] == pytest.approx(20.0)
    assert third["comparable"] is True
    assert third["warning"] is None
    assert third["table_id"] == "T1"


def test_a_scope_change_alone_and_an_unknown_survey_make_values_not_comparable() -> None:
    scope_only = make_store(
        [ob("14130", 2016, "total", 10), ob("14130", 2021, "total", 12, scope="all")]
    )
    (_, row) = totals_and_change(scope_only, "14130", "employees")
    assert row["reasons"] == ["scope"]
    unknown = make_store(
        [ob("14130", 2016, "total", 10), ob("14130", 2021, "total", 12, survey=None)]
    )
    (_, row) = totals_and_change(unknown, "14130", "employees")
    assert row["reasons"] == ["survey-unknown"]
    assert row["warning"] == "not comparable: the survey of 2021 is unknown"


def test_the_2019_basic_survey_never_compares() -> None:
    s14, s19 = "平成26年経済センサス‐基礎調査", "令和元年経済センサス‐基礎調査"
    con = make_store(
        [ob("14130", 2014, "total", 10), ob("14130", 2019, "total", 9, survey=s19, scope="all")]
    )
    (_, row) = totals_and_change(con, "14130", "employees")
    assert survey_kind(s14) == survey_kind(s19)
    assert row["reasons"] == ["census-caution"]
    assert "2019: 令和元年経済センサス‐基礎調査 surveyed existing establishments" in row["warning"]


def test_survey_kinds_ignore_the_year_and_the_dash() -> None:
    assert survey_kind("令和3年経済センサス-活動調査") == survey_kind(
        "平成28年経済センサス‐活動調査"
    )
    assert survey_kind("2020年国勢調査") == survey_kind("令和2年国勢調査") == "国勢調査"
    same = {"year": 2016, "survey": "平成28年経済センサス‐活動調査", "scope": "private"}
    later = {"year": 2021, "survey": "令和3年経済センサス‐活動調査", "scope": "private"}
    assert comparability(same, later)["comparable"] is True


# --------------------------------------------------------------------------- index


def test_index_series_divides_by_the_base_year_and_ranks_with_ties() -> None:
    con = make_store(
        [
            *totals("14130", {2014: 90, 2016: 100, 2021: 110}),
            *totals("01100", {2016: 200, 2021: 220}),
            *totals("04100", {2016: 50, 2021: 60}),
            *totals("11100", {2016: 10, 2021: None}),
        ]
    )
    rows = index_series(con, ["14130", "01100", "04100", "11100"], "employees", 2016)
    by = {(r["area_code"], r["year"]): r for r in rows}
    assert by["14130", 2014]["index"] == pytest.approx(90.0)
    assert by["14130", 2014]["comparable"] is False
    assert by["14130", 2014]["reasons"] == ["survey-kind", "scope"]
    assert by["14130", 2021]["index"] == pytest.approx(110.0)
    assert by["14130", 2021]["comparable"] is True
    assert by["04100", 2021]["index"] == pytest.approx(120.0)
    # 110 and 110 tie for second place; 11100 (suppressed in 2021) is not ranked.
    assert [by[a, 2021]["rank"] for a in ("04100", "14130", "01100", "11100")] == [1, 2, 2, None]
    assert by["14130", 2021]["areas_ranked"] == 3
    assert by["11100", 2021]["marker"] == "x"
    assert by["11100", 2016]["rank"] == 1
    assert by["11100", 2016]["areas_ranked"] == 4
    assert [r["area_code"] for r in rows][:3] == ["14130"] * 3


def test_index_series_without_a_base_value_says_so() -> None:
    con = make_store(totals("14130", {2016: 100, 2021: 110}))
    (row,) = [r for r in index_series(con, ["14130"], "employees", 2014) if r["year"] == 2021]
    assert row["index"] is None
    assert row["reasons"] == ["no-base"]


# --------------------------------------------------------------------------- composition


def test_composition_divides_each_division_by_the_total_and_reports_markers() -> None:
    con = make_store(
        [
            ob("14130", 2016, "total", 200),
            ob("14130", 2016, "E", 50),
            ob("14130", 2016, "G", 30),
            ob("14130", 2016, "L", None, "x"),
            ob("14130", 2021, "G", 999),
        ]
    )
    rows = composition(con, "14130", 2016)
    assert [r["industry"] for r in rows] == ["E", "G", "L"]
    assert [r["share"] for r in rows] == [pytest.approx(25.0), pytest.approx(15.0), None]
    assert rows[1]["industry_name"] == "情報通信業"
    assert rows[2]["marker"] == "x"
    assert rows[0]["total"] == 200


# --------------------------------------------------------------------------- specialization


def industries(area: str, total: float, g: float | None, year: int = 2016) -> list[Observation]:
    return [ob(area, year, "total", total), ob(area, year, "G", g, None if g is not None else "x")]


SMALL = [
    *industries("14130", 100, 20),  # share 20%
    *industries("01100", 300, 15),  # share 5%
    *industries("13101", 100, 25),  # the only ward: 特別区部 = 13101, share 25%
    *industries("14000", 1000, 500),  # a prefecture: not in the national sum
    *industries("14131", 50, 50),  # a ward of Kawasaki: not in the national sum
    *industries("0120B", 70, 70),  # a pre-merger area: not in the national sum
]
# National: G = 20 + 15 + 25 = 60 of 100 + 300 + 100 = 500 → 12%.


def test_specialization_divides_the_share_by_the_national_share() -> None:
    con = make_store(SMALL)
    (g,) = specialization(con, "14130", 2016)
    assert g["industry"] == "G"
    assert g["share"] == pytest.approx(20.0)
    assert g["national_share"] == pytest.approx(12.0)
    assert g["coefficient"] == pytest.approx(20 / 12)
    # Ranked among the comparison set: 特別区部 25/12, 川崎市 20/12, 札幌市 5/12.
    assert g["rank"] == 2
    assert g["areas_ranked"] == 3
    ranking = specialization_ranking(con, "G", 2016)
    assert [r["area_code"] for r in ranking] == ["13100", "14130", "01100"]
    assert ranking[0]["coefficient"] == pytest.approx(25 / 12)
    assert ranking[0]["computed"] is True
    assert ranking[0]["partial"] is True
    assert ranking[0]["missing"] == 22


def test_a_national_row_is_used_when_the_data_has_one() -> None:
    con = make_store([*SMALL, *industries(NATIONAL, 1000, 100)])
    (g,) = specialization(con, "14130", 2016)
    assert g["national_share"] == pytest.approx(10.0)
    assert g["coefficient"] == pytest.approx(2.0)
    (nation,) = totals_and_change(con, NATIONAL, "employees")
    assert nation["value"] == 1000
    assert nation["computed"] is False


def test_the_national_sum_counts_municipalities_and_reports_gaps() -> None:
    con = make_store([*SMALL, *industries("22203", 80, None)])
    (nation,) = totals_and_change(con, NATIONAL, "employees", industry="G")
    assert nation["value"] == 60
    assert nation["computed"] is True
    assert nation["parts"] == 3
    assert nation["suppressed"] == 1
    assert nation["partial"] is True


def test_equal_coefficients_share_the_best_rank() -> None:
    con = make_store(
        [*industries("14130", 100, 20), *industries("14100", 200, 40), *industries("01100", 100, 5)]
    )
    ranking = specialization_ranking(con, "G", 2016)
    assert [(r["area_code"], r["rank"]) for r in ranking] == [
        ("14100", 1),
        ("14130", 1),
        ("01100", 3),
    ]


def test_an_area_outside_the_set_is_ranked_with_it() -> None:
    con = make_store([*SMALL, *industries("22203", 100, 90)])
    (g,) = specialization(con, "22203", 2016, areas=["14130", "01100"])
    assert g["rank"] == 1
    assert g["areas_ranked"] == 3


def test_specialization_all_agrees_with_specialization() -> None:
    con = make_store(
        [*SMALL, *industries("14130", 100, 30, 2021), *industries("01100", 100, 10, 2021)]
    )
    rows = {(a, i, y): c for a, _, i, y, *_, c in specialization_all(con, "employees").fetchall()}
    assert rows["14130", "G", 2016] == pytest.approx(20 / 12)
    assert rows["14130", "G", 2021] == pytest.approx((30 / 100) / (40 / 200))
    assert rows["14000", "G", 2016] == pytest.approx(50 / 12)
    assert all(i != "total" for _, i, _ in rows)
    assert len(specialization_all(con, "employees", 2021).fetchall()) == 2
    for area in ("14130", "01100"):
        (g,) = specialization(con, area, 2016)
        assert rows[area, "G", 2016] == pytest.approx(g["coefficient"])


# --------------------------------------------------------------------------- 特別区部


def wards(values: dict[str, tuple[float | None, str | None]]) -> list[Observation]:
    return [ob(code, 2016, "total", v, m) for code, (v, m) in values.items()]


def ward_values() -> dict[str, tuple[float | None, str | None]]:
    return {code: (float(n), None) for n, code in enumerate(WARDS, start=1)}


def test_the_special_wards_are_the_sum_of_the_23_wards() -> None:
    con = make_store(wards(ward_values()))
    (row,) = totals_and_change(con, SPECIAL_WARDS, "employees")
    assert row["value"] == sum(range(1, 24)) == 276
    assert row["area_name"] == "特別区部"
    assert (row["computed"], row["parts"], row["partial"]) == (True, 23, False)
    published = make_store([*wards(ward_values()), ob(SPECIAL_WARDS, 2016, "total", 999)])
    (row,) = totals_and_change(published, SPECIAL_WARDS, "employees")
    assert (row["value"], row["computed"]) == (999, False)


@pytest.mark.parametrize(
    ("cell", "value", "partial", "gaps"),
    [
        ((None, "x"), 271, True, (1, 0, 0)),
        ((None, "-"), 271, False, (0, 0, 0)),
        ((None, "…"), 271, True, (0, 1, 0)),
        ((None, None), 271, True, (0, 1, 0)),
        (None, 271, True, (0, 0, 1)),
    ],
    ids=["suppressed", "none", "not-available", "empty", "absent"],
)
def test_a_ward_without_a_number_makes_the_sum_partial_and_is_counted(
    cell: tuple[float | None, str | None] | None,
    value: float,
    partial: bool,
    gaps: tuple[int, int, int],
) -> None:
    values = ward_values()
    if cell is None:
        del values["13105"]
    else:
        values["13105"] = cell
    (row,) = totals_and_change(make_store(wards(values)), SPECIAL_WARDS, "employees")
    assert row["value"] == value
    assert row["parts"] == 22
    assert row["partial"] is partial
    assert (row["suppressed"], row["unavailable"], row["missing"]) == gaps


# --------------------------------------------------------------------------- several tables


def test_a_final_table_wins_over_a_preliminary_one_and_a_later_over_an_earlier() -> None:
    old = totals("14130", {2016: 100})
    new = totals("14130", {2016: 120})
    con = make_store(old, new, statuses=["final", "preliminary"])
    (row,) = totals_and_change(con, "14130", "employees")
    assert (row["value"], row["table_id"]) == (100, "T1")
    con = make_store(old, new)
    (row,) = totals_and_change(con, "14130", "employees")
    assert (row["value"], row["table_id"]) == (120, "T2")
    # The later table's 14130 (G 40 of 100) replaces the earlier one's: national G = 80 / 500.
    con = make_store(SMALL, industries("14130", 100, 40))
    rows = specialization_all(con, "employees").filter("area_code = '14130'").fetchall()
    assert [(r[4], r[-1]) for r in rows] == [(40, pytest.approx(40 / 16))]
    (g,) = specialization(con, "14130", 2016)
    assert (g["value"], g["table_id"], g["coefficient"]) == (40, "T2", pytest.approx(2.5))
