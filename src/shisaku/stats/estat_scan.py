"""A compiled reader for the data part of a long-form e-Stat CSV (UTF-8): one pass over the bytes
that splits rows and cells as CSV does, numbers each distinct key (the cells of the 表章項目, the
時間軸, the 地域 and the classifications) as it first appears, and reads plain numbers.

It reads only what it can read exactly; everything else is left to the caller:

* a value that is not plain digits (or digits in groups of three with commas), or has more than
  15 digits, is *slow*: its row is listed, and the caller reads its text with
  :func:`~shisaku.stats.markers.parse_stat` (markers, decimals, full-width digits, signs …);
* text the scanner does not read exactly as Python's ``csv`` module does (a quote inside an
  unquoted cell, text after a closing quote, a bare carriage return, a row with a different
  number of cells, bytes above 0x7F in a cell that is neither a key nor the value) stops it with
  :data:`OTHER`: the caller reads the file another way.

Keys are kept as the bytes of their cells (quotes undone), each cell followed by 0xFF (a byte
UTF-8 never has), in one hash table per scan; :func:`keys_of` gives them back as text.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

OK = 0
OTHER = 1
FULL = 2
"""Statuses of :func:`scan`: done; stopped on text it does not read; stopped because the key
store is full (grow it and scan again from the position returned)."""

QUOTE, COMMA, LF, CR = 34, 44, 10, 13
FNV_OFFSET = np.uint64(14695981039346656037)
FNV_PRIME = np.uint64(1099511628211)
MAX_DIGITS = 15


@njit(nogil=True, cache=True)
def _same(
    buf: Any, starts: Any, ends: Any, escaped: Any, columns: Any, store: Any, at: int, size: int
) -> bool:
    """Whether the cells ``columns`` of the current row are the stored key at ``at``."""
    k = at
    stop = at + size
    for c in columns:
        if c < 0:
            continue
        i = starts[c]
        e = ends[c]
        while i < e:
            b = buf[i]
            if k >= stop or store[k] != b:
                return False
            k += 1
            if b == QUOTE and escaped[c]:
                i += 2
            else:
                i += 1
        if k >= stop or store[k] != 255:
            return False
        k += 1
    return k == stop


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
    key_at: Any,
    key_size: Any,
    key_group: Any,
    key_row: Any,
    store: Any,
    counts: Any,
    out_keys: Any,
    out_value: Any,
    out_slow: Any,
    out_row: int,
    out_slows: int,
) -> tuple[int, int, int, int]:
    """Scan rows of ``buf[pos:end]`` (``pos`` at a row's start). Without ``final``, a row not
    ended by a line feed before ``end`` is left for the next buffer.

    ``role[c]``: the key group of column ``c`` (-1: none; -2: the value column), ``groups``:
    for each group its columns (-1 padded). ``slots``: the hash table (-1 empty, else a key
    index); ``key_at``/``key_size``/``key_group``: each key's bytes in ``store``;
    ``key_row``: the output row where each key first shows; ``counts``: [keys, bytes of
    ``store`` used]. Each row's key indices go to ``out_keys[:, out_row + n]``, its value (NaN
    when slow) to ``out_value``, and a slow row's number, the start and end of its value cell
    in ``buf`` and whether it has doubled quotes to ``out_slow[out_slows + m]``.

    Returns (status, position reached, rows written, slow rows written)."""
    ngroups = groups.shape[0]
    starts = np.zeros(ncols, np.int64)
    ends = np.zeros(ncols, np.int64)
    escaped = np.zeros(ncols, np.bool_)
    hashes = np.zeros(ngroups, np.uint64)
    mask = slots.shape[0] - 1
    rows = 0
    slow = 0
    while pos < end:
        row_start = pos
        col = 0
        for g in range(ngroups):
            hashes[g] = FNV_OFFSET
        ended = False
        while True:  # one cell
            if col >= ncols:
                return OTHER, row_start, rows, slow
            r = role[col]
            h = FNV_OFFSET
            esc = False
            if pos < end and buf[pos] == QUOTE:
                pos += 1
                start = pos
                while True:
                    if pos >= end:
                        if final:
                            return OTHER, row_start, rows, slow
                        return OK, row_start, rows, slow
                    b = buf[pos]
                    if b == QUOTE:
                        if pos + 1 < end and buf[pos + 1] == QUOTE:
                            esc = True
                            if r >= 0:
                                h = (h ^ np.uint64(b)) * FNV_PRIME
                            pos += 2
                            continue
                        if pos + 1 >= end and not final:
                            return OK, row_start, rows, slow
                        break
                    if r >= 0:
                        h = (h ^ np.uint64(b)) * FNV_PRIME
                    elif r == -1 and b > 127:
                        return OTHER, row_start, rows, slow
                    pos += 1
                stop = pos
                pos += 1
            else:
                start = pos
                while pos < end:
                    b = buf[pos]
                    if b in (COMMA, LF, CR):
                        break
                    if b == QUOTE:
                        return OTHER, row_start, rows, slow
                    if r >= 0:
                        h = (h ^ np.uint64(b)) * FNV_PRIME
                    elif r == -1 and b > 127:
                        return OTHER, row_start, rows, slow
                    pos += 1
                stop = pos
            starts[col] = start
            ends[col] = stop
            escaped[col] = esc
            if r >= 0:
                hashes[r] = ((hashes[r] ^ h) * FNV_PRIME ^ np.uint64(255)) * FNV_PRIME
            col += 1
            if pos >= end:
                if not final:
                    return OK, row_start, rows, slow
                ended = True
                break
            b = buf[pos]
            if b == COMMA:
                pos += 1
                continue
            if b == LF:
                pos += 1
                ended = True
                break
            if b == CR:
                if pos + 1 < end and buf[pos + 1] == LF:
                    pos += 2
                    ended = True
                    break
                if pos + 1 >= end and not final:
                    return OK, row_start, rows, slow
            return OTHER, row_start, rows, slow
        if not ended:
            return OTHER, row_start, rows, slow
        if col != ncols:
            if col == 1 and ends[0] == starts[0]:
                continue  # a blank line
            return OTHER, row_start, rows, slow
        n = out_row + rows
        for g in range(ngroups):
            h = hashes[g] ^ np.uint64(g)
            i = np.int64(h & np.uint64(mask))
            while True:
                k = slots[i]
                if k < 0:
                    size = 0
                    for c in groups[g]:
                        if c >= 0:
                            size += ends[c] - starts[c] + 1
                    if counts[0] >= key_at.shape[0] or counts[1] + size > store.shape[0]:
                        return FULL, row_start, rows, slow
                    if 2 * (counts[0] + 1) > slots.shape[0]:
                        return FULL, row_start, rows, slow
                    k = counts[0]
                    at = counts[1]
                    w = at
                    for c in groups[g]:
                        if c < 0:
                            continue
                        j = starts[c]
                        while j < ends[c]:
                            store[w] = buf[j]
                            w += 1
                            if buf[j] == QUOTE and escaped[c]:
                                j += 2
                            else:
                                j += 1
                        store[w] = 255
                        w += 1
                    key_at[k] = at
                    key_size[k] = w - at
                    key_group[k] = g
                    key_row[k] = n
                    counts[0] = k + 1
                    counts[1] = w
                    slots[i] = k
                    break
                if key_group[k] == g and _same(
                    buf, starts, ends, escaped, groups[g], store, key_at[k], key_size[k]
                ):
                    break
                i = (i + 1) & mask
            out_keys[g, n] = k
        # the value: digits, or digits in groups of three with commas
        i = starts[value_col]
        e = ends[value_col]
        plain = e > i and not escaped[value_col]
        number = 0
        digits = 0
        group = -1  # digits since the last comma (-1: no comma yet)
        while plain and i < e:
            b = buf[i]
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
        else:
            out_value[n] = np.nan
            m = out_slows + slow
            out_slow[m, 0] = n
            out_slow[m, 1] = starts[value_col]
            out_slow[m, 2] = e
            out_slow[m, 3] = 1 if escaped[value_col] else 0
            slow += 1
        rows += 1
    return OK, pos, rows, slow


@njit(nogil=True, cache=True)
def line_feeds(buf: Any, start: int, end: int) -> int:
    """How many line feeds ``buf[start:end]`` has (at least the rows it can end)."""
    n = 0
    for i in range(start, end):
        if buf[i] == LF:
            n += 1
    return n


def keys_of(store: Any, key_at: Any, key_size: Any, count: int) -> list[tuple[str, ...] | None]:
    """Each key's cells as text (None: not UTF-8)."""
    found: list[tuple[str, ...] | None] = []
    data = store[: int(key_at[count - 1] + key_size[count - 1])].tobytes() if count else b""
    for k in range(count):
        raw = data[key_at[k] : key_at[k] + key_size[k]]
        try:
            found.append(tuple(part.decode("utf-8") for part in raw.split(b"\xff")[:-1]))
        except UnicodeDecodeError:
            found.append(None)
    return found


@njit(nogil=True, cache=True)
def rehash(slots: Any, key_at: Any, key_size: Any, key_group: Any, store: Any, count: int) -> None:
    """Fill an empty hash table ``slots`` with the first ``count`` keys (hashed as
    :func:`scan` hashes a row's cells)."""
    mask = slots.shape[0] - 1
    for k in range(count):
        group = FNV_OFFSET
        h = FNV_OFFSET
        for j in range(key_at[k], key_at[k] + key_size[k]):
            b = store[j]
            if b == 255:
                group = ((group ^ h) * FNV_PRIME ^ np.uint64(255)) * FNV_PRIME
                h = FNV_OFFSET
            else:
                h = (h ^ np.uint64(b)) * FNV_PRIME
        i = np.int64((group ^ np.uint64(key_group[k])) & np.uint64(mask))
        while slots[i] >= 0:
            i = (i + 1) & mask
        slots[i] = k
