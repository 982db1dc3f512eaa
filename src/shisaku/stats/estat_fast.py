"""Read the data part of a long-form e-Stat CSV (UTF-8) with the compiled scanner
(:mod:`shisaku.stats.estat_scan`), in blocks, on every CPU, hashing the file (SHA-256) on the way.

:func:`read_fast` gives the rows as arrays (one key index per key group, the value) with the
distinct keys of each group as text, the texts of the values that are not plain numbers and
the file's SHA-256; or None when the scanner met text it does not read exactly (the caller then
reads the file another way). Nothing is written anywhere.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from shisaku.stats import estat_scan
from shisaku.stats.estat_bulk_keys import Key, key_columns
from shisaku.stats.estat_layout import EstatLayout

__all__ = ["BLOCK_BYTES", "Scanned", "read_fast"]

BLOCK_BYTES = 64 << 20
"""Bytes read at a time (each block is split between the threads)."""


@dataclass
class _Table:
    """One thread's key table (grown when full)."""

    slots: Any = field(default_factory=lambda: np.full(1 << 12, -1, np.int32))
    key_at: Any = field(default_factory=lambda: np.zeros(1 << 10, np.int64))
    key_size: Any = field(default_factory=lambda: np.zeros(1 << 10, np.int64))
    key_group: Any = field(default_factory=lambda: np.zeros(1 << 10, np.int32))
    key_row: Any = field(default_factory=lambda: np.zeros(1 << 10, np.int64))
    store: Any = field(default_factory=lambda: np.zeros(1 << 16, np.uint8))
    counts: Any = field(default_factory=lambda: np.zeros(2, np.int64))

    def grow(self) -> None:
        """Twice the room: keys keep their indices; the slots are filled again."""
        keys = int(self.counts[0])
        self.key_at = _bigger(self.key_at)
        self.key_size = _bigger(self.key_size)
        self.key_group = _bigger(self.key_group)
        self.key_row = _bigger(self.key_row)
        self.store = _bigger(self.store)
        self.slots = np.full(self.slots.shape[0] * 2, -1, np.int32)
        estat_scan.rehash(self.slots, self.key_at, self.key_size, self.key_group, self.store, keys)


def _bigger(array: Any) -> Any:
    grown = np.zeros(array.shape[0] * 2, array.dtype)
    grown[: array.shape[0]] = array
    return grown


@dataclass
class _Part:
    """What one scan of one part of a block gives: ``new`` are the indices of the keys it
    added to its thread's table (their ``key_row`` is a row of this part)."""

    thread: int
    keys: Any
    value: Any
    slow_rows: Any
    slow_texts: list[bytes]
    new: range


@dataclass
class Scanned:
    """The data rows of a file, as the scanner read them."""

    sha256: str
    keys: list[set[Key]]
    """The distinct keys of each group (as :func:`~shisaku.stats.estat_bulk_keys.key_columns`)."""
    codes: list[Any]
    """Per group, each row's key (an index into :attr:`ordered`)."""
    ordered: list[list[Key]]
    """Per group, the keys in the order :attr:`codes` numbers them (sorted)."""
    first_rows: list[Any]
    """Per group, the row where each key (as in :attr:`ordered`) first shows."""
    value: Any
    """Each row's value; NaN where :attr:`slow_rows` says the text is not a plain number."""
    slow_rows: Any
    slow_texts: list[str]


class _Stop(Exception):
    """The scanner met text it does not read exactly."""


def read_fast(path: Path, start: int, layout: EstatLayout, threads: int = 0) -> Scanned | None:
    """Scan ``path`` from byte ``start`` (the first data row) to its end; None: read it
    another way."""
    groups = key_columns(layout)
    # the scanner meets a group's cells in file order; keys are given back in the group's
    order = [[sorted(g).index(c) for c in g] for g in groups]
    groups = [tuple(sorted(g)) for g in groups]
    ncols = len(layout.columns)
    role = np.full(ncols, -1, np.int8)
    for g, columns in enumerate(groups):
        role[list(columns)] = g
    assert layout.value_column is not None
    role[layout.value_column] = -2
    width = max(1, *(len(c) for c in groups))
    group_columns = np.full((len(groups), width), -1, np.int64)
    for g, columns in enumerate(groups):
        group_columns[g, : len(columns)] = columns
    count = threads or min(4, os.cpu_count() or 1)
    tables = [_Table() for _ in range(count)]
    digest = hashlib.sha256()
    parts: list[_Part] = []
    settings = (ncols, role, group_columns, layout.value_column)
    with path.open("rb") as handle, ThreadPoolExecutor(count + 1) as pool:
        handle.seek(0)
        head = handle.read(start)
        digest.update(head)
        buffer = np.empty(2 * BLOCK_BYTES, np.uint8)
        kept = 0  # bytes of an unfinished row, moved to the buffer's start
        while True:
            if kept + BLOCK_BYTES > buffer.shape[0]:
                grown = np.empty(2 * (kept + BLOCK_BYTES), np.uint8)
                grown[:kept] = buffer[:kept]
                buffer = grown
            view = memoryview(buffer.data)[kept : kept + BLOCK_BYTES]
            got = handle.readinto(view)
            final = not got
            hashing = pool.submit(digest.update, view[:got]) if got else None
            size = kept + got
            try:
                found, done = _block(pool, buffer[:size], final, tables, settings)
            except _Stop:
                return None
            finally:
                if hashing is not None:
                    hashing.result()
            parts.extend(found)
            kept = size - done
            buffer[:kept] = buffer[done:size].copy()
            if final:
                break
    return _merge(parts, tables, order, digest.hexdigest())


