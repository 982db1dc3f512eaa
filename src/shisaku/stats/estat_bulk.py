"""Import a large e-Stat CSV into the statistics store with DuckDB doing the per-row work.

:func:`bulk_import` stores what :func:`~shisaku.stats.estat.read_estat` followed by
:func:`~shisaku.stats.store.store` stores — the same ``observations`` rows and the same
``datasets`` row (file name, SHA-256, title, survey, source …) — without making a Python object
per row. DuckDB's ``read_csv`` reads the data part of the file (from
:attr:`~shisaku.stats.estat_layout.EstatLayout.header_record`); one ``INSERT … SELECT`` in the
store's transaction turns each row into an observation:

* values and markers: :mod:`shisaku.stats.estat_bulk_sql` (the rules of
  :func:`~shisaku.stats.markers.parse_stat` in SQL);
* area code and name: the cells, stripped; unit: the cell, else the 表章項目's 【…】;
* measure, year, industry and the ``dims`` text: lookup tables made in Python from the distinct
  cells of each item (:mod:`shisaku.stats.estat_bulk_keys`), joined to every row.

Long forms only (the API's CSV and the site's long-form download): a cross-tab file, or one that
DuckDB cannot read as CSV (ragged rows, invalid text), is read by the Python reader instead and
stored with :func:`~shisaku.stats.store.store`, so its problems are the Python reader's. CP932
files are first copied to UTF-8 (DuckDB reads UTF-8 only). A value that is neither a number nor
a marker, or a time code without a year, stores nothing: the rows are found again and reported
as the Python reader reports them (``bad-value``, with line and column; at most
:data:`~shisaku.stats.estat_rows.MAX_PROBLEMS`, then ``more-problems``).

Differences from the Python path: ``Parsed.observations`` stays empty (the rows are in the store,
``Stored.rows`` counts them); a failed bulk attempt (bad values) uses up a ``dataset_id``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from shisaku.domain.problems import Problem
from shisaku.stats import estat_rows
from shisaku.stats.estat import read_estat, sniff_estat
from shisaku.stats.estat_bulk_find import (
    all_keys,
    bad_rows,
    notes,
    sample_keys,
    sha256,
    transcode,
)
from shisaku.stats.estat_bulk_keys import Key, Lookup, lookups
from shisaku.stats.estat_bulk_sql import (
    BAD_VALUE,
    marker_sql,
    quote,
    stripped_sql,
    valid_sql,
    value_sql,
)
from shisaku.stats.estat_layout import EstatLayout
from shisaku.stats.estat_meta import dataset_of
from shisaku.stats.estat_rows import EstatRows
from shisaku.stats.records import Dataset, Parsed
from shisaku.stats.store import SEPARATOR, Stored, already_imported, store, transaction

__all__ = ["BULK_MIN_BYTES", "bulk_import", "read_csv_sql", "unsupported"]

BULK_MIN_BYTES = 16 << 20
"""Files from this size up are imported with :func:`bulk_import` by
:func:`shisaku.stats.importer.import_file`."""

UNKNOWN_KEY = "shisaku-bulk: unknown-key"
BAD_TIME = "shisaku-bulk: bad-time"


def unsupported(layout: EstatLayout) -> str | None:
    """Why :func:`bulk_import` reads ``layout``'s file with the Python reader, or None."""
    if not layout.ok:
        return "not a readable e-Stat CSV"
    if layout.value_column is None or layout.spread or layout.kind not in ("api", "site"):
        return "cross-tab layout"
    if sum(axis.industry for axis in layout.classifications) > 1:
        return "more than one industry classification"
    keys = [k for a in layout.classifications for k in (a.key, f"{a.key}_code")]
    if layout.annotation_column is not None:
        keys.append("annotation")
    if len(set(keys)) != len(keys):
        return "classification names that collide in dims"
    return None


