"""``shisaku evaluate`` end to end: the YAML cases through the database and the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli.test_data import ready, sh
from tests.domain.test_evaluation import CASES, Case, assert_matches


def case_plan(case: Case) -> dict[str, Any]:
    """A one-indicator plan for a case, its period ending at the case's final year."""
    data = case.data
    spec = dict(data["indicator"])
    years = [int(y) for y in data["actuals"]] + [data["fiscal_year"]]
    years += [t["fiscal_year"] for t in spec.get("targets", [])]
    if spec.get("counts_from"):
        years.append(spec["counts_from"])
    indicator: dict[str, Any] = {
        "id": "case",
        "name": {"ja": case.id},
        "unit": {"ja": "単位"},
        "nodes": ["node"],
        **spec,
    }
    if indicator.get("baseline") is not None:
        indicator["baseline"] = {"source": "case", **indicator["baseline"]}
    indicator["targets"] = [{"source": "case", **t} for t in indicator.get("targets", [])]
    plan: dict[str, Any] = {
        "format_version": 1,
        "plan": {
            "id": "case-plan",
            "name": {"ja": "ケース"},
            "city": {"code": "99999", "name": {"ja": "テスト市"}},
            "period": {"start": min(years), "end": data["final_year"]},
            "sample": True,
        },
        "sources": [{"id": "case", "title": {"ja": "テストケース"}}],
        "node_kinds": [{"id": "item", "name": {"ja": "項目"}}],
        "nodes": [{"id": "node", "kind": "item", "name": {"ja": "項目"}}],
        "indicators": [indicator],
    }
    if "scheme" in data:
        plan["evaluation"] = data["scheme"]
    return plan


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.id}" for c in CASES])
def test_evaluate_command_gives_the_case_numbers(case: Case, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'case.sqlite3'}"
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(yaml.safe_dump(case_plan(case), allow_unicode=True), encoding="utf-8")
    assert sh(url, "db", "upgrade")[0] == 0
    code, out, err = sh(url, "plan", "load", str(plan_file))
    assert code == 0, out + err
    actuals = tmp_path / "actuals.csv"
    rows = "".join(f"case,{year},{value}\n" for year, value in case.data["actuals"].items())
    actuals.write_text("indicator_id,fiscal_year,value\n" + rows, encoding="utf-8")
    if rows:
        code, out, err = sh(url, "data", "import", str(actuals))
        assert code == 0, out + err
    fy = str(case.data["fiscal_year"])
    code, out, err = sh(url, "evaluate", "--plan", "case-plan", "--fy", fy, "--format", "json")
    assert code == 0, out + err
    record = json.loads(out)["indicators"][0]
    assert_matches(record, case.data["expect"], case.id)


def test_evaluate_json_has_the_documented_keys(database_url: str) -> None:
    ready(database_url)
    sample = Path(__file__).resolve().parents[2] / "examples" / "sample-city" / "actuals.csv"
    assert sh(database_url, "data", "import", str(sample))[0] == 0
    code, out, _ = sh(
        database_url, "evaluate", "--plan", "sample-city-industry", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["fiscal_year"] == 2025
    assert data["plan"]["sample"] is True
    keys = {
        "indicator_id",
        "fiscal_year",
        "value",
        "baseline",
        "expected",
        "progress",
        "grade",
        "trend",
        "projected_value",
        "on_track",
        "rule",
    }
    for record in data["indicators"]:
        assert keys <= set(record)
    grades = {r["grade"] for r in data["indicators"]}
    assert grades == {"A", "B", "C", "D", None}
    assert {r["trend"] for r in data["indicators"]} == {"improving", "stable", "worsening"}
    assert {r["on_track"] for r in data["indicators"]} == {True, False, None}
    assert set(data["rollups"]) == {"plan", "nodes", "facets"}
    code, table, _ = sh(database_url, "evaluate", "--plan", "sample-city-industry")
    assert table.startswith("【サンプルデータ】")
    code, as_csv, _ = sh(
        database_url, "evaluate", "--plan", "sample-city-industry", "--format", "csv", "--fy", "R6"
    )
    parsed = list(csv.DictReader(io.StringIO(as_csv)))
    assert len(parsed) == 14
    assert {row["fiscal_year"] for row in parsed} == {"2024"}
    assert json.loads(parsed[0]["rule"])["value"]["result"] is not None


def test_kawasaki_evaluates_with_no_invented_numbers(database_url: str, tmp_path: Path) -> None:
    ready(database_url)
    empty_store = str(tmp_path / "no-stats.duckdb")
    code, out, _ = sh(
        database_url,
        "evaluate",
        "--plan",
        "kawasaki-industry-2",
        "--format",
        "json",
        "--stats",
        empty_store,
    )
    assert code == 0
    records = json.loads(out)["indicators"]
    assert records
    assert all(r["value"] is None and r["grade"] is None for r in records)
