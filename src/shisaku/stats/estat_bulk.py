"""Import a large e-Stat CSV into the statistics store with DuckDB doing the per-row work.

:func:`bulk_import` stores what :func:`~shisaku.stats.estat.read_estat` followed by
:func:`~shisaku.stats.store.store` stores — the same ``observations`` rows and the same
``datasets`` row (file name, SHA-256, title, survey, source …) — without making a Python object
per row. DuckDB's ``read_csv`` reads the data part of the file (from
:attr:`~shisaku.stats.estat_layout.EstatLayout.header_record`); one ``INSERT … SELECT`` in the
store's transaction turns each row into an observation:

* values and markers: :mod:`shisaku.stats.estat_bulk_sql` (the rules of
  :func:`~shisaku.stats.markers.parse_stat` in SQL);
* everything else — measure, unit and scope (from the 表章項目 and unit cells), year (時間軸),
  area code and name, industry and the ``dims`` text (classifications, annotation) — from
  lookup tables that the Python reader's own functions fill, once per distinct cell tuple of
  each item (:mod:`shisaku.stats.estat_bulk_keys`); SQL joins them to every row
  (:mod:`shisaku.stats.estat_bulk_query`). For a large file the distinct cells are found in a
  sample of it (:func:`~shisaku.stats.estat_bulk_find.sample_keys`); a row whose cells are not
  in the sample stops the insert, and a second pass finds them in every row.

Long forms only (the API's CSV and the site's long-form download): a cross-tab file, or one that
DuckDB cannot read as CSV (ragged rows, invalid text), is read by the Python reader instead and
stored with :func:`~shisaku.stats.store.store`, so its problems are the Python reader's. CP932
files are first copied to UTF-8 (DuckDB reads UTF-8 only). A value that is neither a number nor
a marker, or a time code without a year, stores nothing: the rows are found again and reported
as the Python reader reports them (``bad-value``, with line and column; at most
:data:`~shisaku.stats.estat_rows.MAX_PROBLEMS`, then ``more-problems``).

Differences from the Python path: ``Parsed.observations`` stays empty (the rows are in the store,
``Stored.rows`` counts them), and ``unrecognised`` is empty when the file was imported before.
While the insert runs, DuckDB's ``disabled_optimizers`` setting also holds ``join_order`` and
``build_side_probe_side`` (see :func:`~shisaku.stats.estat_bulk_query.as_written`).
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb

from shisaku.domain.problems import Problem
from shisaku.stats import estat_rows
from shisaku.stats.estat import file_sha256, read_estat, sniff_estat
from shisaku.stats.estat_bulk_fast import Refused, import_scanned
from shisaku.stats.estat_bulk_find import (
    all_keys,
    bad_rows,
    first_rows,
    notes,
    prune,
    sample_keys,
    transcode,
)
from shisaku.stats.estat_bulk_keys import Key, lookups
from shisaku.stats.estat_bulk_query import BAD_TIME, UNKNOWN_KEY, Plan, as_written, read_csv_sql
from shisaku.stats.estat_bulk_sql import BAD_VALUE
from shisaku.stats.estat_layout import EstatLayout
from shisaku.stats.estat_meta import dataset_of
from shisaku.stats.estat_rows import EstatRows
from shisaku.stats.records import Dataset, Parsed
from shisaku.stats.store import (
    SEPARATOR,
    Stored,
    already_imported,
    next_ids,
    replacing,
    store,
)
from shisaku.stats.store_append import insert_rows

__all__ = ["BULK_MIN_BYTES", "bulk_import", "unsupported"]

SCAN = True
"""Try the compiled scanner (:mod:`shisaku.stats.estat_bulk_fast`) first for a UTF-8 file;
else (and when it cannot read the file) DuckDB's ``read_csv`` and SQL."""

BULK_MIN_BYTES = 16 << 20
"""Files from this size up are imported with :func:`bulk_import` by
:func:`shisaku.stats.importer.import_file`."""


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


