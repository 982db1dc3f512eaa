"""Benchmark: import a synthetic national e-Stat table and compute specialization coefficients
for every area, industry and survey — with the store's bulk path and DuckDB, and with pandas.

The table (fixed seed), in the layout of the e-Stat API's CSV (``getSimpleStatsData`` with its
header block): 1,741 municipalities (the area codes and names of SSDSE-A 2023) × 500 industry
classes and their total (cat01 ``(K001)産業小分類``) × 5 surveys (time codes 2012 … 2021) × 4
measures (tab 事業所数, 従業者数, 売上（収入）金額, 付加価値額): 17,444,820 rows, about 2 GB.
Values have thousands commas; about 1% are markers (``x``, ``-``, ``…``, ``***``) and 0.1% are
written in full-width digits. Invented numbers.

Measured, each in its own process (so peak memory is its own):

* DuckDB: :func:`shisaku.stats.estat_bulk.bulk_import` into a new store file (the time includes
  hashing the file, finding its items, the ``INSERT`` and the commit), then the coefficients of
  every measure × area × class × survey (17.4 million) in one query (:func:`summary_sql`: the
  keyed coefficients of :func:`coefficients_sql`), aggregated in DuckDB per measure (count,
  sum, maximum): nothing is fetched into Python and nothing is written;
* pandas: ``read_csv`` (the key columns and the value as categories), values and markers read
  with :func:`shisaku.stats.markers.parse_stat` once per distinct text, then area totals,
  national values (the sum over municipalities) and coefficients with grouped transforms: a
  17.4-million-row Series in memory, aggregated the same way.

The machine this is measured on is shared (two vCPUs; other processes come and go): one run of
an engine varies by ±30%, enough to move the ratio across the goal from run to run. So each
engine runs ``--repeat`` times (3; 1 with ``--quick``), alternately — DuckDB, pandas, DuckDB,
pandas, … — each run a new process (the DuckDB one importing into a new store file; the CSV is
generated once): a slow period then slows both engines rather than one. Every run's figures are
printed, then the medians, and the goal is judged on the medians (median import + analysis,
the largest peak memory, median pandas / median DuckDB).

The 500 classes are not JSIC divisions, so the store keeps them as the e-Stat reader does: in
``dims`` (``産業小分類=…``, ``産業小分類_code=…``), ``industry`` empty (the total class is
``industry='total'``). The benchmark's query is therefore ``specialization_all``'s over the
classes: ``coalesce(industry, dims)`` is the industry (``total`` or the class), for all measures
at once; ``tests/stats/test_estat_bulk.py`` checks that it gives what ``specialization_all``
gives through a view that shows each class as the industry (:func:`specialization_sql`, the
keyed query with its texts). The coefficients of both engines are compared, in every run, on a
random sample of rows and on the per-measure count, sum and maximum.

    uv run --frozen python bench/stats.py            # the full table (about 2 GB of CSV)
    uv run --frozen python bench/stats.py --quick    # 60 areas × 40 classes, seconds
    uv run --frozen python bench/stats.py --scale 0.1 --repeat 5

The exit status is 1 when the engines disagree (in any run), or when the goal is not met (on
the medians) on the full table.
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
from statistics import median
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
REPEAT = 3
TITLE = "産業小分類別民営事業所数、従業者数、売上金額及び付加価値額－市区町村（架空の数値）"
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
        [
            "TITLE",
            "1",
            "産業小分類別民営事業所数、従業者数、売上金額及び付加価値額－市区町村（架空）",
        ],
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
    con.execute("SET enable_progress_bar = false")
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
        out.flush()
        os.fsync(out.fileno())  # written to disk now, not while the engines are timed
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


# ----------------------------------------------------------------------------- DuckDB


def coefficients_sql(catalog: str) -> str:
    """Specialization coefficients for every measure, area, class and survey year, in one
    query, by keys: :data:`shisaku.stats.analysis_all.SPECIALIZATION_ALL` for all measures at
    once, over the classes (``coalesce(industry, dims)``: ``total``, or the class's dims text).
    The store holds one table, so the step that picks one table per area and year is left out.

    Columns ``mk, ak, ck, value, total, share, national_share, coefficient``: no texts. The 17
    million observations are grouped and joined by small integer keys — a dense rank of
    (measure, year) ``mk``, of the area code ``ak`` and of the class text ``ck``, read from the
    key tables (grouping by the texts themselves took a third longer) — and the area totals are
    joined by one ``BIGINT`` made of ``mk`` and ``ak`` (a little faster than joining by the
    two). The totals' ``WHERE ck IN (SELECT ck FROM total_key)`` stays as it is: DuckDB pushes
    it into the scan. The rows are read where they are used (``NOT MATERIALIZED``: a
    materialised copy of 17 million rows takes 2 GB).

    The texts are joined where they are shown (:func:`specialization_sql`, :func:`summary_sql`),
    not here: joining measure, area code and name, industry and year to all 17 million rows took
    about 0.3 s of 1.5 s, for rows that are then only counted and summed. pandas keeps codes
    too (categories), not labels."""
    return _keyed(
        catalog,
        "SELECT mk, ak, ck, value, total, share, national_share, coefficient FROM coefficients",
    )


def specialization_sql(catalog: str) -> str:
    """:func:`coefficients_sql` with its texts: ``measure, area_code, area_name, industry, year,
    value, total, share, national_share, coefficient`` — the columns of ``specialization_all``
    (``test_estat_bulk`` checks it against it, column by column). For the rows that are shown
    or looked up (the sampled coefficients, outside the timing): the timed summary
    (:func:`summary_sql`) joins the one text it shows to its groups instead."""
    return _keyed(
        catalog,
        """SELECT m.measure, a.area_code, a.area_name, k.industry, m.year, c.value, c.total,
           c.share, c.national_share, c.coefficient
    FROM coefficients c
    JOIN (SELECT DISTINCT mk, measure, year FROM item_keys) m USING (mk)
    JOIN (SELECT ak, any_value(area_code) AS area_code, min(area_name) AS area_name
          FROM place_keys GROUP BY ak) a USING (ak)
    JOIN (SELECT DISTINCT ck, industry FROM class_keys) k USING (ck)""",
    )


def summary_sql(catalog: str) -> str:
    """The timed analysis: :func:`coefficients_sql` aggregated per measure — count, count with
    a value, sum and maximum of the coefficients, ordered by measure. The 17 million keyed rows
    are grouped by ``mk`` (measure × year, at most 20 groups) and only then is the measure's
    text joined, the groups of each measure added up (counts and sums summed, maximum of the
    maxima): the label is joined where it is shown, to 20 rows rather than 17 million."""
    return _keyed(
        catalog,
        """SELECT m.measure, sum(g.rows) AS rows, sum(g.coefficients) AS coefficients,
           sum(g.total) AS total, max(g.largest) AS largest
    FROM (SELECT mk, count(*) AS rows, count(coefficient) AS coefficients,
                 sum(coefficient) AS total, max(coefficient) AS largest
          FROM coefficients GROUP BY mk) g
    JOIN (SELECT DISTINCT mk, measure FROM item_keys) m USING (mk)
    GROUP BY m.measure ORDER BY m.measure""",
    )


def _keyed(catalog: str, select: str) -> str:
    """The coefficients' ``WITH`` clause (ending with ``coefficients``: mk, ak, ck, value,
    total, share, national_share, coefficient), then ``select`` over it."""
    from shisaku.stats.areas import MUNICIPALITY_SQL, NATIONAL

    main = f'"{catalog}".main'
    return f"""
    WITH item_keys AS (
        SELECT item_id, measure, year, dense_rank() OVER (ORDER BY measure, year) AS mk
        FROM {main}.items JOIN {main}.datasets USING (dataset_id) WHERE active
    ),
    place_keys AS (
        SELECT place_id, area_code, area_name, dense_rank() OVER (ORDER BY area_code) AS ak,
               {MUNICIPALITY_SQL} AS municipality, area_code = '{NATIONAL}' AS national
        FROM {main}.places
    ),
    class_keys AS (
        SELECT class_id, coalesce(industry, dims) AS industry,
               dense_rank() OVER (ORDER BY coalesce(industry, dims)) AS ck
        FROM {main}.classes
    ),
    total_key AS (SELECT DISTINCT ck FROM class_keys WHERE industry = 'total'),
    picked AS NOT MATERIALIZED (
        SELECT mk, ak, ck, value, municipality, national
        FROM {main}.observations
        JOIN item_keys USING (item_id)
        JOIN place_keys USING (place_id)
        JOIN class_keys USING (class_id)
    ),
    totals AS (
        SELECT mk::BIGINT << 32 | ak AS tk, max(value) AS total FROM picked
        WHERE ck IN (SELECT ck FROM total_key) GROUP BY ALL
    ),
    nation AS (
        SELECT mk, ck,
               coalesce(max(value) FILTER (WHERE national),
                        sum(value) FILTER (WHERE municipality)) AS national_value
        FROM picked GROUP BY ALL
    ),
    national_totals AS (
        SELECT mk, national_value AS national_total FROM nation
        WHERE ck IN (SELECT ck FROM total_key)
    ),
    coefficients AS (
        SELECT p.mk, p.ak, p.ck, p.value, t.total,
               100 * p.value / nullif(t.total, 0) AS share,
               100 * n.national_value / nullif(nt.national_total, 0) AS national_share,
               (p.value / nullif(t.total, 0))
                   / nullif(n.national_value / nullif(nt.national_total, 0), 0) AS coefficient
        FROM picked p
        LEFT JOIN totals t ON t.tk = (p.mk::BIGINT << 32 | p.ak)
        LEFT JOIN nation n ON n.mk = p.mk AND n.ck = p.ck
        LEFT JOIN national_totals nt ON nt.mk = p.mk
        WHERE p.ck NOT IN (SELECT ck FROM total_key)
    )
    {select}"""


def class_key(code: str, label: str) -> str:
    """The industry key of a class in the store (``total``, or its dims text)."""
    from shisaku.stats.store import dims_text

    if (code, label) == TOTAL:
        return "total"
    return dims_text([(CLASS_KEY, label), (f"{CLASS_KEY}_code", code)])


def sample_rows(table: Table, count: int, seed: int) -> list[int]:
    """Row numbers (0-based data rows) of ``count`` random rows of classes (not the total)."""
    a, c, t = len(table.areas), len(table.classes), len(YEARS)
    rng = np.random.default_rng(seed)
    rows = rng.choice(table.rows, size=min(count * 2, table.rows), replace=False)
    kept = [int(r) for r in rows if r // (a * t) % c != 0]
    return sorted(kept[:count])


def row_key(table: Table, row: int) -> tuple[str, str, str, int]:
    """(measure, area code, industry key, year) of a data row."""
    a, c, t = len(table.areas), len(table.classes), len(YEARS)
    code, label = table.classes[row // (a * t) % c]
    tab = TABS[row // (c * a * t)][0]
    return MEASURES[tab], table.areas[row // t % a][0], class_key(code, label), YEARS[row % t]


def run_duckdb(table: Table, database: Path, sample: list[int]) -> dict[str, Any]:
    """Import with the bulk path into a new store at ``database``, then the coefficients."""
    from shisaku.stats import store
    from shisaku.stats.estat import sniff_estat
    from shisaku.stats.estat_bulk import bulk_import
    from shisaku.stats.estat_bulk_query import read_csv_sql

    warming = time.perf_counter()  # the compiled scanner: compiled (or its cache read) once
    (database.parent / "warm-up").mkdir(exist_ok=True)
    tiny = generate(database.parent / "warm-up", areas=3, industries=2)
    bulk_import(store.connect(":memory:"), Path(tiny.path))
    warm_up = time.perf_counter() - warming
    connection = store.connect(database)
    connection.execute("SET enable_progress_bar = false")
    started = time.perf_counter()
    parsed, stored = bulk_import(connection, Path(table.path))
    imported = time.perf_counter()
    assert stored is not None, [p.render() for p in parsed.problems]
    (catalog,) = connection.execute("SELECT current_database()").fetchall()[0]
    summary = connection.execute(summary_sql(catalog)).fetchall()
    analysed = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    settings = dict(
        connection.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN "
            "('threads', 'memory_limit', 'preserve_insertion_order')"
        ).fetchall()
    )
    keys = [row_key(table, row) for row in sample]
    connection.execute(
        "CREATE TEMP TABLE wanted (n INTEGER, measure VARCHAR, area_code VARCHAR,"
        " industry VARCHAR, year INTEGER)"
    )
    connection.executemany(
        "INSERT INTO wanted VALUES (?, ?, ?, ?, ?)",
        [[n, *key] for n, key in enumerate(keys)],
    )
    found = dict(
        connection.execute(
            f"SELECT w.n, s.coefficient FROM wanted w JOIN ({specialization_sql(catalog)}) s"
            " USING (measure, area_code, industry, year)"
        ).fetchall()
    )
    reference = time.perf_counter()  # DuckDB only reading the file, as the import does
    connection.execute(
        f"SELECT count(*) FROM {read_csv_sql(sniff_estat(Path(table.path)))}",
        {"path": table.path},
    ).fetchall()
    read_only = time.perf_counter() - reference
    return {
        "read_csv": read_only,
        "warm_up": warm_up,
        "rows": stored.rows,
        "import": imported - started,
        "analysis": analysed - imported,
        "peak_mb": peak,
        "settings": settings,
        "summary": [list(row) for row in summary],
        "unrecognised": len(parsed.unrecognised),
        "sample": [found.get(n) for n in range(len(keys))],
    }


# ----------------------------------------------------------------------------- pandas


def run_pandas(table: Table, sample: list[int]) -> dict[str, Any]:
    """The same coefficients with pandas, from the same CSV file."""
    import pandas as pd

    from shisaku.stats.markers import parse_stat

    started = time.perf_counter()
    keys = ["tab_code", "cat01_code", "area_code", "time_code"]
    frame = pd.read_csv(
        table.path,
        skiprows=table.header_records,
        usecols=[*keys, "value"],
        dtype=dict.fromkeys([*keys, "value"], "category"),
        engine="c",
    )
    read = time.perf_counter()
    texts = frame["value"].cat.categories.astype(str)
    parsed = np.array([np.nan if (v := parse_stat(t)[0]) is None else v for t in texts])
    codes = frame["value"].cat.codes.to_numpy()
    value = pd.Series(np.where(codes >= 0, parsed[codes], np.nan))
    areas = frame["area_code"].cat.categories.astype(str).str.zfill(5)
    municipal = np.array([_municipality(code) for code in areas])
    in_nation = municipal[frame["area_code"].cat.codes.to_numpy()]
    classes = list(frame["cat01_code"].cat.categories.astype(str))
    is_total = frame["cat01_code"].cat.codes.to_numpy() == classes.index(TOTAL[0])
    tab, cls, area, year = (frame[k] for k in keys)
    total = value.where(is_total).groupby([tab, area, year], observed=True).transform("max")
    grouped = value.where(in_nation).groupby([tab, cls, year], observed=True)
    national = grouped.transform("sum").where(grouped.transform("count") > 0)
    nation_total = national.where(is_total).groupby([tab, year], observed=True).transform("max")
    share = value / total.where(total != 0)
    national_share = national / nation_total.where(nation_total != 0)
    coefficient = share / national_share.where(national_share != 0)
    coefficient[is_total] = np.nan
    done = time.perf_counter()
    summary = []
    measures = np.array([MEASURES[c] for c in tab.cat.categories.astype(str)])
    names = measures[tab.cat.codes.to_numpy()]
    for measure in sorted(MEASURES.values()):
        chosen = coefficient[(names == measure) & ~is_total]
        row = [len(chosen), int(chosen.count()), float(chosen.sum()), float(chosen.max())]
        summary.append([measure, *row])
    return {
        "read": read - started,
        "total": done - started,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "summary": summary,
        "sample": [None if np.isnan(c) else float(c) for c in coefficient.to_numpy()[sample]],
    }


def _municipality(code: str) -> bool:
    """:data:`shisaku.stats.areas.MUNICIPALITY_SQL` in Python."""
    from shisaku.stats.areas import DESIGNATED_CITIES

    return (
        len(code) == 5
        and code.isdigit()
        and not code.endswith("000")
        and code != "13100"
        and not (code[2] == "1" and not code.startswith("131") and code not in DESIGNATED_CITIES)
    )


# ----------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class Figures:
    """The medians of the repetitions, and the goal judged on them."""

    runs: int
    imported: float
    """Median import time (s)."""
    analysis: float
    total: float
    """Median of each run's import + analysis (s)."""
    peak_mb: int
    """The largest DuckDB peak memory of the runs."""
    pandas: float
    """Median pandas time (s)."""
    pandas_read: float
    pandas_peak_mb: int
    warm_up: float
    read_csv: float

    @property
    def ratio(self) -> float:
        """Median pandas time / median DuckDB import + analysis."""
        return self.pandas / self.total

    @property
    def time_ok(self) -> bool:
        return self.total < GOAL_SECONDS

    @property
    def memory_ok(self) -> bool:
        return self.peak_mb < GOAL_MB

    @property
    def ratio_ok(self) -> bool:
        return self.ratio >= GOAL_RATIO

    @property
    def met(self) -> bool:
        return self.time_ok and self.memory_ok and self.ratio_ok


