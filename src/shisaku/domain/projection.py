"""Projection (見通し): where an indicator is heading by its final target year.

Pure arithmetic on plain floats, in a fixed order so that a batch (numpy) version can reproduce
every number: sums run left to right in ascending fiscal year (no compensated summation), and
each formula is evaluated exactly as written in its docstring. See docs/evaluation.md.

>>> ind = Indicator.model_validate({"id": "x", "name": {"ja": "例"}, "unit": {"ja": "件"},
...     "polarity": "increase", "kind": "stock", "nodes": ["n"],
...     "baseline": {"fiscal_year": 2019, "value": 100, "source": "s"},
...     "targets": [{"fiscal_year": 2024, "value": 200, "source": "s"}]})
>>> p = projection(ind, {2020: 110.0, 2021: 120.0}, 2021, 2029, running_total=None)
>>> p.projected_value, p.projected_progress, p.on_track
(150.0, 0.5, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shisaku.domain.indicators import Indicator, Target
from shisaku.domain.scheme import EPSILON

Rule = dict[str, Any]
"""A JSON-ready description of one step: its method, inputs and ``result`` (or ``reason``)."""


def sequential_sum(values: Iterable[float], start: float = 0.0) -> float:
    """``((start + v1) + v2) + …``: plain left-to-right float addition, on every Python version.

    >>> sequential_sum([0.1, 0.2, 0.3])
    0.6000000000000001
    """
    total = start
    for item in values:
        total = total + item
    return total


def progress_baseline(indicator: Indicator) -> float | None:
    """The value progress is measured from: the declared baseline; for a cumulative indicator
    without one, 0 (nothing counted yet); otherwise None."""
    if indicator.baseline is not None:
        return float(indicator.baseline.value)
    return 0.0 if indicator.kind == "cumulative" else None


def final_target(indicator: Indicator) -> Target | None:
    """The target with the latest fiscal year (the first declared one if years tie)."""
    if not indicator.targets:
        return None
    return max(indicator.targets, key=lambda target: target.fiscal_year)


def target_year(indicator: Indicator, final_year: int) -> int:
    """The year a projection looks at: the final target's year; without targets, ``final_year``."""
    last = final_target(indicator)
    return last.fiscal_year if last is not None else final_year


@dataclass(frozen=True)
class Line:
    """An ordinary-least-squares line through points (fiscal year, value)."""

    slope: float
    intercept: float
    x_mean: float
    y_mean: float

    def at(self, year: int) -> float:
        """``y_mean + slope × (year − x_mean)`` (not ``intercept + slope × year``)."""
        return self.y_mean + self.slope * (year - self.x_mean)


def fit_line(points: Sequence[tuple[int, float]]) -> Line:
    """OLS through ``points`` (sorted by year); needs at least two distinct years.

    x_mean = Σx / n;  y_mean = Σy / n;  sxx = Σ (x − x_mean)·(x − x_mean);
    sxy = Σ (x − x_mean)·(y − y_mean);  slope = sxy / sxx;  intercept = y_mean − slope·x_mean.

    >>> fit_line([(2019, 100.0), (2020, 110.0), (2021, 120.0)])
    Line(slope=10.0, intercept=-20090.0, x_mean=2020.0, y_mean=110.0)
    """
    n = len(points)
    x_mean = sum(x for x, _ in points) / n  # integers: exact
    y_mean = sequential_sum(y for _, y in points) / n
    sxx = sequential_sum((x - x_mean) * (x - x_mean) for x, _ in points)
    sxy = sequential_sum((x - x_mean) * (y - y_mean) for x, y in points)
    if sxx == 0:
        raise ValueError("a line needs points in at least two distinct years")
    slope = sxy / sxx
    return Line(slope, y_mean - slope * x_mean, x_mean, y_mean)


@dataclass(frozen=True)
class Projection:
    """The projected value at ``target_year``, its progress, whether it reaches the target."""

    projected_value: float | None
    projected_progress: float | None
    on_track: bool | None
    target_year: int
    final_target: float | None
    rule: Rule = field(default_factory=dict)
    """Keys ``projection``, ``projected_progress``, ``on_track``: each a step description."""
    reasons: dict[str, str] = field(default_factory=dict)
    """Why each None among projected_value, projected_progress, on_track, final_target is None."""


