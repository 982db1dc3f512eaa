"""Read the data part of a long-form e-Stat CSV (UTF-8) with the compiled scanner
(:mod:`shisaku.stats.estat_scan`), in blocks, on every CPU, hashing the file (SHA-256) on the way.

:func:`read_fast` gives the rows as arrays (one key code per key group, the value) with the
distinct keys of each group as text, the texts of the values that are not plain numbers and
the file's SHA-256 (:class:`~shisaku.stats.estat_fast_rows.Scanned`); or None when the scanner
met text it does not read exactly (the caller then reads the file another way). Nothing is
written anywhere.

The work is a pipeline: while the threads scan the parts of one block (cut at line feeds, more
parts than threads, taken from a queue so that no thread waits for another), the main thread
gathers the parts of the block before and reads the next, and a thread of its own hashes.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import queue
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from shisaku.stats import estat_scan, estat_scan_keys
from shisaku.stats.estat_bulk_keys import key_columns
from shisaku.stats.estat_fast_rows import Gathered, Part, Scanned
from shisaku.stats.estat_layout import EstatLayout

__all__ = ["BLOCK_BYTES", "PARTS", "Scanned", "read_fast"]

BLOCK_BYTES = 32 << 20
"""Bytes read at a time."""
PARTS = 4
"""Parts of a block for each thread."""


@dataclass
class _Table:
    """One thread's key table (grown when full)."""

    slots: Any = field(default_factory=lambda: np.full(1 << 12, -1, np.int64))
    table: Any = field(default_factory=lambda: np.zeros((1 << 10, 4), np.int64))
    """For each key: where its bytes are in :attr:`store`, how many, its group, its first row."""
    store: Any = field(default_factory=lambda: np.zeros(1 << 16, np.uint8))
    counts: Any = field(default_factory=lambda: np.zeros(2, np.int64))

    def grow(self) -> None:
        """Twice the room: keys keep their indices; the slots are filled again."""
        self.table = _bigger(self.table)
        self.store = _bigger(self.store)
        self.slots = np.full(self.slots.shape[0] * 2, -1, np.int64)
        estat_scan_keys.rehash(self.slots, self.table, self.store, int(self.counts[0]))


def _bigger(array: Any) -> Any:
    grown = np.zeros((array.shape[0] * 2, *array.shape[1:]), array.dtype)
    grown[: array.shape[0]] = array
    return grown


@dataclass
class _Room:
    """The arrays one part is scanned into (reused every other block)."""

    keys: Any = None
    value: Any = None
    slow: Any = None

    def make(self, groups: int, rows: int) -> None:
        """Arrays for at least ``rows`` rows of ``groups`` keys."""
        if self.value is None or self.value.shape[0] < rows:
            self.keys = np.empty((groups, rows), np.int32)
            self.value = np.empty(rows, np.float64)
            self.slow = np.empty((rows, 2), np.int64)


class _Stop(Exception):
    """The scanner met text it does not read exactly."""


def _settings(layout: EstatLayout) -> tuple[tuple[Any, ...], list[list[int]]]:
    """What :func:`~shisaku.stats.estat_scan.scan` is told of the columns, and for each group
    where its cells are in the scanner's key (file order)."""
    groups = key_columns(layout)
    order = [[sorted(g).index(c) for c in g] for g in groups]
    groups = [tuple(sorted(g)) for g in groups]
    ncols = len(layout.columns)
    role = np.full(ncols, -1, np.int8)
    for g, columns in enumerate(groups):
        role[list(columns)] = g
    assert layout.value_column is not None
    role[layout.value_column] = -2
    width = max(1, *(len(c) for c in groups))
    group_columns = np.full((len(groups) + 1, width), -1, np.int64)
    for g, columns in enumerate([*groups, (layout.value_column,)]):
        group_columns[g, : len(columns)] = columns
    return (ncols, role, group_columns, layout.value_column), order


