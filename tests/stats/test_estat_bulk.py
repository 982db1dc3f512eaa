"""The bulk e-Stat import (DuckDB) stores exactly what the Python reader and ``store.store`` store,
and reports the same problems; the statistics benchmark agrees with pandas on a tiny table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import duckdb
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shisaku.stats import estat_bulk, estat_bulk_find, estat_rows, importer, store
from shisaku.stats.analysis_all import specialization_all
from shisaku.stats.estat import read_estat, sniff_estat
from shisaku.stats.estat_bulk import bulk_import, unsupported
from shisaku.stats.estat_bulk_sql import WHITESPACE, marker_sql, valid_sql, value_sql
from shisaku.stats.markers import MARKERS, StatValueError, parse_stat
from shisaku.stats.records import Parsed
from tests.bench_scripts import load_bench as load_scripts_bench

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "data" / "estat"
AOMONO = ROOT / "data" / "estat" / "aomono2019_0001873398_daikon_oct_api_noheader.csv"
NOW = datetime(2024, 7, 1, 12, 0)

Rows = list[tuple[Any, ...]]


@pytest.fixture(autouse=True, params=["scan", "sql"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with the compiled scanner first (``scan``) and with DuckDB's SQL only."""
    monkeypatch.setattr(estat_bulk, "SCAN", request.param == "scan")
    return str(request.param)


