"""The e-Stat reader on the two real files in data/estat/ and the hand-made fixtures in
tests/stats/data/estat/ (invented numbers; see that folder's README)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest

from shisaku.stats import estat_rows
from shisaku.stats.estat import SOURCE, iter_estat, read_estat, sniff_estat
from shisaku.stats.records import Observation, Parsed

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data" / "estat"
KOKUSEI = REAL / "kokusei2020_t1-1-1_pop_bysex_allmuni_utf8.csv"
AOMONO = REAL / "aomono2019_0001873398_daikon_oct_api_noheader.csv"
FIXTURES = Path(__file__).resolve().parent / "data" / "estat"


def one(parsed: Parsed, **fields: object) -> Observation:
    dims = fields.pop("dims", {})
    assert isinstance(dims, dict)
    found = [
        o
        for o in parsed.observations
        if all(getattr(o, k) == v for k, v in fields.items())
        and all(dict(o.dims).get(k) == v for k, v in dims.items())
    ]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def kokusei() -> Parsed:
    return read_estat(KOKUSEI)


def test_kokusei_cross_tab_real_file(kokusei: Parsed) -> None:
    assert kokusei.problems == []
    assert kokusei.unrecognised == []
    assert len(kokusei.observations) == 4086 * 3
    total = one(kokusei, area_code="14130", dims={"男女": "総数"})
    male = one(kokusei, area_code="14130", dims={"男女_code": "1"})
    assert (total.value, male.value, male.area_name) == (1_538_262, 775_772, "川崎市")
    assert (total.measure, total.measure_name, total.unit) == ("population", "人口【人】", "人")
    assert (total.year, total.time_code, total.industry) == (2020, "2020000000", None)
    assert dict(male.dims) == {"男女": "男", "男女_code": "1"}
    futaba = [o for o in kokusei.observations if o.area_code == "07546"]
    assert [(o.value, o.marker, o.area_name) for o in futaba] == [(None, "-", "双葉町")] * 3
    assert one(kokusei, area_code="0120B", dims={"男女": "総数"}).value == 241_024
    dataset = kokusei.dataset
    assert dataset is not None
    assert dataset.survey is not None
    assert dataset.survey.startswith("令和２年国勢調査")
    assert dataset.title.endswith(
        "男女別人口－全国，都道府県，市区町村（2000年（平成12年）市区町村含む）"
    )
    assert dataset.source == f"{SOURCE}「{dataset.survey}」"
    assert (dataset.table_id, dataset.status, dataset.format) == (KOKUSEI.stem, "final", "estat")
    assert len(dataset.sha256) == 64


def test_kokusei_layout_for_bulk_loading() -> None:
    layout = sniff_estat(KOKUSEI)
    assert (layout.kind, layout.encoding, layout.header_line, layout.header_record) == (
        "site-cross",
        "utf-8",
        13,
        12,
    )
    assert layout.corner_column == 4
    assert layout.value_column is None
    time, area = layout.axis("time"), layout.axis("area")
    assert time is not None
    assert (time.code_column, time.name_column) == (0, 1)
    assert area is not None
    assert (area.code_column, area.name_column) == (2, 3)
    assert [(s.column, s.header) for s in layout.spread] == [(5, "総数"), (6, "男"), (7, "女")]
    members = {(m.role, m.key, m.code, m.label) for m in layout.spread[1].members}
    assert members == {
        ("tab", "表章事項", "2020_01", "人口【人】"),
        ("classification", "男女", "1", "男"),
    }


def test_aomono_api_csv_without_header_block() -> None:
    parsed = read_estat(AOMONO)
    assert parsed.problems == []
    assert len(parsed.observations) == 1152
    markers = [o.marker for o in parsed.observations if o.value is None]
    assert (markers.count("-"), markers.count("…"), len(markers)) == (690, 86, 776)
    first = parsed.observations[0]
    assert dict(first.dims) == {
        "都道府県": "計",
        "都道府県_code": "001",
        "数量・価格": "数量",
        "数量・価格_code": "001",
        "地域": "北海道",
        "地域_code": "001",
    }
    assert (first.value, first.unit, first.measure, first.area_code, first.year) == (
        2570,
        "ｔ",
        "value",
        "",
        0,
    )
    assert parsed.unrecognised == [
        "no area column: area_code and area_name are empty",
        "no time column: year is 0 (unknown)",
        "no 表章項目 (tab) column: measure is 'value'",
    ]
    assert sniff_estat(AOMONO).kind == "api"


# name, kind, encoding, header line, observations, problems (code, line, column)
CASES = [
    ("api_with_header_block.csv", "api", "utf-8", 26, 24, []),
    ("site_long_form_bom.csv", "site", "utf-8-sig", 6, 12, []),
    ("site_cross_tab_cp932.csv", "site-cross", "cp932", 12, 12, []),
    ("site_cross_tab_years_spread.csv", "site-cross", "utf-8", 3, 6, []),
    ("english_download.csv", "site", "utf-8", 4, 12, []),
    ("markers_suppressed_x_and_asterisks.csv", "api", "utf-8", 1, 12, []),
    ("ragged_row.csv", "site", "utf-8", 3, 0, [("ragged-row", 5, 8), ("ragged-row", 6, 9)]),
    ("bad_number.csv", "api", "utf-8", 1, 0, [("bad-value", 3, 8), ("bad-value", 4, 8)]),
    ("not_estat_plain_table.csv", None, "utf-8", 0, 0, [("not-estat", 1, 1)]),
    ("api_error_no_data.csv", None, "utf-8", 0, 0, [("not-estat", 1, 1)]),
]


@pytest.mark.parametrize(
    ("name", "kind", "encoding", "line", "count", "problems"), CASES, ids=[c[0] for c in CASES]
)
def test_fixture(
    name: str,
    kind: str | None,
    encoding: str,
    line: int,
    count: int,
    problems: list[tuple[str, int, int]],
) -> None:
    path = FIXTURES / name
    layout = sniff_estat(path)
    assert (layout.kind, layout.encoding, layout.header_line) == (kind, encoding, line)
    parsed = read_estat(path)
    assert len(parsed.observations) == count
    found = [(p.code, p.location.line, p.location.column) for p in parsed.problems if p.location]
    assert found == problems
    assert all(p.location and p.location.file == name for p in parsed.problems)
    assert (parsed.dataset is None) == bool(problems)
    if problems:
        assert parsed.unrecognised == []


def test_api_header_block_gives_provenance() -> None:
    parsed = read_estat(FIXTURES / "api_with_header_block.csv")
    dataset = parsed.dataset
    assert dataset is not None
    assert (dataset.table_id, dataset.published, dataset.status) == (
        "0000000001",
        "2023-06-27",
        "final",
    )
    assert dataset.survey == "令和3年経済センサス‐活動調査（テスト用・架空の数値）"
    assert dataset.title.startswith("産業（大分類）別民営事業所数及び従業者数")
    employees = one(parsed, measure="employees", area_code="14130", industry="G")
    assert (employees.value, employees.unit, employees.scope) == (40_000, "人", "private")
    noted = one(parsed, measure="establishments", area_code="14150", industry="G")
    assert dict(noted.dims) == {"annotation": "†"}
    assert {o.industry for o in parsed.observations} == {"total", "E", "G", "I"}
    assert sniff_estat(FIXTURES / "api_with_header_block.csv").header_record == 24


def test_cross_tab_cp932_with_suppressed_cell() -> None:
    parsed = read_estat(FIXTURES / "site_cross_tab_cp932.csv")
    kawasaki = [o for o in parsed.observations if o.area_code == "14130"]
    assert [(o.industry, o.value) for o in kawasaki] == [
        ("total", 40_000),
        ("E", 2_600),
        ("G", 700),
        ("I", 8_200),
    ]
    suppressed = one(parsed, area_code="14150", industry="G")
    assert (suppressed.value, suppressed.marker, suppressed.dims) == (None, "x", ())
    assert {(o.measure, o.unit, o.year) for o in parsed.observations} == {
        ("establishments", "事業所", 2021)
    }


def test_english_download() -> None:
    parsed = read_estat(FIXTURES / "english_download.csv")
    row = one(parsed, area_code="14130", industry="G")
    assert (row.measure, row.measure_name, row.area_name, row.value) == (
        "establishments",
        "Establishments",
        "Kawasaki-shi",
        700,
    )
    assert sniff_estat(FIXTURES / "english_download.csv").language == "en"


def test_markers_are_kept_raw() -> None:
    parsed = read_estat(FIXTURES / "markers_suppressed_x_and_asterisks.csv")
    markers = {(o.area_code, o.industry): o.marker for o in parsed.observations if o.marker}
    assert markers == {
        ("14100", "G"): "x",
        ("14130", "G"): "X",
        ("14150", "G"): "***",
        ("14150", "E"): "-",
        ("14150", "I"): "…",
    }
    assert all(o.value is None for o in parsed.observations if o.marker)


def test_years_spread_across_columns() -> None:
    parsed = read_estat(FIXTURES / "site_cross_tab_years_spread.csv")
    male = one(parsed, year=2020, dims={"男女_時系列": "男"})
    assert (male.value, male.time_code, male.area_code, male.measure) == (
        760_000,
        "2020年",
        "14130",
        "population",
    )


def test_problem_details() -> None:
    bad = read_estat(FIXTURES / "bad_number.csv").problems[0]
    assert (bad.received, bad.expected) == ("40,000件", bad.expected)
    assert bad.expected is not None
    assert "marker" in bad.expected
    not_estat = read_estat(FIXTURES / "not_estat_plain_table.csv").problems[0]
    assert not_estat.expected is not None
    assert '"tab_code"' in not_estat.expected
    assert "表章項目 コード" in not_estat.expected
    error = read_estat(FIXTURES / "api_error_no_data.csv").problems[0]
    assert "該当データはありませんでした" in error.message


def write(tmp_path: Path, text: str, name: str = "t.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


HEADER = (
    '"tab_code","表章項目","area_code","地域","time_code","時間軸","unit","value","annotation"\n'
)


def test_codes_kept_as_published_and_unknown_items_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '"TABLE_INF","0000000002"\n"TITLE","","速報（テスト）"\n"VALUE"\n'
        + HEADER
        + '"020","売上金額【百万円】","141305","川崎市","2021000000","2021年","","1.5",""\n',
    )
    parsed = read_estat(path)
    assert parsed.dataset is not None
    assert parsed.dataset.status == "preliminary"
    (row,) = parsed.observations
    assert (row.measure, row.unit, row.area_code, row.value) == ("tab_020", "百万円", "141305", 1.5)
    assert parsed.unrecognised == [
        "表章項目 020 売上金額【百万円】: kept as tab_020",
        "area code '141305' (川崎市): not 5 characters, kept as published",
    ]


def test_industry_recognised_from_labels_and_unknown_labels_kept(tmp_path: Path) -> None:
    head = '"cat01_code","(X01)業種","area_code","地域","time_code","時間軸","value"\n'
    rows = [("00", "総数"), ("E", "製造業"), ("G", "情報通信業"), ("091", "食料品製造業")]
    body = "".join(f'"{c}","{n}","14130","川崎市","2021000000","2021年","1"\n' for c, n in rows)
    parsed = read_estat(write(tmp_path, head + body))
    assert [(o.industry, o.dims) for o in parsed.observations] == [
        ("total", ()),
        ("E", ()),
        ("G", ()),
        (None, (("業種", "食料品製造業"), ("業種_code", "091"))),
    ]
    assert (
        "industry '食料品製造業' (業種): not a JSIC division, kept in dims" in parsed.unrecognised
    )


def test_bad_time_code_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + '"100","事業所数","14130","川崎市","abc","","","1",""\n')
    (problem,) = read_estat(path).problems
    assert (problem.code, problem.received) == ("bad-value", "abc")
    assert problem.location is not None
    assert (problem.location.line, problem.location.column) == (2, 5)


def test_unreadable_files(tmp_path: Path) -> None:
    utf16 = write(tmp_path, "\ufeff" + HEADER, "utf16.csv", "utf-16")
    workbook = tmp_path / "book.csv"
    workbook.write_bytes(b"PK\x03\x04rest")
    empty = write(tmp_path, "", "empty.csv")
    latin = tmp_path / "bad.csv"
    latin.write_bytes(HEADER.encode() + b'"\xff\xfe\x80"\n')
    codes = [[p.code for p in read_estat(path).problems] for path in (utf16, workbook, empty)]
    assert codes == [["encoding"], ["unsupported-file"], ["not-estat"]]
    assert read_estat(empty).problems[0].message == "the file is empty"
    assert [p.code for p in read_estat(latin).problems] == ["encoding"]


def test_problems_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(estat_rows, "MAX_PROBLEMS", 2)
    body = '"100","事業所数","14130","川崎市","2021000000","2021年","","?",""\n' * 5
    problems = read_estat(write(tmp_path, HEADER + body)).problems
    assert [p.code for p in problems] == ["bad-value", "bad-value", "more-problems"]
    assert problems[-1].received == 3


def test_streaming_matches_reading_and_fast_objects_are_real() -> None:
    rows = iter_estat(KOKUSEI)
    streamed = list(rows)
    assert streamed == read_estat(KOKUSEI).observations
    assert rows.problems == []
    assert rows.dataset.survey is not None
    first = streamed[0]
    assert first == Observation(**dataclasses.asdict(first))
    assert hash(first) == hash(Observation(**dataclasses.asdict(first)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.value = 1.0  # type: ignore[misc]


@pytest.mark.parametrize("name", ["api_with_header_block.csv", "site_long_form_bom.csv"])
def test_layout_drives_duckdb_bulk_load(name: str) -> None:
    """The store's fast path: DuckDB reads the data part, skipping ``header_record`` records
    (with the dialect given, DuckDB counts CSV records, so a quoted cell spanning lines in the
    API's header block is one)."""
    path = FIXTURES / name
    layout = sniff_estat(path)
    assert layout.value_column is not None
    relation = duckdb.read_csv(
        str(path),
        skiprows=layout.header_record,
        header=True,
        all_varchar=True,
        sep=",",
        quotechar='"',
    )
    assert tuple(relation.columns) == layout.columns
    values = [row[layout.value_column] for row in relation.fetchall()]
    parsed = read_estat(path)
    assert [float(v.replace(",", "")) for v in values] == [o.value for o in parsed.observations]
