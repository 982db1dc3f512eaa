"""A compiled reader for the data part of a long-form e-Stat CSV (UTF-8): one pass over the bytes
that splits rows and cells as CSV does, numbers each distinct key (the cells of the 表章項目, the
時間軸, the 地域 and the classifications) as it first appears, and reads plain numbers.

It reads only what it can read exactly; everything else is left to the caller:

* a value that is not plain digits (or digits in groups of three with commas), or has more than
  15 digits, is *slow*: its row is listed with its text numbered as a key (of a last group),
  and the caller reads each distinct text once with
  :func:`~shisaku.stats.markers.parse_stat` (markers, decimals, full-width digits, signs …);
* text the scanner does not read exactly as Python's ``csv`` module does (a quote inside an
  unquoted cell, text after a closing quote, a bare carriage return, a row with a different
  number of cells, bytes above 0x7F in a cell that is neither a key nor the value) stops it with
  :data:`OTHER`: the caller reads the file another way.

Keys are kept as the bytes of their cells as written between the quotes (a quote in the text is
written doubled, so the same text always has the same bytes), each cell followed by 0xFF (a
byte UTF-8 never has), in one hash table per scan (:mod:`shisaku.stats.estat_scan_keys`).
Rows are split into cells from the positions of their quotes
(:mod:`shisaku.stats.estat_scan_rows`). A row's key cells are first compared with the previous
row's (most rows repeat most keys); only a group whose cells changed is looked up. Cells are
searched, compared and hashed eight bytes at a time (:mod:`shisaku.stats.estat_words`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

from shisaku.stats.estat_scan_keys import find
from shisaku.stats.estat_scan_rows import (
    BAD,
    BLANK,
    CHUNK,
    MORE,
    quotes,
    row_bytes,
    row_quoted,
)
from shisaku.stats.estat_words import differ, pointer

OK = 0
OTHER = 1
FULL = 2
"""Statuses of :func:`scan`: done; stopped on text it does not read; stopped because the key
store is full (grow it and scan again from the position returned)."""

QUOTE, COMMA, LF, CR = 34, 44, 10, 13
MAX_DIGITS = 15
FOUND = CHUNK + 16
"""The room :func:`scan` needs for the positions of a chunk's quotes."""