def read_csv_sql(layout: EstatLayout) -> str:
    """DuckDB's ``read_csv`` of the data part of ``$path`` (columns ``c0``, ``c1`` …)."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(layout.columns)))
    return (
        f"read_csv($path, skip={layout.header_record}, header=true, delim=',', quote='\"',"
        f" escape='\"', auto_detect=false, columns={{{columns}}})"
    )


def bulk_import(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    layout: EstatLayout | None = None,
    now: datetime | None = None,
    sample: bool = True,
) -> tuple[Parsed, Stored | None]:
    """Read and store the e-Stat CSV at ``path``, all or nothing, like
    :func:`~shisaku.stats.importer.import_file`: ``(parsed, stored)``, where ``parsed`` has
    the dataset, problems and unrecognised items but no observations; with problems nothing
    is stored and ``stored`` is None.

    ``sample``: for a large file, find the distinct items from a sample of it; every row is
    checked against them, and a row outside the sample makes a second pass that finds them
    from every row."""
    layout = layout or sniff_estat(path)
    if not layout.ok:
        return Parsed(None, problems=list(layout.problems)), None
    if unsupported(layout) is not None:
        return _python(connection, path, now)
    dataset = replace(dataset_of(layout, path), sha256=sha256(path))
    existing = already_imported(connection, dataset.sha256)
    if existing is not None:
        return Parsed(dataset), Stored(existing, dataset.table_id, 0, 0, True)
    with tempfile.TemporaryDirectory(prefix="shisaku-bulk-") as folder:
        source = transcode(path, layout, Path(folder))
        if source is None:
            return _python(connection, path, now)
        keys = sample_keys(source, layout) if sample else None
        for attempt in range(2):
            try:
                if keys is None:
                    keys = all_keys(connection, source, layout, read_csv_sql(layout))
                return _import(connection, path, source, layout, dataset, keys, now)
            except duckdb.Error as error:
                message = str(error)
                if UNKNOWN_KEY in message and attempt == 0:
                    keys = None
                    continue
                if BAD_VALUE in message or BAD_TIME in message:
                    problems = _problems(connection, path, source, layout, dataset)
                    return Parsed(None, problems=problems), None
                break
    return _python(connection, path, now)


@contextmanager
def as_written(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Joins in the order written, each lookup the build side: DuckDB's estimate of a
    ``read_csv`` without auto-detection is a few dozen rows, so it would build its hash table
    on the file's rows instead (for 17 million rows: gigabytes of memory)."""
    (before,) = connection.execute("SELECT current_setting('disabled_optimizers')").fetchone() or (
        "",
    )
    wanted = {*filter(None, str(before).split(",")), "join_order", "build_side_probe_side"}
    connection.execute(f"SET disabled_optimizers = {quote(','.join(sorted(wanted)))}")
    try:
        yield
    finally:
        connection.execute(f"SET disabled_optimizers = {quote(str(before))}")


def _python(
    connection: duckdb.DuckDBPyConnection, path: Path, now: datetime | None
) -> tuple[Parsed, Stored | None]:
    parsed = read_estat(path)
    if parsed.problems or parsed.dataset is None:
        return parsed, None
    return parsed, store(connection, parsed.dataset, parsed.observations, now)


def _import(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    source: Path,
    layout: EstatLayout,
    dataset: Dataset,
    keys: list[set[Key]],
    now: datetime | None,
) -> tuple[Parsed, Stored | None]:
    rows = EstatRows(layout, path, dataset)
    tables = lookups(layout, dataset, rows.templates.year or 0, keys, SEPARATOR)
    names = _register(connection, tables)
    try:
        with transaction(connection):
            replaced = connection.execute(
                "UPDATE datasets SET active = false WHERE table_id = ? AND active"
                " RETURNING dataset_id",
                [dataset.table_id],
            ).fetchall()
            dataset_id = _dataset_row(connection, dataset, now)
            sql = _insert_sql(layout, tables, names)
            params = {"path": str(source), "id": dataset_id, "survey": dataset.survey}
            with as_written(connection):
                count = connection.execute(sql, params).fetchall()[0][0]
            connection.execute(
                "UPDATE datasets SET rows = ? WHERE dataset_id = ?", [count, dataset_id]
            )
    finally:
        for name in names.values():
            connection.execute(f"DROP TABLE IF EXISTS {name}")
    unrecognised = [*rows.unrecognised, *notes(connection, dataset_id, layout, tables)]
    stored = Stored(dataset_id, dataset.table_id, int(count), len(replaced), False)
    return Parsed(dataset, unrecognised=unrecognised), stored


def _dataset_row(
    connection: duckdb.DuckDBPyConnection, dataset: Dataset, now: datetime | None
) -> int:
    row = connection.execute(
        """INSERT INTO datasets (table_id, title, format, survey, status, source, published,
                                 file_name, sha256, imported_at, rows, active)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, true) RETURNING dataset_id""",
        [
            dataset.table_id,
            dataset.title,
            dataset.format,
            dataset.survey,
            dataset.status,
            dataset.source,
            dataset.published,
            dataset.file_name,
            dataset.sha256,
            (now or datetime.now(UTC)).replace(tzinfo=None),
        ],
    ).fetchone()
    assert row is not None
    return int(row[0])


def _register(connection: duckdb.DuckDBPyConnection, tables: list[Lookup]) -> dict[str, str]:
    """Each lookup with a key as a temporary table (key columns ``k0`` …); its name."""
    names: dict[str, str] = {}
    for table in tables:
        if not table.columns:
            continue
        name = f"shisaku_bulk_{table.name}"
        keys = [f"k{i} VARCHAR" for i in range(len(table.columns))]
        outputs = [f"{column} {kind}" for column, kind in table.outputs]
        connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({', '.join(keys + outputs)})")
        if table.rows:
            marks = ", ".join("?" * len(table.rows[0]))
            connection.executemany(f"INSERT INTO {name} VALUES ({marks})", table.rows)
        names[table.name] = name
    return names