@pytest.fixture
def no_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bulk path must do it all: reading with the Python reader fails the test."""

    def refused(*_: object) -> None:
        raise AssertionError("bulk_import fell back to the Python reader")

    monkeypatch.setattr(estat_bulk, "_python", refused)


def table_rows(connection: duckdb.DuckDBPyConnection, table: str) -> Rows:
    return sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def contents(connection: duckdb.DuckDBPyConnection) -> Rows:
    """Every stored observation with its text (active or not), sorted (the bulk import does not
    keep the rows' order in storage); and the key tables hold only rows that observations use."""
    for table, column in store.KEY_TABLES:
        unused = connection.execute(
            f"SELECT count(*) FROM {table} WHERE {column} NOT IN"
            f" (SELECT {column} FROM observations)"
        ).fetchone()
        assert unused == (0,), table
    rows = connection.execute(
        "SELECT i.dataset_id, measure, measure_name, area_code, area_name, industry, dims, year,"
        " value, marker, unit, survey, scope FROM observations o JOIN items i USING (item_id)"
        " JOIN places USING (place_id) JOIN classes USING (class_id)"
        " LEFT JOIN markers USING (marker_id)"
    ).fetchall()
    return sorted(rows, key=repr)


def both(path: Path, **bulk: Any) -> tuple[Parsed, Parsed, duckdb.DuckDBPyConnection, Any]:
    """The Python path and the bulk path on ``path``, each into a new store."""
    python, fast = store.connect(":memory:"), store.connect(":memory:")
    parsed = read_estat(path)
    if not parsed.problems:
        assert parsed.dataset is not None
        store.store(python, parsed.dataset, parsed.observations, NOW)
    found, _ = bulk_import(fast, path, now=NOW, **bulk)
    assert contents(fast) == contents(python)
    assert table_rows(fast, "datasets") == table_rows(python, "datasets")
    assert found.unrecognised == parsed.unrecognised
    assert [p.as_dict() for p in found.problems] == [p.as_dict() for p in parsed.problems]
    return parsed, found, python, fast


LONG_FORMS = [
    "api_with_header_block.csv",
    "site_long_form_bom.csv",
    "english_download.csv",
    "markers_suppressed_x_and_asterisks.csv",
]


@pytest.mark.parametrize("name", LONG_FORMS)
def test_long_form_fixtures_store_the_same_rows(name: str, no_fallback: None) -> None:
    parsed, found, _, fast = both(FIXTURES / name)
    assert unsupported(sniff_estat(FIXTURES / name)) is None
    assert found.observations == []  # the bulk path, not the fallback
    assert len(contents(fast)) == len(parsed.observations) > 0


def test_real_api_file_without_area_and_time(no_fallback: None) -> None:
    parsed, found, _, fast = both(AOMONO)
    assert found.observations == []
    assert len(contents(fast)) == 1152
    assert found.unrecognised == parsed.unrecognised != []


@pytest.mark.parametrize("name", ["site_cross_tab_cp932.csv", "site_cross_tab_years_spread.csv"])
def test_cross_tab_falls_back_to_the_python_reader(name: str) -> None:
    _, found, _, _ = both(FIXTURES / name)
    assert unsupported(sniff_estat(FIXTURES / name)) == "cross-tab layout"
    assert found.observations != []


@pytest.mark.parametrize(
    "name",
    ["bad_number.csv", "ragged_row.csv", "not_estat_plain_table.csv", "api_error_no_data.csv"],
)
def test_problems_are_the_python_readers(name: str) -> None:
    _, found, _, fast = both(FIXTURES / name)
    assert found.problems != []
    assert contents(fast) == []


HEADER = (
    '"tab_code","表章項目","cat01_code","(A01)産業分類","cat02_code","(B01)男女",'
    '"area_code","地域","time_code","時間軸(年次)","unit","value","annotation"\n'
)
TABS = [("100", "事業所数", "事業所"), ("020", "売上金額【百万円】", ""), ("110", "従業者数", "人")]
INDUSTRIES = [("AS", "A～R全産業（S公務を除く）"), ("E", "E製造業"), ("09", "食料品製造業")]
SEXES = [("0", "総数"), ("1", "男")]
AREAS = [("14130", "川崎市"), (" 14100 ", "横浜市\u3000"), ("141305", "川崎市（旧）")]
VALUES = [
    "1,234",
    "x",
    "X",
    "ｘ",
    "-",
    "－",
    "…",
    "***",
    "*",
    "",
    " 93.6 ",
    "１２３",
    "△5",
    "▲1,200",
    "－１２．５",
    "-0",
    "0",
    "007",
    "\u3000 42\t",
    ".5",
    "1,234,567.25",
]


def generated(tmp_path: Path, encoding: str = "utf-8", values: list[str] = VALUES) -> Path:
    """An API-layout file with two classifications (one of industries, one label not a JSIC
    division), a 表章項目 with a unit in its label, markers, commas, full-width digits,
    signs, spaces, annotations and area codes with spaces or 6 digits."""
    lines = ['"TABLE_INF","0000000009"\n', '"TITLE","","民営（テスト）"\n', '"VALUE"\n', HEADER]
    n = 0
    for tab in TABS:
        for industry in INDUSTRIES:
            for sex in SEXES:
                for area in AREAS:
                    for year in ("2016000000", "2021000000"):
                        value = values[n % len(values)]
                        note = "†" if n % 7 == 0 else ""
                        cells = [
                            tab[0],
                            tab[1],
                            *industry,
                            *sex,
                            *area,
                            year,
                            year[:4] + "年",
                            tab[2],
                            value,
                            note,
                        ]
                        lines.append(",".join(f'"{c}"' for c in cells) + "\n")
                        n += 1
    path = tmp_path / f"generated_{encoding}.csv"
    path.write_bytes("".join(lines).encode(encoding))
    return path


def test_generated_file_with_markers_commas_and_full_width_digits(
    tmp_path: Path, no_fallback: None
) -> None:
    parsed, found, _, fast = both(generated(tmp_path))
    assert found.observations == []
    markers = {o.marker for o in parsed.observations} - {None}
    assert markers == {"x", "X", "ｘ", "-", "－", "…", "***", "*"}
    assert {o.industry for o in parsed.observations} == {"total", "E", None}
    assert any("annotation" in dict(o.dims) for o in parsed.observations)
    assert len(contents(fast)) == len(parsed.observations) == 108


def test_cp932_long_form_is_copied_to_utf8_first(tmp_path: Path, no_fallback: None) -> None:
    path = generated(tmp_path, "cp932", values=["1,234", "x", "１２", "", "-"])
    assert sniff_estat(path).encoding == "cp932"
    _, found, _, _ = both(path)
    assert found.observations == []


def test_sampled_items_and_a_missed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_fallback: None
) -> None:
    """A sample is checked against every row: a row outside it makes a complete second pass."""
    path = generated(tmp_path)
    monkeypatch.setattr(estat_bulk_find, "SAMPLE_FROM_BYTES", 0)
    monkeypatch.setattr(estat_bulk_find, "SAMPLE_STRIDE", 4096)
    monkeypatch.setattr(estat_bulk_find, "SAMPLE_WINDOW", 8192)
    layout = sniff_estat(path)
    keys = estat_bulk_find.sample_keys(path, layout)
    assert keys is not None
    assert [len(k) for k in keys] == [3, 2, 3, 3 * 2 * 2]  # classes: industry x sex x note
    both(path)
    sampled = estat_bulk_find.sample_keys

    def missing_one(source: Path, layout: Any) -> Any:
        found = sampled(source, layout)
        assert found is not None
        found[3].remove(min(found[3]))
        return found

    monkeypatch.setattr(estat_bulk, "sample_keys", missing_one)
    both(path)


