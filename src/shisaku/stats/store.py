"""The statistics store: a DuckDB file with every imported table and its provenance.

Tables:

- ``datasets``: one row per imported file (table id, title, format, survey, status, source,
  file name and SHA-256, when, how many rows, whether it is the active copy of its table).
- ``observations``: one row per number or marker, with its dataset. Re-importing a table
  (a corrected edition) makes the new copy active; the old rows stay, inactive: nothing is lost.
- ``obs``: a view of the active observations, which every analysis reads.

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
import numpy as np

from shisaku.stats.records import Dataset, Observation

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
CREATE TABLE IF NOT EXISTS observations (
    dataset_id INTEGER NOT NULL,
    measure VARCHAR NOT NULL,
    measure_name VARCHAR,
    area_code VARCHAR NOT NULL,
    area_name VARCHAR,
    industry VARCHAR,
    dims VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    value DOUBLE,
    marker VARCHAR,
    unit VARCHAR,
    survey VARCHAR,
    scope VARCHAR
);
CREATE OR REPLACE VIEW obs AS
    SELECT o.*, d.table_id, d.status, d.source
    FROM observations o JOIN datasets d USING (dataset_id)
    WHERE d.active;
"""

COLUMNS = (
    "measure",
    "measure_name",
    "area_code",
    "area_name",
    "industry",
    "dims",
    "year",
    "value",
    "marker",
    "unit",
    "survey",
    "scope",
)


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
        connection.execute(SCHEMA)
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
        replaced = connection.execute(
            "UPDATE datasets SET active = false WHERE table_id = ? AND active RETURNING dataset_id",
            [dataset.table_id],
        ).fetchall()
        dataset_id = insert_dataset(connection, dataset, len(observations), now)
        _append(connection, dataset_id, observations)
    return Stored(dataset_id, dataset.table_id, len(observations), len(replaced), False)


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


def _column(values: list[Any], dtype: str) -> np.ndarray[Any, Any]:
    return np.array(values, dtype=dtype)


def _append(
    connection: duckdb.DuckDBPyConnection, dataset_id: int, observations: Sequence[Observation]
) -> None:
    if not observations:
        return
    frame = {
        "measure": _column([o.measure for o in observations], "object"),
        "measure_name": _column([o.measure_name for o in observations], "object"),
        "area_code": _column([o.area_code for o in observations], "object"),
        "area_name": _column([o.area_name for o in observations], "object"),
        "industry": _column([o.industry for o in observations], "object"),
        "dims": _column([dims_text(o.dims) for o in observations], "object"),
        "year": _column([o.year for o in observations], "int32"),
        "value": _column([np.nan if o.value is None else o.value for o in observations], "float64"),
        "marker": _column([o.marker for o in observations], "object"),
        "unit": _column([o.unit for o in observations], "object"),
        "survey": _column([o.survey for o in observations], "object"),
        "scope": _column([o.scope for o in observations], "object"),
    }
    connection.register("incoming", frame)
    selected = ", ".join(
        "CASE WHEN isnan(value) THEN NULL ELSE value END" if c == "value" else c for c in COLUMNS
    )
    try:
        connection.execute(
            f"INSERT INTO observations (dataset_id, {', '.join(COLUMNS)}) "
            f"SELECT ?, {selected} FROM incoming",
            [dataset_id],
        )
    finally:
        connection.unregister("incoming")


def datasets(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every imported table (active or not), newest first."""
    cursor = connection.execute("SELECT * FROM datasets ORDER BY dataset_id DESC")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
