"""Plain-data views of a plan, shared by the CLI (and later the web pages): JSON and the matrix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shisaku.domain.nodes import Basis, Facet, Node, walk
from shisaku.domain.plan import Plan


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan as one JSON object with a flat node list (``plan show --format json``)."""
    info = plan.plan
    dump: dict[str, Any] = plan.model_dump(mode="json")
    return {
        "format_version": plan.format_version,
        "plan": {
            "id": info.id,
            "name": info.name.model_dump(),
            "sample": info.sample,
            **{k: v for k, v in dump["plan"].items() if k not in {"id", "name", "sample"}},
        },
        "sources": dump["sources"],
        "programs": dump["programs"],
        "basic_policies": dump["basic_policies"],
        "priority_items": dump["priority_items"],
        "node_kinds": dump["node_kinds"],
        "facets": dump["facets"],
        "nodes": [
            _node_json(node, parent, depth=(len(path) - 1) // 2)
            for node, parent, path in walk(plan.nodes)
        ],
        "indicators": dump["indicators"],
        "evaluation": plan.scheme.model_dump(mode="json"),
        "facts": dump["facts"],
    }


def _node_json(node: Node, parent: Node | None, depth: int) -> dict[str, Any]:
    return {
        "id": node.id,
        "kind": node.kind,
        "parent": parent.id if parent else None,
        "depth": depth,
        "number": node.number,
        "name": node.name.model_dump(),
        "text": node.text.model_dump() if node.text else None,
        "division": node.division.model_dump() if node.division else None,
        "tags": [tag.model_dump(exclude_none=True) for tag in node.tags],
        "children": [child.id for child in node.children],
    }


@dataclass(frozen=True)
class MatrixRow:
    """A node that may carry the facet, its top-level ancestor, and its cell per facet value."""

    node: Node
    top: Node
    cells: dict[str, Basis]  # facet value id -> basis (absent: no tag)


def facet_matrix(plan: Plan, facet: Facet) -> list[MatrixRow]:
    """Rows of the top-level × facet matrix: which nodes serve which facet value, on what basis."""
    rows: list[MatrixRow] = []
    tops: dict[str, Node] = {}
    for node, parent, _ in walk(plan.nodes):
        tops[node.id] = tops[parent.id] if parent else node
        if facet.applies_to and node.kind not in facet.applies_to:
            continue
        cells = {t.value: t.basis for t in node.tags if t.facet == facet.id}
        if cells or facet.applies_to:
            rows.append(MatrixRow(node, tops[node.id], cells))
    return rows


def matrix_json(plan: Plan, facet: Facet) -> dict[str, Any]:
    rows = facet_matrix(plan, facet)
    return {
        "facet": {
            "id": facet.id,
            "name": facet.name.model_dump(),
            "values": [
                {"id": v.id, "number": v.number, "name": v.name.model_dump()} for v in facet.values
            ],
        },
        "rows": [
            {
                "node": r.node.id,
                "kind": r.node.kind,
                "top": r.top.id,
                "name": r.node.name.model_dump(),
                "cells": [{"value": value, "basis": basis} for value, basis in r.cells.items()],
            }
            for r in rows
        ],
    }
