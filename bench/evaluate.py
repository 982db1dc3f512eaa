"""Benchmark: evaluate a synthetic national-scale load with the batch (numpy) engine and with a
plain per-indicator loop over ``evaluate_indicator``; print both times and the ratio.

The load (fixed seed): 1,741 plans (every municipality in Japan) × 200 indicators × 10 fiscal
years, FY2015–FY2024, evaluated for FY2024. Stock, flow and cumulative indicators of both
polarities; baselines (mostly), 1–3 targets (mostly following the polarity), tolerances, and
about 5% of the actuals missing.

    uv run --frozen python bench/evaluate.py            # the full load
    uv run --frozen python bench/evaluate.py --quick    # 20 plans, a few seconds

See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import math
import os
import platform
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, TypeVar

import numpy as np

from shisaku.domain.batch import (
    BatchEvaluation,
    IndicatorColumns,
    evaluate_batch,
    from_indicators,
    to_records,
)
from shisaku.domain.evaluation import Evaluation, evaluate_indicator
from shisaku.domain.indicators import Indicator
from shisaku.domain.scheme import DEFAULT_SCHEME

FIRST_YEAR = 2015
YEARS = 10
FISCAL_YEAR = FIRST_YEAR + YEARS - 1
PLANS = 1_741
INDICATORS_PER_PLAN = 200
SEED = 20_240_401
MISSING = 0.05
T = TypeVar("T")


@dataclass(frozen=True)
class Plan:
    """What a city holds: its indicators, their actuals (fiscal year → value), its last year."""

    id: str
    final_year: int
    indicators: list[Indicator]
    actuals: list[dict[int, float]]


@dataclass(frozen=True)
class Load:
    plans: list[Plan]
    fiscal_year: int

    @property
    def indicators(self) -> list[Indicator]:
        return list(chain.from_iterable(plan.indicators for plan in self.plans))

    @property
    def actuals(self) -> list[dict[int, float]]:
        return list(chain.from_iterable(plan.actuals for plan in self.plans))

    @property
    def final_years(self) -> list[int]:
        return [plan.final_year for plan in self.plans for _ in plan.indicators]


def generate(
    plans: int = PLANS, indicators_per_plan: int = INDICATORS_PER_PLAN, seed: int = SEED
) -> Load:
    """The synthetic load; the same for the same arguments."""
    rng = np.random.default_rng(seed)
    n = plans * indicators_per_plan
    kind = rng.choice(3, size=n, p=[0.4, 0.3, 0.3])  # stock, flow, cumulative
    cumulative = kind == 2
    increase = rng.random(n) < np.where(cumulative, 0.9, 0.7)
    sign = np.where(increase, 1.0, -1.0)
    has_base = rng.random(n) < np.where(cumulative, 0.85, 0.92)
    base_year = rng.integers(FIRST_YEAR - 2, FIRST_YEAR + 2, size=n)
    level = np.round(10 ** rng.uniform(0, 6, size=n), 1)
    rate = np.round(level * rng.uniform(0.02, 0.15, size=n), 1) + 1  # cumulative: yearly amount
    counts_from = np.where(
        has_base,
        base_year + rng.choice([1, 0, 2], size=n, p=[0.6, 0.2, 0.2]),
        rng.integers(FIRST_YEAR, FIRST_YEAR + 3, size=n),
    )
    target_count = np.where(has_base, rng.choice(4, size=n, p=[0.05, 0.35, 0.35, 0.25]), 0)
    follows = rng.random(n) < 0.9  # targets in the better direction (else random moves)
    tolerance = np.where(rng.random(n) < 0.6, 0.0, np.round(level * 0.01, 1))
    t = np.arange(YEARS)
    drift = rng.normal(0.02, 0.04, size=n) * sign
    noise = rng.normal(0, 0.03, size=(n, YEARS))
    stock = np.round(level[:, None] * (1 + drift[:, None] * t + noise), 1)
    yearly = np.round(np.maximum(rate[:, None] * (1 + 3 * noise), 0), 0)
    values = np.where(cumulative[:, None], yearly, stock)
    reported = rng.random((n, YEARS)) >= MISSING
    final_year = rng.integers(FIRST_YEAR + 10, FIRST_YEAR + 16, size=plans)
    steps = rng.uniform(0.03, 0.3, size=(n, 3))
    years_pool = rng.permuted(np.tile(np.arange(1, 16), (n, 1)), axis=1)[:, :3]
    shared = {"name": {"ja": "指標"}, "unit": {"ja": "件"}, "nodes": ["node"]}
    items: list[Indicator] = []
    for i in range(n):
        spec: dict[str, Any] = {
            "id": f"i{i % indicators_per_plan:03d}",
            "polarity": "increase" if increase[i] else "decrease",
            "kind": ("stock", "flow", "cumulative")[kind[i]],
            "tolerance": float(tolerance[i]),
            **shared,
        }
        if cumulative[i]:
            spec["counts_from"] = int(counts_from[i])
        if has_base[i]:
            start = float(level[i])
            spec["baseline"] = {"fiscal_year": int(base_year[i]), "value": start, "source": "s"}
            years = sorted(int(base_year[i]) + int(y) for y in years_pool[i, : target_count[i]])
            unit = rate[i] if cumulative[i] else level[i]
            direction = sign[i] if follows[i] else rng.choice([-1.0, 1.0])
            if cumulative[i]:  # about the yearly amount times the years counted
                moves = (np.array(years) - base_year[i]) * (0.8 + 2 * steps[i, 0])
            else:
                moves = np.cumsum(steps[i, : len(years)])
            moves = moves * unit * direction
            spec["targets"] = [
                {"fiscal_year": year, "value": round(start + float(move), 1), "source": "s"}
                for year, move in zip(years, moves, strict=True)
            ]
        items.append(Indicator.model_validate(spec))
    rows = values.tolist()
    masks = reported.tolist()
    actuals = [
        {
            FIRST_YEAR + k: amount
            for k, (amount, kept) in enumerate(zip(row, mask, strict=True))
            if kept
        }
        for row, mask in zip(rows, masks, strict=True)
    ]
    per = indicators_per_plan
    return Load(
        plans=[
            Plan(
                id=f"plan-{p:04d}",
                final_year=int(final_year[p]),
                indicators=items[p * per : (p + 1) * per],
                actuals=actuals[p * per : (p + 1) * per],
            )
            for p in range(plans)
        ],
        fiscal_year=FISCAL_YEAR,
    )


# ----------------------------------------------------------------------------- the two engines


def run_batch(load: Load) -> tuple[IndicatorColumns, BatchEvaluation]:
    """End to end: from the plans' objects and mappings to result arrays."""
    columns, grid = from_indicators(load.indicators, load.actuals, load.final_years)
    return columns, evaluate_batch(columns, grid, load.fiscal_year, DEFAULT_SCHEME)


