"""A store written before ADR 0005 (one wide observations table), or before markers were
numbered (a text column), is moved to the current tables the first time it is opened for
writing: every row, active or not, with its text, its marker and its order."""

from __future__ import annotations

from pathlib import Path

import duckdb

from shisaku.stats import store
from shisaku.stats.store_migrate import is_wide, migrate

DATASETS = """
CREATE SEQUENCE dataset_ids START 1;
CREATE TABLE datasets (
    dataset_id INTEGER PRIMARY KEY DEFAULT nextval('dataset_ids'), table_id VARCHAR NOT NULL,
    title VARCHAR, format VARCHAR NOT NULL, survey VARCHAR, status VARCHAR NOT NULL,
    source VARCHAR NOT NULL, published VARCHAR, file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL, rows BIGINT NOT NULL,
    active BOOLEAN NOT NULL);
"""

WIDE = """
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
    old.execute(DATASETS + WIDE)
    before = old.execute(f"SELECT {COLUMNS} FROM observations ORDER BY rowid").fetchall()
    active = old.execute("SELECT * FROM obs").fetchall()
    old.close()

    connection = store.connect(path)
    assert not is_wide(connection)
    after = connection.execute(
        f"SELECT {COLUMNS.replace('dataset_id', 'i.dataset_id')} FROM observations o"
        " JOIN items i USING (item_id) JOIN places USING (place_id)"
        " JOIN classes USING (class_id) LEFT JOIN markers USING (marker_id) ORDER BY o.rowid"
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


NARROW_WITH_TEXT = """
CREATE TABLE items (item_id INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL,
    measure VARCHAR NOT NULL, measure_name VARCHAR, unit VARCHAR, survey VARCHAR, scope VARCHAR,
    year INTEGER NOT NULL);
CREATE TABLE places (place_id INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL,
    area_code VARCHAR NOT NULL, area_name VARCHAR);
CREATE TABLE classes (class_id INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL,
    industry VARCHAR, dims VARCHAR NOT NULL);
CREATE TABLE observations (item_id INTEGER NOT NULL, place_id INTEGER NOT NULL,
    class_id INTEGER NOT NULL, value DOUBLE, marker VARCHAR);
CREATE VIEW obs AS
    SELECT i.dataset_id, i.measure, i.measure_name, p.area_code, p.area_name, c.industry,
           c.dims, i.year, o.value, o.marker, i.unit, i.survey, i.scope,
           d.table_id, d.status, d.source
    FROM observations o JOIN items i USING (item_id) JOIN places p USING (place_id)
    JOIN classes c USING (class_id) JOIN datasets d ON d.dataset_id = i.dataset_id
    WHERE d.active;
INSERT INTO datasets (table_id, format, status, source, file_name, sha256, imported_at, rows,
    active) VALUES ('T1', 'estat', 'final', 'src', 'a.csv', 'aa', '2024-01-01', 5, true);
INSERT INTO items VALUES (1, 1, 'employees', NULL, '人', NULL, NULL, 2016);
INSERT INTO places VALUES (1, 1, '14130', '川崎市'), (2, 1, '14100', '横浜市');
INSERT INTO classes VALUES (1, 1, 'E', ''), (2, 1, 'total', '');
INSERT INTO observations VALUES (1, 2, 1, NULL, 'x'), (1, 1, 1, 10, NULL), (1, 1, 2, NULL, '…'),
    (1, 2, 2, NULL, 'not one of MARKERS'), (1, 2, 1, NULL, NULL);
"""


def test_marker_texts_are_numbered_with_every_row_in_order(tmp_path: Path) -> None:
    path = tmp_path / "text.duckdb"
    old = duckdb.connect(str(path))
    old.execute(DATASETS + NARROW_WITH_TEXT)
    wanted = "SELECT item_id, place_id, class_id, value, marker FROM observations"
    before = old.execute(f"{wanted} ORDER BY rowid").fetchall()
    active = old.execute("SELECT * FROM obs").fetchall()
    old.close()

    connection = store.connect(path)
    after = connection.execute(
        f"{wanted} o LEFT JOIN markers USING (marker_id) ORDER BY o.rowid"
    ).fetchall()
    assert after == before
    assert sorted(connection.execute("SELECT * FROM obs").fetchall(), key=repr) == sorted(
        active, key=repr
    )
    columns = connection.execute("DESCRIBE observations").fetchall()
    assert [(c[0], c[1]) for c in columns][-1] == ("marker_id", "SMALLINT")
    assert migrate(connection) is False  # current: nothing to do
    connection.close()
