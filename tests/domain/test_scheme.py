"""Evaluation schemes: grade boundaries and monotonicity."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from shisaku.domain.common import Text
from shisaku.domain.scheme import DEFAULT_SCHEME, EvaluationScheme, Grade


@pytest.mark.parametrize(
    ("progress", "grade"),
    [
        (1.2, "1"),
        (1.19, "2"),
        (1.0, "2"),
        (0.99, "3"),
        (0.8, "3"),
        (0.5, "4"),
        (0.49, "5"),
        (-3.0, "5"),
        (10.0, "1"),
    ],
)
def test_default_scheme_boundaries(progress: float, grade: str) -> None:
    assert DEFAULT_SCHEME.grade(progress).id == grade


@given(st.floats(-10, 10), st.floats(-10, 10))
def test_more_progress_never_gives_a_worse_grade(a: float, b: float) -> None:
    low, high = sorted((a, b))
    order = [g.id for g in DEFAULT_SCHEME.grades]
    assert order.index(DEFAULT_SCHEME.grade(high).id) <= order.index(DEFAULT_SCHEME.grade(low).id)


def _scheme(*thresholds: float | None) -> EvaluationScheme:
    return EvaluationScheme(
        id="s",
        name=Text(ja="評価"),
        grades=[
            Grade(id=f"g{i}", label=Text(ja=f"{i}"), min_progress=t)
            for i, t in enumerate(thresholds)
        ],
    )


def test_thresholds_must_fall() -> None:
    with pytest.raises(ValidationError, match="not below the grade before it"):
        _scheme(0.5, 0.8, None)


def test_last_grade_takes_the_rest() -> None:
    with pytest.raises(ValidationError, match="every other case"):
        _scheme(1.0, 0.5)
    assert _scheme(1.0, None).grade(-1).id == "g1"
