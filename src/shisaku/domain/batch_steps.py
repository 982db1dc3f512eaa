"""The steps of :mod:`shisaku.domain.evaluation` and ``projection``, vectorised over indicators.

Each function mirrors its scalar counterpart branch by branch (see docs/evaluation.md) and
evaluates the same IEEE operations in the same order, so the results are bit for bit equal:

- sums run left to right in ascending year, one year column at a time (``total + column``);
  a year that does not take part adds ``-0.0``, the exact identity of float addition
  (``x + -0.0 == x`` for every x, signed zeros included), so skipping costs no rounding;
- integers (years, counts) stay integers until the scalar code turns them into floats.

Loops run over year columns and target slots (a dozen or so), never over indicators.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shisaku.domain.batch_types import (
    CUMULATIVE,
    IMPROVING,
    NONE,
    STABLE,
    WORSENING,
    BoolArray,
    CodeArray,
    FloatArray,
    IndicatorColumns,
    IntArray,
)
from shisaku.domain.scheme import EPSILON, EvaluationScheme

NAN = np.nan
SKIP = -0.0
"""Added for a year that is not part of a sum: ``x + -0.0`` is exactly ``x``."""


@dataclass(frozen=True, eq=False)
class Targets:
    """``expected`` (step 2) with the final target and the year projected to (step 7)."""

    expected: FloatArray
    final_target: FloatArray
    target_year: IntArray


def targets(columns: IndicatorColumns, fy: IntArray) -> Targets:
    """``evaluation.expected``, ``projection.final_target`` and ``projection.target_year``."""
    n, width = columns.target_years.shape
    count = columns.target_count
    has_targets = count > 0
    if width == 0:
        nothing = np.full(n, NAN)
        return Targets(nothing, nothing.copy(), columns.final_year.copy())
    rows = np.arange(n)
    years, values = columns.target_years, columns.target_values
    by, bv = columns.baseline_year, columns.baseline_value
    declared = np.arange(width) < count[:, None]
    # the final target: the latest year, the first declared of that year
    last_year = years[rows, np.maximum(count - 1, 0)]
    final = values[rows, np.argmax(declared & (years == last_year[:, None]), axis=1)]
    final_target = np.where(has_targets, final, NAN)
    target_year = np.where(has_targets, last_year, columns.final_year)
    # a target declared for fy: the first declared one
    same_year = declared & (years == fy[:, None])
    for_fy = values[rows, np.argmax(same_year, axis=1)]
    # interpolation between the points (baseline, targets after the baseline year) around fy:
    # no target is declared for fy, so the targets before fy are a prefix of the sorted row;
    # y0 is the last of them (the last declared of its year) unless it is not after the
    # baseline year, and y1 is the first target after fy (the first declared of its year)
    before = np.count_nonzero(declared & (years < fy[:, None]), axis=1)
    j0 = np.maximum(before - 1, 0)
    j1 = np.minimum(before, width - 1)
    after_baseline = (before > 0) & (years[rows, j0] > by)
    y0 = np.where(after_baseline, years[rows, j0], by)
    v0 = np.where(after_baseline, values[rows, j0], bv)
    y1, v1 = years[rows, j1], values[rows, j1]
    interpolated = v0 + (v1 - v0) * (fy - y0) / (y1 - y0)
    expected = np.select(
        [same_year.any(axis=1), fy == by, fy > last_year],
        [for_fy, bv, final_target],
        interpolated,
    )
    defined = has_targets & ~np.isnan(bv) & (fy >= by)
    return Targets(np.where(defined, expected, NAN), final_target, target_year)


@dataclass(frozen=True, eq=False)
class Values:
    """Step 3 (``value``) and the sums of the cumulative projection."""

    current: FloatArray
    """The actual for fy (NaN: none)."""
    value: FloatArray
    yearly_mean: FloatArray
    """Cumulative: ``(a[counts_from] + … + a[fy]) / (fy − counts_from + 1)``."""


def values(columns: IndicatorColumns, grid: FloatArray, first_year: int, fy: IntArray) -> Values:
    """``evaluation.value``; ``grid`` is (year column, indicator): the actuals transposed."""
    width, n = grid.shape
    column = fy - first_year
    inside = (column >= 0) & (column < width)
    current = np.full(n, NAN)
    current[inside] = grid[column[inside], np.flatnonzero(inside)]
    cumulative = columns.kind == CUMULATIVE
    counts_from = columns.counts_from
    by, bv = columns.baseline_year, columns.baseline_value
    carried = ~np.isnan(bv) & (by < counts_from)
    total = np.where(carried, bv, 0.0)
    yearly = np.zeros(n)
    first = counts_from - first_year
    for year in range(width):
        counted = np.where((first <= year) & (year <= column), grid[year], SKIP)
        total += counted
        yearly += counted
    # a missing year in the grid makes the sum NaN; years outside the grid are missing too
    complete = (counts_from >= first_year) & (column < width) & ~np.isnan(total)
    defined = cumulative & (fy >= counts_from) & complete
    value = np.where(cumulative, np.where(defined, total, NAN), current)
    return Values(current, value, np.where(defined, yearly / (fy - counts_from + 1), NAN))


def progress_baseline(columns: IndicatorColumns) -> FloatArray:
    """``projection.progress_baseline``: the baseline; 0 for cumulative without one."""
    cumulative = columns.kind == CUMULATIVE
    bv = columns.baseline_value
    return np.where(np.isnan(bv), np.where(cumulative, 0.0, NAN), bv)


def ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """``numerator / denominator``; NaN where the denominator is 0 (or either is NaN)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator != 0, numerator / denominator, NAN)


