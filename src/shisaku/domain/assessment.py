"""A plan's evaluation for one fiscal year: every indicator, and the roll-ups.

The fiscal year defaults to the latest year with any actual; the horizon for projections of
indicators without a target (``final_year``) is the end of the current program, else of the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shisaku.domain.evaluation import Evaluation, evaluate_indicator
from shisaku.domain.plan import Plan
from shisaku.domain.rollup import rollups

Actuals = Mapping[str, Mapping[int, float]]
"""Yearly actuals by indicator id, then fiscal year."""


@dataclass(frozen=True)
class PlanEvaluation:
    plan: Plan
    fiscal_year: int
    final_year: int
    evaluations: list[Evaluation]
    rollups: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The ``shisaku evaluate --format json`` object."""
        info = self.plan.plan
        return {
            "plan": {"id": info.id, "name": info.name.model_dump(), "sample": info.sample},
            "fiscal_year": self.fiscal_year,
            "final_year": self.final_year,
            "scheme": self.plan.scheme.model_dump(mode="json"),
            "indicators": [e.as_dict() for e in self.evaluations],
            "rollups": self.rollups,
        }


def final_year(plan: Plan) -> int:
    """The horizon: the current program's last fiscal year, else the plan's."""
    program = plan.program()
    return program.period.end if program is not None else plan.plan.period.end


def default_year(plan: Plan, actuals: Actuals) -> int:
    """The latest fiscal year with an actual for any of the plan's indicators.

    Without any actual: the first year of the current program (or of the plan).

    """
    ids = {i.id for i in plan.indicators}
    years = [fy for ind, values in actuals.items() if ind in ids for fy in values]
    if years:
        return max(years)
    program = plan.program()
    return program.period.start if program is not None else plan.plan.period.start


def evaluate_plan(plan: Plan, actuals: Actuals, fiscal_year: int | None = None) -> PlanEvaluation:
    """Evaluate every indicator of ``plan`` for ``fiscal_year`` (default: :func:`default_year`)."""
    fy = fiscal_year if fiscal_year is not None else default_year(plan, actuals)
    horizon = final_year(plan)
    evaluations = [
        evaluate_indicator(indicator, actuals.get(indicator.id, {}), fy, plan.scheme, horizon)
        for indicator in plan.indicators
    ]
    return PlanEvaluation(plan, fy, horizon, evaluations, rollups(plan, evaluations))