@njit(nogil=True, cache=True)
def scan(
    buf: Any,
    pos: int,
    end: int,
    final: bool,
    ncols: int,
    role: Any,
    groups: Any,
    value_col: int,
    slots: Any,
    table: Any,
    store: Any,
    counts: Any,
    out_keys: Any,
    out_value: Any,
    out_slow: Any,
    out_row: int,
    out_slows: int,
    cells: Any,
    found: Any,
) -> tuple[int, int, int, int]:
    """Scan rows of ``buf[pos:end]`` (``pos`` at a row's start). Without ``final``, a row not
    ended by a line feed before ``end`` is left for the next buffer.

    ``role[c]``: the key group of column ``c`` (-1: none; -2: the value column), ``groups``:
    for each group its columns (-1 padded), then a last row: the value column (the group of
    the texts of slow values). ``slots``: the hash table (-1 empty, else a key index);
    ``table``: for each key where its bytes are in ``store``, how many, its group and the
    output row where it first shows; ``counts``: [keys, bytes of ``store`` used]. Each row's
    key indices go to ``out_keys[:, out_row + n]``, its value (NaN when slow) to
    ``out_value``, and a slow row's number and the key of its text to
    ``out_slow[out_slows + m]``.

    ``cells`` (5 × ``ncols``) and ``found`` (:data:`FOUND` numbers) are room to work in, given
    by the caller so that they outlive the pointers taken to them.

    Returns (status, position reached, rows written, slow rows written)."""
    ngroups = groups.shape[0] - 1
    width = groups.shape[1]
    size = buf.shape[0]
    p = pointer(buf)
    starts, ends = pointer(cells[0]), pointer(cells[1])
    before_starts, before_ends = pointer(cells[2]), pointer(cells[3])  # the previous row's
    escaped = pointer(cells[4])
    before = np.full(ngroups, -1, np.int64)  # the previous row's keys
    keys = (pointer(groups), pointer(table), table.shape[0], pointer(slots), slots.shape[0] - 1)
    room = (pointer(store), store.shape[0], pointer(counts))
    others = np.flatnonzero(role == -1)  # cells neither a key nor the value
    columns = np.flatnonzero(role >= 0)  # the key cells
    listed = columns.shape[0]
    changed = np.zeros(ngroups, np.bool_)
    q = pointer(found)
    known = min(pos + CHUNK, end)  # the quotes of buf[:known] are in ``found``
    count = quotes(buf, pos, known, found)
    at = 0  # the index in ``found`` of the row's first quote
    rows = 0
    slow = 0
    while pos < end:
        row_start = pos
        pos, at = row_quoted(p, pos, end, ncols, q, at, count, starts, ends, escaped)
        if pos == -2 and known < end:  # find the next chunk's quotes from this row on
            known = min(row_start + CHUNK, end)
            count = quotes(buf, row_start, known, found)
            pos, at = row_quoted(p, row_start, end, ncols, q, 0, count, starts, ends, escaped)
        if pos < 0:
            what, pos = row_bytes(p, row_start, end, final, ncols, starts, ends, escaped)
            if what == MORE:
                return OK, row_start, rows, slow
            if what == BAD:
                return OTHER, row_start, rows, slow
            if pos >= known:
                known = min(pos + CHUNK, end)
                count = quotes(buf, pos, known, found)
                at = 0
            else:
                at = int(np.searchsorted(found[:count], pos))
            if what == BLANK:
                continue
        for other in others:
            for i in range(starts[other], ends[other]):
                if p[i] > 127:
                    return OTHER, row_start, rows, slow
        n = out_row + rows
        for g in range(ngroups):
            changed[g] = before[g] < 0
        for j in range(listed):  # the key cells, each compared with the previous row's
            c = columns[j]
            m = ends[c] - starts[c]
            if m != before_ends[c] - before_starts[c] or differ(
                p, starts[c], before_starts[c], m, size
            ):
                changed[role[c]] = True
        for g in range(ngroups):
            k = before[g]
            if changed[g]:
                k = find(p, size, starts, ends, width, g, n, *keys, *room)
                if k < 0:
                    return FULL, row_start, rows, slow
                before[g] = k
            out_keys[g, n] = k
        for c in range(ncols):
            before_starts[c] = starts[c]
            before_ends[c] = ends[c]
        # the value: digits, or digits in groups of three with commas
        i = starts[value_col]
        e = ends[value_col]
        plain = e > i and not escaped[value_col]
        number = 0
        digits = 0
        group = -1  # digits since the last comma (-1: no comma yet)
        while plain and i < e:
            b = p[i]
            if 48 <= b <= 57:
                number = number * 10 + (b - 48)
                digits += 1
                if group >= 0:
                    group += 1
                    if group > 3:
                        plain = False
            elif b == COMMA and digits > 0 and (group == 3 or (group < 0 and digits <= 3)):
                group = 0
            else:
                plain = False
            i += 1
        if plain and (group == 3 or group < 0) and digits <= MAX_DIGITS:
            out_value[n] = float(number)
        else:  # its text is a key of the last group
            k = find(p, size, starts, ends, width, ngroups, n, *keys, *room)
            if k < 0:
                return FULL, row_start, rows, slow
            out_value[n] = np.nan
            out_slow[out_slows + slow, 0] = n
            out_slow[out_slows + slow, 1] = k
            slow += 1
        rows += 1
    return OK, pos, rows, slow


@njit(nogil=True, cache=True)
def remap(keys: Any, mapping: Any, value: Any, codes: Any, values: Any, offset: int) -> None:
    """Copy a part's rows into the whole: each key index through ``mapping`` to
    ``codes[:, offset:]``, its values to ``values[offset:]``."""
    for g in range(keys.shape[0]):
        for i in range(keys.shape[1]):
            codes[g, offset + i] = mapping[keys[g, i]]
    for i in range(value.shape[0]):
        values[offset + i] = value[i]
