"""Find the layout of an e-Stat CSV from its content: header block, header row, column roles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path

from shisaku.stats.estat_layout import (
    Axis,
    EstatLayout,
    Kind,
    Member,
    Role,
    SpreadColumn,
    clean_name,
    role_of,
)
from shisaku.stats.estat_meta import is_industry
from shisaku.stats.estat_text import Records, detect_encoding, not_estat

__all__ = ["HEADER_SEARCH_RECORDS", "sniff"]

HEADER_SEARCH_RECORDS = 2000
"""How many CSV records the header row is looked for in."""
SAMPLE_ROWS = 2000
"""How many data rows are looked at to tell whether a classification is of industries."""

_API_CODE = re.compile(r"(tab|cat[0-9]{2}|area|time)_code", re.ASCII)
_SITE_CODE = re.compile(r"(?P<base>.*?)\s*コード|(?P<en>.*\S)\s+code", re.IGNORECASE)
_VALUE = {"value", "値"}
_UNIT = {"unit", "単位"}
_ANNOTATION = {"annotation", "注釈", "注釈記号"}
_API_ROLES: dict[str, Role] = {"tab": "tab", "area": "area", "time": "time"}


def code_base(cell: str) -> str | None:
    """The item a code column belongs to: ``cat01`` for ``cat01_code``, ``男女`` for
    ``男女 コード``, ``Area`` for ``Area code``; None for other cells (and ``/…`` legends).

    >>> [code_base(c) for c in ("cat01_code", "男女 コード", "Area code", "/男女 コード", "男女")]
    ['cat01', '男女', 'Area', None, None]
    """
    text = cell.strip()
    if text.startswith("/"):
        return None
    if _API_CODE.fullmatch(text):
        return text[: -len("_code")]
    match = _SITE_CODE.fullmatch(text)
    if match is None:
        return None
    base = match["base"] if match["base"] is not None else match["en"]
    return base.strip() or None


def sniff(path: Path, file: str) -> EstatLayout:
    """The layout of the file at ``path`` (``file`` names it in problems)."""
    encoding, problem = detect_encoding(path, file)
    if encoding is None:
        return EstatLayout(file, None, None, problems=(problem,) if problem else ())
    records = Records(path, encoding, file)
    stream = iter(records)
    layout = _find_header(stream, file, encoding)
    if layout.kind is not None:
        layout = _decide_industries(layout, islice(stream, SAMPLE_ROWS))
    if records.problems:
        layout = replace(layout, kind=None, problems=(*records.problems, *layout.problems))
    return layout


def _find_header(stream: Iterator[tuple[int, list[str]]], file: str, encoding: str) -> EstatLayout:
    metadata: list[tuple[str, tuple[str, ...]]] = []
    legend: list[tuple[int, list[str]]] = []  # (column of the "/…" cell, cells)
    first: tuple[int, list[str]] | None = None
    near: tuple[int, list[str]] | None = None
    for index, (line, row) in enumerate(islice(stream, HEADER_SEARCH_RECORDS)):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        first = first or (line, cells)
        slash = next((i for i, cell in enumerate(cells) if cell), 0)
        if cells[slash].startswith("/"):
            legend.append((slash, cells))
            continue
        codes = [i for i, cell in enumerate(cells) if code_base(cell) is not None]
        if codes:
            corner = _corner(cells, legend)
            limit = len(cells) if corner is None else corner
            value = _find(cells[:limit], _VALUE)
            if value is not None or (corner is not None and corner < len(cells) - 1):
                return _layout(file, encoding, line, index, cells, corner, legend, metadata)
            near = near or (line, cells)
        legend.clear()
        metadata.append((cells[0], tuple(cells[1:])))
    return EstatLayout(
        file,
        None,
        encoding,
        problems=(not_estat(file, first, near, metadata, HEADER_SEARCH_RECORDS),),
    )


def _corner(cells: list[str], legend: list[tuple[int, list[str]]]) -> int | None:
    if legend:
        return legend[-1][0]
    return next((i for i, cell in enumerate(cells) if cell.startswith("/")), None)


def _find(cells: list[str], names: set[str]) -> int | None:
    return next((i for i, cell in enumerate(cells) if cell.lower() in names), None)


def _layout(
    file: str,
    encoding: str,
    line: int,
    index: int,
    cells: list[str],
    corner: int | None,
    legend: list[tuple[int, list[str]]],
    metadata: list[tuple[str, tuple[str, ...]]],
) -> EstatLayout:
    api = any(_API_CODE.fullmatch(cell) for cell in cells)
    limit = len(cells) if corner is None else corner
    special = {
        "value": _find(cells[:limit], _VALUE),
        "unit": _find(cells[:limit], _UNIT),
        "annotation": _find(cells[:limit], _ANNOTATION),
    }
    taken = {i for i in special.values() if i is not None}
    axes = _axes(cells, limit, taken, api)
    spread = _spread(cells, corner, legend) if corner is not None else ()
    kind: Kind = "api" if api else ("site-cross" if corner is not None else "site")
    english = any(re.search(r"\scode$", cell, re.IGNORECASE) for cell in cells)
    return EstatLayout(
        file=file,
        kind=kind,
        encoding=encoding,
        header_line=line,
        header_record=index,
        columns=tuple(cells),
        axes=axes,
        value_column=special["value"] if corner is None else None,
        unit_column=special["unit"],
        annotation_column=special["annotation"],
        corner_column=corner,
        spread=spread,
        language="en" if english else "ja",
        metadata=tuple(metadata),
    )


def _axes(cells: list[str], limit: int, taken: set[int], api: bool) -> tuple[Axis, ...]:
    """The row items, code column paired with its name column: for the API the column after
    ``…_code``; for a site download the column named like the code column without コード."""
    found: list[Axis] = []
    for i in range(limit):
        if i in taken or not cells[i]:
            continue
        base = code_base(cells[i])
        if base is None:
            taken.add(i)
            found.append(_axis(cells[i], None, i, api, cells[i]))
            continue
        if api:
            after = i + 1
            ok = after < limit and after not in taken and code_base(cells[after]) is None
            name = after if ok else None
        else:
            candidates = [j for j in range(limit) if j not in taken and cells[j] == base]
            name = (i + 1) if (i + 1) in candidates else next(iter(candidates), None)
        taken.update({i} if name is None else {i, name})
        found.append(_axis(base, i, name, api, cells[name] if name is not None else None))
    return _unique(found)


def _axis(
    base: str, code: int | None, name: int | None, api: bool, header: str | None = None
) -> Axis:
    published = header if header is not None else base
    role: Role
    if api:
        role = _API_ROLES.get(base, "classification") if code is not None else "classification"
        key = clean_name(published) or base
    else:
        key = clean_name(base) or base
        role = role_of(key)
    return Axis(role, key, published, code, name)


def _unique(axes: list[Axis]) -> tuple[Axis, ...]:
    """Tab, area and time at most once (later ones are classifications); keys made unique."""
    seen_roles: set[str] = set()
    seen_keys: set[str] = set()
    result: list[Axis] = []
    for axis in axes:
        if axis.role != "classification" and axis.role in seen_roles:
            axis = replace(axis, role="classification")
        seen_roles.add(axis.role)
        if axis.role == "classification":
            key = axis.key
            number = 2
            while key in seen_keys:
                key, number = f"{axis.key} ({number})", number + 1
            seen_keys.add(key)
            axis = replace(axis, key=key)
        result.append(axis)
    return tuple(result)


def _spread(
    cells: list[str], corner: int, legend: list[tuple[int, list[str]]]
) -> tuple[SpreadColumn, ...]:
    """The spread columns: legend rows ``/X コード`` (codes) and ``/X`` (labels) above the
    header; the header's own cells label the item named in the corner cell."""
    codes: dict[str, list[str]] = {}
    labels: dict[str, list[str]] = {}
    for column, row in legend:
        if column != corner:
            continue
        text = row[corner][1:].strip()
        base = code_base(text)
        (codes if base is not None else labels)[base or text] = row
    named = cells[corner].lstrip("/").strip()
    names = list(dict.fromkeys([*codes, *labels, *([named] if named else [])]))
    columns: list[SpreadColumn] = []
    for j in range(corner + 1, len(cells)):
        members: list[Member] = []
        for name in names:
            code = _cell(codes.get(name), j) or None
            label = cells[j] if name == named else _cell(labels.get(name), j) or (code or "")
            members.append(Member(role_of(name), clean_name(name) or name, code, label))
        if cells[j] or any(member.label for member in members):
            columns.append(SpreadColumn(j, cells[j], tuple(members)))
    return tuple(columns)


