"""The per-row rules of the e-Stat reader as DuckDB SQL, for :mod:`shisaku.stats.estat_bulk`.

Each function returns an SQL expression over a raw cell (``VARCHAR``, NULL for an empty cell as
DuckDB's ``read_csv`` gives it) that gives what the Python reader gives for the same text:

* :func:`stripped_sql` is Python's ``str.strip()`` (every character ``str.isspace`` knows, not
  only the ASCII space that SQL ``trim`` removes);
* :func:`value_sql`, :func:`marker_sql` (:func:`marker_id_sql`: its number in the store) and
  :func:`valid_sql` are
  :func:`~shisaku.stats.markers.parse_stat`: plain digits and thousands commas first (the fast
  path of :class:`~shisaku.stats.estat_rows.EstatRows`), then the full rule — stripped, a marker
  of :data:`~shisaku.stats.markers.MARKERS` kept raw, full-width digits and signs made narrow,
  the same number pattern, ``-0`` read as ``0``. Text that is none of these makes
  :func:`value_sql` raise (``error()``), so an ``INSERT`` stores nothing.

DuckDB's ``CAST(… AS DOUBLE)`` accepts more than ``parse_stat`` (``1_000``, ``1e3``, ``inf``),
so a cast is only applied to text the pattern has already accepted; both parse decimal text to
the nearest double, so the values are equal.
"""

from __future__ import annotations

from shisaku.stats.markers import MARKERS

__all__ = [
    "BAD_VALUE",
    "WHITESPACE",
    "marker_id_sql",
    "marker_sql",
    "quote",
    "stripped_sql",
    "valid_sql",
    "value_sql",
]

WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
"""Every character Python's ``str.strip()`` removes.

>>> import sys
>>> WHITESPACE == "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
True
"""

BAD_VALUE = "shisaku-bulk: bad-value"
"""The message of the error :func:`value_sql` raises (the import then looks for the cells)."""

_WS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE) + "]"  # an RE2 class
_ASCII_SPACE = r"[\t\n\x0b\f\r ]"  # re.ASCII's \s, as in markers._NUMBER
_SIGN = "[-+△▲]"
_BODY = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_NUMBER = f"{_SIGN}?{_ASCII_SPACE}*{_BODY}"
_WIDE = "０１２３４５６７８９－\u2212＋．，\u3000"
_NARROW = "0123456789--+., "


def quote(text: str) -> str:
    """An SQL string literal.

    >>> quote("it's")
    "'it''s'"
    """
    return "'" + text.replace("'", "''") + "'"


_MARKERS_SQL = ", ".join(quote(marker) for marker in MARKERS)


def stripped_sql(cell: str) -> str:
    """``cell.strip()`` (an empty cell: ``''``). (A regular expression: DuckDB's ``trim`` with
    a set of characters takes several times as long.)"""
    padded = f"regexp_matches({cell}, '^{_WS}|{_WS}$')"
    stripped = f"regexp_replace({cell}, '^{_WS}+|{_WS}+$', '', 'g')"
    return f"coalesce(CASE WHEN {padded} THEN {stripped} ELSE {cell} END, '')"


def _fast(cell: str) -> str:
    """Plain digits or thousands commas: the common case, read without stripping."""
    return f"regexp_full_match({cell}, '[0-9]+|[0-9]{{1,3}}(?:,[0-9]{{3}})+')"


def _narrow(cell: str) -> str:
    return f"translate({stripped_sql(cell)}, {quote(_WIDE)}, {quote(_NARROW)})"


def value_sql(cell: str, on_bad: str | None = None) -> str:
    """The value of the cell (NULL for a marker or an empty cell); for text that is neither
    a number nor a marker, ``on_bad`` (an SQL expression), by default an error."""
    stripped, narrow = stripped_sql(cell), _narrow(cell)
    body = f"replace(regexp_replace({narrow}, '^{_SIGN}?{_ASCII_SPACE}*', ''), ',', '')"
    number = f"CAST({body} AS DOUBLE)"
    negative = f"(left({narrow}, 1) IN ('-', '△', '▲') AND {number} <> 0)"
    bad = on_bad if on_bad is not None else f"error({quote(BAD_VALUE)})::DOUBLE"
    return f"""CASE WHEN {_fast(cell)} THEN CAST(replace({cell}, ',', '') AS DOUBLE)
        WHEN {stripped} = '' OR {stripped} IN ({_MARKERS_SQL}) THEN NULL
        WHEN regexp_full_match({narrow}, {quote(_NUMBER)})
             THEN CASE WHEN {negative} THEN -{number} ELSE {number} END
        ELSE {bad} END"""


def marker_sql(cell: str) -> str:
    """The marker as published (stripped), else NULL."""
    stripped = stripped_sql(cell)
    return f"""CASE WHEN {_fast(cell)} THEN NULL
        WHEN {stripped} IN ({_MARKERS_SQL}) THEN {stripped} END"""


def marker_id_sql(cell: str, ids: dict[str, int]) -> str:
    """The number (``ids``: :func:`~shisaku.stats.store_markers.marker_ids`) of the marker of
    :func:`marker_sql`, else NULL."""
    cases = " ".join(f"WHEN {quote(m)} THEN {ids[m]}" for m in MARKERS)
    return f"""CASE WHEN {_fast(cell)} THEN NULL
        ELSE (CASE {stripped_sql(cell)} {cases} END)::SMALLINT END"""


def valid_sql(cell: str) -> str:
    """Whether ``parse_stat`` reads the cell (a number, a marker or nothing)."""
    return f"({value_sql(cell, on_bad='NULL')} IS NOT NULL OR {marker_sql(cell)} IS NOT NULL \
OR {stripped_sql(cell)} = '')"
