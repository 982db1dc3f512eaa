"""One part of a long-form e-Stat CSV scanned by one thread (:func:`scan_part`): the compiled
scanner (:mod:`shisaku.stats.estat_scan`) run with a key table no other thread is using, into
arrays reused from block to block (:mod:`shisaku.stats.estat_fast` runs the parts)."""

from __future__ import annotations

import queue
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from shisaku.stats import estat_scan, estat_scan_keys
from shisaku.stats.estat_bulk_keys import key_columns
from shisaku.stats.estat_fast_rows import Part
from shisaku.stats.estat_layout import EstatLayout

__all__ = ["Refusal", "Room", "Table", "scan_part", "settings_of"]


@dataclass
class Table:
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
class Room:
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


class Refusal(Exception):
    """The scanner met text it does not read exactly."""


def settings_of(layout: EstatLayout) -> tuple[tuple[Any, ...], list[list[int]]]:
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


def scan_part(
    buf: Any,
    start: int,
    end: int,
    final: bool,
    tables: list[Table],
    free: queue.SimpleQueue[int],
    room: Room,
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
    table: Table,
    thread: int,
    room: Room,
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
            raise Refusal
        break
    new = range(known, int(table.counts[0]))
    slow_rows, slow_keys = slow[:slows, 0], slow[:slows, 1]
    part = Part(thread, keys[:, :done], value[:done], slow_rows, slow_keys, new, position - start)
    return part, position