def _output(table: Lookup, column: str, names: dict[str, str]) -> str:
    """An output column of a lookup: joined, or a constant for a lookup without key."""
    if table.columns:
        return f"{table.name}.{column}"
    (row,) = table.rows
    index = [name for name, _ in table.outputs].index(column)
    value = row[index]
    kind = dict(table.outputs)[column]
    return "NULL" if value is None else f"{quote(str(value))}::{kind}"


def _insert_sql(layout: EstatLayout, tables: list[Lookup], names: dict[str, str]) -> str:
    tab, time, *classes = tables
    joins = "".join(
        f"\n LEFT JOIN {names[t.name]} {t.name} ON "
        + " AND ".join(f"{t.name}.k{i} = coalesce(r.c{c}, '')" for i, c in enumerate(t.columns))
        for t in tables
        if t.columns
    )
    missing = " OR ".join(f"{t.name}.k0 IS NULL" for t in tables if t.columns) or "false"
    year = _output(time, "year", names)
    area = layout.axis("area")
    code = stripped_sql(f"r.c{area.code_column}") if area and area.code_column is not None else ""
    name = stripped_sql(f"r.c{area.name_column}") if area and area.name_column is not None else ""
    code, name = code or "''", name or code or "''"
    value = f"r.c{layout.value_column}"
    o = {t.name: t for t in tables}
    selected = [
        "$id",
        _output(tab, "measure", names),
        _output(tab, "measure_name", names),
        code,
        name,
        _industry(classes, names),
        _dims(layout, classes, names),
        f"""CASE WHEN {missing} THEN error({quote(UNKNOWN_KEY)})::INTEGER
            WHEN {year} IS NULL THEN error({quote(BAD_TIME)})::INTEGER ELSE {year} END""",
        value_sql(value),
        marker_sql(value),
        _output(o["tab"], "unit", names),
        "$survey",
        _output(tab, "scope", names),
    ]
    return f"""INSERT INTO observations (dataset_id, measure, measure_name, area_code,
        area_name, industry, dims, year, value, marker, unit, survey, scope)
    SELECT {", ".join(selected)}
    FROM {read_csv_sql(layout)} r{joins}"""


def _industry(classes: list[Lookup], names: dict[str, str]) -> str:
    parts = [_output(t, "industry", names) for t in classes]
    return f"coalesce({', '.join(parts)})" if parts else "NULL"


def _dims(layout: EstatLayout, classes: list[Lookup], names: dict[str, str]) -> str:
    """The ``dims`` text: the classifications' pairs and the annotation, sorted by key."""
    pairs: list[tuple[str, str]] = []
    for axis, table in zip(layout.classifications, classes, strict=True):
        pairs.append((axis.key, _output(table, "labelled", names)))
        pairs.append((f"{axis.key}_code", _output(table, "coded", names)))
    note = ""
    if layout.annotation_column is not None:
        note = stripped_sql(f"r.c{layout.annotation_column}")
        pairs.append(("annotation", f"CASE WHEN {note} <> '' THEN 'annotation=' || {note} END"))
    pairs.sort()
    general = f"concat_ws({quote(SEPARATOR)}, {', '.join(e for _, e in pairs)})" if pairs else "''"
    if len(classes) != 1:
        return general
    # One classification: its pairs are joined already; the annotation is rarely there.
    joined = _output(classes[0], "pairs", names)
    if layout.annotation_column is None:
        return joined
    return f"CASE WHEN r.c{layout.annotation_column} IS NULL THEN {joined} ELSE {general} END"


def _problems(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    source: Path,
    layout: EstatLayout,
    dataset: Dataset,
) -> list[Problem]:
    """The problems of the rows the insert refused, as the Python reader words them."""
    keys = all_keys(connection, source, layout, read_csv_sql(layout))
    rows = EstatRows(layout, path, dataset)
    tables = lookups(layout, dataset, rows.templates.year or 0, keys, SEPARATOR)
    names = _register(connection, tables)
    time = tables[1]
    join = "".join(
        f" AND {time.name}.k{i} = coalesce(r.c{c}, '')" for i, c in enumerate(time.columns)
    )
    joined = f"LEFT JOIN {names[time.name]} {time.name} ON true{join}" if time.columns else ""
    year = _output(time, "year", names)
    bad = f"{year} IS NULL OR NOT {valid_sql(f'r.c{layout.value_column}')}"
    query = f"""SELECT rn, count(*) OVER () AS total FROM (
            SELECT row_number() OVER () AS rn, {bad} AS bad
            FROM {read_csv_sql(layout)} r {joined})
        WHERE bad ORDER BY rn LIMIT $limit"""
    try:
        return bad_rows(connection, path, layout, dataset, query, source, estat_rows.MAX_PROBLEMS)
    finally:
        for name in names.values():
            connection.execute(f"DROP TABLE IF EXISTS {name}")
