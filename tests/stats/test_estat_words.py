"""The scanner's word-at-a-time helpers (``estat_words``) agree with byte-by-byte comparison and
never read past the memory they are given: runs of every length, at every distance from the
end of the buffer."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from shisaku.stats.estat_words import differ, mix, pointer, same, word


@njit(cache=False)
def _check(buf: Any, a: int, b: int, n: int) -> tuple[bool, bool, Any, Any, Any]:
    p = pointer(buf)
    size = buf.shape[0]
    return (
        same(p, a, size, p, b, size, n),
        differ(p, a, b, n, size),
        mix(np.uint64(0), p, a, n, size),
        mix(np.uint64(0), p, b, n, size),
        word(p, a, size),
    )


@settings(max_examples=400, deadline=None)
@given(st.binary(min_size=1, max_size=60), st.data())
def test_runs_compare_and_hash_as_their_bytes(raw: bytes, data: st.DataObject) -> None:
    size = len(raw)
    buf = np.frombuffer(raw, np.uint8).copy()
    n = data.draw(st.integers(0, size))
    a = data.draw(st.integers(0, size - n))
    b = data.draw(st.integers(0, size - n))
    equal, different, hash_a, hash_b, first = _check(buf, a, b, n)
    assert equal == (raw[a : a + n] == raw[b : b + n])
    assert different == (not equal)
    if equal:
        assert hash_a == hash_b
    padded = raw[a : a + 8] + bytes(8)
    assert first == int.from_bytes(padded[:8], "little")


def test_hashes_differ_with_the_bytes_and_the_length() -> None:
    buf = np.frombuffer(b"2012000000,2014000000,20120000", np.uint8).copy()
    _, _, h2012, h2014, _ = _check(buf, 0, 11, 10)
    _, _, short, _, _ = _check(buf, 22, 22, 8)
    _, _, longer, _, _ = _check(buf, 0, 0, 8)
    assert h2012 != h2014
    assert short == longer  # the same 8 bytes
    _, _, nine, _, _ = _check(buf, 0, 0, 9)
    assert nine != longer
