"""Export of current actuals: CSV or JSON, byte-for-byte the same for the same data.

The CSV has the import columns (plus ``plan_id`` first), so an export imports back as is.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from typing import Any

from shisaku.db.actuals import Actual

COLUMNS = ("plan_id", "indicator_id", "fiscal_year", "value", "status", "source", "note")


def format_value(value: float | None) -> str:
    """Shortest text that reads back as the same number; whole numbers without ``.0``.

    >>> format_value(1234.0), format_value(0.1), format_value(-2.5), format_value(None)
    ('1234', '0.1', '-2.5', '')
    """
    if value is None:
        return ""
    if math.isfinite(value) and value == int(value) and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _records(actuals: Iterable[Actual]) -> list[dict[str, Any]]:
    ordered = sorted(actuals, key=lambda a: (a.plan_id, a.indicator_id, a.fiscal_year))
    return [
        {
            "plan_id": a.plan_id,
            "indicator_id": a.indicator_id,
            "fiscal_year": a.fiscal_year,
            "value": a.value,
            "status": a.status,
            "source": a.source,
            "note": a.note,
        }
        for a in ordered
    ]


def to_csv(actuals: Iterable[Actual]) -> str:
    """UTF-8 CSV text (no BOM), LF line ends, rows sorted by plan, indicator, fiscal year."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in _records(actuals):
        writer.writerow(
            [
                format_value(v) if k == "value" else ("" if v is None else v)
                for k, v in record.items()
            ]
        )
    return out.getvalue()


def to_json(actuals: Iterable[Actual]) -> str:
    """A JSON list of records with the CSV's keys, sorted, UTF-8, two-space indent."""
    return json.dumps(_records(actuals), ensure_ascii=False, indent=2) + "\n"
