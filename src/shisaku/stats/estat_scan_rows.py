"""How the compiled scanner (:mod:`shisaku.stats.estat_scan`) splits a row into cells.

e-Stat writes every cell in double quotes, so a part of a file is first reduced to the
positions of its double quotes (:func:`quotes`, eight bytes at a time, without branching on
the text); a row is then read from them (:func:`row_quoted`): each cell opens where the last
ended, closes at the next quote not doubled, and is followed by a comma or, after the last
cell, by the line's end. Any row that does not fit that pattern — a blank line, a cell not in
quotes, a row cut by the end of the buffer — is read byte by byte (:func:`row_bytes`), with
the rules of Python's ``csv`` module that the scanner accepts.

Rows are read into ``starts``/``ends`` (each cell's first byte and the byte after its last;
quotes excluded, doubled quotes kept) and ``escaped`` (1: the cell has doubled quotes, else 0); all
arrays but ``role`` come as pointers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

from shisaku.stats.estat_words import LOW7, QUOTES, pointer, trailing_zeros, word

__all__ = ["BAD", "BLANK", "CHUNK", "MORE", "ROW", "quotes", "row_bytes", "row_quoted"]

CHUNK = 1 << 14
"""Bytes whose quotes are found at a time (their positions stay in the processor's cache)."""

ROW, BLANK, MORE, BAD = 0, 1, 2, 3
"""What :func:`row_bytes` read: a row; a blank line; nothing (the row goes on past the
buffer: read it with the next one); nothing (text the scanner does not read)."""

QUOTE, COMMA, LF, CR = 34, 44, 10, 13
SPREAD = np.uint64(0x0101010101010101)


@njit(nogil=True, cache=True)
def quotes(buf: Any, start: int, end: int, found: Any) -> int:
    """Write the positions of the double quotes of ``buf[start:end]`` to ``found`` (which
    must have room for ``end - start + 8`` of them); returns how many."""
    p = pointer(buf)
    out = pointer(found)
    size = buf.shape[0]
    n = 0
    at = start
    while at + 8 <= end:
        x = word(p, at, size) ^ QUOTES
        m = ~(((x & LOW7) + LOW7) | x | LOW7)
        count = int(((m >> np.uint64(7)) * SPREAD) >> np.uint64(56))
        # four positions written whatever the count (a word has more quotes only rarely)
        for k in range(4):
            out[n + k] = at + (np.int64(trailing_zeros(m)) >> 3)
            m &= m - np.uint64(1)
        k = 4
        while m != np.uint64(0):
            out[n + k] = at + (np.int64(trailing_zeros(m)) >> 3)
            m &= m - np.uint64(1)
            k += 1
        n += count
        at += 8
    while at < end:
        if p[at] == QUOTE:
            out[n] = at
            n += 1
        at += 1
    return n


@njit(nogil=True, inline="always")
def row_quoted(
    p: Any,
    pos: int,
    end: int,
    ncols: int,
    found: Any,
    at: int,
    count: int,
    starts: Any,
    ends: Any,
    escaped: Any,
) -> tuple[int, int]:
    """Read the row at ``pos`` from the quote positions ``found[at:count]``; returns where
    the next row starts and the index of its first quote; (-1, -1) when the row is not in the
    pattern (read it with :func:`row_bytes`), (-2, -2) when ``found`` ends before it does."""
    for c in range(ncols):
        if at + 1 >= count:
            return -2, -2
        if found[at] != pos:
            return -1, -1
        close = found[at + 1]
        at += 2
        esc = 0
        while close + 1 < end and p[close + 1] == QUOTE:  # a doubled quote, not the close
            if at + 1 >= count:
                return -2, -2
            esc = 1
            close = found[at + 1]
            at += 2
        if close + 1 >= end:
            return -1, -1
        starts[c] = pos + 1
        ends[c] = close
        escaped[c] = esc
        b = p[close + 1]
        if c + 1 < ncols:
            if b != COMMA:
                return -1, -1
            pos = close + 2
        elif b == LF:
            pos = close + 2
        elif b == CR and close + 2 < end and p[close + 2] == LF:
            pos = close + 3
        else:
            return -1, -1
    return pos, at


@njit(nogil=True, cache=True)
def row_bytes(
    p: Any,
    pos: int,
    end: int,
    final: bool,
    ncols: int,
    starts: Any,
    ends: Any,
    escaped: Any,
) -> tuple[int, int]:
    """Read the row at ``pos`` byte by byte; returns what was read (:data:`ROW`,
    :data:`BLANK`, :data:`MORE`, :data:`BAD`) and where the next row starts. Without
    ``final``, a row not ended before ``end`` is :data:`MORE`."""
    col = 0
    while True:  # one cell
        if col >= ncols:
            return BAD, pos
        esc = 0
        if pos < end and p[pos] == QUOTE:
            pos += 1
            start = pos
            while True:
                while pos < end and p[pos] != QUOTE:
                    pos += 1
                if pos >= end:
                    return (BAD if final else MORE), pos
                if pos + 1 < end and p[pos + 1] == QUOTE:
                    esc = 1
                    pos += 2
                    continue
                if pos + 1 >= end and not final:
                    return MORE, pos
                break
            stop = pos
            pos += 1
        else:
            start = pos
            while pos < end:
                b = p[pos]
                if b in (COMMA, LF, CR):
                    break
                if b == QUOTE:
                    return BAD, pos
                pos += 1
            stop = pos
        starts[col] = start
        ends[col] = stop
        escaped[col] = esc
        col += 1
        if pos >= end:
            if not final:
                return MORE, pos
            break
        b = p[pos]
        if b == COMMA:
            pos += 1
            continue
        if b == LF:
            pos += 1
            break
        if b == CR:
            if pos + 1 < end and p[pos + 1] == LF:
                pos += 2
                break
            if pos + 1 >= end and not final:
                return MORE, pos
        return BAD, pos
    if col != ncols:
        if col == 1 and ends[0] == starts[0]:
            return BLANK, pos
        return BAD, pos
    return ROW, pos
