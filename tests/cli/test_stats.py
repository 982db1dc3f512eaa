"""``shisaku stats import|tables|query`` end to end, on the real files shipped in data/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shisaku.cli.main import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
SSDSE_2023 = ROOT / "data" / "ssdse" / "SSDSE-A-2023.csv"
KOKUSEI = ROOT / "data" / "estat" / "kokusei2020_t1-1-1_pop_bysex_allmuni_utf8.csv"


def run(store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["stats", *args, "--stats", str(store)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("stats") / "stats.duckdb"
    for path in (SSDSE_2023, KOKUSEI):
        code, out, err = run(store, "import", str(path))
        assert code == 0, out + err
    return store


def test_import_reports_what_it_stored(loaded: Path) -> None:
    code, out, _ = run(loaded, "import", str(SSDSE_2023))
    assert code == 0
    assert "already imported" in out
    code, out, _ = run(loaded, "tables", "--format", "json")
    tables = {t["table_id"]: t for t in json.loads(out)}
    assert tables["SSDSE-A-2023"]["rows"] == 1741 * 125
    assert "SSDSE" in tables["SSDSE-A-2023"]["source"]
    assert "e-Stat" in tables[KOKUSEI.stem]["source"]


def test_query_gives_census_figures_with_their_source(loaded: Path) -> None:
    code, out, _ = run(
        loaded,
        "query",
        "--area",
        "R14130",
        "--measure",
        "establishments",
        "--industry",
        "total",
        "--format",
        "json",
    )
    assert code == 0
    [record] = json.loads(out)
    assert record["value"] == 40934
    assert record["year"] == 2016
    assert record["area_code"] == "14130"
    assert record["scope"] == "private"
    assert record["marker"] is None
    assert record["table"] == "SSDSE-A-2023"
    assert set(record) >= {
        "table",
        "area_code",
        "area_name",
        "measure",
        "industry",
        "dims",
        "year",
        "value",
        "marker",
        "unit",
        "source",
    }


def test_query_by_dimension_and_markers_stay_apart(loaded: Path) -> None:
    code, out, _ = run(
        loaded,
        "query",
        "--area",
        "14130",
        "--table",
        KOKUSEI.stem,
        "--dim",
        "男女=男",
        "--format",
        "json",
    )
    [male] = json.loads(out)
    assert male["value"] == 775772
    code, out, _ = run(
        loaded, "query", "--area", "07546", "--table", KOKUSEI.stem, "--format", "json"
    )
    assert code == 0
    records = json.loads(out)
    assert records
    assert all(r["value"] is None and r["marker"] == "-" for r in records)


def test_area_alone_returns_every_table(loaded: Path) -> None:
    code, out, _ = run(loaded, "query", "--area", "14130", "--format", "json")
    assert code == 0
    assert {r["table"] for r in json.loads(out)} == {"SSDSE-A-2023", KOKUSEI.stem}


def test_a_broken_file_is_refused_with_a_located_message(tmp_path: Path) -> None:
    store = tmp_path / "stats.duckdb"
    broken = tmp_path / "broken.csv"
    lines = SSDSE_2023.read_bytes().split(b"\r\n" if b"\r\n" in SSDSE_2023.read_bytes() else b"\n")
    cells = lines[5].split(b",")
    cells[10] = "一二三".encode("cp932")
    lines[5] = b",".join(cells)
    broken.write_bytes(b"\n".join(lines))
    code, out, err = run(store, "import", str(broken))
    assert code == 1
    assert "nothing was stored" in err
    assert f"{broken}:6:11: bad-value" in out
    code, out, _ = run(store, "tables", "--format", "json")
    assert json.loads(out) == []
