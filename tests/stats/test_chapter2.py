"""Chapter 2 recomputed: on a hand-made store, and on the three real SSDSE-A editions.

The real figures were checked by hand against the CSV files (a plain csv-module sum over all
1,741 rows): e.g. national private employees 2016 = 56,854,058, of which 情報通信業
1,640,612 (2.8857%); 川崎市 38,364 of 543,812 (7.0546%) → coefficient 2.4447;
特別区部 (23 wards) 3.7235; 大阪市 1.9874.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from shisaku.stats import store
from shisaku.stats.analysis import index_series, specialization, totals_and_change
from shisaku.stats.areas import DESIGNATED_CITIES
from shisaku.stats.chapter2 import chapter2, render_chapter2
from shisaku.stats.records import Observation
from shisaku.stats.ssdse import SSDSE_SOURCE, read_ssdse
from tests.stats.test_analysis import make_store, ob

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data" / "ssdse"
KAWASAKI = "14130"
DOC = ROOT / "docs" / "statistics.md"


def city(area: str, totals: dict[int, float], g: dict[int, float]) -> list[Observation]:
    rows = [ob(area, y, "total", v) for y, v in totals.items()]
    rows += [ob(area, y, "G", v) for y, v in g.items()]
    rows += [ob(area, y, "L", v / 2) for y, v in g.items()]
    return rows + [
        ob(area, y, "total", v / 10, measure="establishments") for y, v in totals.items()
    ]


def small(kawasaki_2021: float = 1100) -> duckdb.DuckDBPyConnection:
    return make_store(
        [
            *city(KAWASAKI, {2014: 1200, 2016: 1000, 2021: kawasaki_2021}, {2016: 100, 2021: 120}),
            *city("01100", {2016: 2000, 2021: 2400}, {2016: 40, 2021: 48}),
            *city("13101", {2016: 500, 2021: 500}, {2016: 50, 2021: 50}),
        ]
    )


def test_chapter2_computes_the_three_findings_from_the_data() -> None:
    result = chapter2(small())
    assert list(result) == [
        "area",
        "comparison_set",
        "counts",
        "growth",
        "shares",
        "findings",
        "sources",
    ]
    json.dumps(result, ensure_ascii=False)
    assert result["area"] == {"code": KAWASAKI, "name": "area 14130"}
    employees = result["counts"]["employees"]
    assert [r["value"] for r in employees] == [1200, 1000, 1100]
    assert employees[1]["comparable"] is False
    growth = result["growth"]
    # 2016 → 2021: 札幌 120, 川崎 110, 特別区部 (13101 only) 100.
    assert (growth["base_year"], growth["year"]) == (2016, 2021)
    assert growth["index"] == pytest.approx(110.0)
    assert (growth["rank"], growth["areas_ranked"]) == (2, 3)
    g_2016 = result["shares"]["G"][0]
    # national G 2016 = 100 + 40 + 50 = 190 of 3,500; 川崎 10% → 10 / (190 / 3500 × 100).
    assert g_2016["coefficient"] == pytest.approx(10 / (190 / 35))
    assert [r["year"] for r in result["shares"]["L"]] == [2016, 2021]
    assert result["sources"] == [
        {"table_id": "T1", "title": "table 1", "source": "S1", "status": "final"}
    ]


def test_the_findings_follow_the_numbers() -> None:
    one = chapter2(small())["findings"]
    other = chapter2(small(kawasaki_2021=1234))["findings"]
    assert "1,100 in 2021, +100 (+10.0%) from 2016" in one[1]["en"]
    assert "1,234 in 2021, +234 (+23.4%) from 2016" in other[1]["en"]
    assert "2021年に1,234、2016年から+234（+23.4%）" in other[1]["ja"]
    assert "The change 2014→2016, -200 (-16.7%), is not comparable" in one[1]["en"]
    assert "rank 2 of 3" in one[2]["en"]
    assert "rank 1 of 3" in other[2]["en"]
    assert one[3]["en"].startswith("Share of employees in Information and communications (G)")


def test_render_chapter2_prints_tables_in_both_languages() -> None:
    result = chapter2(small())
    ja = render_chapter2(result, "ja")
    en = render_chapter2(result, "en")
    assert "1. 事業所数・従業者数と調査間の変化" in ja
    assert "特別区部*" in ja
    assert "特別区部: 1区の合計（計算値）、秘匿0・数値なし0・欠落22のため部分和" in ja
    assert "Employees       2016  1,000    -200    -16.7%  no" in en
    assert "G 情報通信業                      2016  10.00%  5.43%      1.84  1/3" in ja
    assert en.endswith("- S1 (T1, final)\n")


# --------------------------------------------------------------------------- the real editions


@pytest.fixture(scope="module")
def real() -> duckdb.DuckDBPyConnection:
    con = store.connect(":memory:")
    for edition in (2020, 2023, 2026):
        parsed = read_ssdse(REAL / f"SSDSE-A-{edition}.csv")
        assert parsed.dataset is not None
        wanted = [o for o in parsed.observations if o.measure in ("establishments", "employees")]
        store.store(con, parsed.dataset, wanted)
    return con


def test_the_designated_cities_are_named_as_in_the_editions(
    real: duckdb.DuckDBPyConnection,
) -> None:
    names = dict(
        real.execute(
            "SELECT DISTINCT area_code, area_name FROM obs WHERE list_contains($codes, area_code)",
            {"codes": list(DESIGNATED_CITIES)},
        ).fetchall()
    )
    assert names == DESIGNATED_CITIES


def test_kawasaki_counts_from_the_three_editions(real: duckdb.DuckDBPyConnection) -> None:
    establishments = totals_and_change(real, KAWASAKI, "establishments")
    assert [(r["year"], r["value"]) for r in establishments] == [
        (2014, 43149),
        (2016, 40934),
        (2021, 41223),
    ]
    assert [r["comparable"] for r in establishments] == [None, False, True]
    assert establishments[1]["reasons"] == ["survey-kind", "scope"]
    assert establishments[2]["change"] == 289
    employees = totals_and_change(real, KAWASAKI, "employees")
    assert [r["value"] for r in employees] == [584131, 543812, 547471]
    assert [r["table_id"] for r in employees] == ["SSDSE-A-2020", "SSDSE-A-2023", "SSDSE-A-2026"]


def test_the_special_wards_and_the_nation_from_the_editions(
    real: duckdb.DuckDBPyConnection,
) -> None:
    (wards,) = totals_and_change(real, "13100", "employees", scope="private")[:1]
    assert (wards["year"], wards["value"], wards["parts"]) == (2016, 7531596, 23)
    assert wards["partial"] is False
    nation = totals_and_change(real, "00000", "employees")
    assert [(r["value"], r["parts"]) for r in nation] == [
        (61767610, 1741),
        (56854058, 1741),
        (57937290, 1741),
    ]


def test_kawasaki_specialization_in_information_and_research(
    real: duckdb.DuckDBPyConnection,
) -> None:
    expected = {  # year: (G coefficient, G rank, L coefficient, L rank), ranks among 21
        2014: (2.6678, 2, 1.6933, 2),
        2016: (2.4447, 2, 1.8757, 1),
        2021: (1.9118, 3, 1.2038, 7),
    }
    for year, (g_coefficient, g_rank, l_coefficient, l_rank) in expected.items():
        rows = {r["industry"]: r for r in specialization(real, KAWASAKI, year)}
        assert rows["G"]["coefficient"] == pytest.approx(g_coefficient, abs=1e-4)
        assert rows["L"]["coefficient"] == pytest.approx(l_coefficient, abs=1e-4)
        assert (rows["G"]["rank"], rows["L"]["rank"]) == (g_rank, l_rank)
        assert rows["G"]["areas_ranked"] == 21
    g_2016 = {r["industry"]: r for r in specialization(real, KAWASAKI, 2016)}["G"]
    assert g_2016["share"] == pytest.approx(100 * 38364 / 543812)
    assert g_2016["national_share"] == pytest.approx(100 * 1640612 / 56854058)


def test_kawasaki_chapter2_from_the_editions(real: duckdb.DuckDBPyConnection) -> None:
    result = chapter2(real)
    growth = result["growth"]
    assert (growth["base_year"], growth["year"]) == (2016, 2021)
    assert growth["index"] == pytest.approx(100 * 547471 / 543812)
    assert (growth["rank"], growth["areas_ranked"]) == (17, 21)
    assert growth["series"][0]["area_code"] == "13100"
    assert {s["source"] for s in result["sources"]} == {SSDSE_SOURCE}
    assert len(result["sources"]) == 3
    text = render_chapter2(result, "en")
    assert "Establishments  2016   40,934   -2,215     -5.1%  no" in text
    index = index_series(real, None, "employees", 2016)
    assert len(index) == 21 * 3


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_documented_output_is_what_the_code_prints(
    real: duckdb.DuckDBPyConnection, lang: str
) -> None:
    text = DOC.read_text(encoding="utf-8")
    pattern = rf"<!-- doc-test: chapter2-{lang} -->\n```text\n(?P<body>.*?)```"
    match = re.search(pattern, text, re.S)
    assert match is not None, f"no chapter2-{lang} block in docs/statistics.md"
    assert match["body"] == render_chapter2(chapter2(real), lang)