def read_fast(path: Path, start: int, layout: EstatLayout, threads: int = 0) -> Scanned | None:
    """Scan ``path`` from byte ``start`` (the first data row) to its end; None: read it
    another way."""
    settings, order = _settings(layout)
    count = threads or min(4, os.cpu_count() or 1)
    tables = [_Table() for _ in range(count)]
    free: queue.SimpleQueue[int] = queue.SimpleQueue()
    for n in range(count):
        free.put(n)
    rooms = [[_Room() for _ in range(count * PARTS)] for _ in range(2)]
    digest = hashlib.sha256()
    with (
        path.open("rb") as handle,
        ThreadPoolExecutor(count) as pool,
        ThreadPoolExecutor(1) as hasher,
    ):
        total = os.fstat(handle.fileno()).st_size
        gathered = Gathered(order, count, total - start)
        digest.update(handle.read(start))
        buffers = [np.empty(2 * BLOCK_BYTES, np.uint8) for _ in range(2)]
        got = handle.readinto(memoryview(buffers[0].data)[:BLOCK_BYTES])
        hashed = hasher.submit(digest.update, memoryview(buffers[0].data)[:got])
        read, kept, which, pending = start + got, 0, 0, None
        while True:
            buf = buffers[which]
            size = kept + got
            final = read >= total or not got
            cut = size if final else _last_line_end(buf, size)
            if cut == 0 and not final:
                return None  # a row longer than a block
            scanning = _submit(pool, buf, cut, final, tables, free, rooms[which], settings)
            try:
                if pending is not None:
                    _gather(pending, gathered, tables)
                if final:
                    _gather(scanning, gathered, tables)
                    break
            except _Stop:
                return None
            other = buffers[1 - which]
            kept = size - cut
            other[:kept] = buf[cut:size]
            hashed.result()
            got = handle.readinto(memoryview(other.data)[kept : kept + BLOCK_BYTES])
            hashed = hasher.submit(digest.update, memoryview(other.data)[kept : kept + got])
            read += got
            pending, which = scanning, 1 - which
        hashed.result()
    return gathered.scanned(digest.hexdigest())


_Scanning = list[tuple[int, int, "Future[tuple[Part, int]]"]]


def _submit(
    pool: ThreadPoolExecutor,
    buf: Any,
    cut: int,
    final: bool,
    tables: list[_Table],
    free: queue.SimpleQueue[int],
    rooms: list[_Room],
    settings: tuple[Any, ...],
) -> _Scanning:
    """Start scanning ``buf[:cut]`` in parts cut at line feeds."""
    cuts = [0]
    for n in range(1, len(rooms)):
        cuts.append(max(_line_end(buf, int(cut * n / len(rooms)), cut), cuts[-1]))
    cuts.append(cut)
    spans = [(a, b) for a, b in itertools.pairwise(cuts) if a < b]
    scan: Callable[..., tuple[Part, int]] = _scan
    return [
        (a, b, pool.submit(scan, buf, a, b, final and b == cut, tables, free, room, settings))
        for (a, b), room in zip(spans, rooms, strict=False)
    ]


def _gather(scanning: _Scanning, gathered: Gathered, tables: list[_Table]) -> None:
    """Add a block's parts, in order; each must end where the next begins (else a line feed
    inside a quoted cell was taken for a row's end: :class:`_Stop`)."""
    position = scanning[0][0] if scanning else 0
    for a, b, future in scanning:
        part, reached = future.result()
        if a != position or reached != b:
            raise _Stop
        table = tables[part.thread]
        if not gathered.add(part, table.table, table.store):
            raise _Stop
        position = reached


def _last_line_end(buf: Any, size: int) -> int:
    """The position after the last line feed of ``buf[:size]`` (0: none)."""
    at = size
    while at > 0:
        back = max(0, at - (1 << 16))
        found = int(buf[back:at].tobytes().rfind(b"\n"))
        if found >= 0:
            return back + found + 1
        at = back
    return 0


def _line_end(buf: Any, at: int, size: int) -> int:
    """The position after the first line feed of ``buf[at:size]`` (``size``: none)."""
    while at < size:
        found = int(buf[at : min(size, at + (1 << 16))].tobytes().find(b"\n"))
        if found >= 0:
            return at + found + 1
        at += 1 << 16
    return size


def _scan(
    buf: Any,
    start: int,
    end: int,
    final: bool,
    tables: list[_Table],
    free: queue.SimpleQueue[int],
    room: _Room,
    settings: tuple[Any, ...],
) -> tuple[Part, int]:
    """Scan one part with a key table no other thread is using."""
    thread = free.get()
    try:
        return _scan_with(buf, start, end, final, tables[thread], thread, room, settings)
    finally:
        free.put(thread)


def _scan_with(
    buf: Any,
    start: int,
    end: int,
    final: bool,
    table: _Table,
    thread: int,
    room: _Room,
    settings: tuple[Any, ...],
) -> tuple[Part, int]:
    ncols, role, groups, value_col = settings
    room.make(groups.shape[0] - 1, (end - start) // max(1, ncols - 1) + 2)  # ncols - 1 commas
    keys, value, slow = room.keys, room.value, room.slow
    done = slows = 0
    cells = np.zeros((5, ncols), np.int64)  # the scanner's room to work in
    found = np.empty(estat_scan.FOUND, np.int64)
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
            table.table,
            table.store,
            table.counts,
            keys,
            value,
            slow,
            done,
            slows,
            cells,
            found,
        )
        done += n
        slows += m
        if status == estat_scan.FULL:
            table.grow()
            continue
        if status != estat_scan.OK:
            raise _Stop
        break
    new = range(known, int(table.counts[0]))
    slow_rows, slow_keys = slow[:slows, 0], slow[:slows, 1]
    part = Part(thread, keys[:, :done], value[:done], slow_rows, slow_keys, new, position - start)
    return part, position
