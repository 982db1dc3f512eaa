"""Evaluation (評価) of one indicator for one fiscal year: pure functions, explained results.

Every step returns a :class:`Step`: its result, a JSON-ready ``rule`` naming the method and the
inputs (so anyone can recompute it), and a ``reason`` when the result is None. Floats are never
rounded here; the arithmetic order is fixed and documented in docs/evaluation.md.

>>> ind = Indicator.model_validate({"id": "x", "name": {"ja": "例"}, "unit": {"ja": "件"},
...     "polarity": "increase", "kind": "stock", "nodes": ["n"],
...     "baseline": {"fiscal_year": 2019, "value": 100, "source": "s"},
...     "targets": [{"fiscal_year": 2022, "value": 160, "source": "s"}]})
>>> expected(ind, 2021).rule
{'method': 'interpolated', 'between': [[2019, 100.0], [2022, 160.0]], 'result': 140.0}
>>> from shisaku.domain.scheme import DEFAULT_SCHEME
>>> e = evaluate_indicator(ind, {2020: 120.0, 2021: 142.0}, 2021, DEFAULT_SCHEME, 2029)
>>> e.progress, e.grade, e.trend
(1.05, '2', 'improving')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Any, Generic, Literal, TypeVar

from shisaku.domain.indicators import Indicator
from shisaku.domain.projection import Rule, progress_baseline, projection, sequential_sum
from shisaku.domain.scheme import EPSILON, EvaluationScheme

T = TypeVar("T")
Trend = Literal["improving", "stable", "worsening"]


@dataclass(frozen=True)
class Step(Generic[T]):
    """One step's result; ``rule`` describes it (with ``result``, and ``reason`` when None)."""

    result: T | None
    rule: Rule
    reason: str | None = None


def _done(rule: Rule, result: T) -> Step[T]:
    rule["result"] = result
    return Step(result, rule)


def _none(rule: Rule, reason: str) -> Step[Any]:
    rule["result"] = None
    rule["reason"] = reason
    return Step(None, rule, reason)


def _years(years: list[int]) -> str:
    return ", ".join(f"FY{year}" for year in years)


def expected(indicator: Indicator, fy: int) -> Step[float]:
    """The value expected in ``fy``: the target declared for it; else linear interpolation
    between the surrounding declared points (baseline and targets); after the last target, that
    target. ``v0 + (v1 - v0) * (fy - y0) / (y1 - y0)``, evaluated left to right."""
    base = indicator.baseline
    if not indicator.targets:
        return _none({"method": "none"}, "no target declared: judged by its direction only")
    if base is None:
        return _none({"method": "none"}, "no baseline declared")
    if fy < base.fiscal_year:
        return _none({"method": "none"}, f"FY{fy} is before the baseline year FY{base.fiscal_year}")
    for target in indicator.targets:
        if target.fiscal_year == fy:
            declared = float(target.value)
            return _done({"method": "target", "target": [fy, declared]}, declared)
    if fy == base.fiscal_year:
        return _done({"method": "baseline", "baseline": [fy, float(base.value)]}, float(base.value))
    later = sorted(
        (t for t in indicator.targets if t.fiscal_year > base.fiscal_year),
        key=lambda t: t.fiscal_year,
    )
    points = [(base.fiscal_year, float(base.value))]
    points += [(t.fiscal_year, float(t.value)) for t in later]
    if fy > points[-1][0] or len(points) == 1:
        last = max(indicator.targets, key=lambda t: t.fiscal_year)
        pair = [last.fiscal_year, float(last.value)]
        return _done({"method": "after_last_target", "last_target": pair}, float(last.value))
    (y0, v0), (y1, v1) = next((a, b) for a, b in pairwise(points) if a[0] < fy < b[0])
    interpolated = v0 + (v1 - v0) * (fy - y0) / (y1 - y0)
    return _done({"method": "interpolated", "between": [[y0, v0], [y1, v1]]}, interpolated)


