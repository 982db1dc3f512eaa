"""The plan tree: node kinds declared by the plan, nodes, facets and tags that cut across them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field, model_validator

from shisaku.domain.common import Id, OneLine, Strict, Text, rule_error

Basis = Literal["stated", "inferred"]
"""``stated``: the plan's text says so. ``inferred``: a reading of the plan, with a reason."""


class NodeKind(Strict):
    """A kind of node the plan declares (Kawasaki: policy, strategy, direction, measure).

    ``parents`` lists the kinds a node of this kind may sit under; empty means top level.
    """

    id: Id
    name: Text
    parents: list[Id] = Field(default_factory=list)
    division_required: bool = False
    text: Text | None = None


class FacetValue(Strict):
    id: Id
    number: int | None = None
    name: Text
    text: Text | None = None


class Facet(Strict):
    """A classification that cuts across the tree (Kawasaki: the five viewpoints).

    ``applies_to`` lists the node kinds that may carry this facet; empty means any kind.
    """

    id: Id
    name: Text
    text: Text | None = None
    applies_to: list[Id] = Field(default_factory=list)
    values: list[FacetValue] = Field(min_length=1)


class Tag(Strict):
    """A node's value for a facet, and on what basis the plan file says so."""

    facet: Id
    value: Id
    basis: Basis
    reason: OneLine | None = None
    source: Id | None = None

    @model_validator(mode="after")
    def _inferred_has_reason(self) -> Tag:
        if self.basis == "inferred" and not self.reason:
            raise rule_error(
                "inferred-without-reason",
                "an inferred tag needs a reason",
                "reason: a one-line explanation of the reading",
                at=("basis",),
            )
        return self


class Node(Strict):
    """A node of the plan tree; ``children`` nest below it."""

    id: Id
    kind: Id
    number: int | None = None
    name: Text
    text: Text | None = None
    division: Text | None = None
    source: Id | None = None
    tags: list[Tag] = Field(default_factory=list)
    children: list[Node] = Field(default_factory=list)


NodePath = tuple[str | int, ...]


def walk(
    nodes: list[Node], parent: Node | None = None, path: NodePath = ("nodes",)
) -> Iterator[tuple[Node, Node | None, NodePath]]:
    """Every node depth-first, with its parent and its path in the plan file.

    >>> leaf = Node(id="b", kind="k", name=Text(ja="葉"))
    >>> root = Node(id="a", kind="k", name=Text(ja="根"), children=[leaf])
    >>> [(n.id, p.id if p else None, path) for n, p, path in walk([root])]
    [('a', None, ('nodes', 0)), ('b', 'a', ('nodes', 0, 'children', 0))]
    """
    for index, node in enumerate(nodes):
        here = (*path, index)
        yield node, parent, here
        yield from walk(node.children, node, (*here, "children"))
