"""Roll-ups: a small hand-checked tree, and the sample plan end to end."""

from __future__ import annotations

import json
from typing import Any

from shisaku.domain.evaluation import Evaluation, Trend, evaluate_indicator
from shisaku.domain.plan import Plan
from shisaku.domain.rollup import covered_nodes, rollups
from shisaku.planfile.load import load_plan
from tests.conftest import SAMPLE


def _node(node_id: str, kind: str, children: list[Any], tag: str | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"id": node_id, "kind": kind, "name": {"ja": node_id}}
    if children:
        node["children"] = children
    if tag is not None:
        node["tags"] = [{"facet": "theme", "value": tag, "basis": "stated"}]
    return node


def _indicator(indicator_id: str, nodes: list[str]) -> dict[str, Any]:
    return {
        "id": indicator_id,
        "name": {"ja": indicator_id},
        "unit": {"ja": "件"},
        "polarity": "increase",
        "kind": "flow",
        "nodes": nodes,
    }


# p1 [dx]          p2
#   g1               g3 [green]
#     m1
#     m2 [green]
#   g2
PLAN = Plan.model_validate(
    {
        "format_version": 1,
        "plan": {
            "id": "tiny",
            "name": {"ja": "小さな計画"},
            "city": {"code": "99999", "name": {"ja": "みほん市"}},
            "period": {"start": 2020, "end": 2029},
        },
        "sources": [{"id": "s", "title": {"ja": "出典"}}],
        "node_kinds": [{"id": "k", "name": {"ja": "節"}}],
        "facets": [
            {
                "id": "theme",
                "name": {"ja": "テーマ"},
                "values": [{"id": v, "name": {"ja": v}} for v in ("dx", "green", "diversity")],
            }
        ],
        "nodes": [
            _node(
                "p1",
                "k",
                [
                    _node("g1", "k", [_node("m1", "k", []), _node("m2", "k", [], "green")]),
                    _node("g2", "k", []),
                ],
                "dx",
            ),
            _node("p2", "k", [_node("g3", "k", [], "green")]),
        ],
        "indicators": [
            _indicator("a", ["m1", "m2"]),
            _indicator("b", ["g2"]),
            _indicator("c", ["g3"]),
            _indicator("d", ["m2", "g3"]),
        ],
    }
)


def _evaluation(
    indicator_id: str,
    grade: str | None,
    trend: Trend | None,
    on_track: bool | None,
    value: float | None,
) -> Evaluation:
    return Evaluation(
        indicator_id=indicator_id,
        fiscal_year=2022,
        kind="flow",
        polarity="increase",
        scheme="achievement-5",
        value=value,
        baseline=None,
        expected=None,
        progress=None,
        grade=grade,
        grade_label=None,
        trend=trend,
        previous_value=None,
        projected_value=None,
        projected_progress=None,
        on_track=on_track,
        target_year=2029,
        final_target=None,
        reasons={},
        rule={},
    )


EVALUATIONS = [
    _evaluation("a", "1", "improving", True, 1.0),
    _evaluation("b", "3", "worsening", False, 1.0),
    _evaluation("c", None, None, None, None),
    _evaluation("d", "1", "stable", None, 1.0),
]


def test_an_indicator_counts_for_its_nodes_and_their_ancestors_once() -> None:
    assert covered_nodes(PLAN) == {
        "a": ["m1", "g1", "p1", "m2"],
        "b": ["g2", "p1"],
        "c": ["g3", "p2"],
        "d": ["m2", "g1", "p1", "g3", "p2"],
    }


def test_node_rollups() -> None:
    nodes = {row["node"]: row for row in rollups(PLAN, EVALUATIONS)["nodes"]}
    assert list(nodes) == ["p1", "g1", "m1", "m2", "g2", "p2", "g3"]  # tree order
    assert {k: v["indicators"] for k, v in nodes.items()} == {
        "p1": ["a", "b", "d"],
        "g1": ["a", "d"],
        "m1": ["a"],
        "m2": ["a", "d"],
        "g2": ["b"],
        "p2": ["c", "d"],
        "g3": ["c", "d"],
    }
    p1 = nodes["p1"]
    assert p1["count"] == 3
    assert p1["grades"] == {"1": 2, "2": 0, "3": 1, "4": 0, "5": 0, "none": 0}
    assert p1["trends"] == {"improving": 1, "stable": 1, "worsening": 1, "none": 0}
    assert p1["on_track"] == {"true": 1, "false": 1, "none": 1}
    assert p1["no_data"] == 0
    assert p1["no_data_share"] == 0.0
    p2 = nodes["p2"]
    assert p2["grades"]["none"] == 1
    assert p2["no_data_share"] == 0.5
    assert p2["name"] == {"ja": "p2", "en": None}


def test_facet_rollups_follow_tags_on_named_nodes_and_their_ancestors() -> None:
    facets = {row["value"]: row for row in rollups(PLAN, EVALUATIONS)["facets"]}
    assert facets["dx"]["indicators"] == ["a", "b", "d"]  # p1 is an ancestor of all three
    assert facets["green"]["indicators"] == ["a", "c", "d"]  # m2 (a, d) and g3 (c, d)
    assert facets["diversity"]["count"] == 0
    assert facets["diversity"]["no_data_share"] is None
    assert all(row["facet"] == "theme" for row in facets.values())


def test_plan_rollup_counts_everything_and_shows_missing_data() -> None:
    stray = _evaluation("not-in-plan", "5", "worsening", False, None)
    result = rollups(PLAN, [*EVALUATIONS, stray])
    whole = result["plan"]
    assert whole["plan"] == "tiny"
    assert whole["fiscal_years"] == [2022]
    assert whole["count"] == 5
    assert whole["grades"] == {"1": 2, "2": 0, "3": 1, "4": 0, "5": 1, "none": 1}
    assert whole["trends"] == {"improving": 1, "stable": 1, "worsening": 2, "none": 1}
    assert whole["on_track"] == {"true": 1, "false": 2, "none": 2}
    assert whole["no_data"] == 2
    assert whole["no_data_share"] == 0.4
    assert all("not-in-plan" not in row["indicators"] for row in result["nodes"])
    json.dumps(result, allow_nan=False)


def test_sample_plan_end_to_end() -> None:
    plan = load_plan(SAMPLE).plan
    assert plan is not None
    actuals = {2020: 10.0, 2021: 12.0, 2022: 15.0}
    evaluations = [
        evaluate_indicator(ind, actuals, 2022, plan.scheme, plan.plan.period.end)
        for ind in plan.indicators
    ]
    result = rollups(plan, evaluations)
    assert result["plan"]["count"] == len(plan.indicators)
    assert set(result["plan"]["grades"]) == {"A", "B", "C", "D", "none"}
    for row in [result["plan"], *result["nodes"], *result["facets"]]:
        assert sum(row["grades"].values()) == row["count"]
        assert sum(row["trends"].values()) == row["count"]
        assert sum(row["on_track"].values()) == row["count"]
    json.dumps(result, allow_nan=False)
