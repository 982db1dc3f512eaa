"""Word-at-a-time helpers for the compiled scanner (:mod:`shisaku.stats.estat_scan`).

The scanner reads through raw pointers (no reference counting in its loops) and compares,
hashes and searches cells eight bytes at a time with unaligned loads. Every helper is given
the size of the memory it reads so that it never reads past it: the last few bytes of a
buffer are read one by one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from llvmlite import ir  # type: ignore[import-untyped]
from numba import njit, types
from numba.cpython.unsafe.numbers import trailing_zeros as _trailing_zeros
from numba.extending import intrinsic

__all__ = [
    "LOW7",
    "QUOTES",
    "differ",
    "head",
    "mix",
    "pointer",
    "same",
    "spread",
    "trailing_zeros",
    "word",
]

PRIME = np.uint64(0x9E3779B97F4A7C15)
ZERO = np.uint64(0)
ONE = np.uint64(1)
QUOTES = np.uint64(0x2222222222222222)
LOW7 = np.uint64(0x7F7F7F7F7F7F7F7F)


def _pointer(typingctx: Any, array: Any) -> tuple[Any, Any]:
    sig = types.CPointer(array.dtype)(array)  # type: ignore[no-untyped-call]

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        return context.make_array(signature.args[0])(context, builder, args[0]).data

    return sig, codegen


pointer: Any = intrinsic(_pointer)
"""The address of an array's first element. Numba frees a local array after its last use,
so take pointers only to arrays the caller holds (arguments), never to local ones."""


def _load_word(typingctx: Any, address: Any, at: Any) -> tuple[Any, Any]:
    sig = types.uint64(address, types.intp)

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        byte = builder.gep(args[0], [args[1]])
        return builder.load(builder.bitcast(byte, ir.IntType(64).as_pointer()), align=1)

    return sig, codegen


_load: Any = intrinsic(_load_word)
"""The 8 bytes at ``address + at`` as one little-endian number (any alignment)."""
trailing_zeros: Any = _trailing_zeros


@njit(nogil=True, inline="always")
def word(p: Any, at: int, size: int) -> Any:
    """The 8 bytes from ``p[at]``, the first in the lowest bits; bytes at or past ``size``
    (the end of the memory) read as 0."""
    if at + 8 <= size:
        return _load(p, at)
    w = ZERO
    for k in range(min(8, size - at)):
        w |= np.uint64(p[at + k]) << np.uint64(8 * k)
    return w


@njit(nogil=True, inline="always")
def head(w: Any, n: int) -> Any:
    """The first ``n`` bytes of ``w`` (all of them when ``n`` >= 8)."""
    if n >= 8:
        return w
    return w & ((ONE << np.uint64(8 * n)) - ONE)


@njit(nogil=True, inline="always")
def same(p: Any, a: int, size_p: int, q: Any, b: int, size_q: int, n: int) -> bool:
    """Whether the ``n`` bytes from ``p[a]`` are those from ``q[b]``."""
    while n > 0:
        if head(word(p, a, size_p) ^ word(q, b, size_q), n) != ZERO:
            return False
        a += 8
        b += 8
        n -= 8
    return True


@njit(nogil=True, inline="always")
def differ(p: Any, a: int, b: int, n: int, size: int) -> bool:
    """Whether the ``n`` bytes from ``p[a]`` differ from those from ``p[b]``: one or two
    (overlapping) words compared for up to 16 bytes, without a loop."""
    if n <= 8:
        return bool(head(word(p, a, size) ^ word(p, b, size), n) != ZERO)
    if n <= 16:
        last = n - 8
        front = word(p, a, size) ^ word(p, b, size)
        back = word(p, a + last, size) ^ word(p, b + last, size)
        return bool((front | back) != ZERO)
    return not same(p, a, size, p, b, size, n)


@njit(nogil=True, inline="always")
def mix(h: Any, p: Any, at: int, n: int, size: int) -> Any:
    """The hash ``h`` continued with the run of ``n`` bytes from ``p[at]`` (its length first,
    so that runs of cells hash differently wherever their cells end)."""
    h = (h ^ np.uint64(n)) * PRIME
    while n > 0:
        h = (h ^ head(word(p, at, size), n)) * PRIME
        h ^= h >> np.uint64(29)
        at += 8
        n -= 8
    return h


@njit(nogil=True, inline="always")
def spread(h: Any) -> Any:
    """``h`` with its high bits folded into the low ones (hash tables use the low bits)."""
    h ^= h >> np.uint64(32)
    h *= PRIME
    return h ^ (h >> np.uint64(29))
