"""``shisaku db upgrade``, ``plan load``, ``data import|export|template|history|restore``,
end to end through the command line, on every database back end."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from shisaku.cli.main import app
from tests.conftest import KAWASAKI, SAMPLE

runner = CliRunner()
SAMPLE_ACTUALS = SAMPLE.parent / "actuals.csv"
BAD_ROWS = Path(__file__).parent.parent / "intake" / "data" / "actuals-bad-rows.csv"


def sh(url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--database", url])
    return result.exit_code, result.stdout, result.stderr


def ready(url: str) -> None:
    assert sh(url, "db", "upgrade")[0] == 0
    assert sh(url, "plan", "load", str(SAMPLE))[0] == 0
    assert sh(url, "plan", "load", str(KAWASAKI))[0] == 0


def test_commands_refuse_an_uninitialised_database(database_url: str) -> None:
    code, _, err = sh(database_url, "plan", "list")
    assert code == 2
    assert "shisaku db upgrade" in err


def test_import_export_round_trip_is_byte_identical(database_url: str, tmp_path: Path) -> None:
    ready(database_url)
    code, out, err = sh(database_url, "data", "import", str(SAMPLE_ACTUALS))
    assert code == 0, out + err
    assert "84 rows imported, 84 new revisions" in out
    code, first, _ = sh(database_url, "data", "export")
    assert code == 0
    assert first.count("\n") == 85
    exported = tmp_path / "export.csv"
    exported.write_text(first, encoding="utf-8")
    # into an empty database: the same data, the same bytes
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    ready(other)
    assert sh(other, "data", "import", str(exported))[0] == 0
    assert sh(other, "data", "export")[1] == first
    code, as_json, _ = sh(other, "data", "export", "--format", "json")
    records = json.loads(as_json)
    assert len(records) == 84
    assert records[0]["plan_id"] == "sample-city-industry"
    # importing the same file again changes nothing
    code, out, _ = sh(database_url, "data", "import", str(SAMPLE_ACTUALS))
    assert "0 new revisions" in out


def test_a_bad_file_is_refused_whole_with_every_problem_located(database_url: str) -> None:
    ready(database_url)
    code, out, err = sh(
        database_url, "data", "import", str(BAD_ROWS), "--plan", "sample-city-industry"
    )
    assert code == 1
    assert "nothing was written" in err
    lines = out.splitlines()
    assert len(lines) >= 8
    assert all(str(BAD_ROWS) in line for line in lines)
    codes = {line.split(": ")[1] for line in lines}
    assert {"unknown-indicator", "not-a-number", "duplicate-row", "cumulative-falls"} <= codes
    assert sh(database_url, "data", "export")[1].count("\n") == 1  # header only


def test_dry_run_writes_nothing(database_url: str) -> None:
    ready(database_url)
    code, out, _ = sh(database_url, "data", "import", str(SAMPLE_ACTUALS), "--dry-run")
    assert code == 0
    assert "dry run, nothing written" in out
    assert sh(database_url, "data", "export")[1].count("\n") == 1


def test_filled_template_imports_as_is(database_url: str, tmp_path: Path) -> None:
    ready(database_url)
    workbook_path = tmp_path / "template.xlsx"
    code, out, err = sh(
        database_url, "data", "template", "--plan", "sample-city-industry", "-o", str(workbook_path)
    )
    assert code == 0, out + err
    workbook = openpyxl.load_workbook(workbook_path)
    filled = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            if row[0].value == "visitors" and row[1].value == 2025:
                row[2].value = 1_500_000
                row[3].value = "速報"
                filled += 1
    assert filled == 1
    workbook.save(workbook_path)
    code, out, err = sh(database_url, "data", "import", str(workbook_path))
    assert code == 0, out + err
    assert "1 row imported" in out
    assert (
        "sample-city-industry,visitors,2025,1500000,preliminary,,"
        in sh(database_url, "data", "export")[1]
    )


def test_history_and_restore(database_url: str, tmp_path: Path) -> None:
    ready(database_url)
    first = tmp_path / "a.csv"
    first.write_text("indicator_id,fiscal_year,value\nvisitors,R3,1200000\n", encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text("indicator_id,fiscal_year,value\nvisitors,2021,1250000\n", encoding="cp932")
    assert sh(database_url, "data", "import", str(first), "--by", "alice")[0] == 0
    assert sh(database_url, "data", "import", str(second), "--by", "bob")[0] == 0
    code, out, _ = sh(database_url, "data", "history", "visitors", "--plan", "sample-city-industry")
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    assert [(r[2], r[4], r[8]) for r in rows] == [
        ("1", "1200000", "alice"),
        ("2", "1250000", "bob"),
    ]
    code, out, _ = sh(database_url, "data", "restore", rows[0][0], "--by", "carol")
    assert code == 0
    assert "revision 3 = 1200000" in out
    assert ",visitors,2021,1200000," in sh(database_url, "data", "export")[1]
    assert sh(database_url, "data", "restore", "999")[0] == 1


def test_plan_option_wins_over_a_plan_id_column(database_url: str, tmp_path: Path) -> None:
    ready(database_url)
    other = tmp_path / "other.csv"
    other.write_text(
        "plan_id,indicator_id,fiscal_year,value\nkawasaki-industry-2,visitors,2021,1\n",
        encoding="utf-8",
    )
    code, out, _ = sh(database_url, "data", "import", str(other), "--plan", "sample-city-industry")
    assert code == 1
    assert ": other-plan: " in out


def test_dry_run_counts_every_revision_it_would_add(database_url: str, tmp_path: Path) -> None:
    ready(database_url)
    first = tmp_path / "a.csv"
    first.write_text("indicator_id,fiscal_year,value,status\nvisitors,2021,5,速報\n", "utf-8")
    assert sh(database_url, "data", "import", str(first))[0] == 0
    first.write_text("indicator_id,fiscal_year,value,status\nvisitors,2021,5,確報\n", "utf-8")
    code, out, _ = sh(database_url, "data", "import", str(first), "--dry-run")
    assert code == 0
    assert "1 row valid, 1 new revision would be added (0 changing a stored value)" in out


def test_restoring_the_current_revision_adds_nothing(database_url: str, tmp_path: Path) -> None:
    ready(database_url)
    assert sh(database_url, "data", "import", str(SAMPLE_ACTUALS))[0] == 0
    code, out, _ = sh(database_url, "data", "restore", "1")
    assert code == 0
    assert "already current; nothing added" in out
    code, out, _ = sh(
        database_url,
        "data",
        "history",
        "startups-supported",
        "--plan",
        "sample-city-industry",
        "--fy",
        "2020",
    )
    assert len(out.splitlines()) == 2


def test_unknown_plan_is_refused_the_same_way_everywhere(database_url: str) -> None:
    ready(database_url)
    for args in (
        ("data", "export", "--plan", "nope"),
        ("data", "history", "x", "--plan", "nope"),
        ("data", "template", "--plan", "nope", "-o", "/dev/null"),
        ("evaluate", "--plan", "nope"),
    ):
        code, _, err = sh(database_url, *args)
        assert code == 2, args
        assert "nope" in err
