"""The compiled scanner's table of keys (:mod:`shisaku.stats.estat_scan`): each distinct key of
a group (the bytes of its cells as written, each followed by :data:`SEAL`) numbered as it first
appears, found again through an open-addressing hash table."""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

from shisaku.stats.estat_words import mix, pointer, same, spread

__all__ = ["SEAL", "find", "keys_of", "rehash"]

SEAL = 255
"""The byte after each cell of a stored key (UTF-8 never has it)."""


@njit(nogil=True, cache=True)
def find(
    p: Any,
    size: int,
    starts: Any,
    ends: Any,
    width: int,
    g: int,
    row: int,
    groups: Any,
    table: Any,
    capacity: int,
    slots: Any,
    mask: int,
    store: Any,
    room: int,
    counts: Any,
) -> int:
    """The index of the key of group ``g`` in the current row, added to the table when new
    (its first row: ``row``); -1 when the table is full. The arrays come as pointers:
    ``groups`` (``width`` columns a group), ``table`` (``capacity`` keys of 4 numbers: where
    their bytes are in ``store``, how many, the group, the first row), ``slots`` (the hash
    table), ``store`` (``room`` bytes) and ``counts`` (keys, bytes of ``store`` used)."""
    h = np.uint64(g)
    for j in range(width):
        c = groups[g * width + j]
        if c < 0:
            break
        h = mix(h, p, starts[c], ends[c] - starts[c], size)
    i = np.int64(spread(h) & np.uint64(mask))
    while True:
        k = slots[i]
        if k < 0:
            break
        if table[4 * k + 2] == g:
            at = table[4 * k]
            stop = at + table[4 * k + 1]
            found = True
            for j in range(width):
                c = groups[g * width + j]
                if c < 0:
                    break
                m = ends[c] - starts[c]
                if (
                    at + m >= stop
                    or store[at + m] != SEAL
                    or not same(p, starts[c], size, store, at, room, m)
                ):
                    found = False
                    break
                at += m + 1
            if found and at == stop:
                return k  # type: ignore[no-any-return]
        i = (i + 1) & mask
    need = 0
    for j in range(width):
        c = groups[g * width + j]
        if c >= 0:
            need += ends[c] - starts[c] + 1
    k = counts[0]
    if k >= capacity or counts[1] + need > room or 2 * (k + 1) > mask:
        return -1
    w = counts[1]
    table[4 * k] = w
    for j in range(width):
        c = groups[g * width + j]
        if c < 0:
            break
        for q in range(starts[c], ends[c]):
            store[w] = p[q]
            w += 1
        store[w] = SEAL
        w += 1
    table[4 * k + 1] = w - table[4 * k]
    table[4 * k + 2] = g
    table[4 * k + 3] = row
    counts[0] = k + 1
    counts[1] = w
    slots[i] = k
    return k  # type: ignore[no-any-return]


def keys_of(store: Any, table: Any, first: int, count: int) -> list[tuple[str, ...] | None]:
    """The cells of keys ``first`` to ``count - 1`` as text (None: not UTF-8)."""
    found: list[tuple[str, ...] | None] = []
    if count <= first:
        return found
    base = int(table[first, 0])
    data = store[base : int(table[count - 1, 0] + table[count - 1, 1])].tobytes()
    for at, size, _group, _row in table[first:count].tolist():
        raw = data[at - base : at - base + size]
        try:
            cells = [part.decode("utf-8") for part in raw.split(b"\xff")[:-1]]
        except UnicodeDecodeError:
            found.append(None)
            continue
        found.append(tuple(cell.replace('""', '"') for cell in cells))
    return found


@njit(nogil=True, cache=True)
def rehash(slots: Any, table: Any, store: Any, count: int) -> None:
    """Fill an empty hash table ``slots`` with the first ``count`` keys (hashed as
    :func:`scan` hashes a row's cells)."""
    mask = slots.shape[0] - 1
    size = store.shape[0]
    s = pointer(store)
    for k in range(count):
        h = np.uint64(table[k, 2])
        at = table[k, 0]
        stop = at + table[k, 1]
        while at < stop:
            e = at
            while s[e] != SEAL:
                e += 1
            h = mix(h, s, at, e - at, size)
            at = e + 1
        i = np.int64(spread(h) & np.uint64(mask))
        while slots[i] >= 0:
            i = (i + 1) & mask
        slots[i] = k
