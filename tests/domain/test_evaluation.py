"""The evaluation engine: hand-computed cases (tests/domain/cases/*.yaml) and properties."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from shisaku.domain.evaluation import (
    Evaluation,
    evaluate_indicator,
    expected,
    trend,
)
from shisaku.domain.indicators import Indicator, Polarity
from shisaku.domain.scheme import DEFAULT_SCHEME, EPSILON, EvaluationScheme

CASES_DIR = Path(__file__).resolve().parent / "cases"
REQUIRED = {"value", "expected", "progress", "grade", "trend", "projected_value", "on_track"}
OPTIONAL_FIELDS = [
    "value",
    "baseline",
    "expected",
    "progress",
    "grade",
    "grade_label",
    "trend",
    "previous_value",
    "projected_value",
    "projected_progress",
    "on_track",
    "final_target",
]
RECORD_KEYS = {
    "indicator_id",
    "fiscal_year",
    "value",
    "baseline",
    "expected",
    "progress",
    "grade",
    "trend",
    "projected_value",
    "on_track",
    "rule",
    "reasons",
    "grade_label",
    "previous_value",
    "projected_progress",
    "target_year",
}


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    data: dict[str, Any]


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases.extend(Case(item["id"], path.name, item) for item in document["cases"])
    return cases


CASES = load_cases()


def build_indicator(case_id: str, spec: dict[str, Any]) -> Indicator:
    """An Indicator from the plan-file form; id, name, unit, nodes and sources are filled in."""
    raw: dict[str, Any] = {
        "id": case_id,
        "name": {"ja": case_id},
        "unit": {"ja": "単位"},
        "nodes": ["node"],
        **spec,
    }
    if raw.get("baseline") is not None:
        raw["baseline"] = {"source": "case", **raw["baseline"]}
    raw["targets"] = [{"source": "case", **target} for target in raw.get("targets", [])]
    return Indicator.model_validate(raw)


def make(
    polarity: str,
    kind: str,
    baseline: tuple[int, float] | None,
    targets: Sequence[tuple[int, float]],
    counts_from: int | None = None,
    tolerance: float = 0,
) -> Indicator:
    spec: dict[str, Any] = {"polarity": polarity, "kind": kind, "tolerance": tolerance}
    if counts_from is not None:
        spec["counts_from"] = counts_from
    if baseline is not None:
        spec["baseline"] = {"fiscal_year": baseline[0], "value": baseline[1]}
    spec["targets"] = [{"fiscal_year": y, "value": v} for y, v in targets]
    return build_indicator("generated", spec)


def run(case: Case) -> Evaluation:
    data = case.data
    scheme = EvaluationScheme.model_validate(data["scheme"]) if "scheme" in data else DEFAULT_SCHEME
    actuals = {int(year): float(amount) for year, amount in data["actuals"].items()}
    indicator = build_indicator(case.id, data["indicator"])
    return evaluate_indicator(indicator, actuals, data["fiscal_year"], scheme, data["final_year"])


def assert_matches(got: Any, want: Any, where: str) -> None:
    """``want`` is a subset of ``got``; numbers compared with pytest.approx."""
    if isinstance(want, dict):
        assert isinstance(got, dict), f"{where}: {got!r} is not a mapping"
        for key, item in want.items():
            assert key in got, f"{where}: no key {key!r} in {got!r}"
            assert_matches(got[key], item, f"{where}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list), f"{where}: {got!r} is not a list"
        assert len(got) == len(want), f"{where}: {got!r} != {want!r}"
        for index, (g, w) in enumerate(zip(got, want, strict=True)):
            assert_matches(g, w, f"{where}[{index}]")
    elif want is None or isinstance(want, bool | str):
        assert got is want or (isinstance(want, str) and got == want), f"{where}: {got!r}"
    else:
        assert not isinstance(got, bool), f"{where}: {got!r}"
        assert got == pytest.approx(want, rel=1e-12, abs=1e-12), f"{where}: {got!r} != {want!r}"


def check_invariants(evaluation: Evaluation) -> None:
    """Every None is explained; the record is JSON; progress and grade recompute from rule."""
    record = evaluation.as_dict()
    for name in OPTIONAL_FIELDS:
        if record[name] is None:
            assert evaluation.reasons.get(name), f"no reason for {name}: {evaluation.reasons}"
    assert set(record) >= RECORD_KEYS
    json.dumps(record, allow_nan=False)
    rule = record["rule"]
    inputs = rule["progress"]["inputs"]
    if evaluation.progress is not None:
        numerator = inputs["value"] - inputs["baseline"]
        assert evaluation.progress == numerator / (inputs["expected"] - inputs["baseline"])
        assert rule["grade"]["result"] == evaluation.grade
    assert rule["value"]["result"] == evaluation.value
    assert rule["expected"]["result"] == evaluation.expected
    assert rule["projection"]["result"] == evaluation.projected_value


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 20
    assert len({case.id for case in CASES}) == len(CASES), "case ids must be unique"
    grades = {str(case.data["expect"]["grade"]) for case in CASES if "scheme" not in case.data}
    assert {g.id for g in DEFAULT_SCHEME.grades} <= grades


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.id}" for c in CASES])
def test_case(case: Case) -> None:
    data = case.data
    assert data["description"]["ja"], "a Japanese description"
    assert data["description"]["en"], "an English description"
    assert set(data["expect"]) >= REQUIRED, f"expect must list {sorted(REQUIRED)}"
    evaluation = run(case)
    record = evaluation.as_dict()
    assert_matches(record, data["expect"], case.id)
    for name, words in data.get("reasons", {}).items():
        assert words in evaluation.reasons.get(name, ""), f"{name}: {evaluation.reasons}"
    assert_matches(record["rule"], data.get("rule", {}), f"{case.id}.rule")
    check_invariants(evaluation)


# ---------------------------------------------------------------- properties

polarities = st.sampled_from(["increase", "decrease"])
kinds = st.sampled_from(["stock", "flow", "cumulative"])
years = st.integers(2000, 2040)
amounts = st.integers(-10_000, 10_000)


@st.composite
def reaching_the_target(draw: st.DrawFn) -> tuple[Indicator, dict[int, float], int]:
    """An indicator and actuals whose value equals the target in the target year."""
    polarity = draw(polarities)
    kind = draw(kinds)
    base_year = draw(years)
    target_year = base_year + draw(st.integers(1, 8))
    base = draw(amounts)
    distance = draw(st.integers(1, 5_000))
    goal = base + distance if polarity == "increase" else base - distance
    later = (target_year + 3, goal + (distance if polarity == "increase" else -distance))
    targets = [(target_year, goal), later]
    if kind != "cumulative":
        noise = draw(st.dictionaries(st.integers(base_year - 3, target_year - 1), amounts))
        indicator = make(polarity, kind, (base_year, base), targets)
        return indicator, {**noise, target_year: float(goal)}, target_year
    yearly = [draw(amounts) for _ in range(base_year + 1, target_year)]
    yearly.append(goal - base - sum(yearly))  # the running total reaches the goal exactly
    actuals = {base_year + 1 + i: float(a) for i, a in enumerate(yearly)}
    indicator = make(polarity, kind, (base_year, base), targets, counts_from=base_year + 1)
    return indicator, actuals, target_year


@given(reaching_the_target())
def test_progress_is_one_at_the_target(drawn: tuple[Indicator, dict[int, float], int]) -> None:
    indicator, actuals, fy = drawn
    evaluation = evaluate_indicator(indicator, actuals, fy, DEFAULT_SCHEME, fy + 5)
    assert evaluation.progress == 1.0
    assert evaluation.grade == "2"
    check_invariants(evaluation)


@given(
    polarities,
    kinds,
    st.tuples(years, amounts),
    st.lists(st.tuples(st.integers(1, 10), st.integers(0, 5_000)), min_size=1, max_size=3),
    st.integers(0, 12),
    st.dictionaries(st.integers(-1, 12), st.floats(-1e6, 1e6)),
    st.floats(0, 1e6),
)
def test_moving_the_wrong_way_never_improves_the_grade(
    polarity: Polarity,
    kind: str,
    baseline: tuple[int, int],
    offsets: list[tuple[int, int]],
    after: int,
    raw_actuals: dict[int, float],
    delta: float,
) -> None:
    base_year, base = baseline
    # targets as a valid plan declares them: each no worse than the one before (checks.py)
    sign = 1 if polarity == "increase" else -1
    level, targets = base, []
    for offset in sorted({o for o, _ in offsets}):
        level += sign * dict(offsets)[offset]
        targets.append((base_year + offset, level))
    counts_from = base_year + 1 if kind == "cumulative" else None
    indicator = make(polarity, kind, (base_year, base), targets, counts_from=counts_from)
    fy = base_year + after
    actuals = {base_year + k: v for k, v in raw_actuals.items()}
    actuals.setdefault(fy, 0.0)
    worse = dict(actuals)
    worse[fy] = actuals[fy] - delta if polarity == "increase" else actuals[fy] + delta
    order = [grade.id for grade in DEFAULT_SCHEME.grades]
    before = evaluate_indicator(indicator, actuals, fy, DEFAULT_SCHEME, 2060)
    moved = evaluate_indicator(indicator, worse, fy, DEFAULT_SCHEME, 2060)
    check_invariants(before)
    check_invariants(moved)
    if before.grade is None:
        assert moved.grade is None
    else:
        assert moved.grade is not None
        assert order.index(moved.grade) >= order.index(before.grade)


@given(
    polarities,
    kinds,
    st.tuples(years, st.floats(-1e9, 1e9)),
    st.lists(st.tuples(st.integers(1, 15), st.floats(-1e9, 1e9)), min_size=1, max_size=4),
)
def test_expected_at_the_baseline_year_is_the_baseline(
    polarity: Polarity,
    kind: str,
    baseline: tuple[int, float],
    offsets: list[tuple[int, float]],
) -> None:
    base_year, base = baseline
    targets = sorted({base_year + o: (base_year + o, v) for o, v in offsets}.values())
    counts_from = base_year + 1 if kind == "cumulative" else None
    indicator = make(polarity, kind, (base_year, base), targets, counts_from=counts_from)
    assert expected(indicator, base_year).result == base
    assert expected(indicator, base_year - 1).result is None


@given(kinds, years, st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(0, 1e5))
def test_trend_flips_with_polarity(
    kind: str, fy: int, previous: float, current: float, tolerance: float
) -> None:
    actuals = {fy - 1: previous, fy: current}
    counts_from = fy - 1 if kind == "cumulative" else None
    up = make("increase", kind, None, [], counts_from=counts_from, tolerance=tolerance)
    down = make("decrease", kind, None, [], counts_from=counts_from, tolerance=tolerance)
    flipped = {"improving": "worsening", "worsening": "improving", "stable": "stable"}
    up_trend = trend(up, actuals, fy).result
    assert up_trend is not None
    assert trend(down, actuals, fy).result == flipped[up_trend]
    slack = EPSILON * max(1.0, abs(current), abs(previous))
    assert (up_trend == "stable") == (abs(current - previous) <= tolerance + slack)


def test_decimal_inputs_on_a_grade_boundary() -> None:
    """10.0 → 11.6 of a 12.0 target is 0.8 in decimal, but (11.6 − 10.0) / (12.0 − 10.0) =
    0.7999999999999998 in binary floats: the grade boundary allows EPSILON, so it is grade 3."""
    indicator = make("increase", "stock", (2019, 10.0), [(2022, 12.0)])
    evaluation = evaluate_indicator(indicator, {2022: 11.6}, 2022, DEFAULT_SCHEME, 2029)
    assert evaluation.grade == "3"


def test_decimal_change_equal_to_the_tolerance_is_stable() -> None:
    indicator = make("increase", "stock", (2019, 10.0), [(2022, 12.0)])
    indicator = indicator.model_copy(update={"tolerance": 0.3})
    evaluation = evaluate_indicator(indicator, {2021: 10.0, 2022: 10.3}, 2022, DEFAULT_SCHEME, 2029)
    assert evaluation.trend == "stable"
