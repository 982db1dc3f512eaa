"""The statistics store: a DuckDB file with every imported table and its provenance.

Tables (ADR 0005: narrow observations, their text in small key tables):

- ``datasets``: one row per imported file (table id, title, format, survey, status, source,
  file name and SHA-256, when, how many rows, whether it is the active copy of its table).
- ``items``: what is measured in one survey year of one dataset (measure, its name as
  published, unit, survey, scope, year); ``places``: each area of a dataset (code, name);
  ``classes``: each classification cell of a dataset (industry, ``dims``).
- ``observations``: one row per number or marker: an item, a place and a class (integer ids,
  unique in the store), the value and the marker's number (``markers``:
  :mod:`shisaku.stats.store_markers`). Re-importing a table (a corrected edition)
  makes the new copy active; the old rows stay, inactive: nothing is lost.
- ``obs``: a view of the active observations with their text, which every analysis reads.

Dimensions are stored as text ``key=value`` pairs joined by U+001F, sorted by key, so a filter
on one dimension is a list search and needs no extension.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from shisaku.stats.records import Dataset, Observation
from shisaku.stats.store_markers import marker_ids

SEPARATOR = "\x1f"
DEFAULT_PATH = Path("shisaku-stats.duckdb")

SCHEMA = """
CREATE SEQUENCE IF NOT EXISTS dataset_ids START 1;
CREATE TABLE IF NOT EXISTS datasets (
    dataset_id INTEGER PRIMARY KEY DEFAULT nextval('dataset_ids'),
    table_id VARCHAR NOT NULL,
    title VARCHAR,
    format VARCHAR NOT NULL,
    survey VARCHAR,
    status VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    published VARCHAR,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    rows BIGINT NOT NULL,
    active BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
    item_id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL,
    measure VARCHAR NOT NULL,
    measure_name VARCHAR,
    unit VARCHAR,
    survey VARCHAR,
    scope VARCHAR,
    year INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS places (
    place_id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL,
    area_code VARCHAR NOT NULL,
    area_name VARCHAR
);
CREATE TABLE IF NOT EXISTS classes (
    class_id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL,
    industry VARCHAR,
    dims VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS markers (
    marker_id SMALLINT PRIMARY KEY,
    marker VARCHAR NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS observations (
    item_id INTEGER NOT NULL,
    place_id INTEGER NOT NULL,
    class_id INTEGER NOT NULL,
    value DOUBLE,
    marker_id SMALLINT
);
CREATE OR REPLACE VIEW obs AS
    SELECT i.dataset_id, i.measure, i.measure_name, p.area_code, p.area_name, c.industry,
           c.dims, i.year, o.value, m.marker, i.unit, i.survey, i.scope,
           d.table_id, d.status, d.source
    FROM observations o
    JOIN items i USING (item_id)
    JOIN places p USING (place_id)
    JOIN classes c USING (class_id)
    JOIN datasets d ON d.dataset_id = i.dataset_id
    LEFT JOIN markers m ON m.marker_id = o.marker_id
    WHERE d.active;
"""

KEY_TABLES = (("items", "item_id"), ("places", "place_id"), ("classes", "class_id"))
"""The key tables and their id columns: ids are unique in the store (:func:`next_ids`)."""


def dims_text(dims: Sequence[tuple[str, str]]) -> str:
    """The stored form of dimensions.

    >>> dims_text([("男女", "男"), ("age", "15-64")]) == "age=15-64" + SEPARATOR + "男女=男"
    True
    """
    return SEPARATOR.join(f"{k}={v}" for k, v in sorted(dims))


def dims_dict(text: str) -> dict[str, str]:
    """Dimensions back from their stored form."""
    if not text:
        return {}
    return dict(part.split("=", 1) for part in text.split(SEPARATOR))


def connect(path: Path | str | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the statistics store; ``:memory:`` for a throwaway one."""
    target = str(path if path is not None else DEFAULT_PATH)
    connection = duckdb.connect(target, read_only=read_only)
    if not read_only:
        from shisaku.stats.store_migrate import migrate

        migrate(connection)
        connection.execute(SCHEMA)
        marker_ids(connection)
    return connection


@contextmanager
def transaction(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    connection.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


@dataclass(frozen=True)
class Stored:
    """What an import did."""

    dataset_id: int | None
    table_id: str
    rows: int
    replaced: int
    unchanged: bool


def already_imported(connection: duckdb.DuckDBPyConnection, sha256: str) -> int | None:
    row = connection.execute(
        "SELECT dataset_id FROM datasets WHERE sha256 = ? AND active", [sha256]
    ).fetchone()
    return int(row[0]) if row else None


def store(
    connection: duckdb.DuckDBPyConnection,
    dataset: Dataset,
    observations: Sequence[Observation],
    now: datetime | None = None,
) -> Stored:
    """Store one table, all or nothing. The same file again changes nothing."""
    existing = already_imported(connection, dataset.sha256) if dataset.sha256 else None
    if existing is not None:
        return Stored(existing, dataset.table_id, 0, 0, True)
    with transaction(connection):
        replaced = deactivate(connection, dataset.table_id)
        dataset_id = insert_dataset(connection, dataset, len(observations), now)
        from shisaku.stats.store_append import append

        append(connection, dataset_id, observations)
    return Stored(dataset_id, dataset.table_id, len(observations), replaced, False)


def deactivate(connection: duckdb.DuckDBPyConnection, table_id: str) -> int:
    """Mark the active datasets of ``table_id`` replaced (inside the caller's transaction,
    before the new one is written); returns how many there were."""
    return len(
        connection.execute(
            "UPDATE datasets SET active = false WHERE table_id = ? AND active RETURNING dataset_id",
            [table_id],
        ).fetchall()
    )


def insert_dataset(
    connection: duckdb.DuckDBPyConnection,
    dataset: Dataset,
    rows: int,
    now: datetime | None,
    dataset_id: int | None = None,
) -> int:
    """Add the active ``datasets`` row of an import (``dataset_id``: the sequence's next)."""
    values = [
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
        rows,
    ]
    columns = (
        "table_id, title, format, survey, status, source, published, file_name, sha256, "
        "imported_at, rows, active"
    )
    if dataset_id is not None:
        columns = "dataset_id, " + columns
        values.insert(0, dataset_id)
    marks = ", ".join("?" for _ in values)
    row = connection.execute(
        f"INSERT INTO datasets ({columns}) VALUES ({marks}, true) RETURNING dataset_id", values
    ).fetchone()
    assert row is not None
    return int(row[0])


def reserve_dataset_id(connection: duckdb.DuckDBPyConnection) -> int:
    """The id ``nextval('dataset_ids')`` will give, without taking it: DuckDB does not give
    back a value taken in a transaction that is rolled back, and an import that stops must
    leave the ids as they were (:func:`take_dataset_id` takes it once the rows are in)."""
    found = connection.execute(
        "SELECT start_value, increment_by, last_value FROM duckdb_sequences()"
        " WHERE sequence_name = 'dataset_ids' AND database_name = current_database()"
        " AND schema_name = current_schema()"
    ).fetchall()
    ((start, step, last),) = found
    return int(start if last is None else last + step)


def take_dataset_id(connection: duckdb.DuckDBPyConnection, dataset_id: int) -> None:
    """Advance the sequence past ``dataset_id`` (the import is in)."""
    ((taken,),) = connection.execute("SELECT nextval('dataset_ids')").fetchall()
    if int(taken) != dataset_id:
        raise RuntimeError(f"dataset id {dataset_id} was taken by another import meanwhile")


@dataclass(frozen=True)
class Replacing:
    """The import under way in :func:`replacing`."""

    dataset_id: int
    replaced: int
    """How many active copies of the table it replaces."""


@contextmanager
def replacing(
    connection: duckdb.DuckDBPyConnection, dataset: Dataset, rows: int, now: datetime | None
) -> Iterator[Replacing]:
    """One transaction for a bulk import: the table's active copies marked replaced, the
    ``datasets`` row added under the id the sequence will give (:func:`reserve_dataset_id`),
    then — once the caller's rows are in — that id taken (:func:`take_dataset_id`)."""
    with transaction(connection):
        replaced = deactivate(connection, dataset.table_id)
        reserved = reserve_dataset_id(connection)
        dataset_id = insert_dataset(connection, dataset, rows, now, reserved)
        yield Replacing(dataset_id, replaced)
        take_dataset_id(connection, dataset_id)


def next_ids(connection: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The first free id of each key table (``items``, ``places``, ``classes``)."""
    found: dict[str, int] = {}
    for table, column in KEY_TABLES:
        ((first,),) = connection.execute(
            f"SELECT coalesce(max({column}), 0) + 1 FROM {table}"
        ).fetchall()
        found[table] = int(first)
    return found


def datasets(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every imported table (active or not), newest first."""
    cursor = connection.execute("SELECT * FROM datasets ORDER BY dataset_id DESC")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
