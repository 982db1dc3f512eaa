"""From ``Indicator`` objects and actual mappings to columns, and from results to records.

Both directions avoid per-value Python work where they can: fields are read with C-level
``map``/``attrgetter`` chains and actuals are poured into the grid in one scatter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import chain, compress, repeat
from operator import attrgetter, is_not, methodcaller
from typing import Any

import numpy as np
import numpy.typing as npt

from shisaku.domain.batch_types import (
    KINDS,
    NONE,
    POLARITY_CODES,
    POLARITY_NAMES,
    TRENDS,
    ActualsGrid,
    BatchEvaluation,
    FloatArray,
    IndicatorColumns,
    IntArray,
)
from shisaku.domain.indicators import Indicator

KIND_CODES = {name: code for code, name in enumerate(KINDS)}


def per_indicator(years: int | Sequence[int] | npt.ArrayLike, n: int, name: str) -> IntArray:
    """A year for every indicator: one for all, or one each."""
    array = np.asarray(years, dtype=np.int64)
    if array.ndim == 0:
        return np.full(n, int(array), dtype=np.int64)
    if array.shape != (n,):
        raise ValueError(f"{name}: one year, or one per indicator ({n}); got shape {array.shape}")
    return array


def _floats(items: Any, count: int) -> FloatArray:
    return np.fromiter(map(float, items), dtype=np.float64, count=count)


def _ints(items: Any, count: int) -> IntArray:
    return np.fromiter(items, dtype=np.int64, count=count)


def from_indicators(
    indicators: Sequence[Indicator],
    actuals: Sequence[Mapping[int, float]],
    final_year: int | Sequence[int] | npt.ArrayLike,
    *,
    years: range | None = None,
) -> tuple[IndicatorColumns, ActualsGrid]:
    """The columns of ``indicators`` and the grid of their ``actuals`` (one mapping each, fiscal
    year → value, as :func:`~shisaku.domain.evaluation.evaluate_indicator` takes them).

    ``final_year``: the plan's last year, one for all or one per indicator. ``years``: the
    grid's columns (default: from the earliest to the latest year with an actual); an actual
    outside it is a ValueError. Values go through ``float``, as in the scalar engine.
    """
    n = len(indicators)
    if len(actuals) != n:
        raise ValueError(f"{n} indicators but {len(actuals)} actual mappings")
    ids = tuple(map(attrgetter("id"), indicators))
    polarity = np.fromiter(
        map(POLARITY_CODES.__getitem__, map(attrgetter("polarity"), indicators)), np.int8, n
    )
    kind = np.fromiter(map(KIND_CODES.__getitem__, map(attrgetter("kind"), indicators)), np.int8, n)
    counts_from = np.fromiter(
        (year or 0 for year in map(attrgetter("counts_from"), indicators)), np.int64, n
    )
    tolerance = _floats(map(attrgetter("tolerance"), indicators), n)
    baselines = list(map(attrgetter("baseline"), indicators))
    declared = np.fromiter(map(is_not, baselines, repeat(None)), np.bool_, n)
    present = list(compress(baselines, declared.tolist()))
    baseline_year = np.zeros(n, dtype=np.int64)
    baseline_value = np.full(n, np.nan)
    baseline_year[declared] = _ints(map(attrgetter("fiscal_year"), present), len(present))
    baseline_value[declared] = _floats(map(attrgetter("value"), present), len(present))
    target_years, target_values, target_count = _targets(indicators)
    columns = IndicatorColumns(
        ids=ids,
        polarity=polarity,
        kind=kind,
        counts_from=counts_from,
        baseline_year=baseline_year,
        baseline_value=baseline_value,
        target_years=target_years,
        target_values=target_values,
        target_count=target_count,
        tolerance=tolerance,
        final_year=per_indicator(final_year, n, "final_year"),
    )
    return columns, _grid(actuals, years)


def _targets(indicators: Sequence[Indicator]) -> tuple[IntArray, FloatArray, IntArray]:
    n = len(indicators)
    lists = list(map(attrgetter("targets"), indicators))
    count = _ints(map(len, lists), n)
    flat = list(chain.from_iterable(lists))
    total = len(flat)
    width = int(count.max()) if n else 0
    years = np.zeros((n, width), dtype=np.int64)
    values = np.full((n, width), np.nan)
    if total:
        year = _ints(map(attrgetter("fiscal_year"), flat), total)
        value = _floats(map(attrgetter("value"), flat), total)
        row = np.repeat(np.arange(n), count)
        low = int(year.min())
        order = np.argsort(row * (int(year.max()) - low + 1) + (year - low), kind="stable")
        starts = np.cumsum(count) - count
        slot = np.arange(total) - starts[row]
        years[row, slot] = year[order]
        values[row, slot] = value[order]
    return years, values, count


def _grid(actuals: Sequence[Mapping[int, float]], years: range | None) -> ActualsGrid:
    n = len(actuals)
    lengths = _ints(map(len, actuals), n)
    total = int(lengths.sum())
    year = _ints(chain.from_iterable(actuals), total)
    value = _floats(chain.from_iterable(map(methodcaller("values"), actuals)), total)
    if years is None:
        first, stop = (int(year.min()), int(year.max()) + 1) if total else (0, 0)
    else:
        if years.step != 1:
            raise ValueError("years: consecutive fiscal years (step 1)")
        first, stop = years.start, max(years.stop, years.start)
        outside = (year < first) | (year >= stop)
        if np.any(outside):
            raise ValueError(f"an actual for FY{int(year[outside][0])} is outside {years}")
    grid = np.full((n, stop - first), np.nan, order="F")
    grid[np.repeat(np.arange(n), lengths), year - first] = value
    return ActualsGrid(grid, first)


def _optional(array: FloatArray) -> list[float | None]:
    boxed = array.astype(object)
    boxed[np.isnan(array)] = None
    result: list[float | None] = boxed.tolist()
    return result


def to_records(columns: IndicatorColumns, result: BatchEvaluation) -> list[dict[str, Any]]:
    """One dict per indicator with the keys and values of ``Evaluation.as_dict()`` but
    ``reasons`` and ``rule`` (the scalar engine explains; this one counts)."""
    scheme = result.scheme
    grade_ids = [*(grade.id for grade in scheme.grades), None]
    labels = [(grade.label.ja, grade.label.en) for grade in scheme.grades]
    trend_names = [*TRENDS, None]
    on_track_values = [False, True, None]
    records: list[dict[str, Any]] = []
    rows = zip(
        columns.ids,
        result.fiscal_year.tolist(),
        columns.kind.tolist(),
        columns.polarity.tolist(),
        _optional(result.value),
        _optional(result.baseline),
        _optional(result.expected),
        _optional(result.progress),
        result.grade.tolist(),
        result.trend.tolist(),
        _optional(result.previous_value),
        _optional(result.projected_value),
        _optional(result.projected_progress),
        result.on_track.tolist(),
        result.target_year.tolist(),
        _optional(result.final_target),
        strict=True,
    )
    for (
        indicator_id, fiscal_year, kind, polarity, value, baseline, expected, progress, grade,
        trend, previous, projected, projected_progress, on_track, target_year, final_target,
    ) in rows:  # fmt: skip
        records.append(
            {
                "indicator_id": indicator_id,
                "fiscal_year": fiscal_year,
                "kind": KINDS[kind],
                "polarity": POLARITY_NAMES[polarity],
                "scheme": scheme.id,
                "value": value,
                "baseline": baseline,
                "expected": expected,
                "progress": progress,
                "grade": grade_ids[grade],
                "grade_label": None if grade == NONE else dict(zip(("ja", "en"), labels[grade])),
                "trend": trend_names[trend],
                "previous_value": previous,
                "projected_value": projected,
                "projected_progress": projected_progress,
                "on_track": on_track_values[on_track],
                "target_year": target_year,
                "final_target": final_target,
            }
        )
    return records
