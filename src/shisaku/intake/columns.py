"""The columns of an actuals file, and the header names that stand for them.

A header cell names a column when, after NFKC normalization (full-width letters become
ASCII), case folding and removal of spaces (U+3000 included) and of ``_ - / ・``, it equals
one of the column's accepted names, normalized the same way:

============  ========  ===========================================================
column        required  accepted header names
============  ========  ===========================================================
indicator_id  yes       ``indicator_id``, ``指標ID``
fiscal_year   yes       ``fiscal_year``, ``年度``
value         yes       ``value``, ``実績値``
status        no        ``status``, ``状態``, ``速報確報`` (so also ``速報/確報``, ``速報・確報``)
source        no        ``source``, ``出典``
note          no        ``note``, ``備考``
plan_id       no        ``plan_id``, ``計画ID`` (as ``shisaku data export`` writes it)
============  ========  ===========================================================

So ``Indicator ID``, ``INDICATOR_ID`` and ``指標ＩＤ`` all name ``indicator_id``. Any other
column (unit, past values, remarks of a template) is ignored.

>>> column_of(" Indicator ID "), column_of("指標ＩＤ"), column_of("速報・確報"), column_of("単位")
('indicator_id', 'indicator_id', 'status', None)
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ALIASES",
    "COLUMNS",
    "EXPECTED_COLUMNS",
    "OPTIONAL",
    "REQUIRED",
    "column_of",
]

REQUIRED: tuple[str, ...] = ("indicator_id", "fiscal_year", "value")
"""Columns every actuals file must have."""

OPTIONAL: tuple[str, ...] = ("status", "source", "note", "plan_id")
"""Columns an actuals file may have."""

COLUMNS: tuple[str, ...] = REQUIRED + OPTIONAL
"""All the columns read, in template order."""

ALIASES: dict[str, tuple[str, ...]] = {
    "indicator_id": ("indicator_id", "指標ID"),
    "fiscal_year": ("fiscal_year", "年度"),
    "value": ("value", "実績値"),
    "status": ("status", "状態", "速報確報"),
    "source": ("source", "出典"),
    "note": ("note", "備考"),
    "plan_id": ("plan_id", "計画ID"),
}
"""Each column's accepted header names (matched as the module docstring says)."""

EXPECTED_COLUMNS = (
    "a header row with indicator_id, fiscal_year, value (optional: status, source, note),"
    " or in Japanese 指標ID, 年度, 実績値 (状態 or 速報確報, 出典, 備考)"
)
"""One-line description of the header an actuals file needs."""

_IGNORED = re.compile(r"[\s_\-/・]+")


def _key(text: str) -> str:
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text)).casefold()


_BY_KEY: dict[str, str] = {_key(alias): name for name, names in ALIASES.items() for alias in names}


def column_of(header: object) -> str | None:
    """The column a header cell names, or ``None`` when it names none of :data:`COLUMNS`."""
    if not isinstance(header, str):
        return None
    return _BY_KEY.get(_key(header))
