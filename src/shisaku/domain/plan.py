"""The plan: its place under the parent plan, period, programs, philosophy, and all it holds."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shisaku.domain.common import (
    FiscalYear,
    Id,
    Number,
    OneLine,
    PartialDate,
    Period,
    Source,
    Strict,
    Text,
)
from shisaku.domain.indicators import Indicator
from shisaku.domain.nodes import Facet, Node, NodeKind
from shisaku.domain.scheme import DEFAULT_SCHEME, EvaluationScheme
from shisaku.domain.statistic import Statistic

FORMAT_VERSION = 1
"""The plan-file format this code reads and writes."""

Status = Literal["preliminary", "final"]
"""速報 (preliminary) or 確報 (final)."""


class City(Strict):
    """The municipality: 5-digit local-government code (全国地方公共団体コード, no check digit)."""

    code: str = Field(pattern=r"^\d{5}$")
    name: Text


class BasicGoal(Strict):
    """まちづくりの基本目標: a goal of the parent plan."""

    id: Id
    name: Text
    text: Text | None = None


class PhasePlan(Strict):
    """A phase with a fiscal-year period: a program (実行プログラム) or a 実施計画."""

    id: Id
    number: int | None = None
    name: Text
    period: Period
    text: Text | None = None
    source: Id | None = None


class ParentPlan(Strict):
    """上位計画: the comprehensive plan this plan serves."""

    name: Text
    city_vision: Text | None = None
    basic_goals: list[BasicGoal] = Field(default_factory=list)
    serves: Id | None = None
    implementation_plans: list[PhasePlan] = Field(default_factory=list)
    source: Id | None = None


class PlanInfo(Strict):
    """Who, what and when: the plan's identity."""

    id: Id
    name: Text
    subtitle: Text | None = None
    city: City
    period: Period
    philosophy: Text | None = None
    parent_plan: ParentPlan | None = None
    current_program: Id | None = None
    sample: bool = False
    source: Id | None = None
    note: Text | None = None


class BasicPolicy(Strict):
    """方針: one of the plan's basic policies."""

    id: Id
    number: int | None = None
    name: Text
    text: Text | None = None


class PriorityItem(Strict):
    """重点項目: a priority item, and the node (policy) it corresponds to."""

    id: Id
    number: int | None = None
    name: Text
    node: Id | None = None


class Fact(Strict):
    """A sourced context fact (a figure or a finding the plan states), with its status."""

    id: Id
    name: Text
    value: Number | None = None
    unit: Text | None = None
    text: Text | None = None
    date: PartialDate | None = None
    fiscal_year: FiscalYear | None = None
    status: Status | None = None
    section: OneLine | None = None
    source: Id
    note: Text | None = None
    statistic: Statistic | None = None


class Plan(Strict):
    """A whole plan file."""

    format_version: int
    plan: PlanInfo
    sources: list[Source] = Field(min_length=1)
    programs: list[PhasePlan] = Field(default_factory=list)
    basic_policies: list[BasicPolicy] = Field(default_factory=list)
    priority_items: list[PriorityItem] = Field(default_factory=list)
    node_kinds: list[NodeKind] = Field(min_length=1)
    facets: list[Facet] = Field(default_factory=list)
    nodes: list[Node] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    evaluation: EvaluationScheme | None = None
    facts: list[Fact] = Field(default_factory=list)

    @property
    def scheme(self) -> EvaluationScheme:
        """The plan's evaluation scheme, or the documented default."""
        return self.evaluation or DEFAULT_SCHEME

    def program(self, program_id: Id | None = None) -> PhasePlan | None:
        """A program by id; without an id, the current program."""
        wanted = program_id or self.plan.current_program
        return next((p for p in self.programs if p.id == wanted), None)
