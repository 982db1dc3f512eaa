"""Read one cell of an official statistical table: a number, a statistical marker, or nothing.

:func:`parse_stat` returns ``(value, marker)``:

* a number → ``(number, None)``. Thousands commas, full-width digits and signs, surrounding
  (full-width) spaces, and negatives written ``-``, ``−`` (U+2212), ``－``, ``△`` or ``▲`` are read;
* a statistical marker → ``(None, marker)``, the marker exactly as published (stripped of
  surrounding spaces), so ``x`` (suppressed) stays apart from ``-`` (none) and from ``…``
  (not available). What each marker means is in :data:`MARKERS`;
* an empty cell (or spaces only) → ``(None, None)``: *missing* — the table gives neither a
  number nor a marker there;
* anything else raises :class:`StatValueError` (a :class:`ValueError` carrying ``received``
  and ``expected``); a reader turns it into a located problem (code ``bad-value``).

>>> [parse_stat(t) for t in ("43149", "1,538,262", "１２３", " 93.6 ", "△5", "▲1,200", "-7")]
[(43149.0, None), (1538262.0, None), (123.0, None), (93.6, None), (-5.0, None), \
(-1200.0, None), (-7.0, None)]
>>> [parse_stat(t) for t in ("x", "X", "-", "－", "…", "...", "***", "")]
[(None, 'x'), (None, 'X'), (None, '-'), (None, '－'), (None, '…'), (None, '...'), \
(None, '***'), (None, None)]
>>> MARKERS["x"], MARKERS["-"], MARKERS["…"]
('suppressed', 'none', 'not available')
>>> parse_stat("12a")
Traceback (most recent call last):
  ...
shisaku.stats.markers.StatValueError: cannot read '12a' as a statistic: write only the \
number, without a unit or other text
>>> parse_stat("1,23")
Traceback (most recent call last):
  ...
shisaku.stats.markers.StatValueError: cannot read '1,23' as a statistic: commas must separate \
thousands (1,234)

Not markers (refused): ``p``/``r`` suffixes (preliminary, revised) and ``%``: a number with
them is refused rather than guessed at.
"""

from __future__ import annotations

import re

__all__ = [
    "EXPECTED_STAT",
    "MARKERS",
    "MEANINGS",
    "StatValueError",
    "marker_meaning",
    "parse_stat",
]

MEANINGS = ("suppressed", "none", "not available")
"""The meanings a marker can have (values of :data:`MARKERS`)."""

MARKERS: dict[str, str] = {
    # 秘匿: withheld for confidentiality. A number exists; it is neither zero nor missing.
    "x": "suppressed",
    "X": "suppressed",
    "ｘ": "suppressed",
    "Ｘ": "suppressed",
    # 該当数値なし / 皆無: nothing to count (e.g. no establishment of that kind).
    "-": "none",
    "－": "none",  # full-width hyphen-minus U+FF0D
    "−": "none",  # minus sign U+2212
    "―": "none",  # horizontal bar U+2015
    "‐": "none",  # hyphen U+2010
    "–": "none",  # en dash U+2013
    "—": "none",  # em dash U+2014
    "***": "none",  # e-Stat downloads: 「当該数値がないもの」 (令和2年国勢調査 legend)
    "＊＊＊": "none",
    # 不詳 / 数値が得られないもの: a number exists but is unknown, or is not published.
    "…": "not available",
    "……": "not available",
    "...": "not available",
    "･･･": "not available",  # half-width katakana middle dots U+FF65
    "・・・": "not available",
    "‥": "not available",
    # A lone asterisk: no number given. (In MHLW tables `*` flags a small sample next to a
    # number; a number with a flag is refused, the flag alone is kept as "not available".)
    "*": "not available",
    "＊": "not available",
}
"""Every marker :func:`parse_stat` keeps, as published → its meaning (one of :data:`MEANINGS`).

Legends differ between tables; the raw marker is kept so a reader can reinterpret it."""

EXPECTED_STAT = (
    "a number (1234, 1,234, 12.5, -12, △12, １２３４) or a marker"
    " (x suppressed, - none, … not available, ***), or an empty cell"
)
"""One-line description of what :func:`parse_stat` accepts."""


class StatValueError(ValueError):
    """A cell that is neither a number nor a known marker.

    >>> error = StatValueError("12a", "write only the number")
    >>> error.received, error.expected == EXPECTED_STAT, isinstance(error, ValueError)
    ('12a', True, True)
    """

    received: str
    reason: str
    expected: str

    def __init__(self, received: str, reason: str, expected: str = EXPECTED_STAT) -> None:
        self.received = received
        self.reason = reason
        self.expected = expected
        super().__init__(f"cannot read {received!r} as a statistic: {reason}")

    def __reduce__(self) -> tuple[type[StatValueError], tuple[str, str, str]]:
        return (type(self), (self.received, self.reason, self.expected))


# Full-width digits, signs, point and comma, the minus sign and the ideographic space → ASCII.
_NARROW: dict[int, int] = {0xFF10 + i: 0x30 + i for i in range(10)} | {
    ord("－"): ord("-"),
    0x2212: ord("-"),
    ord("＋"): ord("+"),
    ord("．"): ord("."),
    ord("，"): ord(","),
    0x3000: ord(" "),
}
_NUMBER = re.compile(
    r"(?P<sign>[-+△▲])?\s*"
    r"(?P<body>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)",
    re.ASCII,
)
_NEGATIVE = frozenset("-△▲")


def parse_stat(text: str) -> tuple[float | None, str | None]:
    """``(value, marker)`` for one cell; see the module docstring.

    >>> parse_stat("  "), parse_stat("\\u3000x\\u3000"), parse_stat("－１２．５")
    ((None, None), (None, 'x'), (-12.5, None))
    """
    if text.isdigit() and text.isascii():  # the common case: a plain count
        return float(text), None
    stripped = text.strip()
    if not stripped:
        return None, None
    if stripped in MARKERS:
        return None, stripped
    narrow = stripped.translate(_NARROW)
    match = _NUMBER.fullmatch(narrow)
    if match is None:
        raise StatValueError(text, _reason(narrow))
    number = float(match["body"].replace(",", ""))
    if match["sign"] in _NEGATIVE:
        number = -number
    return number + 0.0, None  # + 0.0 turns -0.0 into 0.0


def marker_meaning(marker: str | None) -> str | None:
    """The meaning of a marker kept by :func:`parse_stat` (None for no marker).

    >>> marker_meaning("x"), marker_meaning("***"), marker_meaning(None)
    ('suppressed', 'none', None)
    """
    return None if marker is None else MARKERS.get(marker.strip())


def _reason(text: str) -> str:
    if "," in text and _NUMBER.fullmatch(text.replace(",", "")):
        return "commas must separate thousands (1,234)"
    if text.endswith(("%", "％")):
        return "write the number without %"
    if re.search(r"[0-9]", text):
        return "write only the number, without a unit or other text"
    return "this is neither a number nor a statistical marker"
