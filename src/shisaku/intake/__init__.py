"""Intake of yearly actuals (実績値) from the divisions' CSV and Excel files.

Pure reading and checking, no database: ``read_rows`` turns a file into raw rows with
locations, ``validate_rows`` checks them against a plan and returns the actuals and every
problem; import is all or nothing (store the actuals only when there is no problem).
``write_template`` writes the Excel workbook the divisions fill in, which imports as is.

>>> from shisaku.intake import read_rows, validate_rows, write_template
"""

from shisaku.intake.cells import CellError, parse_number, parse_status, parse_text, parse_year
from shisaku.intake.readers import read_rows
from shisaku.intake.table import RawCell, RawRow, RawTable, cell_ref
from shisaku.intake.template import write_template
from shisaku.intake.validate import ActualInput, IntakeResult, validate_rows

__all__ = [
    "ActualInput",
    "CellError",
    "IntakeResult",
    "RawCell",
    "RawRow",
    "RawTable",
    "cell_ref",
    "parse_number",
    "parse_status",
    "parse_text",
    "parse_year",
    "read_rows",
    "validate_rows",
    "write_template",
]