def _block(
    pool: ThreadPoolExecutor,
    buf: Any,
    final: bool,
    tables: list[_Table],
    settings: tuple[Any, ...],
) -> tuple[list[_Part], int]:
    """Scan a block: its parts (split at line feeds) in parallel; each part but the last must
    end where the next begins (else a line feed inside a quoted cell was taken for a row's end:
    :class:`_Stop`). Returns the parts and the bytes done."""
    size = buf.shape[0]
    cuts = [0]
    for n in range(1, len(tables)):
        at = int(size * n / len(tables))
        cut = _line_end(buf, at)
        cuts.append(max(cut, cuts[-1]))
    cuts.append(size)
    spans = [(cuts[n], cuts[n + 1]) for n in range(len(tables)) if cuts[n] < cuts[n + 1]]
    futures = [
        pool.submit(_scan, buf, a, b, final or b < size, tables[n], settings, n)
        for n, (a, b) in enumerate(spans)
    ]
    results = [f.result() for f in futures]
    found: list[_Part] = []
    position = 0
    for (a, _), (part, reached) in zip(spans, results, strict=True):
        if a != position:  # a quoted cell ran over the cut: this part began inside it
            raise _Stop
        found.append(part)
        position = reached
    return found, position


def _line_end(buf: Any, at: int) -> int:
    """The position after the first line feed from ``at`` (the buffer's end: none)."""
    size = int(buf.shape[0])
    while at < size:
        found = int(buf[at : at + (1 << 16)].tobytes().find(b"\n"))
        if found >= 0:
            return at + found + 1
        at += 1 << 16
    return size


def _scan(
    buf: Any,
    start: int,
    end: int,
    final: bool,
    table: _Table,
    settings: tuple[Any, ...],
    thread: int,
) -> tuple[_Part, int]:
    ncols, role, groups, value_col = settings
    bound = estat_scan.line_feeds(buf, start, end) + 1
    keys = np.empty((groups.shape[0], bound), np.int32)
    value = np.empty(bound, np.float64)
    slow = np.empty((bound, 4), np.int64)
    done = slows = 0
    position = start
    known = int(table.counts[0])
    while True:
        status, position, n, m = estat_scan.scan(
            buf,
            position,
            end,
            final,
            ncols,
            role,
            groups,
            value_col,
            table.slots,
            table.key_at,
            table.key_size,
            table.key_group,
            table.key_row,
            table.store,
            table.counts,
            keys,
            value,
            slow,
            done,
            slows,
        )
        done += n
        slows += m
        if status == estat_scan.FULL:
            table.grow()
            continue
        if status != estat_scan.OK:
            raise _Stop
        break
    texts = []
    for _row, a, b, escaped in slow[:slows]:
        raw = buf[a:b].tobytes()
        texts.append(raw.replace(b'""', b'"') if escaped else raw)
    new = range(known, int(table.counts[0]))
    return _Part(thread, keys[:, :done], value[:done], slow[:slows, 0].copy(), texts, new), position


def _merge(
    parts: list[_Part], tables: list[_Table], order: list[list[int]], digest: str
) -> Scanned | None:
    """One numbering of the keys of every thread (sorted, per group), the rows in order."""
    ngroups = len(order)
    decoded = [estat_scan.keys_of(t.store, t.key_at, t.key_size, int(t.counts[0])) for t in tables]
    found: list[set[Key]] = [set() for _ in range(ngroups)]
    for table, keys in zip(tables, decoded, strict=True):
        for key, group in zip(keys, table.key_group, strict=False):
            if key is None:
                return None
            found[group].add(_reorder(key, order[group]))
    ordered = [sorted(keys) for keys in found]
    index = [{key: n for n, key in enumerate(keys)} for keys in ordered]
    maps = [
        np.array(
            [index[g][_reorder(k or (), order[g])] for k, g in zip(keys, t.key_group, strict=False)]
            or [0],
            np.int32,
        )
        for t, keys in zip(tables, decoded, strict=True)
    ]
    offsets = np.cumsum([0, *(len(p.value) for p in parts)])
    rows = int(offsets[-1])
    codes = [np.empty(rows, np.int32) for _ in range(ngroups)]
    first = [np.full(len(keys), rows, np.int64) for keys in ordered]
    slow_rows, slow_texts = [], []
    for part, offset in zip(parts, offsets, strict=False):
        mapping, table = maps[part.thread], tables[part.thread]
        for g in range(ngroups):
            codes[g][offset : offset + len(part.value)] = mapping[part.keys[g]]
        for k in part.new:
            g = int(table.key_group[k])
            at = mapping[k]
            first[g][at] = min(first[g][at], offset + int(table.key_row[k]))
        slow_rows.append(part.slow_rows + offset)
        slow_texts.extend(part.slow_texts)
    value = np.concatenate([p.value for p in parts]) if parts else np.empty(0)
    try:
        texts = [t.decode("utf-8") for t in slow_texts]
    except UnicodeDecodeError:
        return None
    rows_slow = np.concatenate(slow_rows) if slow_rows else np.empty(0, np.int64)
    return Scanned(digest, found, codes, ordered, first, value, rows_slow, texts)


def _reorder(key: Key, order: list[int]) -> Key:
    """A key's cells, from file order back to the group's order."""
    return tuple(key[i] for i in order)
