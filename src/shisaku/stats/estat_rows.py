"""Turn the data rows of an e-Stat CSV into observations, streaming.

What a row's items give is worked out once per distinct combination
(:class:`~shisaku.stats.estat_templates.Templates`); per row only the area and the value are
read, and observations are made without the dataclass's ``__init__`` (see :func:`_observation`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from shisaku.domain.problems import Location, Problem
from shisaku.stats.estat_layout import EstatLayout
from shisaku.stats.estat_templates import Bad, Templates
from shisaku.stats.estat_text import Records
from shisaku.stats.markers import StatValueError, parse_stat
from shisaku.stats.records import Dataset, Observation

__all__ = ["MAX_PROBLEMS", "EstatRows", "bad_value"]

MAX_PROBLEMS = 1000
"""Problems reported one by one; beyond, one ``more-problems`` problem counts the rest."""


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
        self.templates = Templates(layout, dataset, self.note)
        if layout.axis("area") is None and not _spread_has(layout, "area"):
            self.note("no area column: area_code and area_name are empty")
        if layout.axis("time") is None and not _spread_has(layout, "time"):
            year = self.templates.year
            said = f"{year} (from the survey date)" if year else "0 (unknown)"
            self.note(f"no time column: year is {said}")
        if layout.axis("tab") is None and not _spread_has(layout, "tab"):
            self.note("no 表章項目 (tab) column: measure is 'value'")

    def note(self, text: str) -> None:
        """Report an item kept as published (once)."""
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
        area = layout.axis("area")
        area_code = area.code_column if area is not None else None
        area_name = area.name_column if area is not None else None
        spread = [column.column for column in layout.spread]
        if not spread and layout.value_column is not None:
            spread = [layout.value_column]
        templates = self.templates
        for line, row in islice(self.records, layout.header_record + 1, None):
            if len(row) != width:
                if any(cell.strip() for cell in row):
                    self.problem(self._ragged(line, row, width))
                continue
            bases = templates.of(row)
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
                    self.problem(bad_value(layout.file, line, column, error))
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


def _observation(values: dict[str, Any]) -> Observation:
    """An Observation from all its fields without running the frozen dataclass's
    ``__init__`` (three times faster); equal to ``Observation(**values)``, which is used
    should Observation ever get ``__slots__``."""
    if _SLOTTED:  # pragma: no cover
        return Observation(**values)
    observation = object.__new__(Observation)
    object.__setattr__(observation, "__dict__", values)
    return observation


def _spread_has(layout: EstatLayout, role: str) -> bool:
    return any(m.role == role for column in layout.spread for m in column.members)


def bad_value(file: str, line: int, column: int, error: StatValueError) -> Problem:
    """The located problem of a value :func:`~shisaku.stats.markers.parse_stat` refuses
    (``column`` counted from 0)."""
    return Problem(
        "bad-value",
        str(error),
        received=error.received,
        expected=error.expected,
        location=Location(file, line, column + 1),
    )
