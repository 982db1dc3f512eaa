"""Gather what the compiled scanner's threads read, part after part in file order, into the rows
of the whole file (:class:`Gathered`), and give them as :class:`Scanned`.

Each thread numbers keys in its own table; here every key gets one code per group, in the order
keys first appear in the file (the same however the file was split between threads), and each
part's rows are copied, codes mapped, into arrays sized from the rows seen so far. The threads'
own arrays are reused from block to block, so memory is touched once per row, not per copy.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

import numpy as np

from shisaku.stats import estat_scan, estat_scan_keys
from shisaku.stats.estat_bulk_keys import Key

__all__ = ["Gathered", "Part", "Scanned"]


@dataclass
class Part:
    """What one scan of one part of a block gives (views of its thread's arrays, valid until
    the thread scans again): ``new`` are the indices of the keys it added to the thread's
    table, ``slow_keys`` the key of each slow row's text."""

    thread: int
    keys: Any
    value: Any
    slow_rows: Any
    slow_keys: Any
    new: range
    size: int
    """Bytes of the file it covers."""


@dataclass
class Scanned:
    """The data rows of a file, as the scanner read them."""

    sha256: str
    keys: list[set[Key]]
    """The distinct keys of each group (as :func:`~shisaku.stats.estat_bulk_keys.key_columns`)."""
    codes: Any
    """Per group (first index), each row's key: an index into :attr:`ordered`."""
    ordered: list[list[Key]]
    """Per group, the keys in the order they first show in the file."""
    first_rows: list[Any]
    """Per group, the row where each key (as in :attr:`ordered`) first shows."""
    value: Any
    """Each row's value; NaN where :attr:`slow_rows` says the text is not a plain number."""
    slow_rows: Any
    """The rows whose value is not a plain number, in order."""
    slow_codes: Any
    """For each of :attr:`slow_rows`, its value's text (an index into :attr:`slow_distinct`)."""
    slow_distinct: list[str]

    @property
    def slow_texts(self) -> list[str]:
        """The text of each of :attr:`slow_rows`' values."""
        return [self.slow_distinct[code] for code in self.slow_codes.tolist()]


class Gathered:
    """The rows of the parts added so far (:meth:`add`), with their keys numbered."""

    def __init__(self, order: list[list[int]], threads: int, total: int) -> None:
        self.order = order
        """Per group, where each of its cells is in the scanner's key (file order)."""
        self.total = total
        """Bytes of the data part of the file (to size the arrays)."""
        groups = len(order)
        self.keys: list[list[Key]] = [[] for _ in range(groups)]
        self.index: list[dict[Key, int]] = [{} for _ in range(groups)]
        self.first_rows: list[list[int]] = [[] for _ in range(groups)]
        self.texts: dict[str, int] = {}
        self.maps = [np.zeros(0, np.int32) for _ in range(threads)]
        self.codes = np.empty((groups, 0), np.int32)
        self.value = np.empty(0, np.float64)
        self.rows = 0
        self.seen = 0
        self.slow_rows: list[Any] = []
        self.slow_codes: list[Any] = []
        self.copies: list[Future[None]] = []

    def add(self, part: Part, table: Any, store: Any, pool: Executor) -> Future[None] | None:
        """Add ``part`` (read with the thread's key ``table`` and ``store``): its keys now, its
        rows copied by ``pool`` (the future returned); None when one of its keys is not UTF-8."""
        mapping = self.maps[part.thread]
        if part.new.stop > mapping.shape[0]:
            grown = np.zeros(max(2 * mapping.shape[0], part.new.stop), np.int32)
            grown[: mapping.shape[0]] = mapping
            self.maps[part.thread] = mapping = grown
        decoded = estat_scan_keys.keys_of(store, table, part.new.start, part.new.stop)
        groups = len(self.order)
        for k, key in zip(part.new, decoded, strict=True):
            group, row = int(table[k, 2]), int(table[k, 3])
            if key is None or len(key) != (len(self.order[group]) if group < groups else 1):
                return None  # not UTF-8 (a byte 0xFF in a cell would split it)
            if group == groups:  # the text of a slow value
                mapping[k] = self.texts.setdefault(key[0], len(self.texts))
                continue
            key = tuple(key[i] for i in self.order[group])
            code = self.index[group].get(key)
            if code is None:
                code = self.index[group][key] = len(self.keys[group])
                self.keys[group].append(key)
                self.first_rows[group].append(self.rows + row)
            mapping[k] = code
        count = part.value.shape[0]
        self._reserve(self.rows + count, part.size)
        copy = pool.submit(
            estat_scan.remap, part.keys, mapping, part.value, self.codes, self.value, self.rows
        )
        self.copies.append(copy)
        self.slow_rows.append(part.slow_rows + self.rows)
        self.slow_codes.append(mapping[part.slow_keys])
        self.rows += count
        return copy

    def finish(self) -> None:
        """Wait for every copy."""
        for copy in self.copies:
            copy.result()
        self.copies.clear()

    def _reserve(self, rows: int, size: int) -> None:
        """Room for ``rows`` rows, and for the rest of the file at the rate seen so far."""
        self.seen += size
        if rows <= self.value.shape[0]:
            return
        self.finish()  # no copy may write to the arrays replaced
        rest = max(0, self.total - self.seen)
        room = rows + int(rows / max(1, self.seen) * rest * 1.05) + 1024
        codes = np.empty((self.codes.shape[0], room), np.int32)
        codes[:, : self.rows] = self.codes[:, : self.rows]
        value = np.empty(room, np.float64)
        value[: self.rows] = self.value[: self.rows]
        self.codes, self.value = codes, value

    def scanned(self, digest: str) -> Scanned:
        """All the rows added."""
        return Scanned(
            digest,
            [set(keys) for keys in self.keys],
            self.codes[:, : self.rows],
            self.keys,
            [np.array(rows, np.int64) for rows in self.first_rows],
            self.value[: self.rows],
            np.concatenate(self.slow_rows) if self.slow_rows else np.empty(0, np.int64),
            np.concatenate(self.slow_codes) if self.slow_codes else np.empty(0, np.int32),
            list(self.texts),
        )
