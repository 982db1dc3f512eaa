"""A store written before ADR 0005 (one wide observations table) is moved to the narrow tables
the first time it is opened for writing: every row, active or not, with its text and order."""

from __future__ import annotations

from pathlib import Path

import duckdb

from shisaku.stats import store
from shisaku.stats.store_migrate import is_wide, migrate

WIDE = """
CREATE SEQUENCE dataset_ids START 1;
CREATE TABLE datasets (
    dataset_id INTEGER PRIMARY KEY DEFAULT nextval('dataset_ids'), table_id VARCHAR NOT NULL,
    title VARCHAR, format VARCHAR NOT NULL, survey VARCHAR, status VARCHAR NOT NULL,
    source VARCHAR NOT NULL, published VARCHAR, file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL, rows BIGINT NOT NULL,
    active BOOLEAN NOT NULL);
CREATE TABLE observations (
    dataset_id INTEGER NOT NULL, measure VARCHAR NOT NULL, measure_name VARCHAR,
    area_code VARCHAR NOT NULL, area_name VARCHAR, industry VARCHAR, dims VARCHAR NOT NULL,
    year INTEGER NOT NULL, value DOUBLE, marker VARCHAR, unit VARCHAR, survey VARCHAR,
    scope VARCHAR);
CREATE VIEW obs AS SELECT o.*, d.table_id, d.status, d.source
    FROM observations o JOIN datasets d USING (dataset_id) WHERE d.active;
INSERT INTO datasets (table_id, format, status, source, file_name, sha256, imported_at, rows,
    active) VALUES
    ('T1', 'ssdse', 'final', 'src', 'a.csv', 'aa', '2024-01-01', 3, false),
    ('T1', 'ssdse', 'final', 'src', 'b.csv', 'bb', '2024-02-01', 3, true);
INSERT INTO observations VALUES
    (1, 'employees', NULL, '14130', '川崎市', 'E', '', 2016, 10, NULL, '人', NULL, NULL),
    (2, 'employees', NULL, '14130', '川崎市', 'E', '', 2016, 11, NULL, '人', NULL, NULL),
    (2, 'employees', NULL, '14130', '川崎市', NULL, 'sex=male', 2016, NULL, 'x', '人', NULL,
     'private'),
    (2, 'establishments', 'X', '00000', NULL, 'total', '', 2021, 5.5, NULL, NULL, 's', NULL),
    (1, 'employees', NULL, '14130', '川崎市', 'total', '', 2016, 20, NULL, '人', NULL, NULL);
"""

COLUMNS = (
    "dataset_id, measure, measure_name, area_code, area_name, industry, dims, year, value,"
    " marker, unit, survey, scope"
)


def test_a_wide_store_is_moved_with_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute(WIDE)
    before = old.execute(f"SELECT {COLUMNS} FROM observations ORDER BY rowid").fetchall()
    active = old.execute("SELECT * FROM obs").fetchall()
    old.close()

    connection = store.connect(path)
    assert not is_wide(connection)
    after = connection.execute(
        f"SELECT {COLUMNS.replace('dataset_id', 'i.dataset_id')} FROM observations o"
        " JOIN items i USING (item_id) JOIN places USING (place_id)"
        " JOIN classes USING (class_id) ORDER BY o.rowid"
    ).fetchall()
    assert after == before
    assert sorted(connection.execute("SELECT * FROM obs").fetchall(), key=repr) == sorted(
        active, key=repr
    )
    assert connection.execute("SELECT count(*) FROM items").fetchall() == [(4,)]
    assert migrate(connection) is False  # already narrow: nothing to do
    connection.close()
    again = store.connect(path)
    assert len(again.execute("SELECT * FROM observations").fetchall()) == 5


def test_a_new_store_is_narrow() -> None:
    connection = store.connect(":memory:")
    assert not is_wide(connection)
    assert migrate(connection) is False