def value(indicator: Indicator, actuals: Mapping[int, float], fy: int) -> Step[float]:
    """The value for ``fy``: the actual (stock, flow); for cumulative, the running total
    ``((start + a[counts_from]) + …) + a[fy]``, start = the baseline when its year is before
    counts_from (a total carried in), else 0. Every year counts_from..fy must have an actual."""
    if indicator.kind != "cumulative" or indicator.counts_from is None:
        rule: Rule = {"method": "actual", "fiscal_year": fy}
        if fy not in actuals:
            return _none(rule, f"no actual for FY{fy}")
        return _done(rule, float(actuals[fy]))
    counts_from = indicator.counts_from
    base = indicator.baseline
    carried = base is not None and base.fiscal_year < counts_from
    start = float(base.value) if base is not None and carried else 0.0
    years = range(counts_from, fy + 1)
    rule = {
        "method": "cumulative_sum",
        "counts_from": counts_from,
        "start": start,
        "start_from": "baseline" if carried else "zero",
        "years": {str(year): float(actuals[year]) for year in years if year in actuals},
    }
    if fy < counts_from:
        return _none(rule, f"FY{fy} is before the indicator counts from (FY{counts_from})")
    missing = [year for year in years if year not in actuals]
    if missing:
        rule["missing"] = missing
        return _none(rule, f"missing actuals for {_years(missing)} (counted from FY{counts_from})")
    return _done(rule, sequential_sum((float(actuals[year]) for year in years), start))


def progress(
    indicator: Indicator, fy: int, value: Step[float], expected: Step[float]
) -> Step[float]:
    """``(value - baseline) / (expected - baseline)``: numerator, then denominator, then divide."""
    base = progress_baseline(indicator)
    rule: Rule = {
        "formula": "(value - baseline) / (expected - baseline)",
        "inputs": {"value": value.result, "baseline": base, "expected": expected.result},
    }
    if value.result is None:
        return _none(rule, f"no value: {value.reason}")
    if expected.result is None:
        return _none(rule, f"no expected value: {expected.reason}")
    if base is None:
        return _none(rule, "no baseline declared")
    denominator = expected.result - base
    if denominator == 0:
        if indicator.baseline is not None and fy == indicator.baseline.fiscal_year:
            return _none(rule, f"FY{fy} is the baseline year: expected equals the baseline")
        same = [t.fiscal_year for t in indicator.targets if float(t.value) == base]
        because = f"; the target equals the baseline ({_years(same)})" if same else ""
        return _none(
            rule,
            f"the expected value equals the baseline ({base}){because}: "
            "progress is undefined, judge by the trend",
        )
    return _done(rule, (value.result - base) / denominator)


def grade(scheme: EvaluationScheme, progress: Step[float]) -> Step[str]:
    """The scheme's grade for the progress (its id), or None when there is no progress."""
    thresholds = [{"grade": g.id, "min_progress": g.min_progress} for g in scheme.grades]
    rule: Rule = {"scheme": scheme.id, "thresholds": thresholds, "progress": progress.result}
    if progress.result is None:
        return _none(rule, f"no progress: {progress.reason}")
    return _done(rule, scheme.grade(progress.result).id)


def trend(indicator: Indicator, actuals: Mapping[int, float], fy: int) -> Step[Trend]:
    """Compare the actual for ``fy`` with the previous one (the latest earlier year with an
    actual; else the baseline if its year is earlier, except for cumulative indicators, whose
    yearly amounts are compared). ``|current - previous| <= tolerance``: stable."""
    cumulative = indicator.kind == "cumulative"
    first = indicator.counts_from if cumulative and indicator.counts_from is not None else None
    rule: Rule = {
        "polarity": indicator.polarity,
        "tolerance": float(indicator.tolerance),
        "compares": "yearly_amounts" if cumulative else "values",
    }
    if first is not None and fy < first:
        return _none(rule, f"FY{fy} is before the indicator counts from (FY{first})")
    if fy not in actuals:
        return _none(rule, f"no actual for FY{fy}")
    current = float(actuals[fy])
    rule["current"] = [fy, current]
    earlier = [y for y in actuals if y < fy and (first is None or y >= first)]
    base = indicator.baseline
    if earlier:
        year = max(earlier)
        rule.update(method="previous_actual", previous=[year, float(actuals[year])])
    elif not cumulative and base is not None and base.fiscal_year < fy:
        rule.update(method="baseline", previous=[base.fiscal_year, float(base.value)])
    elif cumulative:
        return _none(
            rule,
            f"no earlier value to compare with: no yearly amount counted before FY{fy} "
            f"(counts from FY{first}; the baseline is a total, not a yearly amount)",
        )
    else:
        return _none(rule, f"no earlier value to compare with: no actual or baseline before FY{fy}")
    previous: float = rule["previous"][1]
    difference = current - previous
    rule["difference"] = difference
    result: Trend
    if abs(difference) <= indicator.tolerance + EPSILON * max(1.0, abs(current), abs(previous)):
        result = "stable"
    elif (difference > 0) == (indicator.polarity == "increase"):
        result = "improving"
    else:
        result = "worsening"
    return _done(rule, result)