def figures(ducks: list[dict[str, Any]], pands: list[dict[str, Any]]) -> Figures:
    """The medians (the largest peak memories) of the DuckDB and pandas runs."""
    return Figures(
        runs=len(ducks),
        imported=median(d["import"] for d in ducks),
        analysis=median(d["analysis"] for d in ducks),
        total=median(d["import"] + d["analysis"] for d in ducks),
        peak_mb=max(d["peak_mb"] for d in ducks),
        pandas=median(p["total"] for p in pands),
        pandas_read=median(p["read"] for p in pands),
        pandas_peak_mb=max(p["peak_mb"] for p in pands),
        warm_up=median(d["warm_up"] for d in ducks),
        read_csv=median(d["read_csv"] for d in ducks),
    )


def _child(engine: str, folder: Path) -> dict[str, Any]:
    """Run one engine in a new Python process (its peak memory is its own)."""
    out = folder / f"{engine}.json"
    command = [sys.executable, __file__, "--child", engine, "--folder", str(folder)]
    subprocess.run(command, check=True)
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def _load(folder: Path) -> tuple[Table, list[int]]:
    saved = json.loads((folder / "table.json").read_text())
    sample = saved.pop("sample")
    saved["areas"] = [(code, name) for code, name in saved["areas"]]
    saved["classes"] = [(code, label) for code, label in saved["classes"]]
    return Table(**saved), sample


