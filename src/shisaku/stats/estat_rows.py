"""Turn the data rows of an e-Stat CSV into observations, streaming.

Work per distinct combination of tab, time and classifications is done once and cached (a
:data:`Template`); per row only the area and the value are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from shisaku.domain.problems import Location, Problem
from shisaku.stats.estat_layout import Axis, EstatLayout, Member
from shisaku.stats.estat_meta import industry_label, measure_of, survey_year
from shisaku.stats.estat_text import Records
from shisaku.stats.markers import StatValueError, parse_stat
from shisaku.stats.records import Dataset, Observation

__all__ = ["MAX_PROBLEMS", "EstatRows", "Template"]

MAX_PROBLEMS = 1000
"""Problems reported one by one; beyond, one ``more-problems`` problem counts the rest."""

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


class EstatRows:
    """The observations of the data part of ``layout``'s file; problems and unrecognised
    items are collected in :attr:`problems` and :attr:`unrecognised` while iterating."""

    def __init__(self, layout: EstatLayout, path: Path, dataset: Dataset) -> None:
        self.layout = layout
        self.records = Records(path, layout.encoding or "utf-8", layout.file)
        self.dataset = dataset
        self.problems: list[Problem] = list(layout.problems)
        self.more = 0
        self.unrecognised: dict[str, None] = {}
        self._cache: dict[object, list[dict[str, Any] | Bad]] = {}
        self._year = survey_year(
            layout.meta("SURVEY_DATE", "実施年月", "調査年月", "調査年", "Survey date")
        )
        tab, time, area = layout.axis("tab"), layout.axis("time"), layout.axis("area")
        self._tab, self._time, self._area = tab, time, area
        self._classes = layout.classifications
        columns = [c for axis in (tab, time, *self._classes) for c in _columns(axis)]
        if layout.unit_column is not None:
            columns.append(layout.unit_column)
        self._key_columns = tuple(columns)
        self._notes(layout)

    def _notes(self, layout: EstatLayout) -> None:
        if self._area is None and not _spread_has(layout, "area"):
            self.note("no area column: area_code and area_name are empty")
        if self._time is None and not _spread_has(layout, "time"):
            year = f"{self._year} (from the survey date)" if self._year else "0 (unknown)"
            self.note(f"no time column: year is {year}")
        if self._tab is None and not _spread_has(layout, "tab"):
            self.note("no 表章項目 (tab) column: measure is 'value'")

    def note(self, text: str) -> None:
        self.unrecognised.setdefault(text, None)

    def problem(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.more += 1

    def __iter__(self) -> Iterator[Observation]:
        layout = self.layout
        if not layout.ok:
            return
        width = len(layout.columns)
        annotation = layout.annotation_column
        area = self._area
        area_code = area.code_column if area is not None else None
        area_name = area.name_column if area is not None else None
        spread = [column.column for column in layout.spread]
        if not spread and layout.value_column is not None:
            spread = [layout.value_column]
        rows = islice(self.records, layout.header_record + 1, None)
        key_of = itemgetter(*self._key_columns) if self._key_columns else _no_key
        cache = self._cache
        for line, row in rows:
            if len(row) != width:
                if any(cell.strip() for cell in row):
                    self.problem(self._ragged(line, row, width))
                continue
            key = key_of(row)
            bases = cache.get(key)
            if bases is None:
                bases = cache[key] = [self._base(t) for t in self._templates(row)]
            code = row[area_code].strip() if area_code is not None else ""
            name = row[area_name].strip() if area_name is not None else code
            if len(code) != 5 and area_code is not None:
                self.note(f"area code {code!r} ({name}): not 5 characters, kept as published")
            note = row[annotation].strip() if annotation is not None else ""
            for base, column in zip(bases, spread, strict=True):
                if isinstance(base, Bad):
                    self.problem(base.problem.at(Location(layout.file, line, base.column)))
                    continue
                text = row[column]
                value: float | None
                try:
                    if text.isdigit() and text.isascii():
                        value, marker = float(text), None
                    elif _THOUSANDS.fullmatch(text):
                        value, marker = float(text.replace(",", "")), None
                    else:
                        value, marker = parse_stat(text)
                except StatValueError as error:
                    self.problem(_bad_value(layout.file, line, column, error))
                    continue
                fields = base.copy()
                if "area_code" not in base:
                    fields["area_code"] = code
                    fields["area_name"] = name
                fields["value"] = value
                fields["marker"] = marker
                if note:
                    fields["dims"] = tuple(sorted((*base["dims"], ("annotation", note))))
                yield _observation(fields)
        self.problems.extend(self.records.problems)
        if self.more:
            self.problems.append(
                Problem(
                    "more-problems",
                    f"{self.more} more problems like those above were not listed",
                    received=self.more,
                    location=Location(layout.file, 0, 0),
                )
            )

    def _base(self, template: Template | Bad) -> dict[str, Any] | Bad:
        """The fields every observation of ``template`` shares."""
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
        """One template per value column (one in long forms, one per spread column)."""
        parts = {
            "tab": _part(self._tab, row),
            "time": _part(self._time, row),
        }
        classes = [_part(axis, row) for axis in self._classes]
        unit_column = self.layout.unit_column
        unit = row[unit_column].strip() if unit_column is not None else ""
        time_column = next(iter(_columns(self._time)), -1)
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
        year, time_code = self._year or 0, None
        if time is not None:
            time_code = time[1] or time[2]
            found = survey_year(time[1]) if time[1] else survey_year(time[2])
            if found is None:
                return Bad(time_column + 1, _bad_time(time_code))
            year = found
        industry, dims = self._dims(classes)
        scope = None
        if measure in ("establishments", "employees") and "民営" in (
            f"{measure_name}{self.dataset.title}"
        ):
            scope = "private"
        return Template(
            measure,
            measure_name,
            unit or label_unit,
            year,
            time_code,
            industry,
            dims,
            scope,
            area,
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

    def _ragged(self, line: int, row: list[str], width: int) -> Problem:
        return Problem(
            "ragged-row",
            f"this row has {len(row)} cells, the header has {width}",
            received=len(row),
            expected=f"{width} cells, as in the header row (line {self.layout.header_line})",
            location=Location(self.layout.file, line, min(len(row), width) + 1),
        )


_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+", re.ASCII)
_SLOTTED = "__slots__" in vars(Observation)


def _no_key(_: list[str]) -> tuple[()]:
    return ()


def _observation(values: dict[str, Any]) -> Observation:
    """An Observation from all its fields without running the frozen dataclass's
    ``__init__`` (three times faster); equal to ``Observation(**values)``, which is used
    should Observation ever get ``__slots__``."""
    if _SLOTTED:  # pragma: no cover
        return Observation(**values)
    observation = object.__new__(Observation)
    object.__setattr__(observation, "__dict__", values)
    return observation


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


def _spread_has(layout: EstatLayout, role: str) -> bool:
    return any(m.role == role for column in layout.spread for m in column.members)


def _bad_value(file: str, line: int, column: int, error: StatValueError) -> Problem:
    return Problem(
        "bad-value",
        str(error),
        received=error.received,
        expected=error.expected,
        location=Location(file, line, column + 1),
    )


def _bad_time(code: str) -> Problem:
    return Problem(
        "bad-value",
        f"cannot read a year from the time code {code!r}",
        received=code,
        expected="a time code starting with the 4-digit year (2020000000)",
    )
