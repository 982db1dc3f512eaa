"""``shisaku plan validate|show|matrix`` and ``shisaku schema``: the public interface."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from shisaku.cli.main import app
from tests.conftest import KAWASAKI, SAMPLE

runner = CliRunner()
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<code>[a-z0-9-]+): .+$")
BROKEN = Path(__file__).parent.parent / "planfile" / "invalid" / "unknown-reference-node.yaml"


def test_validate_passes_on_the_examples() -> None:
    for path in (KAWASAKI, SAMPLE):
        result = runner.invoke(app, ["plan", "validate", str(path)])
        assert result.exit_code == 0, result.output
        assert result.stdout == ""


def test_validate_fails_with_one_located_line_per_problem() -> None:
    result = runner.invoke(app, ["plan", "validate", str(BROKEN)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    match = LINE.match(lines[0])
    assert match is not None
    assert match["path"] == str(BROKEN)
    assert match["code"] == "unknown-reference"
    assert (match["line"], match["column"]) == ("31", "9")
    assert "policy-9" in lines[0]


def test_show_json_has_the_documented_keys() -> None:
    result = runner.invoke(app, ["plan", "show", str(KAWASAKI), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["plan"]["id"] == "kawasaki-industry-2"
    assert data["plan"]["name"]["ja"].startswith("かわさき産業振興プラン")
    assert len(data["basic_policies"]) == 4
    assert [f["id"] for f in data["facets"]] == ["viewpoint"]
    nodes = data["nodes"]
    assert {n["kind"] for n in nodes} >= {"policy", "strategy", "direction"}
    by_id = {n["id"]: n for n in nodes}
    for node in nodes:
        assert set(node) >= {"id", "kind", "parent", "name", "tags"}
        assert set(node["name"]) == {"ja", "en"}
        if node["parent"] is not None:
            assert node["id"] in by_id[node["parent"]]["children"]
        for tag in node["tags"]:
            assert tag["basis"] in {"stated", "inferred"}
    assert all(i["statistic"] and not i["targets"] for i in data["indicators"])


def test_show_json_lists_indicators_with_baseline_and_targets() -> None:
    result = runner.invoke(app, ["plan", "show", str(SAMPLE), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["plan"]["sample"] is True
    kinds = {i["kind"] for i in data["indicators"]}
    assert kinds == {"stock", "flow", "cumulative"}
    for indicator in data["indicators"]:
        assert {"id", "polarity", "kind", "baseline", "targets"} <= set(indicator)


def test_show_tree_in_both_languages() -> None:
    ja = runner.invoke(app, ["plan", "show", str(KAWASAKI)])
    en = runner.invoke(app, ["plan", "show", str(KAWASAKI), "--lang", "en"])
    assert ja.exit_code == en.exit_code == 0
    assert "起業・創業の支援" in ja.stdout
    assert "(policy-1)" in ja.stdout
    assert "推定" in ja.stdout
    assert "inferred" in en.stdout
    assert ja.stdout != en.stdout


def test_show_marks_sample_data() -> None:
    result = runner.invoke(app, ["plan", "show", str(SAMPLE)])
    assert result.stdout.startswith("【サンプルデータ】")
    en = runner.invoke(app, ["plan", "show", str(SAMPLE), "--lang", "en"])
    assert en.stdout.startswith("[SAMPLE DATA]")


def test_show_refuses_an_invalid_plan() -> None:
    result = runner.invoke(app, ["plan", "show", str(BROKEN)])
    assert result.exit_code == 1
    assert "unknown-reference" in result.stdout


def test_matrix_marks_inferred_viewpoints() -> None:
    result = runner.invoke(app, ["plan", "matrix", str(KAWASAKI), "--facet", "viewpoint"])
    assert result.exit_code == 0, result.output
    assert "○" in result.stdout
    assert "●" not in result.stdout.split("\n\n")[-2]  # no row claims a stated viewpoint
    assert result.stdout.count("direction-") == 23


def test_matrix_json_and_unknown_facet() -> None:
    result = runner.invoke(app, ["plan", "matrix", str(SAMPLE), "--format", "json"])
    data = json.loads(result.stdout)
    bases = {cell["basis"] for row in data["rows"] for cell in row["cells"]}
    assert bases == {"stated", "inferred"}
    missing = runner.invoke(app, ["plan", "matrix", str(SAMPLE), "--facet", "nope"])
    assert missing.exit_code == 2
    assert "declared facets" in missing.output


def test_schema_is_json_with_the_format_version() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["properties"]["format_version"] == {"const": 1, "title": "Format Version"}
    assert schema["additionalProperties"] is False
