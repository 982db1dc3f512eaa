"""Evaluation schemes: the grades (達成度) a plan declares, with their progress thresholds."""

from __future__ import annotations

from pydantic import Field, model_validator

from shisaku.domain.common import Id, Strict, Text, rule_error

EPSILON = 1e-9
"""Comparisons at a boundary allow this much, so that decimal inputs land where a person expects:
(11.6 − 10.0) / (12.0 − 10.0) is 0.7999999999999998 in binary floats, and counts as 0.8."""


class Grade(Strict):
    """A grade; reached when progress ≥ ``min_progress`` (the last grade has none: the rest)."""

    id: Id
    label: Text
    min_progress: float | int | None = None


class EvaluationScheme(Strict):
    """Grades ordered best first, with strictly falling thresholds; the last one has none."""

    id: Id
    name: Text
    grades: list[Grade] = Field(min_length=2)

    @model_validator(mode="after")
    def _ordered(self) -> EvaluationScheme:
        last = len(self.grades) - 1
        if self.grades[last].min_progress is not None:
            raise rule_error(
                "invalid-scheme",
                "the last grade takes every other case, so it has no threshold",
                "no min_progress on the last grade",
                at=("grades", last, "min_progress"),
            )
        previous: float | None = None
        for index, grade in enumerate(self.grades[:last]):
            if grade.min_progress is None:
                raise rule_error(
                    "invalid-scheme",
                    f"grade {grade.id!r} has no threshold but is not the last grade",
                    "a min_progress on every grade but the last",
                    at=("grades", index),
                )
            if previous is not None and grade.min_progress >= previous:
                raise rule_error(
                    "invalid-scheme",
                    f"grade {grade.id!r} has min_progress {grade.min_progress}, not below the "
                    f"grade before it ({previous})",
                    f"grades ordered best first, min_progress below {previous}",
                    at=("grades", index, "min_progress"),
                )
            previous = float(grade.min_progress)
        return self

    def grade(self, progress: float) -> Grade:
        """The grade for a progress value.

        >>> DEFAULT_SCHEME.grade(1.0).id
        '2'
        >>> DEFAULT_SCHEME.grade(0.49).id
        '5'
        """
        for grade in self.grades:
            if grade.min_progress is None or progress + EPSILON >= grade.min_progress:
                return grade
        raise AssertionError("unreachable: the last grade has no threshold")


DEFAULT_SCHEME = EvaluationScheme(
    id="achievement-5",
    name=Text(ja="達成度（5段階）", en="Achievement (5 grades)"),
    grades=[
        Grade(
            id="1",
            label=Text(ja="目標を大きく上回って達成", en="Far exceeded the target"),
            min_progress=1.2,
        ),
        Grade(
            id="2", label=Text(ja="目標を上回って達成", en="Exceeded the target"), min_progress=1.0
        ),
        Grade(
            id="3",
            label=Text(ja="目標をほぼ達成", en="Nearly achieved the target"),
            min_progress=0.8,
        ),
        Grade(
            id="4", label=Text(ja="目標を下回った", en="Fell short of the target"), min_progress=0.5
        ),
        Grade(id="5", label=Text(ja="目標を大きく下回った", en="Fell far short of the target")),
    ],
)
"""The default scheme: the 達成度 labels seen in Kawasaki's evaluation sheets, with thresholds."""
