"""From ``Indicator`` objects and actual mappings to columns, and from results to records.

Reading the objects is one pass (see :func:`_scan`); everything after it is numpy: targets are
sorted and padded, and actuals poured into the grid, in one scatter each.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
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
NAN = float("nan")


def per_indicator(years: int | Sequence[int] | npt.ArrayLike, n: int, name: str) -> IntArray:
    """A year for every indicator: one for all, or one each."""
    array = np.asarray(years, dtype=np.int64)
    if array.ndim == 0:
        return np.full(n, int(array), dtype=np.int64)
    if array.shape != (n,):
        raise ValueError(f"{name}: one year, or one per indicator ({n}); got shape {array.shape}")
    return array


ROW = np.dtype(
    [
        ("polarity", np.int8),
        ("kind", np.int8),
        ("counts_from", np.int64),
        ("tolerance", np.float64),
        ("baseline_year", np.int64),
        ("baseline_value", np.float64),
        ("target_count", np.int64),
        ("actual_count", np.int64),
    ]
)
"""One indicator's scalar fields, as :func:`_scan` yields them."""


@dataclass
class _Flat:
    """What :func:`_scan` collects besides the rows: every id, target and actual, in order."""

    ids: list[str] = field(default_factory=list)
    target_years: list[int] = field(default_factory=list)
    target_values: list[float] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    amounts: list[float] = field(default_factory=list)


def _scan(
    indicators: Sequence[Indicator], actuals: Sequence[Mapping[int, float]], flat: _Flat
) -> Iterator[tuple[int, int, int, float, int, float, int, int]]:
    """One pass over the objects, yielding one row per indicator.

    Reading Python objects is the cost of the whole batch path: every indicator, baseline,
    target and mapping is an object of its own, so each is read once, while it is in the CPU
    cache. Nothing allocated here outlives the pass but the flat lists: a container kept per
    indicator (a tuple, say) would wake the cyclic garbage collector, whose full passes walk
    every object of the load and cost more than the reading itself."""
    polarities, kinds = POLARITY_CODES, KIND_CODES
    add_id, add_year, add_value = (
        flat.ids.append,
        flat.target_years.append,
        flat.target_values.append,
    )
    add_years, add_amounts = flat.years.extend, flat.amounts.extend
    for indicator, mapping in zip(indicators, actuals, strict=True):
        add_id(indicator.id)
        baseline = indicator.baseline
        targets = indicator.targets
        for target in targets:
            add_year(target.fiscal_year)
            add_value(target.value)
        add_years(mapping)
        add_amounts(mapping.values())
        yield (
            polarities[indicator.polarity],
            kinds[indicator.kind],
            indicator.counts_from or 0,
            indicator.tolerance,
            0 if baseline is None else baseline.fiscal_year,
            NAN if baseline is None else baseline.value,
            len(targets),
            len(mapping),
        )


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
    outside it is a ValueError. Numbers become floats as ``float(...)`` makes them.
    """
    n = len(indicators)
    if len(actuals) != n:
        raise ValueError(f"{n} indicators but {len(actuals)} actual mappings")
    flat = _Flat()
    rows = np.fromiter(_scan(indicators, actuals, flat), dtype=ROW, count=n)
    count = np.ascontiguousarray(rows["target_count"])
    target_years, target_values = _targets(flat, count)
    columns = IndicatorColumns(
        ids=tuple(flat.ids),
        polarity=np.ascontiguousarray(rows["polarity"]),
        kind=np.ascontiguousarray(rows["kind"]),
        counts_from=np.ascontiguousarray(rows["counts_from"]),
        baseline_year=np.ascontiguousarray(rows["baseline_year"]),
        baseline_value=np.ascontiguousarray(rows["baseline_value"]),
        target_years=target_years,
        target_values=target_values,
        target_count=count,
        tolerance=np.ascontiguousarray(rows["tolerance"]),
        final_year=per_indicator(final_year, n, "final_year"),
    )
    return columns, _grid(flat, np.ascontiguousarray(rows["actual_count"]), years)


def _targets(flat: _Flat, count: IntArray) -> tuple[IntArray, FloatArray]:
    """The padded (indicator, slot) arrays, each row sorted by year (stable)."""
    n = len(count)
    width = int(count.max()) if n else 0
    years = np.zeros((n, width), dtype=np.int64)
    values = np.full((n, width), NAN)
    if flat.target_years:
        total = len(flat.target_years)
        year = np.fromiter(flat.target_years, dtype=np.int64, count=total)
        value = np.fromiter(flat.target_values, dtype=np.float64, count=total)
        row = np.repeat(np.arange(n), count)
        unsorted = (np.diff(year) < 0) & (np.diff(row) == 0)
        if unsorted.any():  # plans usually declare targets in order: then nothing to do
            span = int(year.max()) - int(year.min()) + 1
            order = np.argsort(row * span + (year - year.min()), kind="stable")
            year, value = year[order], value[order]
        slot = np.arange(total) - (np.cumsum(count) - count)[row]
        years[row, slot] = year
        values[row, slot] = value
    return years, values


def _grid(flat: _Flat, lengths: IntArray, years: range | None) -> ActualsGrid:
    """The (indicator, year) grid, stored column-major: each year's column is contiguous."""
    n, total = len(lengths), len(flat.years)
    year = np.fromiter(flat.years, dtype=np.int64, count=total)
    value = np.fromiter(flat.amounts, dtype=np.float64, count=total)
    if years is None:
        first, stop = (int(year.min()), int(year.max()) + 1) if total else (0, 0)
    else:
        if years.step != 1:
            raise ValueError("years: consecutive fiscal years (step 1)")
        first, stop = years.start, max(years.stop, years.start)
        outside = (year < first) | (year >= stop)
        if np.any(outside):
            raise ValueError(f"an actual for FY{int(year[outside][0])} is outside {years}")
    columns = np.full((stop - first, n), NAN)
    columns.reshape(-1)[(year - first) * n + np.repeat(np.arange(n), lengths)] = value
    return ActualsGrid(columns.T, first)


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
    labels = [{"ja": grade.label.ja, "en": grade.label.en} for grade in scheme.grades]
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
                "grade_label": None if grade == NONE else dict(labels[grade]),
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
