"""Batch evaluation (一括評価): many indicators for a fiscal year at once, with numpy.

The same rules as :func:`shisaku.domain.evaluation.evaluate_indicator` (docs/evaluation.md),
bit for bit, on columnar arrays: every number equals the scalar engine's; only the explanations
(``rule``, ``reasons``) are left to the scalar engine.

- :func:`from_indicators` turns ``Indicator`` objects and their actual mappings into
  :class:`IndicatorColumns` and an :class:`ActualsGrid` (or build those arrays directly);
- :func:`evaluate_batch` evaluates them for a fiscal year (one for all, or one each) and
  returns a :class:`BatchEvaluation` of arrays (NaN / −1 for None);
- :func:`to_records` gives the ``Evaluation.as_dict()`` records without ``rule`` and
  ``reasons``.

>>> from shisaku.domain.indicators import Indicator
>>> ind = Indicator.model_validate({"id": "x", "name": {"ja": "例"}, "unit": {"ja": "件"},
...     "polarity": "increase", "kind": "stock", "nodes": ["n"],
...     "baseline": {"fiscal_year": 2019, "value": 100, "source": "s"},
...     "targets": [{"fiscal_year": 2022, "value": 160, "source": "s"}]})
>>> columns, grid = from_indicators([ind], [{2020: 120.0, 2021: 142.0}], final_year=2029)
>>> result = evaluate_batch(columns, grid, 2021, DEFAULT_SCHEME)
>>> result.expected, result.progress, result.grade, result.trend
(array([140.]), array([1.05]), array([1]), array([0], dtype=int8))
>>> record = to_records(columns, result)[0]
>>> record["grade"], record["trend"], record["on_track"]
('2', 'improving', True)

Inputs must be finite (NaN in the grid means "no actual"). Results that overflow to a NaN
(e.g. ``inf − inf`` from values near 1e308) read as None here, while the scalar engine would
report the NaN itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from shisaku.domain.batch_convert import from_indicators, per_indicator, to_records
from shisaku.domain.batch_steps import (
    grades,
    ols,
    progress_baseline,
    ratio,
    targets,
    trends,
    values,
)
from shisaku.domain.batch_types import (
    CUMULATIVE,
    FLOW,
    IMPROVING,
    KINDS,
    NONE,
    POLARITY_CODES,
    STABLE,
    STOCK,
    TRENDS,
    WORSENING,
    ActualsGrid,
    BatchEvaluation,
    IndicatorColumns,
)
from shisaku.domain.scheme import DEFAULT_SCHEME, EPSILON, EvaluationScheme

__all__ = [
    "CUMULATIVE",
    "FLOW",
    "IMPROVING",
    "KINDS",
    "NONE",
    "POLARITY_CODES",
    "STABLE",
    "STOCK",
    "TRENDS",
    "WORSENING",
    "ActualsGrid",
    "BatchEvaluation",
    "IndicatorColumns",
    "evaluate_batch",
    "from_indicators",
    "to_records",
]


def evaluate_batch(
    indicators: IndicatorColumns,
    actuals: ActualsGrid,
    fiscal_year: int | Sequence[int] | npt.ArrayLike,
    scheme: EvaluationScheme = DEFAULT_SCHEME,
) -> BatchEvaluation:
    """Evaluate every indicator for ``fiscal_year`` (one for all, or one per indicator) from
    the grid of actuals (row ``i`` for indicator ``i``)."""
    indicators.check()
    n = len(indicators)
    if actuals.values.ndim != 2 or actuals.values.shape[0] != n:
        raise ValueError(f"actuals: {n} rows expected, got shape {actuals.values.shape}")
    fy = per_indicator(fiscal_year, n, "fiscal_year")
    grid = np.ascontiguousarray(actuals.values.T, dtype=np.float64)  # (year, indicator)
    first = actuals.first_year
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        planned = targets(indicators, fy)
        counted = values(indicators, grid, first, fy)
        base = progress_baseline(indicators)
        progress = ratio(counted.value - base, planned.expected - base)
        trend, previous = trends(indicators, grid, first, fy, counted.current)
        at = planned.target_year
        cumulative = indicators.kind == CUMULATIVE
        accumulated = counted.value + counted.yearly_mean * (at - fy)
        line = ols(indicators, grid, first, fy, at)
        projected = np.where(fy > at, np.nan, np.where(cumulative, accumulated, line))
        goal = planned.final_target
        projected_progress = ratio(projected - base, goal - base)
    on_track = np.where(np.isnan(projected_progress), NONE, projected_progress + EPSILON >= 1)
    return BatchEvaluation(
        scheme=scheme,
        fiscal_year=fy,
        value=counted.value,
        baseline=base,
        expected=planned.expected,
        progress=progress,
        grade=grades(scheme, progress),
        trend=trend,
        previous_value=previous,
        projected_value=projected,
        projected_progress=projected_progress,
        on_track=on_track.astype(np.int8),
        target_year=at,
        final_target=goal,
    )
