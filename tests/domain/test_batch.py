"""The batch (numpy) evaluator equals the scalar engine, field by field, bit for bit.

Every float is compared for identity (``==`` and the same sign of zero), not closeness: the
batch engine sums in the scalar engine's order (left to right in ascending year, see
docs/evaluation.md "Floating point"), so no tolerance is needed anywhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, cast

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from shisaku.domain.batch import (
    ActualsGrid,
    evaluate_batch,
    from_indicators,
    to_records,
)
from shisaku.domain.common import Text
from shisaku.domain.evaluation import evaluate_indicator
from shisaku.domain.indicators import Indicator
from shisaku.domain.scheme import DEFAULT_SCHEME, EvaluationScheme, Grade
from tests.bench_scripts import load_bench as load_scripts_bench
from tests.domain.test_evaluation import CASES, Case, build_indicator

Drawn = tuple[Indicator, dict[int, float], int, int]


def scalar_record(
    indicator: Indicator, actuals: dict[int, float], fy: int, scheme: EvaluationScheme, end: int
) -> dict[str, Any]:
    record = evaluate_indicator(indicator, actuals, fy, scheme, end).as_dict()
    del record["rule"], record["reasons"]
    return record


def identical(got: object, want: object) -> bool:
    """Equal with the same type; floats bit for bit (0.0 and -0.0 differ)."""
    if type(got) is not type(want):
        return False
    if isinstance(want, float):
        assert isinstance(got, float)
        return got == want and math.copysign(1.0, got) == math.copysign(1.0, want)
    return got == want


def assert_same(got: dict[str, Any], want: dict[str, Any], where: str) -> None:
    assert list(got) == list(want), f"{where}: keys {list(got)} != {list(want)}"
    for key, expected in want.items():
        assert identical(got[key], expected), f"{where}.{key}: batch {got[key]!r} != {expected!r}"


def batch_records(
    drawn: Sequence[Drawn], scheme: EvaluationScheme, years: range | None = None
) -> list[dict[str, Any]]:
    indicators = [item[0] for item in drawn]
    columns, grid = from_indicators(
        indicators, [item[1] for item in drawn], [item[3] for item in drawn], years=years
    )
    result = evaluate_batch(columns, grid, [item[2] for item in drawn], scheme)
    return to_records(columns, result)


# ---------------------------------------------------------------- strategies

numbers = st.one_of(
    st.integers(-1_000, 1_000).map(float),
    st.integers(-1_000, 1_000),  # plan files and mappings may hold ints: float() converts them
    st.integers(-(2**60), 2**60),  # … rounding above 2**53
    st.integers(-100_000, 100_000).map(lambda tenths: tenths / 10),  # decimal inputs
    st.integers(-10_000, 10_000).map(lambda hundredths: hundredths / 100),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
)
tolerances = st.one_of(
    st.sampled_from([0, 0.0, 0.1, 0.3, 1, 5]),
    st.floats(0, 1e4, allow_nan=False, allow_infinity=False),
)


@st.composite
def indicators(draw: st.DrawFn, serial: int = 0) -> Drawn:
    """An indicator (any kind and polarity; targets following the polarity or not, repeated
    years, before the baseline, or none), actuals with gaps, a year to evaluate, a final year."""
    polarity = draw(st.sampled_from(["increase", "decrease"]))
    kind = draw(st.sampled_from(["stock", "flow", "cumulative"]))
    spec: dict[str, Any] = {"polarity": polarity, "kind": kind, "tolerance": draw(tolerances)}
    base_year = draw(st.integers(2014, 2024))
    if draw(st.booleans()) or draw(st.booleans()):
        base = draw(numbers)
        spec["baseline"] = {"fiscal_year": base_year, "value": base}
        offsets = draw(st.lists(st.integers(-3, 12), max_size=4))
        if draw(st.booleans()):  # as a plan declares them: each no worse than the one before
            sign = 1 if polarity == "increase" else -1
            steps = [draw(st.integers(0, 500)) / draw(st.sampled_from([1, 10])) for _ in offsets]
            levels = [base + sign * sum(steps[: i + 1]) for i in range(len(steps))]
            pairs = list(zip(sorted(offsets), levels, strict=True))
        else:
            pairs = [(offset, draw(numbers)) for offset in offsets]
        spec["targets"] = [{"fiscal_year": base_year + o, "value": v} for o, v in pairs]
    if kind == "cumulative":
        spec["counts_from"] = base_year + draw(st.integers(-2, 3))
    start = draw(st.integers(2012, 2026))
    actuals = draw(st.dictionaries(st.integers(start, start + 12), numbers, max_size=13))
    fy = draw(st.integers(2010, 2040))
    final_year = draw(st.integers(2018, 2040))
    return build_indicator(f"generated-{serial}", spec), actuals, fy, final_year


@st.composite
def schemes(draw: st.DrawFn) -> EvaluationScheme:
    """The default scheme, or 2–5 grades with strictly falling thresholds (int or float)."""
    if draw(st.booleans()):
        return DEFAULT_SCHEME
    pool = st.sampled_from([2, 1.5, 1.2, 1, 1.0, 0.9, 0.8, 0.75, 0.5, 0.3, 0, -0.5])
    thresholds = sorted(set(draw(st.lists(pool, min_size=1, max_size=4))), reverse=True)
    grades = [
        Grade(id=f"g{i}", label=Text(ja=f"区分{i}"), min_progress=threshold)
        for i, threshold in enumerate(thresholds)
    ]
    grades.append(Grade(id="rest", label=Text(ja="その他", en="Rest")))
    return EvaluationScheme(id="generated", name=Text(ja="生成"), grades=grades)


def batches(draw: st.DrawFn) -> list[Drawn]:
    count = draw(st.integers(1, 8))
    return [draw(indicators(serial)) for serial in range(count)]


# ---------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), schemes(), st.integers(0, 3), st.integers(0, 3), st.booleans())
def test_batch_equals_the_scalar_engine(
    data: st.DataObject, scheme: EvaluationScheme, pad_before: int, pad_after: int, wide: bool
) -> None:
    drawn = batches(cast(st.DrawFn, data.draw))
    years: range | None = None
    present = [year for item in drawn for year in item[1]]
    if wide and present:  # a grid wider than the actuals (years without any actual)
        years = range(min(present) - pad_before, max(present) + 1 + pad_after)
    got = batch_records(drawn, scheme, years)
    for record, (indicator, actuals, fy, end) in zip(got, drawn, strict=True):
        want = scalar_record(indicator, actuals, fy, scheme, end)
        assert_same(record, want, f"{indicator.id} FY{fy}")


def _interpolation_tie() -> list[Drawn]:
    spec: dict[str, Any] = {
        "polarity": "increase",
        "kind": "stock",
        "baseline": {"fiscal_year": 2019, "value": 10},
        "targets": [
            {"fiscal_year": 2022, "value": 20},
            {"fiscal_year": 2021, "value": 14},
            {"fiscal_year": 2021, "value": 16},
            {"fiscal_year": 2018, "value": 99},
            {"fiscal_year": 2022, "value": 30},
        ],
    }
    indicator = build_indicator("ties", spec)
    actuals = {2017: 9.0, 2020: 12.0}
    return [(indicator, actuals, fy, 2029) for fy in range(2016, 2025)]


def test_repeated_target_years_follow_the_scalar_engine() -> None:
    """Two targets for one year: the first declared is the target of that year and the final
    target, the last declared starts the interpolation after it (as the scalar engine does)."""
    drawn = _interpolation_tie()
    for record, (indicator, actuals, fy, end) in zip(
        batch_records(drawn, DEFAULT_SCHEME), drawn, strict=True
    ):
        assert_same(record, scalar_record(indicator, actuals, fy, DEFAULT_SCHEME, end), f"FY{fy}")


def test_decimal_boundaries_and_a_wide_grid() -> None:
    """EPSILON at a grade boundary and in the trend tolerance; baseline points and counting
    starts outside the grid."""
    boundary = build_indicator(
        "boundary",
        {
            "polarity": "increase",
            "kind": "stock",
            "tolerance": 0.3,
            "baseline": {"fiscal_year": 2010, "value": 10.0},
            "targets": [{"fiscal_year": 2022, "value": 12.0}],
        },
    )
    carried = build_indicator(
        "carried",
        {
            "polarity": "decrease",
            "kind": "cumulative",
            "counts_from": 2019,
            "baseline": {"fiscal_year": 2018, "value": 50},
            "targets": [{"fiscal_year": 2024, "value": 20}],
        },
    )
    drawn: list[Drawn] = [
        (boundary, {2021: 10.0, 2022: 10.3}, 2022, 2029),
        (boundary, {2021: 11.6, 2022: 11.6}, 2022, 2029),
        (carried, {2020: -5.0, 2021: -4.0}, 2021, 2029),
        (carried, {2019: -5.0, 2020: -4.0, 2021: -4.1}, 2021, 2029),
    ]
    for years in (None, range(2019, 2023), range(2005, 2030)):
        got = batch_records(drawn, DEFAULT_SCHEME, years)
        for record, (indicator, actuals, fy, end) in zip(got, drawn, strict=True):
            want = scalar_record(indicator, actuals, fy, DEFAULT_SCHEME, end)
            assert_same(record, want, f"{indicator.id} {years}")
    assert [r["grade"] for r in got[:2]] == ["5", "3"]
    assert got[0]["trend"] == "stable"


# ---------------------------------------------------------------- the hand-computed cases


def case_inputs(case: Case) -> tuple[Drawn, EvaluationScheme]:
    data = case.data
    scheme = EvaluationScheme.model_validate(data["scheme"]) if "scheme" in data else DEFAULT_SCHEME
    actuals = {int(year): float(amount) for year, amount in data["actuals"].items()}
    indicator = build_indicator(case.id, data["indicator"])
    return (indicator, actuals, data["fiscal_year"], data["final_year"]), scheme


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.id}" for c in CASES])
def test_case_through_the_batch_engine(case: Case) -> None:
    drawn, scheme = case_inputs(case)
    (record,) = batch_records([drawn], scheme)
    assert_same(record, scalar_record(*drawn[:3], scheme, drawn[3]), case.id)


def test_all_default_scheme_cases_in_one_batch() -> None:
    inputs = [case_inputs(case) for case in CASES]
    drawn = [item for item, scheme in inputs if scheme is DEFAULT_SCHEME]
    assert len(drawn) >= 20
    for record, (indicator, actuals, fy, end) in zip(
        batch_records(drawn, DEFAULT_SCHEME), drawn, strict=True
    ):
        assert_same(
            record, scalar_record(indicator, actuals, fy, DEFAULT_SCHEME, end), indicator.id
        )


# ---------------------------------------------------------------- inputs


def test_bad_inputs_are_refused() -> None:
    drawn = _interpolation_tie()[:2]
    columns, grid = from_indicators([d[0] for d in drawn], [d[1] for d in drawn], 2029)
    with pytest.raises(ValueError, match="rows expected"):
        evaluate_batch(columns, ActualsGrid(grid.values[:1], grid.first_year), 2021)
    with pytest.raises(ValueError, match="one per indicator"):
        evaluate_batch(columns, grid, [2021, 2022, 2023])
    unsorted = np.ascontiguousarray(columns.target_years[:, ::-1])
    with pytest.raises(ValueError, match="sorted"):
        evaluate_batch(type(columns)(**{**columns.__dict__, "target_years": unsorted}), grid, 2021)
    with pytest.raises(ValueError, match="outside"):
        from_indicators([d[0] for d in drawn], [d[1] for d in drawn], 2029, years=range(2018, 2020))


def test_no_indicators_and_no_actuals() -> None:
    columns, grid = from_indicators([], [], 2029)
    assert to_records(columns, evaluate_batch(columns, grid, 2021)) == []
    drawn = _interpolation_tie()[:1]
    indicator = drawn[0][0]
    (record,) = batch_records([(indicator, {}, 2021, 2029)], DEFAULT_SCHEME)
    assert_same(record, scalar_record(indicator, {}, 2021, DEFAULT_SCHEME, 2029), "empty")


# ---------------------------------------------------------------- the benchmark's generator


def load_bench() -> ModuleType:
    return load_scripts_bench("evaluate")


def test_the_benchmark_load_agrees_at_a_tiny_size() -> None:
    bench = load_bench()
    generate = cast(Callable[..., Any], bench.generate)
    mismatches = cast(Callable[..., list[str]], bench.mismatches)
    load = generate(plans=3, indicators_per_plan=40, seed=7)
    assert mismatches(load, range(len(load.indicators))) == []


@example(pad=0)
@given(st.integers(0, 2))
def test_grid_order_does_not_matter(pad: int) -> None:
    """A C-ordered grid (built by hand) gives the same results as the Fortran-ordered one."""
    drawn = _interpolation_tie()
    columns, grid = from_indicators([d[0] for d in drawn], [d[1] for d in drawn], 2029)
    padded = np.pad(grid.values, ((0, 0), (pad, pad)), constant_values=np.nan)
    c_grid = ActualsGrid(np.ascontiguousarray(padded), grid.first_year - pad)
    fys = [d[2] for d in drawn]
    got = to_records(columns, evaluate_batch(columns, c_grid, fys))
    assert got == to_records(columns, evaluate_batch(columns, grid, fys))
