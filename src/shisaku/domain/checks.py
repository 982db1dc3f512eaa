"""Cross-reference rules of a plan that a schema alone cannot express.

Each rule yields :class:`Problem` values with the path of the offending value in the
plan file; the plan-file layer turns paths into ``file:line:column``. Codes are stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from shisaku.domain.common import Period
from shisaku.domain.indicators import Indicator
from shisaku.domain.nodes import walk
from shisaku.domain.plan import Plan
from shisaku.domain.problems import Problem

Path = tuple[str | int, ...]


def check_plan(plan: Plan) -> list[Problem]:
    """Every cross-reference problem of ``plan`` (empty when it is consistent)."""
    rules = (_unique_ids, _references, _tree, _tags, _periods, _indicators)
    return [problem for rule in rules for problem in rule(plan)]


def _choices(ids: Iterable[str]) -> str:
    listed = sorted(set(ids))
    if not listed:
        return "one of the declared ids (none are declared)"
    shown = ", ".join(listed[:12]) + (", …" if len(listed) > 12 else "")
    return f"one of: {shown}"


def _duplicates(items: Sequence[Any], path: Path, what: str) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in seen:
            yield Problem(
                "duplicate-id",
                f"{what} id {item.id!r} is already used by item {seen[item.id] + 1}",
                (*path, index, "id"),
                received=item.id,
                expected=f"a {what} id not used before in this plan",
            )
        else:
            seen[item.id] = index


def _unique_ids(plan: Plan) -> Iterator[Problem]:
    yield from _duplicates(plan.sources, ("sources",), "source")
    yield from _duplicates(plan.programs, ("programs",), "program")
    yield from _duplicates(plan.basic_policies, ("basic_policies",), "basic policy")
    yield from _duplicates(plan.priority_items, ("priority_items",), "priority item")
    yield from _duplicates(plan.node_kinds, ("node_kinds",), "node kind")
    yield from _duplicates(plan.facets, ("facets",), "facet")
    for f, facet in enumerate(plan.facets):
        yield from _duplicates(facet.values, ("facets", f, "values"), f"{facet.id} value")
    yield from _duplicates(plan.indicators, ("indicators",), "indicator")
    yield from _duplicates(plan.facts, ("facts",), "fact")
    if plan.evaluation is not None:
        yield from _duplicates(plan.evaluation.grades, ("evaluation", "grades"), "grade")
    parent = plan.plan.parent_plan
    if parent is not None:
        yield from _duplicates(
            parent.basic_goals, ("plan", "parent_plan", "basic_goals"), "basic goal"
        )
        yield from _duplicates(
            parent.implementation_plans,
            ("plan", "parent_plan", "implementation_plans"),
            "implementation plan",
        )
    nodes = [(node, path) for node, _, path in walk(plan.nodes)]
    seen: dict[str, Path] = {}
    for node, path in nodes:
        if node.id in seen:
            yield Problem(
                "duplicate-id",
                f"node id {node.id!r} is already used at {'/'.join(map(str, seen[node.id]))}",
                (*path, "id"),
                received=node.id,
                expected="a node id not used before in this plan",
            )
        else:
            seen[node.id] = path


def _ref(value: str | None, known: set[str], path: Path, what: str) -> Iterator[Problem]:
    if value is not None and value not in known:
        yield Problem(
            "unknown-reference",
            f"refers to {what} {value!r}, which the plan does not declare",
            path,
            received=value,
            expected=f"a declared {what} id, {_choices(known)}",
        )


def _source_refs(plan: Plan) -> Iterator[tuple[str | None, Path]]:
    info = plan.plan
    yield info.source, ("plan", "source")
    if info.parent_plan is not None:
        yield info.parent_plan.source, ("plan", "parent_plan", "source")
        for i, phase in enumerate(info.parent_plan.implementation_plans):
            yield phase.source, ("plan", "parent_plan", "implementation_plans", i, "source")
    for i, program in enumerate(plan.programs):
        yield program.source, ("programs", i, "source")
    for node, _, path in walk(plan.nodes):
        yield node.source, (*path, "source")
        for t, tag in enumerate(node.tags):
            yield tag.source, (*path, "tags", t, "source")
    for i, indicator in enumerate(plan.indicators):
        yield indicator.source, ("indicators", i, "source")
        if indicator.baseline is not None:
            yield indicator.baseline.source, ("indicators", i, "baseline", "source")
        for t, target in enumerate(indicator.targets):
            yield target.source, ("indicators", i, "targets", t, "source")
    for i, fact in enumerate(plan.facts):
        yield fact.source, ("facts", i, "source")


def _references(plan: Plan) -> Iterator[Problem]:
    sources = {s.id for s in plan.sources}
    for value, path in _source_refs(plan):
        yield from _ref(value, sources, path, "source")
    yield from _ref(
        plan.plan.current_program,
        {p.id for p in plan.programs},
        ("plan", "current_program"),
        "program",
    )
    parent = plan.plan.parent_plan
    if parent is not None:
        yield from _ref(
            parent.serves,
            {g.id for g in parent.basic_goals},
            ("plan", "parent_plan", "serves"),
            "basic goal",
        )
    kinds = {k.id for k in plan.node_kinds}
    for k, kind in enumerate(plan.node_kinds):
        for p, parent_kind in enumerate(kind.parents):
            yield from _ref(parent_kind, kinds, ("node_kinds", k, "parents", p), "node kind")
    for f, facet in enumerate(plan.facets):
        for a, kind_id in enumerate(facet.applies_to):
            yield from _ref(kind_id, kinds, ("facets", f, "applies_to", a), "node kind")
    node_ids = {node.id for node, _, _ in walk(plan.nodes)}
    for i, item in enumerate(plan.priority_items):
        yield from _ref(item.node, node_ids, ("priority_items", i, "node"), "node")
    for i, indicator in enumerate(plan.indicators):
        for n, node_id in enumerate(indicator.nodes):
            yield from _ref(node_id, node_ids, ("indicators", i, "nodes", n), "node")


def _tree(plan: Plan) -> Iterator[Problem]:
    kinds = {k.id: k for k in plan.node_kinds}
    for node, parent, path in walk(plan.nodes):
        kind = kinds.get(node.kind)
        if kind is None:
            yield from _ref(node.kind, set(kinds), (*path, "kind"), "node kind")
            continue
        if parent is None and kind.parents:
            yield Problem(
                "kind-not-allowed",
                f"a {node.kind!r} node cannot stand at the top level",
                (*path, "kind"),
                received=node.kind,
                expected=f"under a node of kind {' or '.join(kind.parents)}",
            )
        elif parent is not None and parent.kind not in kind.parents:
            allowed = (
                f"a parent of kind {' or '.join(kind.parents)}"
                if kind.parents
                else f"{node.kind!r} nodes at the top level only"
            )
            yield Problem(
                "kind-not-allowed",
                f"a {node.kind!r} node cannot sit under {parent.id!r} (a {parent.kind!r})",
                (*path, "kind"),
                received=node.kind,
                expected=allowed,
            )
        if kind.division_required and node.division is None:
            yield Problem(
                "division-required",
                f"a {node.kind!r} node needs the responsible division (所管課)",
                path,
                received=None,
                expected="a division: {ja: …}",
            )


def _tags(plan: Plan) -> Iterator[Problem]:
    facets = {f.id: f for f in plan.facets}
    for node, _, path in walk(plan.nodes):
        seen: set[tuple[str, str]] = set()
        for t, tag in enumerate(node.tags):
            here = (*path, "tags", t)
            facet = facets.get(tag.facet)
            if facet is None:
                yield Problem(
                    "unknown-facet",
                    f"tag uses facet {tag.facet!r}, which is not declared",
                    (*here, "facet"),
                    received=tag.facet,
                    expected=_choices(facets),
                )
                continue
            values = {v.id for v in facet.values}
            if tag.value not in values:
                yield Problem(
                    "unknown-facet-value",
                    f"{tag.value!r} is not a value of facet {facet.id!r}",
                    (*here, "value"),
                    received=tag.value,
                    expected=f"a declared {facet.id} value, {_choices(values)}",
                )
            if facet.applies_to and node.kind not in facet.applies_to:
                yield Problem(
                    "facet-not-applicable",
                    f"facet {facet.id!r} does not apply to {node.kind!r} nodes",
                    (*here, "facet"),
                    received=node.kind,
                    expected=f"a node of kind {' or '.join(facet.applies_to)}",
                )
            if (tag.facet, tag.value) in seen:
                yield Problem(
                    "duplicate-tag",
                    f"{node.id!r} is tagged {tag.value!r} twice",
                    (*here, "value"),
                    received=tag.value,
                    expected="each facet value at most once per node",
                )
            seen.add((tag.facet, tag.value))


def _outside(year: int, period: Period, path: Path, what: str, whose: str) -> Iterator[Problem]:
    if year not in period:
        yield Problem(
            "year-outside-period",
            f"{what} FY{year} is outside the {whose} period {period.label()}",
            path,
            received=year,
            expected=f"a fiscal year from {period.start} to {period.end}",
        )


def _periods(plan: Plan) -> Iterator[Problem]:
    period = plan.plan.period
    for i, program in enumerate(plan.programs):
        for end in ("start", "end"):
            year = getattr(program.period, end)
            yield from _outside(
                year,
                period,
                ("programs", i, "period", end),
                f"program {program.id!r} {end}",
                "plan",
            )
    for i, indicator in enumerate(plan.indicators):
        for t, target in enumerate(indicator.targets):
            yield from _outside(
                target.fiscal_year,
                period,
                ("indicators", i, "targets", t, "fiscal_year"),
                "target",
                "plan",
            )
        if indicator.counts_from is not None:
            yield from _outside(
                indicator.counts_from,
                period,
                ("indicators", i, "counts_from"),
                "counts_from",
                "plan",
            )


def _indicators(plan: Plan) -> Iterator[Problem]:
    for i, indicator in enumerate(plan.indicators):
        yield from _targets(indicator, ("indicators", i))


def _targets(indicator: Indicator, path: Path) -> Iterator[Problem]:
    baseline = indicator.baseline
    years: set[int] = set()
    previous = baseline.value if baseline is not None else None
    ordered = sorted(enumerate(indicator.targets), key=lambda pair: pair[1].fiscal_year)
    for t, (index, target) in enumerate(ordered):
        here = (*path, "targets", index)
        if target.fiscal_year in years:
            yield Problem(
                "duplicate-target",
                f"two targets for FY{target.fiscal_year}",
                (*here, "fiscal_year"),
                received=target.fiscal_year,
                expected="one target per fiscal year",
            )
        years.add(target.fiscal_year)
        if baseline is not None and target.fiscal_year <= baseline.fiscal_year:
            yield Problem(
                "target-before-baseline",
                f"target FY{target.fiscal_year} is not after the baseline FY{baseline.fiscal_year}",
                (*here, "fiscal_year"),
                received=target.fiscal_year,
                expected=f"a fiscal year after {baseline.fiscal_year}",
            )
        if previous is not None and indicator.better(previous, target.value):
            against = "the baseline" if t == 0 else "the previous target"
            yield Problem(
                "target-contradicts-polarity",
                f"polarity is {indicator.polarity!r} but the target {target.value} is worse than "
                f"{against} {previous}",
                (*here, "value"),
                received=target.value,
                expected=f"a value {'≥' if indicator.polarity == 'increase' else '≤'} {previous}",
            )
        previous = target.value
