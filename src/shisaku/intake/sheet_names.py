"""Excel sheet names: at most 31 characters, none of ``[ ] : * ? / \\``, unique ignoring case.

>>> taken: set[str] = set()
>>> sheet_name("産業振興課", taken), sheet_name("産業振興課", taken), sheet_name("企画/調整", taken)
('産業振興課', '産業振興課(2)', '企画_調整')
>>> name = sheet_name("x" * 40, taken)
>>> len(name), sheet_name("x" * 40, taken)[-3:]
(31, '(2)')
"""

from __future__ import annotations

import re

__all__ = ["MAX_LENGTH", "sheet_name"]

MAX_LENGTH = 31
"""Excel's limit on the length of a sheet name."""

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_RESERVED = {"history"}  # Excel keeps "History" for change tracking


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid sheet name close to ``wanted``, not in ``taken`` (ignoring case); adds it there.

    Forbidden characters become ``_``; a name is cut to 31 characters; a name already
    taken gets a suffix ``(2)``, ``(3)`` …; an empty name becomes ``Sheet``.
    """
    base = _FORBIDDEN.sub("_", wanted).strip().strip("'") or "Sheet"
    base = base[:MAX_LENGTH]
    used = {name.casefold() for name in taken} | _RESERVED
    candidate, number = base, 2
    while candidate.casefold() in used:
        suffix = f"({number})"
        candidate = base[: MAX_LENGTH - len(suffix)] + suffix
        number += 1
    taken.add(candidate)
    return candidate