def test_bad_values_and_time_codes_are_located(tmp_path: Path, no_fallback: None) -> None:
    rows = [
        ("2021000000", "1"),
        ("2021000000", "12a"),
        ("abc", "1"),
        ("2021000000", "1,23"),
        ("2021000000", "5%"),
    ]
    text = HEADER + "".join(
        f'"100","事業所数","E","E製造業","0","総数","14130","川崎市","{t}","","","{v}",""\n'
        for t, v in rows
    )
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    _, found, _, fast = both(path)
    assert table_rows(fast, "datasets") == []
    _, stored = bulk_import(fast, generated(tmp_path))  # no id was used up
    assert stored is not None
    assert stored.dataset_id == 1
    assert [(p.code, p.location.line if p.location else 0) for p in found.problems] == [
        ("bad-value", 3),
        ("bad-value", 4),
        ("bad-value", 5),
        ("bad-value", 6),
    ]


def test_problems_are_capped_like_the_python_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_fallback: None
) -> None:
    monkeypatch.setattr(estat_rows, "MAX_PROBLEMS", 2)
    path = generated(tmp_path, values=["1", "?"])
    _, found, _, _ = both(path)
    assert [p.code for p in found.problems] == ["bad-value", "bad-value", "more-problems"]


def test_the_same_file_again_changes_nothing_and_a_new_edition_replaces(tmp_path: Path) -> None:
    path = generated(tmp_path)
    connection = store.connect(":memory:")
    _, first = bulk_import(connection, path)
    _, again = bulk_import(connection, path)
    assert first is not None
    assert again is not None
    assert (again.unchanged, again.dataset_id) == (True, first.dataset_id)
    other = tmp_path / "edition"
    other.mkdir()
    edition = generated(other, values=["9"])  # the same table id, other numbers
    _, second = bulk_import(connection, edition)
    assert second is not None
    assert (second.replaced, second.unchanged) == (1, False)
    active = connection.execute("SELECT count(*) FROM obs").fetchall()[0][0]
    assert active == second.rows == first.rows


def test_importer_routes_large_estat_files_to_the_bulk_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = generated(tmp_path)
    python = store.connect(":memory:")
    parsed, _ = importer.import_file(python, path)
    monkeypatch.setattr(importer, "BULK_MIN_BYTES", 0)
    fast = store.connect(":memory:")
    found, stored = importer.import_file(fast, path)
    assert stored is not None
    assert found.observations == [] != parsed.observations
    assert stored.rows == len(parsed.observations)
    assert contents(fast) == contents(python)
    bad = FIXTURES / "bad_number.csv"
    found, stored = importer.import_file(store.connect(":memory:"), bad)
    assert stored is None
    assert found.problems[0].location is not None
    assert found.problems[0].location.file == str(bad)