def bulk_import(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    layout: EstatLayout | None = None,
    now: datetime | None = None,
    sample: bool = True,
) -> tuple[Parsed, Stored | None]:
    """Read and store the e-Stat CSV at ``path``, all or nothing, like
    :func:`~shisaku.stats.importer.import_file`: ``(parsed, stored)``, where ``parsed`` has
    the dataset, problems and unrecognised items but no observations (they are in the store);
    with problems nothing is stored and ``stored`` is None.

    ``sample``: for a large file, find the distinct items from a sample of it; every row is
    checked against them, and a row outside the sample makes a second pass that finds them
    from every row."""
    layout = layout or sniff_estat(path)
    if not layout.ok:
        return Parsed(None, problems=list(layout.problems)), None
    if unsupported(layout) is not None:
        return _python(connection, path, now)
    if SCAN and layout.encoding in ("utf-8", "utf-8-sig"):
        scanned = import_scanned(connection, path, layout, now)
        if isinstance(scanned, Refused):
            problems = _refused(connection, path, path, layout, scanned.dataset)
            return Parsed(None, problems=problems), None
        if scanned is not None:
            return scanned
    with (
        tempfile.TemporaryDirectory(prefix="shisaku-bulk-") as folder,
        ThreadPoolExecutor(1) as pool,
    ):
        digest = pool.submit(file_sha256, path)  # hashlib lets go of the GIL: hashed meanwhile
        source = transcode(path, layout, Path(folder))
        keys = sample_keys(source, layout) if sample and source is not None else None
        dataset = replace(dataset_of(layout, path), sha256=digest.result())
        existing = already_imported(connection, dataset.sha256)
        if existing is not None:
            return Parsed(dataset), Stored(existing, dataset.table_id, 0, 0, True)
        if source is None:
            return _python(connection, path, now)
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
                    problems = _refused(connection, path, source, layout, dataset)
                    return Parsed(None, problems=problems), None
                break
    return _python(connection, path, now)


def _python(
    connection: duckdb.DuckDBPyConnection, path: Path, now: datetime | None
) -> tuple[Parsed, Stored | None]:
    """The Python reader and :func:`~shisaku.stats.store.store`, for what DuckDB cannot do."""
    parsed = read_estat(path)
    if parsed.problems or parsed.dataset is None:
        return parsed, None
    return parsed, store(connection, parsed.dataset, parsed.observations, now)


def _plan(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    layout: EstatLayout,
    dataset: Dataset,
    keys: list[set[Key]],
) -> tuple[Plan, EstatRows]:
    rows = EstatRows(layout, path, dataset)
    plan = Plan(connection, layout, next_ids(connection))
    try:
        for table in lookups(layout, dataset, rows.templates.year or 0, keys, SEPARATOR):
            plan.add(table)
    except BaseException:
        plan.close()
        raise
    return plan, rows


def _import(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    source: Path,
    layout: EstatLayout,
    dataset: Dataset,
    keys: list[set[Key]],
    now: datetime | None,
) -> tuple[Parsed, Stored | None]:
    plan, rows = _plan(connection, path, layout, dataset, keys)
    try:
        # as_written outside the transaction: a failed insert aborts it, and its setting is
        # put back only after the rollback
        with as_written(connection), replacing(connection, dataset, 0, now) as new:
            dataset_id = new.dataset_id
            for table, columns, key_rows in plan.key_rows(dataset_id, dataset.survey):
                insert_rows(connection, table, columns, key_rows)
            params = {"path": str(source)}
            (count,) = connection.execute(plan.insert_sql(), params).fetchall()[0]
            connection.execute(
                "UPDATE datasets SET rows = ? WHERE dataset_id = ?", [count, dataset_id]
            )
            used = first_rows(connection, plan)
            prune(connection, dataset_id, used)
            found = notes(plan, used)
    finally:
        plan.close()
    unrecognised = [*rows.unrecognised, *found]
    stored = Stored(dataset_id, dataset.table_id, int(count), new.replaced, False)
    return Parsed(dataset, unrecognised=unrecognised), stored


def _refused(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    source: Path,
    layout: EstatLayout,
    dataset: Dataset,
) -> list[Problem]:
    """The problems of the rows the insert refused, as the Python reader words them."""
    keys = all_keys(connection, source, layout, read_csv_sql(layout))
    plan, _ = _plan(connection, path, layout, dataset, keys)
    try:
        with as_written(connection):
            return bad_rows(
                connection,
                path,
                layout,
                dataset,
                plan.refused_sql(),
                source,
                estat_rows.MAX_PROBLEMS,
            )
    finally:
        plan.close()