def _ols(indicator: Indicator, actuals: Mapping[int, float], fy: int, at: int) -> Rule:
    baseline = indicator.baseline
    points = [(year, float(actuals[year])) for year in sorted(actuals) if year <= fy]
    if baseline is not None and baseline.fiscal_year <= fy and baseline.fiscal_year not in actuals:
        points.append((baseline.fiscal_year, float(baseline.value)))
        points.sort(key=lambda point: point[0])
    rule: Rule = {"method": "ols", "points": [[x, y] for x, y in points], "at": at}
    years = len({x for x, _ in points})
    if years < 2:
        rule["result"] = None
        rule["reason"] = (
            f"a trend line needs values in at least 2 fiscal years up to FY{fy} "
            f"(baseline included); found {years}"
        )
        return rule
    line = fit_line(points)
    rule.update(slope=line.slope, intercept=line.intercept, x_mean=line.x_mean, y_mean=line.y_mean)
    rule["formula"] = "y_mean + slope * (at - x_mean)"
    rule["result"] = line.at(at)
    return rule


def _cumulative(
    indicator: Indicator, actuals: Mapping[int, float], fy: int, at: int, running_total: float
) -> Rule:
    start = indicator.counts_from if indicator.counts_from is not None else fy
    yearly = [float(actuals[year]) for year in range(start, fy + 1)]
    mean = sequential_sum(yearly) / len(yearly)
    return {
        "method": "cumulative_mean",
        "formula": "running_total + mean_yearly * (at - fiscal_year)",
        "running_total": running_total,
        "yearly": {
            str(year): amount for year, amount in zip(range(start, fy + 1), yearly, strict=True)
        },
        "mean_yearly": mean,
        "fiscal_year": fy,
        "at": at,
        "result": running_total + mean * (at - fy),
    }


def _project(
    indicator: Indicator,
    actuals: Mapping[int, float],
    fy: int,
    at: int,
    running_total: float | None,
) -> Rule:
    if fy > at:
        return {
            "method": "none",
            "at": at,
            "result": None,
            "reason": f"FY{fy} is after the year projected to (FY{at}): read the value itself",
        }
    if indicator.kind != "cumulative":
        return _ols(indicator, actuals, fy, at)
    if running_total is None:
        return {
            "method": "cumulative_mean",
            "at": at,
            "result": None,
            "reason": f"no running total for FY{fy} (see value)",
        }
    return _cumulative(indicator, actuals, fy, at, running_total)


def projection(
    indicator: Indicator,
    actuals: Mapping[int, float],
    fy: int,
    final_year: int,
    *,
    running_total: float | None,
) -> Projection:
    """Project to the final target year and compare with the final target.

    ``running_total`` is the cumulative value at ``fy`` (``value(...).result`` of
    :mod:`shisaku.domain.evaluation`) for cumulative indicators; pass None for stock and flow.
    """
    at = target_year(indicator, final_year)
    rule = _project(indicator, actuals, fy, at, running_total)
    projected: float | None = rule["result"]
    reasons: dict[str, str] = {}
    if projected is None:
        reasons["projected_value"] = rule["reason"]
    last = final_target(indicator)
    goal = float(last.value) if last is not None else None
    if goal is None:
        reasons["final_target"] = "no target declared: the indicator is judged by its direction"
    base = progress_baseline(indicator)
    share: Rule = {
        "formula": "(projected_value - baseline) / (final_target - baseline)",
        "inputs": {"projected_value": projected, "baseline": base, "final_target": goal},
    }
    ratio: float | None = None
    if goal is None:
        share["reason"] = reasons["final_target"]
    elif projected is None:
        share["reason"] = f"no projected value: {reasons['projected_value']}"
    elif base is None or goal - base == 0:
        share["reason"] = f"the final target equals the baseline ({base}): no distance to cover"
    else:
        ratio = (projected - base) / (goal - base)
    share["result"] = ratio
    track: Rule = {
        "formula": "projected_progress + EPSILON >= 1",
        "inputs": {"projected_progress": ratio, "EPSILON": EPSILON},
    }
    on_track = None if ratio is None else ratio + EPSILON >= 1
    track["result"] = on_track
    if ratio is None:
        reasons["projected_progress"] = share["reason"]
        reasons["on_track"] = track["reason"] = f"no projected progress: {share['reason']}"
    return Projection(
        projected_value=projected,
        projected_progress=ratio,
        on_track=on_track,
        target_year=at,
        final_target=goal,
        rule={"projection": rule, "projected_progress": share, "on_track": track},
        reasons=reasons,
    )
