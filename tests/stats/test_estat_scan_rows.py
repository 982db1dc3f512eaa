"""The scanner's row splitter (``estat_scan_rows``) reads rows as Python's ``csv`` module does:
the quote positions, the quoted pattern and the byte-by-byte reader, on random text with quotes,
commas, line feeds and multi-byte characters in the cells (rows of two cells or more, as every
e-Stat layout has; a bare carriage return is refused, and the file read another way)."""

from __future__ import annotations

import csv
import io
from typing import Any, Literal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from shisaku.stats.estat_scan_rows import (
    BLANK,
    ROW,
    quotes,
    row_bytes,
    row_quoted,
)
from shisaku.stats.estat_words import pointer

TEXT = st.text(alphabet='ab",\n\r川 ', max_size=12)


@settings(deadline=None)
@given(st.binary(max_size=300), st.data())
def test_quotes_finds_every_double_quote(data: bytes, draw: st.DataObject) -> None:
    raw = bytes(b if b % 3 else 34 for b in data)  # many quotes, several to a word
    buf = np.frombuffer(raw, np.uint8).copy()
    start = draw.draw(st.integers(0, len(raw)))
    end = draw.draw(st.integers(start, len(raw)))
    found = np.empty(end - start + 16, np.int64)
    count = quotes(buf, start, end, found)
    assert found[:count].tolist() == [i for i in range(start, end) if raw[i] == 34]


@njit(cache=False)
def _split(buf: Any, ncols: int, cells: Any, found: Any, out: Any) -> int:
    """Every row of ``buf`` (cells[0], cells[1]: starts, ends; cells[2]: escaped) into
    ``out`` (rows × ncols × 3), quoted pattern first; -1 when a row is refused."""
    p = pointer(buf)
    starts, ends, escaped = pointer(cells[0]), pointer(cells[1]), pointer(cells[2])
    end = buf.shape[0]
    count = quotes(buf, 0, end, found)
    q = pointer(found)
    pos, at, rows = 0, 0, 0
    while pos < end:
        start = pos
        pos, at = row_quoted(p, pos, end, ncols, q, at, count, starts, ends, escaped)
        if pos < 0:
            what, pos = row_bytes(p, start, end, True, ncols, starts, ends, escaped)
            if what == BLANK:
                at = int(np.searchsorted(found[:count], pos))
                continue
            if what != ROW:
                return -1
            at = int(np.searchsorted(found[:count], pos))
        for c in range(ncols):
            out[rows, c, 0] = starts[c]
            out[rows, c, 1] = ends[c]
            out[rows, c, 2] = escaped[c]
        rows += 1
    return rows


def split(raw: bytes, ncols: int) -> list[list[str]] | None:
    buf = np.frombuffer(raw, np.uint8).copy()
    cells = np.zeros((3, ncols), np.int64)
    found = np.empty(len(raw) + 16, np.int64)
    out = np.zeros((len(raw) + 1, ncols, 3), np.int64)
    rows = _split(buf, ncols, cells, found, out)
    if rows < 0:
        return None
    return [
        [raw[a:b].decode().replace('""', '"') if e else raw[a:b].decode() for a, b, e in row]
        for row in out[:rows].tolist()
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(2, 4).flatmap(lambda n: st.lists(st.lists(TEXT, min_size=n, max_size=n))),
    st.sampled_from([csv.QUOTE_ALL, csv.QUOTE_MINIMAL]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_rows_are_read_as_the_csv_module_reads_them(
    rows: list[list[str]], quoting: Literal[0, 1], newline: str
) -> None:
    if not rows:
        return
    ncols = len(rows[0])
    text = io.StringIO()
    csv.writer(text, quoting=quoting, lineterminator=newline).writerows(rows)
    raw = text.getvalue().encode()
    expected = [r for r in csv.reader(io.StringIO(text.getvalue(), newline="")) if r]
    found = split(raw, ncols)
    if found is None:  # refused: the writer left a carriage return outside quotes
        assert quoting == csv.QUOTE_MINIMAL
        assert "\r" in "".join(c for r in rows for c in r)
    else:
        assert found == expected


def test_text_after_a_closing_quote_or_a_quote_in_a_plain_cell_is_refused() -> None:
    assert split(b'"a"x,"b"\n', 2) is None
    assert split(b'a"b,c\n', 2) is None
    assert split(b'"a","b","c"\n', 2) is None
    assert split(b'"a","b"\n\n"c",""\n', 2) == [["a", "b"], ["c", ""]]
