"""Roll-ups (集計) of one fiscal year's evaluations: per plan, per node, per facet value.

An indicator counts for every node it names and for all their ancestors (once per node, even
when it names two nodes under the same ancestor). It counts for a facet value when a node it
names, or an ancestor of such a node, carries a tag with that value (tags are not inherited
downwards). Every count is a plain number; ``no_data_share`` makes missing data visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from shisaku.domain.common import Text
from shisaku.domain.evaluation import Evaluation
from shisaku.domain.nodes import walk
from shisaku.domain.plan import Plan
from shisaku.domain.scheme import EvaluationScheme

NONE = "none"
"""The key under which indicators without a grade, trend or on_track verdict are counted."""

TRENDS = ("improving", "stable", "worsening")


@dataclass(frozen=True)
class Rollup:
    """Counts over a group of evaluations; ``identity`` says which group (JSON-ready)."""

    identity: dict[str, Any]
    indicators: tuple[str, ...]
    grades: dict[str, int]
    trends: dict[str, int]
    on_track: dict[str, int]
    no_data: int

    @property
    def count(self) -> int:
        """Number of evaluations (indicators) in the group."""
        return len(self.indicators)

    @property
    def no_data_share(self) -> float | None:
        """Share of the group's indicators with no value for the year; None for an empty group."""
        return self.no_data / self.count if self.count else None

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.identity,
            "count": self.count,
            "indicators": list(self.indicators),
            "grades": dict(self.grades),
            "trends": dict(self.trends),
            "on_track": dict(self.on_track),
            "no_data": self.no_data,
            "no_data_share": self.no_data_share,
        }


def summarize(
    evaluations: Sequence[Evaluation], scheme: EvaluationScheme, identity: dict[str, Any]
) -> Rollup:
    """Count grades (every grade of ``scheme``, best first, then ``none``), trends
    (improving, stable, worsening, none), on_track (true, false, none) and missing values."""
    grades = {g.id: 0 for g in scheme.grades}
    trends = dict.fromkeys((*TRENDS, NONE), 0)
    on_track = {"true": 0, "false": 0, NONE: 0}
    ungraded = 0
    for evaluation in evaluations:
        if evaluation.grade is None:
            ungraded += 1
        else:  # a grade of another scheme is still counted, after the scheme's own
            grades[evaluation.grade] = grades.get(evaluation.grade, 0) + 1
        trends[evaluation.trend or NONE] += 1
        track = NONE if evaluation.on_track is None else str(evaluation.on_track).lower()
        on_track[track] += 1
    grades[NONE] = ungraded
    return Rollup(
        identity=identity,
        indicators=tuple(e.indicator_id for e in evaluations),
        grades=grades,
        trends=trends,
        on_track=on_track,
        no_data=sum(1 for e in evaluations if e.value is None),
    )


def _name(text: Text) -> dict[str, str | None]:
    return {"ja": text.ja, "en": text.en}


def _lineages(plan: Plan) -> dict[str, list[str]]:
    """Node id -> [the node, its parent, …, its top-level ancestor]."""
    lineage: dict[str, list[str]] = {}
    for node, parent, _ in walk(plan.nodes):
        above = lineage.get(parent.id, []) if parent is not None else []
        lineage[node.id] = [node.id, *above]
    return lineage


def covered_nodes(plan: Plan) -> dict[str, list[str]]:
    """Indicator id -> every node it counts for: the nodes it names and their ancestors
    (each once, in the order met). Unknown node ids are ignored."""
    lineage = _lineages(plan)
    covered: dict[str, list[str]] = {}
    for indicator in plan.indicators:
        seen: dict[str, None] = {}
        for node_id in indicator.nodes:
            seen.update(dict.fromkeys(lineage.get(node_id, [])))
        covered[indicator.id] = list(seen)
    return covered


def _members(
    evaluations: Iterable[Evaluation], covered: dict[str, list[str]], node_ids: set[str]
) -> list[Evaluation]:
    return [e for e in evaluations if node_ids.intersection(covered.get(e.indicator_id, []))]


def rollups(plan: Plan, evaluations: Sequence[Evaluation]) -> dict[str, Any]:
    """JSON-ready roll-ups: ``plan`` (one dict), ``nodes`` (every node, tree order) and
    ``facets`` (every value of every facet). Pass the evaluations of one fiscal year; an
    evaluation of an indicator the plan does not declare counts for the plan only."""
    scheme = plan.scheme
    covered = covered_nodes(plan)
    years = sorted({e.fiscal_year for e in evaluations})
    whole = summarize(
        evaluations, scheme, {"plan": plan.plan.id, "fiscal_years": years, "scheme": scheme.id}
    )
    nodes = [
        summarize(
            _members(evaluations, covered, {node.id}),
            scheme,
            {"node": node.id, "kind": node.kind, "name": _name(node.name)},
        ).as_dict()
        for node, _, _ in walk(plan.nodes)
    ]
    tagged: dict[tuple[str, str], set[str]] = {}
    for node, _, _ in walk(plan.nodes):
        for tag in node.tags:
            tagged.setdefault((tag.facet, tag.value), set()).add(node.id)
    facets = [
        summarize(
            _members(evaluations, covered, tagged.get((facet.id, item.id), set())),
            scheme,
            {"facet": facet.id, "value": item.id, "name": _name(item.name)},
        ).as_dict()
        for facet in plan.facets
        for item in facet.values
    ]
    return {"plan": whole.as_dict(), "nodes": nodes, "facets": facets}
