"""Loading the shipped plans, the round trip, and the JSON Schema."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from shisaku.domain.nodes import walk
from shisaku.planfile.dump import dump_plan
from shisaku.planfile.json_schema import plan_schema
from shisaku.planfile.load import load_plan, parse_plan
from tests.conftest import EXAMPLES, KAWASAKI, SAMPLE


def test_both_examples_ship() -> None:
    assert KAWASAKI in EXAMPLES
    assert SAMPLE in EXAMPLES


def test_example_is_valid(example: Path) -> None:
    loaded = load_plan(example)
    assert [p.render() for p in loaded.report] == []
    assert loaded.plan is not None


def test_round_trip_gives_the_same_plan(example: Path) -> None:
    plan = load_plan(example).plan
    assert plan is not None
    text = dump_plan(plan)
    again = parse_plan(text, "dumped.yaml")
    assert [p.render() for p in again.report] == []
    assert again.plan == plan
    assert dump_plan(again.plan) == text  # writing is stable


def test_round_trip_keeps_text_that_yaml11_would_misread() -> None:
    plan = load_plan(SAMPLE).plan
    assert plan is not None
    tricky = plan.model_copy(
        update={"sources": [s.model_copy(update={"note": "no"}) for s in plan.sources]}
    )
    again = parse_plan(dump_plan(tricky), "dumped.yaml")
    assert again.plan == tricky


def test_example_conforms_to_the_exported_json_schema(example: Path) -> None:
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    jsonschema.validate(data, plan_schema())


def test_json_schema_refuses_an_unknown_key() -> None:
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["plan"]["colour"] = "blue"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, plan_schema())


def test_fiscal_years_may_be_written_as_people_write_them() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("start: 2020", "start: 令和2年度", 1)
    loaded = parse_plan(text, "sample.yaml")
    assert loaded.plan is not None
    assert loaded.plan.plan.period.start == 2020


def test_sample_is_labelled_and_kawasaki_is_not() -> None:
    sample = load_plan(SAMPLE).plan
    kawasaki = load_plan(KAWASAKI).plan
    assert sample is not None
    assert kawasaki is not None
    assert sample.plan.sample is True
    assert "サンプル" in sample.plan.name.ja
    assert kawasaki.plan.sample is False


def test_kawasaki_is_complete() -> None:
    plan = load_plan(KAWASAKI).plan
    assert plan is not None
    kinds = [node.kind for node, _, _ in walk(plan.nodes)]
    assert kinds.count("policy") == 7
    assert kinds.count("strategy") == 19
    assert kinds.count("direction") == 23
    assert len(plan.basic_policies) == 4
    assert len(plan.priority_items) == 7
    assert [len(f.values) for f in plan.facets] == [5]
    assert plan.plan.period.start == 2016
    assert plan.plan.period.end == 2025
    assert [(p.period.start, p.period.end) for p in plan.programs] == [(2016, 2017), (2018, 2021)]
    # the source lists no indicators: the only ones are fed from statistics, with no invented
    # baseline, target or value
    assert plan.indicators
    for indicator in plan.indicators:
        assert indicator.statistic is not None
        assert indicator.baseline is None
        assert indicator.targets == []


def test_kawasaki_viewpoint_tags_are_all_inferred_with_reasons() -> None:
    plan = load_plan(KAWASAKI).plan
    assert plan is not None
    directions = [node for node, _, _ in walk(plan.nodes) if node.kind == "direction"]
    assert all(node.tags for node in directions)
    tags = [tag for node in directions for tag in node.tags]
    assert {tag.basis for tag in tags} == {"inferred"}
    assert all(tag.reason for tag in tags)


def test_kawasaki_census_facts_keep_their_status() -> None:
    plan = load_plan(KAWASAKI).plan
    assert plan is not None
    values = {fact.value: fact.status for fact in plan.facts}
    assert values[41028] == "preliminary"
    assert values[544782] == "preliminary"


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    missing = load_plan(tmp_path / "nope.yaml")
    assert missing.report.codes() == ["unreadable-file"]
    cp932 = tmp_path / "cp932.yaml"
    cp932.write_bytes("format_version: 1\nplan:\n  name: 川崎市\n".encode("cp932"))
    loaded = load_plan(cp932)
    assert loaded.report.codes() == ["encoding"]
    problem = loaded.report.problems[0]
    assert problem.location is not None
    assert problem.location.line == 3


def test_top_level_must_be_a_mapping() -> None:
    assert parse_plan("- 1\n- 2\n").report.codes() == ["wrong-type"]
