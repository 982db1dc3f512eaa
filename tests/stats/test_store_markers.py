"""Markers are numbered once per store: numbers never change, new texts come after."""

from __future__ import annotations

from shisaku.stats import store
from shisaku.stats.markers import MARKERS
from shisaku.stats.store_markers import marker_ids


def test_marker_numbers_are_kept_and_new_texts_added_after_them() -> None:
    connection = store.connect(":memory:")
    first = marker_ids(connection)
    assert set(first) == set(MARKERS)
    assert sorted(first.values()) == list(range(1, len(MARKERS) + 1))
    more = marker_ids(connection, ["x", "新しい記号"])
    assert more == {**first, "新しい記号": len(MARKERS) + 1}
    assert marker_ids(connection) == more


def test_a_store_shows_each_marker_as_text_and_keeps_none_apart() -> None:
    from shisaku.stats.records import Dataset, Observation

    connection = store.connect(":memory:")
    dataset = Dataset("T", "fictional", "estat", file_name="t.csv", sha256="ab")
    rows = [
        Observation("employees", "従業者数", "14130", "川崎市", 2021, value, marker, "E")
        for value, marker in ((1.0, None), (None, "x"), (None, "-"), (None, None), (None, "…"))
    ]
    store.store(connection, dataset, rows)
    found = connection.execute("SELECT value, marker FROM obs").fetchall()
    assert sorted(found, key=repr) == sorted([(r.value, r.marker) for r in rows], key=repr)
    ids = marker_ids(connection)
    stored = connection.execute("SELECT marker_id FROM observations").fetchall()
    assert sorted(n for (n,) in stored if n is not None) == sorted([ids["x"], ids["-"], ids["…"]])