def grades(scheme: EvaluationScheme, progress: FloatArray) -> IntArray:
    """``scheme.grade(progress)`` as the index of the grade; −1 where progress is NaN."""
    last = len(scheme.grades) - 1
    shifted = progress + EPSILON
    index = np.full(progress.shape, last, dtype=np.int64)
    for position in range(last - 1, -1, -1):
        threshold = scheme.grades[position].min_progress
        assert threshold is not None  # every grade but the last has one
        index = np.where(shifted >= float(threshold), position, index)
    return np.where(np.isnan(progress), NONE, index)


def trends(
    columns: IndicatorColumns, grid: FloatArray, first_year: int, fy: IntArray, current: FloatArray
) -> tuple[CodeArray, FloatArray]:
    """``evaluation.trend`` as a code, and the previous value (NaN: none)."""
    width, n = grid.shape
    cumulative = columns.kind == CUMULATIVE
    column = fy - first_year
    earliest = np.where(cumulative, columns.counts_from - first_year, np.iinfo(np.int64).min)
    previous = np.full(n, NAN)
    found = np.zeros(n, dtype=np.bool_)
    for year in range(width):
        taken = (earliest <= year) & (year < column) & ~np.isnan(grid[year])
        previous = np.where(taken, grid[year], previous)
        found |= taken
    by, bv = columns.baseline_year, columns.baseline_value
    from_baseline = ~found & ~cumulative & ~np.isnan(bv) & (by < fy)
    previous = np.where(from_baseline, bv, previous)
    defined = (
        ~np.isnan(current) & ~(cumulative & (fy < columns.counts_from)) & (found | from_baseline)
    )
    difference = current - previous
    slack = EPSILON * np.maximum(np.maximum(1.0, np.abs(current)), np.abs(previous))
    stable = np.abs(difference) <= columns.tolerance + slack
    improving = (difference > 0) == (columns.polarity > 0)
    code = np.select([stable, improving], [STABLE, IMPROVING], WORSENING)
    code = np.where(defined, code, NONE).astype(np.int8)
    return code, np.where(defined, previous, NAN)


def ols(
    columns: IndicatorColumns, grid: FloatArray, first_year: int, fy: IntArray, at: IntArray
) -> FloatArray:
    """``projection._ols``: the least-squares line through the actuals up to fy (and the
    baseline when its year has none), at ``at``; NaN with fewer than 2 points."""
    width, n = grid.shape
    rows = np.arange(n)
    column = fy - first_year
    by, bv = columns.baseline_year, columns.baseline_value
    base_column = by - first_year
    in_grid = (base_column >= 0) & (base_column < width)
    reported = np.zeros(n, dtype=np.bool_)
    reported[in_grid] = ~np.isnan(grid[base_column[in_grid], rows[in_grid]])
    with_base = ~np.isnan(bv) & (by <= fy) & ~reported
    before = with_base & (base_column < 0)  # the baseline point comes before the grid
    after = with_base & (base_column >= width)  # … or after it
    inside = with_base & in_grid
    points: list[BoolArray] = []
    ys: list[FloatArray] = []
    for year in range(width):
        actual = grid[year]
        missing = np.isnan(actual)
        base_here = inside & (base_column == year)
        points.append((year <= column) & (~missing | base_here))
        ys.append(np.where(base_here, bv, actual))
    outside = before | after
    count = outside.astype(np.int64)
    x_sum = np.where(outside, by, 0)
    y_sum = np.zeros(n) + np.where(before, bv, SKIP)
    for year in range(width):
        count += points[year]
        x_sum += np.where(points[year], first_year + year, 0)
        y_sum += np.where(points[year], ys[year], SKIP)
    y_sum += np.where(after, bv, SKIP)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_mean = x_sum / count  # integers: both exact as floats, one rounding
        y_mean = y_sum / count
    dx = by - x_mean
    dy = bv - y_mean
    sxx = np.zeros(n) + np.where(before, dx * dx, SKIP)
    sxy = np.zeros(n) + np.where(before, dx * dy, SKIP)
    for year in range(width):
        dx = (first_year + year) - x_mean
        dy = ys[year] - y_mean
        sxx += np.where(points[year], dx * dx, SKIP)
        sxy += np.where(points[year], dx * dy, SKIP)
    dx = by - x_mean
    dy = bv - y_mean
    sxx += np.where(after, dx * dx, SKIP)
    sxy += np.where(after, dx * dy, SKIP)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = sxy / sxx
    projected = y_mean + slope * (at - x_mean)
    return np.where(count >= 2, projected, NAN)
