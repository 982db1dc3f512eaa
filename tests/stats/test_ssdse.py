"""read_ssdse: the three real SSDSE-A editions, and small hand-made files for each problem."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from shisaku.domain.problems import Location
from shisaku.stats.measures import ECONOMIC_CENSUSES, MEASURES, identify
from shisaku.stats.records import Observation, Parsed
from shisaku.stats.ssdse import PROBLEM_CODES, SSDSE_SOURCE, parse_ssdse, read_ssdse

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data" / "ssdse"
FIXTURES = Path(__file__).parent / "data" / "ssdse"
KAWASAKI = "14130"


@pytest.fixture(scope="module")
def editions() -> dict[int, Parsed]:
    return {y: read_ssdse(REAL / f"SSDSE-A-{y}.csv") for y in (2020, 2023, 2026)}


def find(parsed: Parsed, **fields: object) -> list[Observation]:
    return [o for o in parsed.observations if all(getattr(o, k) == v for k, v in fields.items())]


def one(parsed: Parsed, **fields: object) -> Observation:
    found = find(parsed, **fields)
    assert len(found) == 1, (fields, found)
    return found[0]


# ----------------------------------------------------------------------- the real editions

# (edition, measure, survey year, scope, survey, Kawasaki's value)
KAWASAKI_CENSUS = [
    (2020, "establishments", 2014, "all", "平成26年経済センサス‐基礎調査", 43149),
    (2020, "employees", 2014, "all", "平成26年経済センサス‐基礎調査", 584131),
    (2023, "establishments", 2016, "private", "平成28年経済センサス‐活動調査", 40934),
    (2023, "employees", 2016, "private", "平成28年経済センサス‐活動調査", 543812),
    (2026, "establishments", 2021, "private", "令和3年経済センサス‐活動調査", 41223),
    (2026, "employees", 2021, "private", "令和3年経済センサス‐活動調査", 547471),
]


@pytest.mark.parametrize(
    ("edition", "measure", "year", "scope", "survey", "value"), KAWASAKI_CENSUS
)
def test_kawasaki_census_totals(
    editions: dict[int, Parsed],
    edition: int,
    measure: str,
    year: int,
    scope: str,
    survey: str,
    value: int,
) -> None:
    found = one(editions[edition], area_code=KAWASAKI, measure=measure, industry="total")
    assert (found.year, found.scope, found.survey, found.value) == (year, scope, survey, value)
    assert found.area_name == "川崎市"
    assert found.unit == MEASURES[measure].unit
    assert found.marker is None
    assert found.dims == ()


@pytest.mark.parametrize("edition", [2020, 2023, 2026])
def test_edition_read_whole(editions: dict[int, Parsed], edition: int) -> None:
    parsed = editions[edition]
    assert parsed.problems == []
    assert parsed.dataset is not None
    assert parsed.dataset.table_id == f"SSDSE-A-{edition}"
    assert (parsed.dataset.format, parsed.dataset.status) == ("ssdse", "final")
    assert parsed.dataset.source == SSDSE_SOURCE
    assert parsed.dataset.file_name == f"SSDSE-A-{edition}.csv"
    assert len(parsed.dataset.sha256) == 64
    areas = {o.area_code for o in parsed.observations}
    assert len(areas) == 1741
    assert all(len(code) == 5 and code.isdigit() for code in areas)
    assert len(parsed.observations) == 1741 * 125  # every cell of every item column
    # Every item is either recognised or listed, and kept either way.
    measures = {o.measure for o in parsed.observations}
    listed = {entry.split(" ", 1)[0] for entry in parsed.unrecognised}
    assert listed <= measures
    assert all(m in MEASURES or m in listed for m in measures)


@pytest.mark.parametrize("edition", [2020, 2023, 2026])
def test_industries_g_and_l_for_kawasaki(editions: dict[int, Parsed], edition: int) -> None:
    parsed = editions[edition]
    for measure in ("establishments", "employees"):
        found = find(parsed, area_code=KAWASAKI, measure=measure)
        letters = {o.industry for o in found}
        assert {"total", "G", "L"} <= letters
    industries = {o.industry for o in find(parsed, area_code=KAWASAKI, measure="establishments")}
    expected = set("ADEFGHIJKLMNOPQRS") if edition == 2020 else set("ABCDEFGHIJKLMNOPQR")
    assert industries - {"total", None} == expected


def test_industry_columns_add_up_to_the_total(editions: dict[int, Parsed]) -> None:
    # 2016 private establishments: divisions A–R sum to the total (SSDSE carries all of them).
    found = find(editions[2023], area_code=KAWASAKI, measure="establishments")
    total = sum(o.value or 0 for o in found if o.industry == "total")
    parts = sum(o.value or 0 for o in found if o.industry not in ("total", None))
    assert parts == total == 40934


def test_sector_totals_and_other_measures(editions: dict[int, Parsed]) -> None:
    parsed = editions[2020]
    sector = one(parsed, area_code=KAWASAKI, measure="establishments", dims=(("sector", "2"),))
    assert (sector.value, sector.industry, sector.scope) == (7378, None, "all")
    population = one(editions[2023], area_code=KAWASAKI, measure="population", dims=())
    assert (population.value, population.year, population.unit) == (1538262, 2020, "人")
    male = one(editions[2023], area_code=KAWASAKI, measure="population", dims=(("sex", "男"),))
    assert male.value == 775772
    unknown = one(editions[2023], area_code=KAWASAKI, measure="A1102")
    assert (unknown.measure_name, unknown.value, unknown.industry) == ("日本人人口", 1465906, None)
    assert "A1102 日本人人口" in editions[2023].unrecognised


# ------------------------------------------------------------------- hand-made fixtures


def test_renamed_columns_are_recognised() -> None:
    parsed = read_ssdse(FIXTURES / "renamed.csv")
    assert parsed.problems == []
    assert parsed.unrecognised == []
    kawasaki = {(o.measure, o.industry, o.dims): o.value for o in find(parsed, area_code=KAWASAKI)}
    assert kawasaki == {
        ("establishments", "total", ()): 41223,
        ("establishments", "A", ()): 74,
        ("establishments", "I", ()): 8150,
        ("establishments", "L", ()): 2159,
        ("employees", "R", ()): 46736,
        ("employed_persons", None, (("sector", "1"),)): 2625,
        ("employed_persons", None, (("sector", "2"),)): 126522,
    }


def test_unknown_columns_are_reported_and_kept() -> None:
    parsed = read_ssdse(FIXTURES / "unknown_column.csv")
    assert parsed.problems == []
    assert parsed.unrecognised == [
        "Z9901 謎の指標",
        "C210899 事業所数（民営）（非農林漁業）",
        "C2108 従業者数（民営）",  # C21… is 事業所数: code and name disagree
    ]
    kept = one(parsed, area_code=KAWASAKI, measure="Z9901")
    assert (kept.measure_name, kept.year, kept.value, kept.unit) == ("謎の指標", 2024, 42, None)
    assert one(parsed, area_code=KAWASAKI, measure="C2108").scope is None
    assert one(parsed, area_code=KAWASAKI, measure="population").value == 1538262


def test_markers_in_cells() -> None:
    parsed = read_ssdse(FIXTURES / "markers.csv")
    assert parsed.problems == []
    cells = {(o.area_code, o.measure): (o.value, o.marker) for o in parsed.observations}
    assert cells == {
        ("14130", "establishments"): (41223, None),
        ("14130", "employees"): (None, "x"),
        ("14130", "D2203"): (97.1, None),
        ("13101", "establishments"): (None, "-"),
        ("13101", "employees"): (None, "…"),
        ("13101", "D2203"): (-5, None),
        ("01100", "establishments"): (None, "***"),
        ("01100", "employees"): (None, None),  # empty: missing, kept
        ("01100", "D2203"): (123, None),
        ("47382", "establishments"): (12, None),
        ("47382", "employees"): (None, "X"),
        ("47382", "D2203"): (None, "..."),
    }


@pytest.mark.parametrize("name", ["small_utf8.csv", "small_utf8_bom.csv"])
def test_utf8_reads_as_cp932(name: str) -> None:
    reference = read_ssdse(FIXTURES / "small_cp932.csv")
    parsed = read_ssdse(FIXTURES / name)
    assert parsed.problems == []
    assert len(parsed.observations) == 6
    assert parsed.observations == reference.observations
    assert parsed.dataset is not None
    assert reference.dataset is not None
    assert parsed.dataset.sha256 != reference.dataset.sha256


def test_one_bad_cell_is_located_and_the_rest_read() -> None:
    parsed = read_ssdse(FIXTURES / "broken.csv")
    assert [p.code for p in parsed.problems] == ["bad-value"]
    problem = parsed.problems[0]
    assert problem.location == Location("broken.csv", 5, 5)
    assert problem.received == "72730事業所"
    assert "number" in str(problem.expected)
    assert "C2108" in problem.message
    assert len(parsed.observations) == 3 * 3 - 1


# (fixture, [(code, line, column)]) — every problem, in file order
PROBLEMS = [
    ("not_ssdse.csv", [("not-ssdse", 2, 1)]),
    ("ssdse_b_like.csv", [("not-ssdse", 3, 1)]),
    (
        "bad_rows.csv",
        [
            ("bad-area-code", 4, 1),
            ("duplicate-area", 6, 1),
            ("area-mismatch", 7, 2),
            ("ragged-row", 8, 5),
            ("bad-value", 9, 5),
        ],
    ),
    ("bad_header.csv", [("bad-year", 2, 4), ("bad-header", 1, 5), ("duplicate-column", 1, 7)]),
]


@pytest.mark.parametrize(("name", "expected"), PROBLEMS)
def test_problems_are_located(name: str, expected: list[tuple[str, int, int]]) -> None:
    parsed = read_ssdse(FIXTURES / name)
    found = [(p.code, p.location.line, p.location.column) for p in parsed.problems if p.location]
    assert found == expected
    assert all(p.code in PROBLEM_CODES for p in parsed.problems)
    assert all(p.location and p.location.file == name for p in parsed.problems)


def test_not_ssdse_reads_nothing() -> None:
    parsed = read_ssdse(FIXTURES / "not_ssdse.csv")
    assert parsed.dataset is None
    assert parsed.observations == []
    assert parsed.problems[0].received == "establishments, 2021, 41223"


def test_bad_rows_keep_the_good_ones() -> None:
    parsed = read_ssdse(FIXTURES / "bad_rows.csv")
    assert {o.area_code for o in parsed.observations} == {"14130", "13101", "01100", "47382"}
    assert len(find(parsed, area_code=KAWASAKI)) == 2  # the duplicate row is not read twice


def test_edition_from_the_file_name_when_the_first_cell_says_code() -> None:
    raw = (FIXTURES / "small_cp932.csv").read_bytes().replace(b"SSDSE-A-2026", b"code", 1)
    parsed = parse_ssdse(raw, "SSDSE-A-2020.csv")
    assert parsed.dataset is not None
    assert parsed.dataset.table_id == "SSDSE-A-2020"
    unknown = parse_ssdse(raw, "municipalities.csv")
    assert unknown.dataset is None
    assert unknown.observations == []
    assert [p.code for p in unknown.problems] == ["unknown-edition"]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "not-ssdse"),
        ("地域コード".encode("utf-16"), "encoding"),
        (b"PK\x03\x04zip", "unsupported-file"),
        (b"SSDSE-A-2023,a\n\x00,b\n", "unreadable-file"),
        (b"SSDSE-A-2023,a\n\x81 ,b\n", "encoding"),
        ("\n,,\n地域コード,都道府県,市区町村\n".encode(), "unknown-edition"),
    ],
)
def test_unreadable_input(raw: bytes, code: str) -> None:
    parsed = parse_ssdse(raw, "x.csv")
    assert [p.code for p in parsed.problems] == [code]
    assert parsed.dataset is None


def test_encoding_problem_is_located() -> None:
    parsed = parse_ssdse(b"SSDSE-A-2023,a\nab\x81 ,b\n", "x.csv")
    assert parsed.problems[0].location == Location("x.csv", 2, 3)
    assert parsed.problems[0].received == "81 20 2c 62"


def test_missing_file() -> None:
    parsed = read_ssdse(FIXTURES / "no-such-file.csv")
    assert [p.code for p in parsed.problems] == ["unreadable-file"]


def test_fast_constructor_matches_observation_field_order() -> None:
    names = [f.name for f in dataclasses.fields(Observation)]
    assert names == [
        "measure", "measure_name", "area_code", "area_name", "year", "value", "marker",
        "industry", "dims", "unit", "time_code", "survey", "scope",
    ]  # fmt: skip


# ------------------------------------------------------------------------------ measures

IDENTIFY = [
    # code, name, year → measure, industry, dims, scope, survey
    ("C2107", "事業所数", 2014, ("establishments", "total", (), "all", ECONOMIC_CENSUSES[2014])),
    ("C220839", "従業者数（民営）（情報通信業）", 2021, ("employees", "G", (), "private",
                                                   "令和3年経済センサス‐活動調査")),
    ("C210724", "事業所数（サービス業（他に分類されないもの））", 2014,
     ("establishments", "R", (), "all", "平成26年経済センサス‐基礎調査")),
    ("C210839", "事業所数（民営）（情報通信）", 2016,  # name abbreviated: the code says G
     ("establishments", "G", (), "private", "平成28年経済センサス‐活動調査")),
    ("C2112", "第３次産業事業所数", 2014, ("establishments", None, (("sector", "3"),), "all",
                                      "平成26年経済センサス‐基礎調査")),
    ("C2108", "事業所数（民営）", 2019, ("establishments", "total", (), "private",
                                  "令和元年経済センサス‐基礎調査")),
    ("C2108", "事業所数（民営）", 2020, ("establishments", "total", (), "private", None)),
    ("A1303", "65歳以上人口", 2020, ("population", None, (("age", "65+"),), None, None)),
    ("F110202", "就業者数（女）", 2020, ("employed_persons", None, (("sex", "女"),), None, None)),
]  # fmt: skip

NOT_IDENTIFIED = [
    ("C210839", "事業所数（民営）（製造業）"),  # code says G, name says E
    ("C2208", "事業所数（民営）"),  # code family 2 is 従業者数
    ("C2112", "第１次産業事業所数"),  # series 12 is the third sector
    ("A1101", "日本人人口"),  # a known code with another item's name
    ("H5507", "総人口（非水洗化人口＋水洗化人口）"),
    ("X1", "事業所数"),  # a census name without a census code
]


@pytest.mark.parametrize(("code", "name", "year", "expected"), IDENTIFY)
def test_identify(code: str, name: str, year: int, expected: tuple[object, ...]) -> None:
    item = identify(code, name, year)
    assert item.recognised
    assert (item.measure, item.industry, item.dims, item.scope, item.survey) == expected


@pytest.mark.parametrize(("code", "name"), NOT_IDENTIFIED)
def test_not_identified(code: str, name: str) -> None:
    item = identify(code, name, 2021)
    assert not item.recognised
    assert (item.measure, item.industry, item.survey) == (code, None, None)