def compare(duck: dict[str, Any], pand: dict[str, Any]) -> list[str]:
    """Disagreements between the engines' coefficients (relative 1e-9)."""
    found: list[str] = []
    for n, (d, p) in enumerate(zip(duck["sample"], pand["sample"], strict=True)):
        if (d is None) != (p is None) or (
            d is not None and p is not None and abs(d - p) > 1e-9 * max(1.0, abs(p))
        ):
            found.append(f"sample {n}: duckdb {d!r}, pandas {p!r}")
    for d_row, p_row in zip(duck["summary"], pand["summary"], strict=True):
        same = d_row[:3] == p_row[:3] and all(
            abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a, b in zip(d_row[3:], p_row[3:], strict=True)
        )
        if not same:
            found.append(f"summary: duckdb {d_row}, pandas {p_row}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="60 areas x 40 classes: seconds")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the 1,741 areas")
    parser.add_argument("--industries", type=int, default=INDUSTRIES)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--sample", type=int, default=SAMPLE, help="coefficients compared")
    parser.add_argument(
        "--repeat",
        type=int,
        help=f"runs of each engine, interleaved; medians judged (default {REPEAT}, 1 with --quick)",
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--child", choices=["duckdb", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        table, sample = _load(args.folder)
        if args.child == "duckdb":
            result = run_duckdb(table, args.folder / "stats.duckdb", sample)
        else:
            result = run_pandas(table, sample)
        (args.folder / f"{args.child}.json").write_text(json.dumps(result))
        return 0
    if args.repeat is None:
        args.repeat = 1 if args.quick else REPEAT
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    areas = 60 if args.quick else max(2, round(AREAS * args.scale))
    industries = 40 if args.quick else args.industries
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return _run(args.keep, areas, industries, args)
    with tempfile.TemporaryDirectory(prefix="shisaku-bench-") as folder:
        return _run(Path(folder), areas, industries, args)


def _fresh_store(folder: Path) -> None:
    for stale in ("stats.duckdb", "stats.duckdb.wal"):
        (folder / stale).unlink(missing_ok=True)


def _run(folder: Path, areas: int, industries: int, args: argparse.Namespace) -> int:
    import pandas as pd

    _fresh_store(folder)
    print(f"shisaku statistics benchmark, {date.today().isoformat()}")
    print(
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, pandas "
        f"{pd.__version__}, numpy {np.__version__}; {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPU(s); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    table = generate(folder, areas, industries, args.seed)
    print(
        f"table: {len(table.areas):,} areas x {industries} classes + total x {len(YEARS)} "
        f"surveys x {len(TABS)} measures = {table.rows:,} rows, {table.bytes / 1e9:.2f} GB "
        f"(e-Stat API CSV, header block; generated in {table.generated_seconds:.1f} s, not timed)",
        flush=True,
    )
    sample = sample_rows(table, args.sample, args.seed + 1)
    (folder / "table.json").write_text(json.dumps({**asdict(table), "sample": sample}))
    ducks: list[dict[str, Any]] = []
    pands: list[dict[str, Any]] = []
    ratios: list[float] = []
    problems: list[str] = []
    for n in range(1, args.repeat + 1):  # alternately, each run in a new process
        _fresh_store(folder)
        duck = _child("duckdb", folder)
        pand = _child("pandas", folder)
        ducks.append(duck)
        pands.append(pand)
        problems += [f"run {n}: {line}" for line in compare(duck, pand)]
        total = duck["import"] + duck["analysis"]
        ratios.append(pand["total"] / total)
        print(
            f"run {n}/{args.repeat}: duckdb import {duck['import']:.2f} s + analysis "
            f"{duck['analysis']:.2f} s = {total:.2f} s, peak {duck['peak_mb']:,} MB; pandas "
            f"{pand['total']:.2f} s (read_csv {pand['read']:.2f} s), peak "
            f"{pand['peak_mb']:,} MB; ratio {ratios[-1]:.2f}x",
            flush=True,
        )
    duck = ducks[-1]
    got = figures(ducks, pands)
    of = f"median of {got.runs} runs" if got.runs > 1 else "one run"
    largest = ", the largest of the runs" if got.runs > 1 else ""
    settings = ", ".join(f"{k}={v}" for k, v in sorted(duck["settings"].items()))
    print(
        f"duckdb import (bulk_import into a new store file), {of}: {got.imported:.2f} s, "
        f"{duck['rows'] / got.imported:,.0f} rows/s ({duck['rows']:,} rows; "
        f"{duck['unrecognised']} items reported as unrecognised)"
    )
    print(
        f"duckdb analysis (coefficients for every measure x area x class x survey, "
        f"aggregated in DuckDB), {of}: {got.analysis:.2f} s"
    )
    print(
        f"duckdb import + analysis, {of}: {got.total:.2f} s, {duck['rows'] / got.total:,.0f} "
        f"rows/s; peak memory (ru_maxrss{largest}) {got.peak_mb:,} MB; "
        f"settings: {settings} (defaults)"
    )
    print(
        f"  not timed above ({of}): the scanner's warm-up (numba compiles it, or reads its "
        f"cache, once per process; a 120-row import): {got.warm_up:.2f} s; DuckDB's read_csv of "
        f"the file alone (count(*), the first step of the SQL path): {got.read_csv:.2f} s"
    )
    print(
        f"pandas (read_csv + values + coefficients), {of}: {got.pandas:.2f} s (read_csv "
        f"{got.pandas_read:.2f} s); peak memory (ru_maxrss{largest}) "
        f"{got.pandas_peak_mb:,} MB"
    )
    each = ", ".join(f"{ratio:.2f}x" for ratio in ratios)
    print(
        f"ratio pandas / duckdb: {got.ratio:.2f}x"
        + (f" (of the medians; each run's: {each})" if got.runs > 1 else "")
    )
    for measure, rows, found, summed, maximum in duck["summary"]:
        print(
            f"  {measure}: {rows:,} coefficients ({found:,} with a value), "
            f"sum {summed:,.3f}, largest {maximum:,.3f}"
        )
    if problems:
        print(f"agreement: {len(problems)} DISAGREEMENTS, e.g.")
        for line in problems[:10]:
            print(f"  {line}")
    else:
        print(
            f"agreement{' (every run)' if got.runs > 1 else ''}: the {len(sample):,} sampled "
            "coefficients and the per-measure count, sum and maximum are equal (relative 1e-9)"
        )
    print(
        f"goal ({of}: import + analysis < {GOAL_SECONDS:.0f} s, < {GOAL_MB:,} MB, >= "
        f"{GOAL_RATIO:.0f}x pandas): {'met' if got.met else 'NOT met'} "
        f"(time {'ok' if got.time_ok else 'over'}, memory "
        f"{'ok' if got.memory_ok else 'over'}, ratio {'ok' if got.ratio_ok else 'under'})"
    )
    full = (areas, industries) == (AREAS, INDUSTRIES)
    return 1 if problems or (full and not got.met) else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
