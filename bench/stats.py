"""Benchmark: import a synthetic national e-Stat table and compute specialization coefficients
for every area, industry and survey — with the store's bulk path and DuckDB, and with pandas.

The table (fixed seed), in the layout of the e-Stat API's CSV (``getSimpleStatsData`` with its
header block): 1,741 municipalities (the area codes and names of SSDSE-A 2023) × 500 industry
classes and their total (cat01 ``(K001)産業小分類``) × 5 surveys (time codes 2012 … 2021) × 4
measures (tab 事業所数, 従業者数, 売上（収入）金額, 付加価値額): 17,444,820 rows, about 2 GB.
Values have thousands commas; about 1% are markers (``x``, ``-``, ``…``, ``***``) and 0.1% are
written in full-width digits. Invented numbers.

Measured, each in its own process (so peak memory is its own):

* DuckDB: :func:`shisaku.stats.estat_bulk.bulk_import` into a new store file, then
  :func:`shisaku.stats.analysis_all.specialization_all` for each measure, written to a table
  ``specialization`` in the store (17.4 million coefficients, nothing fetched into Python);
* pandas: ``read_csv`` (the key columns as categories), values and markers read with
  :func:`shisaku.stats.markers.parse_stat` (once per distinct text), area totals, national
  values (the sum over municipalities) and coefficients with grouped transforms.

The 500 classes are not JSIC divisions, so the store keeps them as the e-Stat reader does: in
``dims`` (``産業小分類=…``, ``産業小分類_code=…``), ``industry`` empty (the total class is
``industry='total'``). The benchmark computes specialization over the classes: a temporary view
``obs`` shows each class as the industry (``coalesce(industry, dims)``, dims cleared) and
``specialization_all`` runs on it unchanged. The coefficients of both engines are compared on a
random sample of rows and on their count and sum.

    uv run --frozen python bench/stats.py            # the full table (about 2 GB of CSV)
    uv run --frozen python bench/stats.py --quick    # 60 areas × 40 classes, seconds
    uv run --frozen python bench/stats.py --scale 0.1

See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SSDSE = ROOT / "data" / "ssdse" / "SSDSE-A-2023.csv"
SEED = 20_240_628
AREAS = 1_741
INDUSTRIES = 500
YEARS = (2012, 2014, 2016, 2019, 2021)
TABS = (  # tab code, 表章項目, unit, scale relative to establishments
    ("100", "事業所数", "事業所", 1.0),
    ("110", "従業者数", "人", 9.0),
    ("120", "売上（収入）金額", "百万円", 180.0),
    ("130", "付加価値額", "百万円", 45.0),
)
MEASURES = {"100": "establishments", "110": "employees", "120": "tab_120", "130": "tab_130"}
CLASS_HEADER = "(K001)産業小分類"
CLASS_KEY = "産業小分類"
TOTAL = ("000", "総数")
MARKERS = ("x", "-", "…", "***")
MARKER_SHARE = 0.01
FULL_WIDTH_SHARE = 0.001
SAMPLE = 2_000
GOAL_SECONDS = 15.0
GOAL_MB = 2_048
GOAL_RATIO = 3.0
COLUMNS = (
    "tab_code",
    "表章項目",
    "cat01_code",
    CLASS_HEADER,
    "area_code",
    "地域",
    "time_code",
    "時間軸(調査年)",
    "unit",
    "value",
    "annotation",
)


@dataclass(frozen=True)
class Table:
    """A generated table: where it is and what it holds."""

    path: str
    rows: int
    areas: list[tuple[str, str]]
    classes: list[tuple[str, str]]
    """(code, label), the total first."""
    header_records: int
    """CSV records before the header row."""
    generated_seconds: float
    bytes: int


def areas_of_ssdse(count: int) -> list[tuple[str, str]]:
    """``count`` (code, name) pairs from SSDSE-A (every municipality when 1,741), evenly spread."""
    lines = SSDSE.read_bytes().decode("cp932").splitlines()[3:]
    found = [(c[0].removeprefix("R"), c[2]) for c in (line.split(",") for line in lines) if c[0]]
    if count >= len(found):
        return found
    picks = np.linspace(0, len(found) - 1, count).round().astype(int)
    return [found[i] for i in picks]


def classes_of(count: int) -> list[tuple[str, str]]:
    """The total and ``count`` invented classes, ``E091``-like codes over JSIC letters A–T."""
    letters = "ABCDEFGHIJKLMNOPQRST"
    codes = [f"{letters[i % 20]}{10 + i // 20 * 10 + i % 7:03d}" for i in range(count)]
    return [TOTAL, *((code, f"小分類{code}") for code in codes)]


def values_of(areas: int, classes: int, seed: int) -> tuple[np.ndarray[Any, Any], ...]:
    """Values (measure, class, area, year; the total class first, the sum of the others) and
    what each cell shows: 0 the number with commas, 1–4 a marker, 5 full-width digits."""
    rng = np.random.default_rng(seed)
    years = len(YEARS)
    size = rng.lognormal(4.0, 1.4, size=areas)
    weight = rng.gamma(0.7, size=classes - 1)
    weight /= weight.sum()
    local = rng.lognormal(0.0, 0.7, size=(areas, classes - 1))
    trend = 1 + rng.normal(0.01, 0.03, size=(areas, 1)) * np.arange(years)
    base = size[:, None, None] * weight[None, :, None] * local[:, :, None] * trend[:, None, :]
    counts = rng.poisson(base * (classes - 1) / 8).astype(np.float64)  # (area, class, year)
    out = np.empty((len(TABS), classes, areas, years), dtype=np.int64)
    for m, (*_, scale) in enumerate(TABS):
        noise = rng.lognormal(0.0, 0.15, size=counts.shape) if m else 1.0
        amount = np.round(counts * scale * noise).astype(np.int64).transpose(1, 0, 2)
        out[m, 1:] = amount
        out[m, 0] = amount.sum(axis=0)
    n = out.size
    shows = np.zeros(n, dtype=np.int8)
    marked = rng.random(n) < MARKER_SHARE
    shows[marked] = rng.choice(4, size=int(marked.sum()), p=[0.6, 0.25, 0.1, 0.05]) + 1
    wide = (rng.random(n) < FULL_WIDTH_SHARE) & ~marked
    shows[wide] = 5
    return out.reshape(-1), shows


def header_block(rows: int) -> list[list[str]]:
    return [
        ["RESULT"],
        ["STATUS", "0"],
        ["ERROR_MSG", "正常に終了しました。"],
        ["DATE", "2024-06-28T10:00:00.000+09:00"],
        ["RESULT_INF"],
        ["TOTAL_NUMBER", str(rows)],
        ["FROM_NUMBER", "1"],
        ["TO_NUMBER", str(rows)],
        ["TABLE_INF", "0009990001"],
        ["STAT_NAME", "00200553", "経済センサス"],
        ["GOV_ORG", "00200", "総務省"],
        ["STATISTICS_NAME", "経済センサス 時系列（ベンチマーク用・架空の数値）"],
        ["TITLE", "1", "産業小分類別民営事業所数、従業者数、売上金額及び付加価値額－市区町村（架空）"],
        ["CYCLE", "-"],
        ["SURVEY_DATE", "0"],
        ["OPEN_DATE", "2024-06-28"],
        ["SMALL_AREA", "0"],
        ["COLLECT_AREA", "市区町村"],
        ["OVERALL_TOTAL_NUMBER", str(rows)],
        ["UPDATED_DATE", "2024-06-28"],
        ["VALUE"],
    ]


def _quoted(cells: list[str] | tuple[str, ...]) -> str:
    return ",".join(f'"{cell}"' for cell in cells)


def generate(
    folder: Path, areas: int = AREAS, industries: int = INDUSTRIES, seed: int = SEED
) -> Table:
    """Write the table to ``folder/estat_national.csv``; the same bytes for the same arguments."""
    started = time.perf_counter()
    area_list = areas_of_ssdse(areas)
    classes = classes_of(industries)
    values, shows = values_of(len(area_list), len(classes), seed)
    n = values.size
    path = folder / "estat_national.csv"
    block = header_block(n)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("".join(_quoted(row) + "\n" for row in [*block, list(COLUMNS)]))
    a, c, t = len(area_list), len(classes), len(YEARS)
    lists = {
        "tabs": [f'"{code}","{name}","' for code, name, *_ in TABS],
        "units": [f'","{unit}","' for _, _, unit, _ in TABS],
        "classes": [f'{code}","{label}","' for code, label in classes],
        "areas": [f'{code}","{name}","' for code, name in area_list],
        "years": [f'{y}000000","{y}年' for y in YEARS],
    }
    marker_sql = " ".join(f"WHEN {i + 1} THEN '{m}'" for i, m in enumerate(MARKERS))
    body = folder / "body.csv"
    con = duckdb.connect()
    con.register("generated", {"i": np.arange(n, dtype=np.int64), "v": values, "k": shows})
    con.execute(
        f"""COPY (SELECT $tabs[i // {c * a * t} + 1] || $classes[i // {a * t} % {c} + 1]
                  || $areas[i // {t} % {a} + 1] || $years[i % {t} + 1]
                  || $units[i // {c * a * t} + 1]
                  || CASE k WHEN 0 THEN format('{{:,}}', v) {marker_sql}
                     ELSE translate(v::VARCHAR, '0123456789', '０１２３４５６７８９') END
                  || '",""'
            FROM generated)
        TO '{body}' (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x01')""",
        lists,
    )
    con.close()
    with path.open("ab") as out, body.open("rb") as data:
        shutil.copyfileobj(data, out, 1 << 24)
    body.unlink()
    return Table(
        str(path),
        n,
        area_list,
        classes,
        len(block),
        time.perf_counter() - started,
        path.stat().st_size,
    )
