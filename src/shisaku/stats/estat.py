"""Read e-Stat (政府統計の総合窓口) CSV files: every layout e-Stat produces, found from content.

Layouts (:class:`~shisaku.stats.estat_layout.EstatLayout` ``kind``):

* ``api`` — the API's ``getSimpleStatsData`` CSV, with or without its header block
  (``"RESULT"``, ``"STATUS"``, …, ``"TABLE_INF"``, ``"STAT_NAME"``, ``"TITLE"``, …, ``"VALUE"``);
  data header ``"tab_code","表章項目","cat01_code","(…)…",…,"area_code","地域","time_code",
  "時間軸(…)","unit","value","annotation"``, any of tab/cat01…cat15/area/time possibly absent;
* ``site`` — the site's download (統計表・DB) in long form: a metadata block (``"統計名："`` …),
  then ``"表章項目 コード","表章項目",…,"value"`` (the English download: ``"Tabulation category
  code","Tabulation category","Area code","Area","Time code","Time","unit","value"``);
* ``site-cross`` — the same with items spread across columns: legend rows ``"/表章事項 コード"``,
  ``"/表章事項"``, ``"/男女 コード"`` above the header give each spread column's codes and labels,
  and the header's cells label the item named in the corner cell (``"男女","総数","男","女"``);
  or a ``"/時間軸（…）"`` corner cell in the header with years as the spread cells.

Encodings: UTF-8 (with or without BOM) or CP932. Values: numbers (with commas) and markers via
:func:`~shisaku.stats.markers.parse_stat` (``x`` suppressed, ``-``, ``…``, ``***`` kept raw).

Each data value gives one :class:`~shisaku.stats.records.Observation`:

* ``measure``: the 表章項目 — ``population`` (人口), ``establishments`` (事業所数), ``employees``
  (従業者数), ``households`` (世帯数), else ``tab_`` and a slug of its code (reported in
  ``unrecognised``); ``measure_name`` is its label as published; ``unit`` the unit column, else
  the label's trailing 【…】 (人口【人】 → 人);
* ``area_code``/``area_name``: as published (codes that are not 5 characters are reported in
  ``unrecognised``, not refused; pre-merger codes like ``0120B`` are 5 characters);
* ``year``: the first 4 digits of the time code (``2020000000`` → 2020), or of its label when
  there is no code; without a time item, the header block's SURVEY_DATE / 実施年月, else 0
  (reported); ``time_code`` keeps the code (or the label);
* ``industry``: for the classification of industries (its name contains 産業/industry, or most
  of its labels are JSIC divisions), the JSIC letter or ``total`` (総数, 全産業, All industries);
  a label that is neither stays in ``dims`` (and is reported);
* ``dims``: every other classification as ``(key, label)`` and ``(key + "_code", code)`` (when
  it has a code), sorted. The key is the classification's name: the API's name column header
  without its leading class code (``(G001-01-2-001)都道府県`` → ``都道府県``), else its id
  (``cat01``); the site's header without `` コード`` (``男女``); a repeated name gets `` (2)``.
  A non-empty annotation cell adds ``("annotation", text)``;
* ``survey``: the table's survey (see :func:`~shisaku.stats.estat_meta.dataset_of`); ``scope``
  ``private`` for establishments/employees whose label or title says 民営, else None.

Problems (codes): ``not-estat`` (no known header; says which were expected), ``bad-value`` (a
cell that is neither a number nor a marker, or a time code without a year; line and column),
``ragged-row`` (a data row whose cell count differs from the header's; blank rows are skipped),
``encoding``, ``unsupported-file``, ``unreadable-file``, and ``more-problems`` after
:data:`~shisaku.stats.estat_rows.MAX_PROBLEMS`. A file with problems gives only its problems.

For bulk loading, :func:`sniff_estat` gives the layout (encoding, header line, column roles)
without reading the data; :func:`iter_estat` streams the observations.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from shisaku.stats.estat_layout import Axis, EstatLayout, Member, SpreadColumn
from shisaku.stats.estat_meta import SOURCE, dataset_of
from shisaku.stats.estat_rows import EstatRows
from shisaku.stats.estat_sniff import sniff
from shisaku.stats.estat_text import EXPECTED_HEADERS
from shisaku.stats.records import Observation, Parsed

__all__ = [
    "EXPECTED_HEADERS",
    "SOURCE",
    "Axis",
    "EstatLayout",
    "EstatRows",
    "Member",
    "SpreadColumn",
    "file_sha256",
    "iter_estat",
    "read_estat",
    "sniff_estat",
]


def sniff_estat(path: Path) -> EstatLayout:
    """The layout of the e-Stat CSV at ``path``, from its first records only; when it is not
    one, ``layout.kind`` is None and ``layout.problems`` says why."""
    return sniff(path, path.name)


def iter_estat(path: Path, layout: EstatLayout | None = None) -> EstatRows:
    """The observations of ``path``, streamed: iterate the result, then read its
    ``problems`` and ``unrecognised`` (a file that is not e-Stat CSV yields nothing and has
    the layout's problems). ``rows.dataset`` is the provenance (without ``sha256``)."""
    layout = layout or sniff_estat(path)
    return EstatRows(layout, path, dataset_of(layout, path))


def read_estat(path: Path) -> Parsed:
    """The dataset and observations of the e-Stat CSV at ``path``, or its problems."""
    layout = sniff_estat(path)
    if not layout.ok:
        return Parsed(None, problems=list(layout.problems))
    rows = iter_estat(path, layout)
    observations: list[Observation] = []
    for observation in rows:
        if not rows.problems:
            observations.append(observation)
    if rows.problems:
        return Parsed(None, problems=rows.problems)
    dataset = replace(rows.dataset, sha256=file_sha256(path))
    return Parsed(dataset, observations, unrecognised=list(rows.unrecognised))


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 22), b""):
            digest.update(chunk)
    return digest.hexdigest()
