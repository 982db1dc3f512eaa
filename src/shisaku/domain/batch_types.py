"""The columnar layout of the batch (numpy) evaluator: one array element per indicator.

See :mod:`shisaku.domain.batch`. Missing values are NaN in float arrays and −1 in code arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from shisaku.domain.scheme import EvaluationScheme

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
CodeArray = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]

POLARITY_CODES = {"increase": 1, "decrease": -1}
"""``polarity``: the sign of the better direction."""
POLARITY_NAMES = {code: name for name, code in POLARITY_CODES.items()}
KINDS = ("stock", "flow", "cumulative")
"""``kind``: the index of the kind in this tuple."""
STOCK, FLOW, CUMULATIVE = 0, 1, 2
TRENDS = ("improving", "stable", "worsening")
"""``trend``: the index of the trend in this tuple; −1 when there is none."""
IMPROVING, STABLE, WORSENING = 0, 1, 2
NONE = -1
"""The code of "no result" in ``grade``, ``trend`` and ``on_track``."""


@dataclass(frozen=True, eq=False)
class IndicatorColumns:
    """The indicators, one element (or row) each.

    Targets are padded to the longest list: row ``i`` holds ``target_count[i]`` targets, sorted
    by year with a *stable* sort (targets declared for the same year keep their declared order);
    the padding after them is ignored. ``baseline_year`` is ignored where ``baseline_value`` is
    NaN (no baseline), ``counts_from`` where the kind is not cumulative.
    """

    ids: tuple[str, ...]
    polarity: CodeArray
    kind: CodeArray
    counts_from: IntArray
    baseline_year: IntArray
    baseline_value: FloatArray
    target_years: IntArray
    """Shape (indicators, most targets)."""
    target_values: FloatArray
    """Shape (indicators, most targets)."""
    target_count: IntArray
    tolerance: FloatArray
    final_year: IntArray
    """The plan's last fiscal year: projected to when the indicator has no target."""

    def __len__(self) -> int:
        return len(self.ids)

    def check(self) -> None:
        """Raise ValueError unless the arrays have consistent shapes and sorted targets."""
        n = len(self.ids)
        for name in ("polarity", "kind", "counts_from", "baseline_year", "baseline_value"):
            _expect_shape(name, getattr(self, name), (n,))
        for name in ("target_count", "tolerance", "final_year"):
            _expect_shape(name, getattr(self, name), (n,))
        width = self.target_years.shape[1] if self.target_years.ndim == 2 else -1
        _expect_shape("target_years", self.target_years, (n, width))
        _expect_shape("target_values", self.target_values, (n, width))
        if np.any((self.target_count < 0) | (self.target_count > width)):
            raise ValueError(f"target_count must be within 0..{width}")
        if not np.all(np.isin(self.kind, (STOCK, FLOW, CUMULATIVE))):
            raise ValueError(f"kind codes are the indexes of {KINDS}")
        if not np.all(np.isin(self.polarity, (1, -1))):
            raise ValueError("polarity codes are 1 (increase) and -1 (decrease)")
        if width > 1:
            both = np.arange(1, width) < self.target_count[:, None]
            if np.any(both & (np.diff(self.target_years, axis=1) < 0)):
                raise ValueError("targets must be sorted by year within each row")


@dataclass(frozen=True, eq=False)
class ActualsGrid:
    """The actuals: ``values[i, year - first_year]``, NaN where indicator ``i`` has none.

    Yearly amounts for cumulative indicators. Years outside the grid count as missing. Actuals
    must be finite: NaN means "no actual". A column-major (Fortran-ordered) array is fastest,
    as :func:`shisaku.domain.batch.from_indicators` builds it.
    """

    values: FloatArray
    first_year: int

    @property
    def years(self) -> range:
        """The fiscal years of the columns."""
        return range(self.first_year, self.first_year + self.values.shape[1])


@dataclass(frozen=True, eq=False)
class BatchEvaluation:
    """The results, one element per indicator, with the meaning of the ``Evaluation`` fields:
    NaN where the field is None; ``grade`` is the index of the grade in ``scheme.grades``,
    ``trend`` the index in :data:`TRENDS`, ``on_track`` 1 / 0 (−1 for each: none)."""

    scheme: EvaluationScheme
    fiscal_year: IntArray
    value: FloatArray
    baseline: FloatArray
    expected: FloatArray
    progress: FloatArray
    grade: IntArray
    trend: CodeArray
    previous_value: FloatArray
    projected_value: FloatArray
    projected_progress: FloatArray
    on_track: CodeArray
    target_year: IntArray
    final_target: FloatArray

    def __len__(self) -> int:
        return len(self.fiscal_year)


def _expect_shape(name: str, array: npt.NDArray[np.generic], shape: tuple[int, ...]) -> None:
    if array.shape != shape:
        raise ValueError(f"{name} has shape {array.shape}, expected {shape}")
