"""Read the data part of a long-form e-Stat CSV (UTF-8) with the compiled scanner
(:mod:`shisaku.stats.estat_scan`), in blocks, on every CPU, hashing the file (SHA-256) on the way.

:func:`read_fast` gives the rows as arrays (one key code per key group, the value) with the
distinct keys of each group as text, the texts of the values that are not plain numbers and
the file's SHA-256 (:class:`~shisaku.stats.estat_fast_rows.Scanned`); or None when the scanner
met text it does not read exactly (the caller then reads the file another way). Nothing is
written anywhere.

The file is mapped into memory, not copied, and read as a pipeline: while the threads scan the
parts of one block (cut at line feeds, more parts than threads, taken from a queue so that no
thread waits for another), the main thread numbers the keys of the block before and has its rows
copied; the same threads hash the file, one block after the other (each block's hash is queued
once the block before is hashed), and blocks done are let go of (so the file does not stay in
the process's memory).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import mmap
import os
import queue
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from shisaku.stats.estat_fast_rows import Gathered, Part, Scanned
from shisaku.stats.estat_fast_scan import Refusal, Room, Table, scan_part, settings_of
from shisaku.stats.estat_layout import EstatLayout

__all__ = ["BLOCK_BYTES", "PARTS", "Scanned", "read_fast"]

BLOCK_BYTES = 32 << 20
"""Bytes of the file in one block (its parts are scanned while the block before is gathered)."""
PARTS = 4
"""Parts of a block for each thread."""


def read_fast(path: Path, start: int, layout: EstatLayout, threads: int = 0) -> Scanned | None:
    """Scan ``path`` from byte ``start`` (the first data row) to its end; None: read it
    another way."""
    settings, order = settings_of(layout)
    count = threads or min(4, os.cpu_count() or 1)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        total = os.fstat(handle.fileno()).st_size
        digest.update(handle.read(start))
        if total <= start:
            return Gathered(order, count, 0).scanned(digest.hexdigest())
        try:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return None
        try:
            if hasattr(mapped, "madvise"):
                mapped.madvise(mmap.MADV_SEQUENTIAL)
            gathered = _read_mapped(mapped, start, digest, order, count, settings)
        finally:
            with contextlib.suppress(BufferError):  # a view left by an exception
                mapped.close()
    return None if gathered is None else gathered.scanned(digest.hexdigest())


def _read_mapped(
    mapped: mmap.mmap,
    start: int,
    digest: Any,
    order: list[list[int]],
    count: int,
    settings: tuple[Any, ...],
) -> Gathered | None:
    """The pipeline over the file's bytes (mapped, not copied): block after block, the
    threads scan the parts of one block while the main thread gathers the block before."""
    data = np.frombuffer(mapped, np.uint8)
    total = data.shape[0]
    tables = [Table() for _ in range(count)]
    free: queue.SimpleQueue[int] = queue.SimpleQueue()
    for n in range(count):
        free.put(n)
    rooms = [[Room() for _ in range(count * PARTS)] for _ in range(3)]
    gathered = Gathered(order, count, total - start)
    copies: list[list[Future[None]]] = []
    hashes: list[Future[None]] = []
    with ThreadPoolExecutor(count) as pool:
        pending: _Scanning | None = None
        pos, block = start, 0
        while pos < total:
            end = min(pos + BLOCK_BYTES, total)
            final = end == total
            cut = end if final else mapped.rfind(b"\n", pos, end) + 1
            if cut <= 0:
                return None  # a row longer than a block
            if block >= 3:  # the rooms of three blocks ago are copied (gathered): reuse them
                for copy in copies[block - 3]:
                    copy.result()
            room = rooms[block % 3]
            scanning = _submit(pool, mapped, data, pos, cut, final, tables, free, room, settings)
            if pending is not None:
                done = _gather(pending, gathered, tables, pool)
                if done is None:
                    return None
                copies.append(done)
                hashes[-1].result()  # the block before's, done: this block's comes after it
                _release(mapped, pending[0][0], pending[-1][1])
            hashes.append(pool.submit(_hash, digest, data, pos, cut))
            pending, pos, block = scanning, cut, block + 1
        if pending is not None and _gather(pending, gathered, tables, pool) is None:
            return None
        if hashes:
            hashes[-1].result()
        gathered.finish()
    return gathered


def _hash(digest: Any, data: Any, start: int, end: int) -> None:
    digest.update(data[start:end])


def _release(mapped: mmap.mmap, start: int, end: int) -> None:
    """Let go of the pages of ``mapped[start:end]`` (scanned and hashed): the file stays in
    the page cache, but not in this process's memory."""
    page = mmap.PAGESIZE
    first, last = start // page * page, end // page * page
    if last > first and hasattr(mmap, "MADV_DONTNEED"):
        mapped.madvise(mmap.MADV_DONTNEED, first, last - first)


_Scanning = list[tuple[int, int, "Future[tuple[Part, int]]"]]


def _submit(
    pool: ThreadPoolExecutor,
    mapped: mmap.mmap,
    data: Any,
    start: int,
    cut: int,
    final: bool,
    tables: list[Table],
    free: queue.SimpleQueue[int],
    rooms: list[Room],
    settings: tuple[Any, ...],
) -> _Scanning:
    """Start scanning ``data[start:cut]`` in parts cut at line feeds."""
    cuts = [start]
    for n in range(1, len(rooms)):
        at = start + int((cut - start) * n / len(rooms))
        cuts.append(max(_line_end(mapped, at, cut), cuts[-1]))
    cuts.append(cut)
    spans = [(a, b) for a, b in itertools.pairwise(cuts) if a < b]
    scan: Callable[..., tuple[Part, int]] = scan_part
    return [
        (a, b, pool.submit(scan, data, a, b, final and b == cut, tables, free, room, settings))
        for (a, b), room in zip(spans, rooms, strict=False)
    ]


def _gather(
    scanning: _Scanning, gathered: Gathered, tables: list[Table], pool: ThreadPoolExecutor
) -> list[Future[None]] | None:
    """Add a block's parts, in order (their rows copied by the pool); each must end where the
    next begins (else a line feed inside a quoted cell was taken for a row's end). None when
    a part is refused."""
    copies: list[Future[None]] = []
    position = scanning[0][0] if scanning else 0
    for a, b, future in scanning:
        try:
            part, reached = future.result()
        except Refusal:
            return None
        if a != position or reached != b:
            return None
        table = tables[part.thread]
        copy = gathered.add(part, table.table, table.store, pool)
        if copy is None:
            return None
        copies.append(copy)
        position = reached
    return copies


def _line_end(mapped: mmap.mmap, at: int, end: int) -> int:
    """The position after the first line feed of ``mapped[at:end]`` (``end``: none)."""
    found = mapped.find(b"\n", at, end)
    return end if found < 0 else found + 1
