"""Read SSDSE-A (教育用標準データセット, 市区町村) into observations with provenance.

An SSDSE-A file (CP932, or UTF-8 with or without BOM) has three header rows — item codes,
survey years, item names — whose first three columns are 地域コード, 都道府県, 市区町村; then
one row per municipality, its area code prefixed with ``R`` (``R14130`` = 川崎市).

Every cell of every item column becomes an :class:`~shisaku.stats.records.Observation`:

* ``measure``/``industry``/``dims``/``unit``/``survey``/``scope`` from
  :func:`~shisaku.stats.measures.identify` (by code AND name); an item it does not recognise
  is kept under its code and listed in ``Parsed.unrecognised`` as ``"<code> <name>"``;
* ``measure_name`` the item name as published; ``year`` from the second header row (``2020``,
  also ``2020年``/``2020年度``); an item without a readable year is a ``bad-year`` problem and
  its column is not read (Observation.year cannot be None);
* ``area_code`` without the ``R`` (5 digits), ``area_name`` the municipality as published.
  The prefecture is not a dimension: it is the area code's first two digits
  (:data:`PREFECTURES`), and the 都道府県 column is checked against it;
* ``value``/``marker`` from :func:`~shisaku.stats.markers.parse_stat`; an empty cell is kept
  as ``value=None, marker=None`` (missing). Rows with no text at all are skipped.

The dataset: ``table_id`` from the first header cell (``SSDSE-A-2023``), else from the file
name (the 2020 edition has ``code`` there: ``SSDSE-A-2020.csv`` → ``SSDSE-A-2020``); format
``ssdse``; status ``final``; source :data:`SSDSE_SOURCE`; the file's name and SHA-256.

Problems (codes; lines 1-based as in a text editor, columns the 1-based CSV field number):
see :data:`PROBLEM_CODES`. ``dataset`` is None (and no observation is returned) when the file
cannot be decoded, is not SSDSE-A-like, or its edition is unknown; otherwise the good cells are
read and each bad one is reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from shisaku.domain.problems import Location, Problem
from shisaku.stats.industries import name_key
from shisaku.stats.markers import StatValueError, parse_stat
from shisaku.stats.measures import Item, identify
from shisaku.stats.records import Dataset, Observation, Parsed
from shisaku.stats.text_input import Decoded, csv_rows, decode, read_text

__all__ = ["FORMAT", "PREFECTURES", "PROBLEM_CODES", "SSDSE_SOURCE", "parse_ssdse", "read_ssdse"]

SSDSE_SOURCE = "出典「SSDSE（教育用標準データセット）」（独立行政法人統計センター）"
"""The attribution to show with every number read from SSDSE."""

FORMAT = "ssdse"

PROBLEM_CODES: dict[str, str] = {
    "unreadable-file": "the file cannot be read, or is not CSV text (NUL bytes)",
    "unsupported-file": "an Excel workbook (or another zip file), not CSV text",
    "encoding": "the file is neither UTF-8 nor CP932 text (UTF-16, or bytes neither reads)",
    "not-ssdse": "the header rows are not SSDSE-A's (地域コード, 都道府県, 市区町村 in row 3)",
    "unknown-edition": "neither the first header cell nor the file name says SSDSE-X-YYYY",
    "bad-header": "an item column without a code or a name",
    "duplicate-column": "a second column with the same item code (the first one is read)",
    "bad-year": "an item's survey year (header row 2) is not a year",
    "bad-area-code": "an area code that is not R + 5 digits",
    "duplicate-area": "a second row for the same area code (the first one is read)",
    "area-mismatch": "the 都道府県 cell does not name the prefecture of the area code",
    "bad-area-name": "an empty 市区町村 cell",
    "ragged-row": "a row with fewer or more cells than the header",
    "bad-value": "a cell that is neither a number, nor a statistical marker, nor empty",
}
"""Every problem code :func:`read_ssdse` reports, with what it means."""

_PREFECTURE_NAMES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県",
    "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
    "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
    "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
    "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)  # fmt: skip
PREFECTURES: dict[str, str] = {f"{n:02d}": name for n, name in enumerate(_PREFECTURE_NAMES, 1)}
"""Prefecture code (JIS X 0401, an area code's first two digits) → name."""

_FIRST = tuple(name_key(n) for n in ("地域コード", "都道府県", "市区町村"))
_EXPECTED_HEADER = (
    "an SSDSE-A file: three header rows (item codes, survey years, item names),"
    " the third starting 地域コード, 都道府県, 市区町村"
)
_EDITION = re.compile(r"SSDSE-[A-Z]+-\d{4}", re.ASCII | re.IGNORECASE)
_AREA = re.compile(r"R?(\d{5})", re.ASCII)
_YEAR = re.compile(r"(\d{4})(?:年度?)?", re.ASCII)


@dataclass(frozen=True)
class _Column:
    index: int
    item: Item
    year: int


def read_ssdse(path: Path, file: str | None = None) -> Parsed:
    """Read the SSDSE-A file at ``path``; ``file`` (default: its name) is used in locations."""
    where = file if file is not None else path.name
    return _parse(read_text(path, where), where, path.name)


def parse_ssdse(raw: bytes, file: str) -> Parsed:
    """Read SSDSE-A from its bytes; ``file`` is its name (locations, edition, provenance)."""
    return _parse(decode(raw, file), file, Path(file).name)


def _parse(decoded: Decoded, file: str, file_name: str) -> Parsed:
    parsed = Parsed(None, problems=list(decoded.problems))
    if decoded.text is None:
        return parsed
    rows = list(csv_rows(decoded.text, file, parsed.problems))
    if len(rows) < 3 or tuple(name_key(c) for c in rows[2][1][:3]) != _FIRST:
        line, cells = rows[min(2, len(rows) - 1)] if rows else (1, [])
        parsed.problems.append(Problem(
            "not-ssdse", "this is not an SSDSE-A file", received=", ".join(cells[:3]),
            expected=_EXPECTED_HEADER, location=Location(file, line, 1),
        ))  # fmt: skip
        return parsed
    first_cell = rows[0][1][0] if rows[0][1] else ""
    table_id = _table_id(first_cell, file_name)
    if table_id is None:
        parsed.problems.append(Problem(
            "unknown-edition", "cannot tell which SSDSE edition this is",
            received=f"{first_cell} ({file_name})", expected="SSDSE-A-2023 or the like"
            " in the first header cell or in the file name", location=Location(file, 1, 1),
        ))  # fmt: skip
    columns, width = _columns(rows[:3], file, parsed)
    observations = _read_rows(rows[3:], columns, width, file, parsed.problems)
    if table_id is not None:
        parsed.dataset = Dataset(
            table_id=table_id,
            title=f"SSDSE（教育用標準データセット） {table_id}",
            format=FORMAT,
            status="final",
            source=SSDSE_SOURCE,
            file_name=file_name,
            sha256=decoded.sha256,
        )
        parsed.observations = observations
    return parsed


def _table_id(first_cell: str, file_name: str) -> str | None:
    for text in (first_cell.strip(), Path(file_name).stem):
        if match := _EDITION.search(text):
            return match[0].upper()
    return None


def _columns(
    header: list[tuple[int, list[str]]], file: str, parsed: Parsed
) -> tuple[list[_Column], int]:
    """The item columns (from the 4th), and the header's width (blank trailing columns off)."""
    (code_line, codes), (year_line, years), (name_line, names) = header
    width = max(len(codes), len(years), len(names))
    header_rows = (codes, years, names)
    while width > 3 and not any(_header_cells(header_rows, width - 1)):
        width -= 1
    columns: list[_Column] = []
    seen: dict[str, int] = {}
    for index in range(3, width):
        code, year_text, name = _header_cells(header_rows, index)
        if not code or not name:
            parsed.problems.append(Problem(
                "bad-header", "an item column needs a code (row 1) and a name (row 3)",
                received=f"{code!r}, {name!r}", expected="an item code and an item name",
                location=Location(file, code_line if not code else name_line, index + 1),
            ))  # fmt: skip
            continue
        if code in seen:
            parsed.problems.append(Problem(
                "duplicate-column", f"item {code} again; column {seen[code] + 1} is read",
                received=code, expected="each item code once",
                location=Location(file, code_line, index + 1),
            ))  # fmt: skip
            continue
        seen[code] = index
        year = _year(year_text)
        if year is None:
            parsed.problems.append(Problem(
                "bad-year", f"item {code} {name}: no survey year", received=year_text,
                expected="a year such as 2020", location=Location(file, year_line, index + 1),
            ))  # fmt: skip
            continue
        item = identify(code, name, year)
        if not item.recognised:
            parsed.unrecognised.append(f"{code} {name}")
        columns.append(_Column(index, item, year))
    return columns, width


def _header_cells(rows: tuple[list[str], ...], index: int) -> tuple[str, str, str]:
    code, year, name = (row[index].strip() if index < len(row) else "" for row in rows)
    return code, year, name


def _year(text: str) -> int | None:
    match = _YEAR.fullmatch(unicodedata.normalize("NFKC", text).strip())
    return int(match[1]) if match and 1900 <= int(match[1]) <= 2100 else None


def _read_rows(
    rows: list[tuple[int, list[str]]],
    columns: list[_Column],
    width: int,
    file: str,
    problems: list[Problem],
) -> list[Observation]:
    observations: list[Observation] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        area = _area(line, cells, file, seen, problems)
        if len(cells) < width or any(c.strip() for c in cells[width:]):
            problems.append(Problem(
                "ragged-row", f"this row has {len(cells)} cells; the header has {width}",
                received=len(cells), expected=f"{width} cells",
                location=Location(file, line, min(len(cells), width) + 1),
            ))  # fmt: skip
        for column in columns:
            if column.index >= len(cells):
                break
            text = cells[column.index]
            value: float | None
            try:
                if text.isdigit() and text.isascii():  # fast path: a plain count
                    value, marker = float(text), None
                else:
                    value, marker = parse_stat(text)
            except StatValueError as error:
                item = column.item
                problems.append(Problem(
                    "bad-value", f"{item.code} {item.name}: {error.reason}",
                    received=error.received, expected=error.expected,
                    location=Location(file, line, column.index + 1),
                ))  # fmt: skip
                continue
            if area is not None:
                observations.append(_observation(column, area, value, marker))
    return observations


def _area(
    line: int, cells: list[str], file: str, seen: dict[str, int], problems: list[Problem]
) -> tuple[str, str] | None:
    """``(area code, municipality)`` of a row, or None (with a problem) when unusable."""
    raw = cells[0].strip()
    prefecture = cells[1].strip() if len(cells) > 1 else ""
    name = cells[2].strip() if len(cells) > 2 else ""
    match = _AREA.fullmatch(raw)
    if match is None or match[1][:2] not in PREFECTURES:
        problems.append(Problem(
            "bad-area-code", "not an area code", received=raw,
            expected="R and a 5-digit local-government code, such as R14130",
            location=Location(file, line, 1),
        ))  # fmt: skip
        return None
    code = match[1]
    if code in seen:
        problems.append(Problem(
            "duplicate-area", f"area {code} again; line {seen[code]} is read", received=raw,
            expected="one row per area", location=Location(file, line, 1),
        ))  # fmt: skip
        return None
    seen[code] = line
    if prefecture != PREFECTURES[code[:2]]:
        problems.append(Problem(
            "area-mismatch", f"area {code} is in {PREFECTURES[code[:2]]}", received=prefecture,
            expected=PREFECTURES[code[:2]], location=Location(file, line, 2),
        ))  # fmt: skip
    if not name:
        problems.append(Problem(
            "bad-area-name", f"area {code} has no municipality name", received=name,
            expected="the municipality's name", location=Location(file, line, 3),
        ))  # fmt: skip
        return None
    return code, name


def _observation(
    column: _Column, area: tuple[str, str], value: float | None, marker: str | None
) -> Observation:
    """One observation. Positional arguments (in Observation's field order: measure,
    measure_name, area_code, area_name, year, value, marker, industry, dims, unit, time_code,
    survey, scope) make 217,625 of them a quarter faster than keywords; a test checks the order."""
    item = column.item
    return Observation(
        item.measure, item.name, area[0], area[1], column.year, value, marker,
        item.industry, item.dims, item.unit, None, item.survey, item.scope,
    )  # fmt: skip