# --------------------------------------------------------------- the value rules in SQL

CHARACTERS = [*"0123456789,.-+△▲x*…e%", *"１２０－−＋．，", *WHITESPACE]
SPACES = st.sampled_from(["", " ", "\u3000", "\t", "\x85"])
CELLS = st.text(alphabet=st.sampled_from(CHARACTERS), max_size=8) | st.tuples(
    SPACES, st.sampled_from(sorted(MARKERS)), SPACES
).map("".join)


@settings(max_examples=300, deadline=None)
@example(["1,234", "-0", "△0", "1_000", "1e3", "inf", "0x10", "\x1c7\x85", "", " "])
@given(st.lists(CELLS, min_size=1, max_size=20))
def test_value_rules_in_sql_are_parse_stat(cells: list[str]) -> None:
    connection = duckdb.connect()
    connection.execute("CREATE TABLE t (i INTEGER, v VARCHAR)")
    connection.executemany("INSERT INTO t VALUES (?, ?)", [[i, c] for i, c in enumerate(cells)])
    found = connection.execute(
        f"SELECT {value_sql('v', on_bad='NULL')}, {marker_sql('v')}, {valid_sql('v')} "
        "FROM t ORDER BY i"
    ).fetchall()
    for cell, (value, marker, valid) in zip(cells, found, strict=True):
        try:
            expected = parse_stat(cell)
        except StatValueError:
            assert (value, marker, valid) == (None, None, False), cell
        else:
            assert valid, cell
            assert (value, marker) == expected, cell
            assert str(value) == str(expected[0]), cell  # 0.0, not -0.0


# ------------------------------------------------------------------ the benchmark, tiny


def load_bench() -> ModuleType:
    return load_scripts_bench("stats")


def test_the_benchmark_agrees_with_pandas_at_a_tiny_size(tmp_path: Path) -> None:
    bench = load_bench()
    generate = cast(Callable[..., Any], bench.generate)
    table = generate(tmp_path, areas=12, industries=7, seed=3)
    path = Path(table.path)
    both(path)
    sample = cast(Callable[..., list[int]], bench.sample_rows)(table, 200, 4)
    duck = cast(Callable[..., dict[str, Any]], bench.run_duckdb)(table, tmp_path / "s.db", sample)
    pand = cast(Callable[..., dict[str, Any]], bench.run_pandas)(table, sample)
    assert duck["rows"] == table.rows == 12 * 8 * 5 * 4
    assert cast(Callable[..., list[str]], bench.compare)(duck, pand) == []
    assert sum(c is not None for c in duck["sample"]) > 150


def _bench_store(tmp_path: Path, seed: int) -> tuple[Any, duckdb.DuckDBPyConnection, str]:
    """The benchmark script, and a store holding a small table it generated (10 areas, 5
    classes) with its catalog's name."""
    bench = load_bench()
    table = cast(Callable[..., Any], bench.generate)(tmp_path, areas=10, industries=5, seed=seed)
    connection = store.connect(tmp_path / "s.db")
    bulk_import(connection, Path(table.path))
    ((catalog,),) = connection.execute("SELECT current_database()").fetchall()
    return bench, connection, str(catalog)