def run_loop(load: Load, indices: Sequence[int] | None = None) -> list[Evaluation]:
    """A plain loop: ``evaluate_indicator`` for every indicator (or those at ``indices``)."""
    fy = load.fiscal_year
    triples = list(zip(load.indicators, load.actuals, load.final_years, strict=True))
    if indices is not None:
        triples = [triples[i] for i in indices]
    return [
        evaluate_indicator(indicator, actuals, fy, DEFAULT_SCHEME, end)
        for indicator, actuals, end in triples
    ]


def identical(got: object, want: object) -> bool:
    """Equal with the same type; floats bit for bit (0.0 and -0.0 differ)."""
    if type(got) is not type(want):
        return False
    if isinstance(got, float) and isinstance(want, float):
        return got == want and math.copysign(1.0, got) == math.copysign(1.0, want)
    return got == want


def mismatches(
    load: Load, indices: Sequence[int], records: list[dict[str, Any]] | None = None
) -> list[str]:
    """Every field at ``indices`` where the batch records differ from the loop's."""
    if records is None:
        records = to_records(*run_batch(load))
    found: list[str] = []
    for index, evaluation in zip(indices, run_loop(load, indices), strict=True):
        want = evaluation.as_dict()
        del want["rule"], want["reasons"]
        got = records[index]
        if list(got) != list(want):
            found.append(f"#{index}: keys {list(got)} != {list(want)}")
        found += [
            f"#{index} {key}: batch {got.get(key)!r} != loop {value!r}"
            for key, value in want.items()
            if not identical(got.get(key), value)
        ]
    return found


