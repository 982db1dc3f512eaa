"""Outcome indicators (成果指標): what is measured, which way is better, and the values to reach."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from shisaku.domain.common import FiscalYear, Id, Number, OneLine, Strict, Text, rule_error
from shisaku.domain.statistic import Statistic

Polarity = Literal["increase", "decrease"]
"""Which way is better: ``increase`` (more is better) or ``decrease`` (less is better)."""

IndicatorKind = Literal["stock", "flow", "cumulative"]
"""``stock`` 時点値 (a level at a date), ``flow`` 年度値 (a yearly amount),
``cumulative`` 累計 (yearly amounts summed from ``counts_from``)."""


class Baseline(Strict):
    """基準値: the value and fiscal year the plan starts from."""

    fiscal_year: FiscalYear
    value: Number
    source: Id
    note: OneLine | None = None


class Target(Strict):
    """目標値: the value to reach by a fiscal year."""

    fiscal_year: FiscalYear
    value: Number
    source: Id
    note: OneLine | None = None


class Indicator(Strict):
    id: Id
    name: Text
    text: Text | None = None
    unit: Text
    polarity: Polarity
    kind: IndicatorKind
    counts_from: FiscalYear | None = None
    nodes: list[Id] = Field(min_length=1)
    division: Text | None = None
    baseline: Baseline | None = None
    targets: list[Target] = Field(default_factory=list)
    tolerance: Number = Field(default=0, ge=0)
    source: Id | None = None
    statistic: Statistic | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        if self.kind == "cumulative" and self.counts_from is None:
            raise rule_error(
                "missing-counts-from",
                "a cumulative indicator needs counts_from",
                "counts_from: the fiscal year it counts from",
                at=("kind",),
            )
        if self.kind != "cumulative" and self.counts_from is not None:
            raise rule_error(
                "unexpected-counts-from",
                "counts_from applies only to cumulative indicators",
                "no counts_from, or kind: cumulative",
                at=("counts_from",),
            )
        if self.targets and self.baseline is None:
            raise rule_error(
                "missing-baseline",
                "an indicator with targets needs a baseline",
                "baseline: {fiscal_year, value, source}",
                at=("targets",),
            )
        return self

    def better(self, new: float, old: float) -> bool:
        """Whether ``new`` is better than ``old`` under this indicator's polarity."""
        return new > old if self.polarity == "increase" else new < old