def test_the_benchmarks_query_is_specialization_all(tmp_path: Path) -> None:
    """Over the classes (``coalesce(industry, dims)``), the benchmark's one query gives what
    ``specialization_all`` gives for each measure."""
    bench, connection, catalog = _bench_store(tmp_path, seed=5)
    query = cast(Callable[[str], str], bench.specialization_sql)(catalog)
    mine = {
        (m, a, i, y): rest
        for m, a, i, y, *rest in connection.execute(
            "SELECT measure, area_code, industry, year, area_name, value, total, share,"
            f" national_share, coefficient FROM ({query})"
        ).fetchall()
    }
    connection.execute(
        "CREATE TEMP VIEW obs AS SELECT * REPLACE (coalesce(industry, dims) AS industry,"
        f" '' AS dims) FROM \"{catalog}\".main.obs"
    )
    theirs: dict[tuple[str, str, str, int], list[Any]] = {}
    for measure in ("establishments", "employees", "tab_120", "tab_130"):
        for a, name, i, y, *numbers in specialization_all(connection, measure).fetchall():
            theirs[measure, a, i, y] = [name, *numbers]
    assert mine.keys() == theirs.keys()
    assert any(row[-1] is None for row in theirs.values())
    for key, row in theirs.items():
        assert mine[key][0] == row[0], key
        for got, expected in zip(mine[key][1:], row[1:], strict=True):
            if expected is None:
                assert got is None, key
            else:
                assert got == pytest.approx(expected, rel=1e-12), key


def test_the_benchmarks_keyed_query_and_summary(tmp_path: Path) -> None:
    """The keyed coefficients are the coefficients of ``specialization_sql`` without their texts,
    and the timed summary (grouped by key, the measure joined last) is those coefficients
    counted, summed and maximised per measure."""
    bench, connection, catalog = _bench_store(tmp_path, seed=6)
    texts = cast(Callable[[str], str], bench.specialization_sql)(catalog)
    keyed = connection.execute(cast(Callable[[str], str], bench.coefficients_sql)(catalog))
    assert [c[0] for c in keyed.description] == [
        *("mk", "ak", "ck", "value", "total", "share", "national_share", "coefficient")
    ]
    rows = keyed.fetchall()
    assert len({tuple(row[:3]) for row in rows}) == len(rows)  # one row per key
    numbers = connection.execute(
        f"SELECT value, total, share, national_share, coefficient FROM ({texts})"
    ).fetchall()
    assert sorted((row[3:] for row in rows), key=repr) == sorted(numbers, key=repr)
    summary = connection.execute(cast(Callable[[str], str], bench.summary_sql)(catalog)).fetchall()
    expected = connection.execute(
        "SELECT measure, count(*), count(coefficient), sum(coefficient), max(coefficient)"
        f" FROM ({texts}) GROUP BY measure ORDER BY measure"
    ).fetchall()
    assert [row[:3] for row in summary] == [row[:3] for row in expected]
    assert [m for m, *_ in summary] == ["employees", "establishments", "tab_120", "tab_130"]
    for got, want in zip(summary, expected, strict=True):
        assert list(got[3:]) == pytest.approx(list(want[3:]), rel=1e-12)


def test_the_benchmarks_goal_is_judged_on_the_medians() -> None:
    """One slow pandas run (a ratio under 3) does not decide: the median ratio is 3.5."""
    bench = load_bench()
    ducks = [
        {"import": i, "analysis": 1.0, "peak_mb": peak, "warm_up": 1.0, "read_csv": 5.0}
        for i, peak in ((6.0, 1500), (9.0, 1400), (7.0, 1600))
    ]
    pands = [{"total": t, "read": t / 2, "peak_mb": 2800} for t in (28.0, 20.0, 30.0)]
    got = cast(Callable[..., Any], bench.figures)(ducks, pands)
    assert got.runs == 3
    assert (got.imported, got.analysis, got.total, got.peak_mb) == (7.0, 1.0, 8.0, 1600)
    assert (got.pandas, got.pandas_read, got.pandas_peak_mb) == (28.0, 14.0, 2800)
    assert got.ratio == 3.5
    each = [p["total"] / (d["import"] + d["analysis"]) for d, p in zip(ducks, pands, strict=True)]
    assert [ratio >= 3 for ratio in each] == [True, False, True]
    assert got.met
    slow = cast(Callable[..., Any], bench.figures)(ducks, [{**p, "total": 20.0} for p in pands])
    assert (slow.ratio_ok, slow.time_ok, slow.memory_ok, slow.met) == (False, True, True, False)
