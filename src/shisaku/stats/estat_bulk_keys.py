"""What the items of an e-Stat long-form file give, per distinct cell: the lookup tables of
:mod:`shisaku.stats.estat_bulk`.

A data row's 表章項目 (with its unit cell), 時間軸 and classifications take few distinct values,
so their meaning is worked out in Python, with the Python reader's own rules
(:func:`~shisaku.stats.estat_meta.measure_of`, :func:`~shisaku.stats.estat_meta.survey_year`,
:func:`~shisaku.stats.estat_meta.industry_label`, as :mod:`shisaku.stats.estat_templates` applies
them), once per distinct raw cell tuple; SQL joins the result to every row. Keys are the raw
cells, ``''`` for an empty one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shisaku.stats.estat_layout import Axis, EstatLayout
from shisaku.stats.estat_meta import industry_label, measure_of, survey_year
from shisaku.stats.records import Dataset

__all__ = ["Key", "Lookup", "key_columns", "lookups"]

Key = tuple[str, ...]


@dataclass(frozen=True)
class Lookup:
    """One lookup table: the data columns its key is made of, its output columns, its rows
    (key cells, then outputs), and for each row the notes it gives (``unrecognised``)."""

    name: str
    columns: tuple[int, ...]
    outputs: tuple[tuple[str, str], ...]
    """(name, SQL type) of each output column."""
    rows: list[tuple[Any, ...]]
    notes: list[str | None]


def _columns(axis: Axis | None) -> tuple[int, ...]:
    if axis is None:
        return ()
    return tuple(c for c in (axis.code_column, axis.name_column) if c is not None)


def key_columns(layout: EstatLayout) -> list[tuple[int, ...]]:
    """The columns of each lookup's key: 表章項目 and unit; 時間軸; 地域; the classifications
    and the annotation together (a class)."""
    unit = (layout.unit_column,) if layout.unit_column is not None else ()
    tab = (*_columns(layout.axis("tab")), *unit)
    time, area = _columns(layout.axis("time")), _columns(layout.axis("area"))
    note = (layout.annotation_column,) if layout.annotation_column is not None else ()
    classes = tuple(c for axis in layout.classifications for c in _columns(axis))
    return [tab, time, area, (*classes, *note)]


def _part(axis: Axis, cells: dict[int, str]) -> tuple[str | None, str]:
    """(code, label) as :func:`shisaku.stats.estat_templates._part` reads them."""
    code = cells[axis.code_column].strip() if axis.code_column is not None else None
    label = cells[axis.name_column].strip() if axis.name_column is not None else (code or "")
    return code, label


def _tab(layout: EstatLayout, dataset: Dataset, keys: Iterable[Key]) -> Lookup:
    columns = key_columns(layout)[0]
    tab = layout.axis("tab")
    rows: list[tuple[Any, ...]] = []
    notes: list[str | None] = []
    for key in keys:
        cells = dict(zip(columns, key, strict=True))
        note = None
        if tab is None:
            measure, measure_name, label_unit = "value", dataset.title, None
        else:
            code, label = _part(tab, cells)
            measure, label_unit, known = measure_of(code or "", label)
            measure_name = label or code or ""
            if not known:
                note = f"表章項目 {code or ''} {label}: kept as {measure}"
        unit = cells[layout.unit_column].strip() if layout.unit_column is not None else ""
        said = f"{measure_name}{dataset.title}"
        private = measure in ("establishments", "employees") and "民営" in said
        scope = "private" if private else None
        rows.append((*key, measure, measure_name, unit or label_unit, scope))
        notes.append(note)
    outputs = (
        ("measure", "VARCHAR"),
        ("measure_name", "VARCHAR"),
        ("unit", "VARCHAR"),
        ("scope", "VARCHAR"),
    )
    return Lookup("tab", columns, outputs, rows, notes)


def _time(layout: EstatLayout, default_year: int, keys: Iterable[Key]) -> Lookup:
    time = layout.axis("time")
    columns = _columns(time)
    rows: list[tuple[Any, ...]] = []
    for key in keys:
        cells = dict(zip(columns, key, strict=True))
        year: int | None = default_year
        time_code = ""
        if time is not None:
            code, label = _part(time, cells)
            time_code = code or label
            year = survey_year(code) if code else survey_year(label)
        rows.append((*key, year, time_code))
    outputs = (("year", "INTEGER"), ("time_code", "VARCHAR"))
    return Lookup("time", columns, outputs, rows, [None] * len(rows))


def _area(layout: EstatLayout, keys: Iterable[Key]) -> Lookup:
    """Area code and name, stripped (as :class:`~shisaku.stats.estat_rows.EstatRows` reads
    them: no code column, ``''``; no name column, the code)."""
    area = layout.axis("area")
    columns = _columns(area)
    rows: list[tuple[Any, ...]] = []
    for key in keys:
        cells = dict(zip(columns, key, strict=True))
        code = name = ""
        if area is not None:
            code = cells[area.code_column].strip() if area.code_column is not None else ""
            name = cells[area.name_column].strip() if area.name_column is not None else code
        rows.append((*key, code, name))
    outputs = (("area_code", "VARCHAR"), ("area_name", "VARCHAR"))
    return Lookup("area", columns, outputs, rows, [None] * len(rows))


def _class(layout: EstatLayout, keys: Iterable[Key], separator: str) -> Lookup:
    """Industry and ``dims`` of each distinct classification cells and annotation, as
    :meth:`~shisaku.stats.estat_templates.Templates._dims` and
    :class:`~shisaku.stats.estat_rows.EstatRows` make them (notes: the industry labels that
    are not JSIC divisions, joined by newlines)."""
    columns = key_columns(layout)[3]
    rows: list[tuple[Any, ...]] = []
    notes: list[str | None] = []
    for key in keys:
        cells = dict(zip(columns, key, strict=True))
        industry: str | None = None
        pairs: list[tuple[str, str]] = []
        said: list[str] = []
        for axis in layout.classifications:
            code, label = _part(axis, cells)
            if axis.industry and industry is None:
                industry = industry_label(code, label)
                if industry is not None:
                    continue
                said.append(f"industry {label!r} ({axis.key}): not a JSIC division, kept in dims")
            pairs.append((axis.key, label))
            if code is not None:
                pairs.append((f"{axis.key}_code", code))
        if layout.annotation_column is not None and cells[layout.annotation_column].strip():
            pairs.append(("annotation", cells[layout.annotation_column].strip()))
        dims = separator.join(f"{k}={v}" for k, v in sorted(pairs))
        rows.append((*key, industry, dims))
        notes.append("\n".join(said) or None)
    return Lookup("class", columns, (("industry", "VARCHAR"), ("dims", "VARCHAR")), rows, notes)


def lookups(
    layout: EstatLayout,
    dataset: Dataset,
    default_year: int,
    keys: list[set[Key]],
    separator: str,
) -> list[Lookup]:
    """The lookups for ``keys`` (one set per :func:`key_columns` entry, sorted for order)."""
    tab, time, area, classes = (sorted(each) for each in keys)
    return [
        _tab(layout, dataset, tab),
        _time(layout, default_year, time),
        _area(layout, area),
        _class(layout, classes, separator),
    ]