def timed(action: Callable[[], T]) -> tuple[float, T]:
    gc.collect()
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def peak_rss_mib() -> float:
    """The process's peak resident set size (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_loop(load: Load, sample: list[int], budget: float) -> tuple[float, float]:
    """Time the plain loop (Python's default, the cyclic garbage collector on) on ``sample``,
    then on every indicator when that extrapolates to at most ``budget`` seconds. Returns the
    loop time (measured, or extrapolated if not) and the fastest loop figure: the same sample
    with the garbage collector off, extrapolated (a conservative yardstick; the batch path
    allocates few containers, so the collector hardly costs it anything)."""
    n, size = len(load.indicators), len(sample)
    sampled, _ = timed(lambda: run_loop(load, sample))
    estimate = sampled / size * n
    gc.disable()
    try:
        quiet, _ = timed(lambda: run_loop(load, sample))
    finally:
        gc.enable()
    fastest = quiet / size * n
    if size == n:
        loop, how = sampled, f"measured on all {n:,} indicators"
    elif estimate <= budget:
        loop, _ = timed(lambda: run_loop(load))
        how = f"measured on all {n:,} indicators"
    else:
        loop, how = estimate, f"EXTRAPOLATED linearly to {n:,} indicators from the sample below"
    print(f"loop, evaluate_indicator per indicator: {loop:.3f} s, {how}")
    print(
        f"  random sample of {size:,}: {sampled:.3f} s, {estimate:.1f} s extrapolated to {n:,}; "
        f"with the garbage collector off {quiet:.3f} s, {fastest:.1f} s extrapolated"
    )
    return loop, min(loop, estimate, fastest)


# ----------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--plans", type=int, default=PLANS)
    parser.add_argument("--indicators-per-plan", type=int, default=INDICATORS_PER_PLAN)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--quick", action="store_true", help="20 plans: a smoke run")
    parser.add_argument("--repeat", type=int, default=3, help="batch runs; the best is kept")
    parser.add_argument("--sample", type=int, default=20_000, help="loop sample size")
    parser.add_argument(
        "--loop-budget",
        type=float,
        default=150.0,
        help="run the loop over every indicator when the sample extrapolates to at most this "
        "many seconds; else report the extrapolation",
    )
    args = parser.parse_args(argv)
    plans = 20 if args.quick else args.plans
    print(f"shisaku batch-evaluation benchmark, {datetime.date.today().isoformat()}")
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s)"
    )
    seconds, load = timed(lambda: generate(plans, args.indicators_per_plan, args.seed))
    n = plans * args.indicators_per_plan
    cells = n * YEARS
    actual_count = sum(map(len, load.actuals))
    print(
        f"load: {plans:,} plans x {args.indicators_per_plan} indicators = {n:,} indicators; "
        f"FY{FIRST_YEAR}-FY{FISCAL_YEAR} ({YEARS} years); {actual_count:,} actuals "
        f"({cells - actual_count:,} of {cells:,} missing); FY{FISCAL_YEAR} evaluated; "
        f"seed {args.seed} (generated in {seconds:.1f} s, not timed)"
    )

    runs: list[float] = []
    for _ in range(max(1, args.repeat)):
        seconds, (columns, result) = timed(lambda: run_batch(load))
        runs.append(seconds)
    batch = min(runs)
    build, built = timed(lambda: from_indicators(load.indicators, load.actuals, load.final_years))
    evaluate, _ = timed(lambda: evaluate_batch(*built, load.fiscal_year, DEFAULT_SCHEME))
    shown = ", ".join(f"{run:.3f}" for run in runs)
    print(f"batch, end to end (from_indicators + evaluate_batch): {batch:.3f} s (best of {shown})")
    print(f"  from_indicators {build:.3f} s + evaluate_batch {evaluate:.3f} s (one more run)")
    seconds, records = timed(lambda: to_records(columns, result))
    print(f"  to_records (dicts, not part of the goal): {seconds:.3f} s")

    sample = sorted(np.random.default_rng(args.seed + 1).permutation(n)[: args.sample].tolist())
    loop, conservative = time_loop(load, sample, args.loop_budget)
    ratio = loop / batch
    print(
        f"ratio loop / batch: {ratio:.1f}x; at the least {conservative / batch:.1f}x "
        "(against the fastest loop figure above)"
    )

    found = mismatches(load, sample, records)
    fields = len(records[0]) if records else 0
    if found:
        print(f"agreement on the sample of {len(sample):,}: {len(found)} MISMATCHES, e.g.")
        for line in found[:10]:
            print(f"  {line}")
    else:
        print(
            f"agreement on the sample of {len(sample):,} indicators: all {fields} fields "
            "identical (floats bit for bit)"
        )
    del records
    gc.collect()
    tracemalloc.start()
    run_batch(load)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak memory: batch path {traced / 2**20:.0f} MiB (tracemalloc, a separate run); "
        f"process {peak_rss_mib():.0f} MiB (peak RSS: load, both engines)"
    )
    met = batch < 5.0 and ratio >= 10.0 and not found
    print(
        f"goal (batch < 5 s, ratio >= 10x, same results): {'met' if met else 'NOT met'} "
        f"({batch:.2f} s, {ratio:.1f}x; {conservative / batch:.1f}x at the least)"
    )
    return 0 if met or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())