def _cell(row: list[str] | None, j: int) -> str:
    return row[j].strip() if row is not None and j < len(row) else ""


def _decide_industries(layout: EstatLayout, rows: Iterator[tuple[int, list[str]]]) -> EstatLayout:
    """Mark the first industry classification (by its name, else by a sample of labels)."""
    axes = layout.classifications
    labels: dict[str, set[str]] = {axis.key: set() for axis in axes}
    for _, row in rows:
        for axis in axes:
            column = axis.name_column if axis.name_column is not None else axis.code_column
            if column is not None and column < len(row):
                labels[axis.key].add(row[column].strip())
    for axis in axes:
        if is_industry(axis.key, labels[axis.key]):
            industry = replace(axis, industry=True)
            return replace(layout, axes=tuple(industry if a is axis else a for a in layout.axes))
    spread_labels: dict[str, set[str]] = {}
    for spread in layout.spread:
        for member in spread.members:
            if member.role == "classification":
                spread_labels.setdefault(member.key, set()).add(member.label)
    for key, found in spread_labels.items():
        if is_industry(key, found):
            return replace(layout, spread=tuple(_mark(each, key) for each in layout.spread))
    return layout


def _mark(column: SpreadColumn, key: str) -> SpreadColumn:
    members = tuple(replace(m, industry=m.key == key) for m in column.members)
    return replace(column, members=members)
