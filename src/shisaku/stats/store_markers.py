"""The statistical markers of the store: each marker text (``x``, ``-``, ``…`` … as published)
has a small number in the ``markers`` table, and an observation keeps that number
(``observations.marker_id``, NULL: no marker); the ``obs`` view shows the text again.

A number instead of the text in 17 million rows: DuckDB writes a text column, even one that is
almost always NULL, at a third of the cost of the whole ``INSERT`` (ADR 0005, "Markers").

Numbers are given in the order texts are first stored and never change; every marker of
:data:`~shisaku.stats.markers.MARKERS` is stored when a store is opened for writing, so readers
that only look up numbers (:func:`marker_ids`) find them all.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from shisaku.stats.markers import MARKERS

__all__ = ["marker_ids"]

_LARGEST = 32_767
"""The largest SMALLINT."""


def marker_ids(connection: duckdb.DuckDBPyConnection, texts: Iterable[str] = ()) -> dict[str, int]:
    """The number of every stored marker, after adding those of :data:`MARKERS` and ``texts``
    not yet stored (in the caller's transaction, if any)."""
    known = {
        str(text): int(n)
        for text, n in connection.execute("SELECT marker, marker_id FROM markers").fetchall()
    }
    missing = [t for t in dict.fromkeys([*MARKERS, *texts]) if t not in known]  # first seen first
    if not missing:
        return known
    first = max(known.values(), default=0) + 1
    if first + len(missing) - 1 > _LARGEST:
        raise RuntimeError(f"the store has no room for {len(missing)} more markers")
    rows = [(first + n, text) for n, text in enumerate(missing)]
    connection.executemany("INSERT INTO markers (marker_id, marker) VALUES (?, ?)", rows)
    known.update({text: n for n, text in rows})
    return known
