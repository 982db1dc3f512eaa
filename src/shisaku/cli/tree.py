"""The plan as a text tree (``shisaku plan show``)."""

from __future__ import annotations

from collections import defaultdict

from shisaku.domain.indicators import Indicator
from shisaku.domain.nodes import Node
from shisaku.domain.plan import Plan

_WORDS = {
    "ja": {
        "sample": "【サンプルデータ】架空の計画です。数値はすべて架空です。",
        "period": "計画期間",
        "program": "現行プログラム",
        "philosophy": "理念",
        "parent": "上位計画",
        "serves": "めざす基本目標",
        "basic_policies": "方針",
        "priority_items": "重点項目",
        "indicators": "成果指標",
        "increase": "↑増加が望ましい",
        "decrease": "↓減少が望ましい",
        "stock": "時点値",
        "flow": "年度値",
        "cumulative": "累計",
        "inferred": "* は推定（計画本文に記載なし）",
        "no_target": "目標なし",
        "division": "所管",
    },
    "en": {
        "sample": "[SAMPLE DATA] A fictional plan. Every number is fictional.",
        "period": "Plan period",
        "program": "Current program",
        "philosophy": "Philosophy",
        "parent": "Parent plan",
        "serves": "Serves",
        "basic_policies": "Basic policies",
        "priority_items": "Priority items",
        "indicators": "Indicators",
        "increase": "↑ higher is better",
        "decrease": "↓ lower is better",
        "stock": "stock",
        "flow": "flow",
        "cumulative": "cumulative",
        "inferred": "* inferred (not stated in the plan's text)",
        "no_target": "no target",
        "division": "division",
    },
}


def render_tree(plan: Plan, lang: str) -> str:
    """The header, the node tree with tags and indicators, and a legend."""
    w = _WORDS[lang]
    info = plan.plan
    lines = []
    if info.sample:
        lines.append(w["sample"])
    lines.append(f"{info.name.get(lang)}  [{info.id}]")
    if info.subtitle:
        lines.append(f"  {info.subtitle.get(lang)}")
    lines.append(f"{w['period']}: {info.period.label()}")
    program = plan.program()
    if program is not None:
        lines.append(f"{w['program']}: {program.name.get(lang)} ({program.period.label()})")
    parent = info.parent_plan
    if parent is not None:
        lines.append(f"{w['parent']}: {parent.name.get(lang)}")
        goal = next((g for g in parent.basic_goals if g.id == parent.serves), None)
        if goal is not None:
            lines.append(f"{w['serves']}: {goal.name.get(lang)}")
    if info.philosophy:
        lines.append(f"{w['philosophy']}: {info.philosophy.get(lang)}")
    if plan.basic_policies:
        lines.append(f"{w['basic_policies']}:")
        lines += [f"  {_bullet(p.number)}{p.name.get(lang)}" for p in plan.basic_policies]
    if plan.priority_items:
        lines.append(f"{w['priority_items']}:")
        lines += [
            f"  {p.number or '-'}. {p.name.get(lang)}" + (f" → {p.node}" if p.node else "")
            for p in plan.priority_items
        ]
    lines.append("")
    by_node: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in plan.indicators:
        for node_id in indicator.nodes:
            by_node[node_id].append(indicator)
    kinds = {k.id: k.name.get(lang) for k in plan.node_kinds}
    _nodes(plan.nodes, "", lines, kinds, by_node, lang)
    inferred = any(t.basis == "inferred" for n in _all(plan.nodes) for t in n.tags)
    lines.append("")
    lines.append(f"{w['indicators']}: {len(plan.indicators)}")
    if inferred:
        lines.append(w["inferred"])
    return "\n".join(lines)


def _bullet(number: int | None) -> str:
    return f"{number}. " if number is not None else "・"


def _all(nodes: list[Node]) -> list[Node]:
    return [n for node in nodes for n in (node, *_all(node.children))]


def _nodes(
    nodes: list[Node],
    prefix: str,
    lines: list[str],
    kinds: dict[str, str],
    by_node: dict[str, list[Indicator]],
    lang: str,
) -> None:
    w = _WORDS[lang]
    for index, node in enumerate(nodes):
        last = index == len(nodes) - 1
        branch, below = ("└─ ", "   ") if last else ("├─ ", "│  ")
        number = f"{node.number} " if node.number is not None else ""
        tags = " ".join(f"{t.value}{'*' if t.basis == 'inferred' else ''}" for t in node.tags)
        division = f"  〔{w['division']}: {node.division.get(lang)}〕" if node.division else ""
        lines.append(
            f"{prefix}{branch}{kinds.get(node.kind, node.kind)}{number and ' ' + number}"
            f"{node.name.get(lang)}  ({node.id})" + (f"  [{tags}]" if tags else "") + division
        )
        inner = prefix + below
        for indicator in by_node.get(node.id, []):
            target = indicator.targets[-1] if indicator.targets else None
            goal = f"→ {target.value:,.12g} (FY{target.fiscal_year})" if target else w["no_target"]
            lines.append(
                f"{inner}◆ {indicator.name.get(lang)} ({indicator.id}) "
                f"[{indicator.unit.get(lang)}, {w[indicator.polarity]}, {w[indicator.kind]}] {goal}"
            )
        _nodes(node.children, inner, lines, kinds, by_node, lang)
