"""What a data row's tab, time and classifications give its observations (cached per combination).

A data row of an e-Stat CSV repeats its items (表章項目, 時間軸, classifications) in many rows;
:class:`Templates` works out once per distinct combination the fields its observations share
(measure, year, industry, dims …) as a dict, so that per row only the area and value are read.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any, NamedTuple

from shisaku.domain.problems import Problem
from shisaku.stats.estat_layout import Axis, EstatLayout, Member
from shisaku.stats.estat_meta import industry_label, measure_of, survey_year
from shisaku.stats.records import Dataset

__all__ = ["Bad", "Template", "Templates"]

Part = tuple[str, str | None, str, bool]
"""An item of one observation: (key, code, label, is an industry classification)."""


class Template(NamedTuple):
    """What a combination of tab, time and classifications gives every observation."""

    measure: str
    measure_name: str
    unit: str | None
    year: int
    time_code: str | None
    industry: str | None
    dims: tuple[tuple[str, str], ...]
    scope: str | None
    area: tuple[str, str] | None


class Bad(NamedTuple):
    """A combination that gives no observation: the problem, and the column to locate it at."""

    column: int
    problem: Problem


class Templates:
    """The shared fields of the observations of each data row, one entry per value column
    (one in long forms, one per spread column); ``note`` receives unrecognised items."""

    def __init__(self, layout: EstatLayout, dataset: Dataset, note: Callable[[str], None]):
        self.layout = layout
        self.dataset = dataset
        self.note = note
        self.year = survey_year(
            layout.meta("SURVEY_DATE", "実施年月", "調査年月", "調査年", "Survey date")
        )
        self.tab, self.time = layout.axis("tab"), layout.axis("time")
        self.classes = layout.classifications
        columns = [c for axis in (self.tab, self.time, *self.classes) for c in _columns(axis)]
        if layout.unit_column is not None:
            columns.append(layout.unit_column)
        self._key: Callable[[list[str]], object] = itemgetter(*columns) if columns else _no_key
        self._cache: dict[object, list[dict[str, Any] | Bad]] = {}

    def of(self, row: list[str]) -> list[dict[str, Any] | Bad]:
        """The shared fields (or the problem) for each value column of ``row``."""
        key = self._key(row)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = [self._base(t) for t in self._templates(row)]
        return found

    def _base(self, template: Template | Bad) -> dict[str, Any] | Bad:
        if isinstance(template, Bad):
            return template
        base: dict[str, Any] = {
            "measure": template.measure,
            "measure_name": template.measure_name,
            "year": template.year,
            "industry": template.industry,
            "dims": template.dims,
            "unit": template.unit,
            "time_code": template.time_code,
            "survey": self.dataset.survey,
            "scope": template.scope,
        }
        if template.area is not None:
            base["area_code"], base["area_name"] = template.area
        return base

    def _templates(self, row: list[str]) -> list[Template | Bad]:
        parts = {"tab": _part(self.tab, row), "time": _part(self.time, row)}
        classes = [_part(axis, row) for axis in self.classes]
        unit_column = self.layout.unit_column
        unit = row[unit_column].strip() if unit_column is not None else ""
        time_column = next(iter(_columns(self.time)), -1)
        if not self.layout.spread:
            return [self._template(parts, classes, unit, None, time_column)]
        found: list[Template | Bad] = []
        for column in self.layout.spread:
            own = dict(parts)
            more = list(classes)
            area: tuple[str, str] | None = None
            column_of_time = time_column
            for member in column.members:
                part = _member(member)
                if member.role == "classification":
                    more.append(part)
                elif member.role == "area":
                    area = (member.code or member.label, member.label)
                else:
                    own[member.role] = part
                    if member.role == "time":
                        column_of_time = column.column
            found.append(self._template(own, more, unit, area, column_of_time))
        return found

    def _template(
        self,
        parts: dict[str, Part | None],
        classes: list[Part | None],
        unit: str,
        area: tuple[str, str] | None,
        time_column: int,
    ) -> Template | Bad:
        tab, time = parts["tab"], parts["time"]
        if tab is None:
            measure, measure_name, label_unit = "value", self.dataset.title, None
        else:
            code, label = tab[1] or "", tab[2]
            measure, label_unit, known = measure_of(code, label)
            measure_name = label or code
            if not known:
                self.note(f"表章項目 {code} {label}: kept as {measure}")
        year, time_code = self.year or 0, None
        if time is not None:
            time_code = time[1] or time[2]
            found = survey_year(time[1]) if time[1] else survey_year(time[2])
            if found is None:
                return Bad(time_column + 1, _bad_time(time_code))
            year = found
        industry, dims = self._dims(classes)
        said = f"{measure_name}{self.dataset.title}"
        private = measure in ("establishments", "employees") and "民営" in said
        scope = "private" if private else None
        return Template(
            measure, measure_name, unit or label_unit, year, time_code, industry, dims, scope, area
        )

    def _dims(self, classes: list[Part | None]) -> tuple[str | None, tuple[tuple[str, str], ...]]:
        industry: str | None = None
        pairs: list[tuple[str, str]] = []
        for part in classes:
            if part is None:
                continue
            key, code, label, is_industry = part
            if is_industry and industry is None:
                industry = industry_label(code, label)
                if industry is not None:
                    continue
                self.note(f"industry {label!r} ({key}): not a JSIC division, kept in dims")
            pairs.append((key, label))
            if code is not None:
                pairs.append((f"{key}_code", code))
        return industry, tuple(sorted(pairs))


def _no_key(_: list[str]) -> tuple[()]:
    return ()


def _columns(axis: Axis | None) -> list[int]:
    if axis is None:
        return []
    return [c for c in (axis.code_column, axis.name_column) if c is not None]


def _part(axis: Axis | None, row: list[str]) -> Part | None:
    if axis is None:
        return None
    code = row[axis.code_column].strip() if axis.code_column is not None else None
    label = row[axis.name_column].strip() if axis.name_column is not None else (code or "")
    return (axis.key, code, label, axis.industry)


def _member(member: Member) -> Part:
    return (member.key, member.code, member.label, member.industry)


def _bad_time(code: str) -> Problem:
    return Problem(
        "bad-value",
        f"cannot read a year from the time code {code!r}",
        received=code,
        expected="a time code starting with the 4-digit year (2020000000)",
    )
