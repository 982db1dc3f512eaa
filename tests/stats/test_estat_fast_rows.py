"""Gathering the threads' parts numbers every key once per group in the order keys first show
in the file, maps each part's rows and slow texts to those numbers, and grows its arrays as
the rows come."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from shisaku.stats.estat_fast_rows import Gathered, Part
from shisaku.stats.estat_scan_keys import SEAL


def thread_table(keys: list[tuple[int, bytes, int]]) -> tuple[np.ndarray, np.ndarray]:
    """A thread's table of one-cell keys: (group, bytes, first row in its part)."""
    store = bytearray()
    rows = []
    for group, cell, row in keys:
        rows.append((len(store), len(cell) + 1, group, row))
        store += cell + bytes([SEAL])
    return np.array(rows, np.int64), np.frombuffer(bytes(store), np.uint8)


def part(thread: int, keys: list[list[int]], slow: list[tuple[int, int]], new: range) -> Part:
    rows = len(keys[0])
    slow_rows = np.array([r for r, _ in slow], np.int64)
    slow_keys = np.array([k for _, k in slow], np.int64)
    value = np.arange(rows, dtype=np.float64)
    return Part(thread, np.array(keys, np.int32), value, slow_rows, slow_keys, new, 10 * rows)


def test_keys_are_numbered_in_file_order_across_threads() -> None:
    # thread 0 read the first part; thread 1 the second, where "a" shows again and "c" is new
    table0, store0 = thread_table([(0, b"b", 0), (0, b"a", 1), (1, b"x", 1)])
    table1, store1 = thread_table([(0, b"a", 0), (0, b"c", 1), (1, b"x", 0)])
    first = part(0, [[0, 1]], [(1, 2)], range(3))
    second = part(1, [[0, 1, 0]], [(0, 2), (2, 2)], range(3))
    gathered = Gathered([[0]], 2, total=50)
    with ThreadPoolExecutor(2) as pool:
        assert gathered.add(first, table0, store0, pool) is not None
        assert gathered.add(second, table1, store1, pool) is not None
        gathered.finish()
    scanned = gathered.scanned("digest")
    assert scanned.ordered == [[("b",), ("a",), ("c",)]]
    assert scanned.codes[0].tolist() == [0, 1, 1, 2, 1]
    assert scanned.first_rows[0].tolist() == [0, 1, 3]
    assert scanned.value.tolist() == [0.0, 1.0, 0.0, 1.0, 2.0]
    assert scanned.slow_rows.tolist() == [1, 2, 4]
    assert scanned.slow_texts == ["x", "x", "x"]
    assert scanned.slow_distinct == ["x"]


def test_a_key_not_in_utf8_stops_the_gathering() -> None:
    # a byte that is not UTF-8; and 0xFF, which would split the cell in two
    for cell in (b"a\xfeb", b"a\xffb"):
        table, store = thread_table([(0, cell, 0)])
        gathered = Gathered([[0]], 1, total=10)
        with ThreadPoolExecutor(1) as pool:
            assert gathered.add(part(0, [[0]], [], range(1)), table, store, pool) is None