@dataclass(frozen=True)
class Evaluation:
    """One indicator in one fiscal year. Every None has a reason under the same key in
    ``reasons``; ``rule`` describes every step (see docs/evaluation.md)."""

    indicator_id: str
    fiscal_year: int
    kind: str
    polarity: str
    scheme: str
    value: float | None
    baseline: float | None
    expected: float | None
    progress: float | None
    grade: str | None
    grade_label: dict[str, str | None] | None
    trend: Trend | None
    previous_value: float | None
    projected_value: float | None
    projected_progress: float | None
    on_track: bool | None
    target_year: int
    final_target: float | None
    reasons: dict[str, str]
    rule: Rule

    def as_dict(self) -> dict[str, Any]:
        """The JSON-ready record (a deep copy)."""
        return asdict(self)


def _baseline_rule(indicator: Indicator) -> Step[float]:
    base = indicator.baseline
    if base is not None:
        return _done({"method": "declared", "fiscal_year": base.fiscal_year}, float(base.value))
    if indicator.kind == "cumulative":
        return _done({"method": "zero", "note": "cumulative without a baseline: from 0"}, 0.0)
    return _none({"method": "none"}, "no baseline declared")


def evaluate_indicator(
    indicator: Indicator,
    actuals: Mapping[int, float],
    fy: int,
    scheme: EvaluationScheme,
    final_year: int,
) -> Evaluation:
    """Evaluate ``indicator`` for ``fy`` from its yearly ``actuals`` (fiscal year -> value; yearly
    amounts for cumulative indicators). ``final_year``: the plan's last year, projected to when
    the indicator has no target."""
    base = _baseline_rule(indicator)
    target = expected(indicator, fy)
    current = value(indicator, actuals, fy)
    ratio = progress(indicator, fy, current, target)
    graded = grade(scheme, ratio)
    direction = trend(indicator, actuals, fy)
    running = current.result if indicator.kind == "cumulative" else None
    ahead = projection(indicator, actuals, fy, final_year, running_total=running)
    steps: dict[str, Step[Any]] = {
        "baseline": base,
        "expected": target,
        "value": current,
        "progress": ratio,
        "grade": graded,
        "trend": direction,
    }
    reasons = {name: step.reason for name, step in steps.items() if step.reason is not None}
    if direction.result is None:
        reasons["previous_value"] = direction.reason or ""
    if graded.result is None:
        reasons["grade_label"] = reasons["grade"]
    reasons.update(ahead.reasons)
    label = None
    if graded.result is not None:
        text = next(g.label for g in scheme.grades if g.id == graded.result)
        label = {"ja": text.ja, "en": text.en}
    previous = direction.rule.get("previous")
    return Evaluation(
        indicator_id=indicator.id,
        fiscal_year=fy,
        kind=indicator.kind,
        polarity=indicator.polarity,
        scheme=scheme.id,
        value=current.result,
        baseline=base.result,
        expected=target.result,
        progress=ratio.result,
        grade=graded.result,
        grade_label=label,
        trend=direction.result,
        previous_value=previous[1] if previous is not None else None,
        projected_value=ahead.projected_value,
        projected_progress=ahead.projected_progress,
        on_track=ahead.on_track,
        target_year=ahead.target_year,
        final_target=ahead.final_target,
        reasons=reasons,
        rule={name: step.rule for name, step in steps.items()} | ahead.rule,
    )
