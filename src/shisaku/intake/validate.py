"""Check raw rows against a plan: every problem at once, and the actuals when there is none.

Pure: no I/O. Import is all or nothing: store :attr:`IntakeResult.actuals` only when
:attr:`IntakeResult.problems` is empty.

A row is *not reported*, and skipped without a problem, when its ``value`` cell is empty
and so are ``status``, ``source`` and ``note``: a template row the division did not fill
in. Skipped rows are listed in :attr:`IntakeResult.skipped_rows`. A row with an empty
``value`` but a status, source or note is a ``missing-value`` problem: it was begun.

Values of cumulative (累計) indicators are the *year's amount*, which the running total
adds up from ``counts_from``; so the rule is that the amount is 0 or more. A negative
amount would make the total fall (``cumulative-falls``). Stored amounts need not be
consulted: they obey the same rule.

Problem codes (stable; each problem has the cell's location, the value received as the
user sees it, and the form expected):

* ``missing-value`` — indicator_id, fiscal_year or value is empty in a reported row.
* ``unknown-indicator`` — the plan has no indicator with this id (expected names close
  or first ids).
* ``invalid-fiscal-year`` — the cell is not a fiscal year (2021, 令和3年度, R3, FY2021).
* ``year-outside-program`` — the year is outside every program of the plan (from the
  first program's start to the last one's end; the plan period when it declares none).
  Actuals of earlier programs are history the evaluation uses, so they are accepted.
* ``not-a-number`` — the value is not a number in an accepted form (see
  :mod:`shisaku.intake.cells`; a ``%`` is refused).
* ``cumulative-falls`` — a cumulative indicator's yearly amount is negative.
* ``invalid-status`` — the status is not 速報/preliminary or 確報/final.
* ``other-plan`` — the row's ``plan_id`` names another plan than the one imported into.
* ``duplicate-row`` — the same indicator and fiscal year were given before, in this file
  (the message names the first row).
* and those of the reader: ``unsupported-file``, ``unreadable-file``, ``encoding``,
  ``missing-column``, ``duplicate-column`` (see :mod:`shisaku.intake.readers`).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from shisaku.domain.common import Period
from shisaku.domain.indicators import Indicator
from shisaku.domain.plan import Plan, Status
from shisaku.domain.problems import Location, Problem, Report
from shisaku.intake.cells import (
    CellError,
    is_blank,
    parse_number,
    parse_status,
    parse_text,
    parse_year,
    shown,
)
from shisaku.intake.table import RawRow, RawTable, cell_ref

__all__ = ["ActualInput", "IntakeResult", "validate_rows"]


@dataclass(frozen=True)
class ActualInput:
    """One actual (実績値) ready to store: for cumulative indicators, the year's amount."""

    indicator_id: str
    fiscal_year: int
    value: float
    status: Status
    source: str | None
    note: str | None
    location: Location


@dataclass
class IntakeResult:
    """The actuals read, the problems found (reader's and rules'), and what was skipped.

    ``replaced`` pairs each actual that changes a value in ``existing`` with that value.
    """

    file: str
    actuals: list[ActualInput] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_rows: list[Location] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    replaced: list[tuple[ActualInput, float]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file can be imported: no problem at all."""
        return not self.problems

    def report(self) -> Report:
        """The problems as a :class:`~shisaku.domain.problems.Report` (sorted by location)."""
        return Report(list(self.problems))


def validate_rows(
    table: RawTable, plan: Plan, existing: Mapping[tuple[str, int], float] | None = None
) -> IntakeResult:
    """Check every row of ``table`` against ``plan``; ``existing`` maps (id, year) to values."""
    rules = _Rules(plan)
    result = IntakeResult(
        table.file,
        problems=list(table.problems),
        sheets=list(table.sheets),
        skipped_sheets=list(table.skipped_sheets),
    )
    first_rows: dict[tuple[str, int], Location] = {}
    for row in table.rows:
        if all(is_blank(row.value(c)) for c in ("value", "status", "source", "note")):
            result.skipped_rows.append(row.location)
            continue
        problems: list[Problem] = []
        _same_plan(row, plan, problems)
        indicator = rules.indicator(row, problems)
        year = rules.year(row, problems)
        value = rules.value(row, indicator, problems)
        status = _status(row, problems)
        if indicator is not None and year is not None:
            first = first_rows.get((indicator.id, year))
            if first is None:
                first_rows[(indicator.id, year)] = row.location
            else:
                problems.append(_duplicate(row, indicator.id, year, first))
        result.problems.extend(problems)
        if problems or indicator is None or year is None or value is None:
            continue
        actual = ActualInput(
            indicator_id=indicator.id,
            fiscal_year=year,
            value=value,
            status=status or "final",
            source=parse_text(row.value("source")),
            note=parse_text(row.value("note")),
            location=row.location,
        )
        result.actuals.append(actual)
        before = None if existing is None else existing.get((actual.indicator_id, year))
        if before is not None and before != actual.value:
            result.replaced.append((actual, before))
    return result


def _problem(
    code: str, row: RawRow, column: str, message: str, received: object, expected: str
) -> Problem:
    where = row.where(column)
    return Problem(
        code,
        f"{cell_ref(where)}: {message}",
        received=received,
        expected=expected,
        location=where,
    )


def _missing(row: RawRow, column: str, expected: str) -> Problem:
    message = f"{column} is empty, but this row reports a value"
    if column == "value":
        message = "value is empty, but status, source or note is filled in; give the value"
    return _problem("missing-value", row, column, message, shown(row.value(column)), expected)


def _same_plan(row: RawRow, plan: Plan, problems: list[Problem]) -> None:
    given = parse_text(row.value("plan_id"))
    if given is not None and given != plan.plan.id:
        message = f"the row is for plan {given!r}, but this import is for {plan.plan.id!r}"
        problems.append(
            _problem("other-plan", row, "plan_id", message, given, f"{plan.plan.id!r} or empty")
        )


class _Rules:
    """The plan facts the rules need: indicators by id, and the fiscal years allowed."""

    def __init__(self, plan: Plan) -> None:
        self.indicators = {i.id: i for i in plan.indicators}
        if plan.programs:
            start = min(p.period.start for p in plan.programs)
            end = max(p.period.end for p in plan.programs)
            self.period = Period(start=start, end=end)
            name = "the plan's programs" if len(plan.programs) > 1 else plan.programs[0].name.ja
        else:
            self.period = plan.plan.period
            name = "the plan period"
        self.period_name = f"{name} ({self.period.label()})"

    def indicator(self, row: RawRow, problems: list[Problem]) -> Indicator | None:
        text = parse_text(row.value("indicator_id"))
        if text is None:
            problems.append(_missing(row, "indicator_id", "an indicator id of the plan"))
            return None
        found = self.indicators.get(unicodedata.normalize("NFKC", text))
        if found is None:
            problems.append(
                _problem(
                    "unknown-indicator",
                    row,
                    "indicator_id",
                    f"the plan has no indicator {text!r}",
                    text,
                    self._known_ids(text),
                )
            )
        return found

    def _known_ids(self, text: str) -> str:
        ids = list(self.indicators)
        if not ids:
            return "an indicator id, but the plan has no indicators"
        close = difflib.get_close_matches(text, ids, n=3, cutoff=0.6)
        lead = f"did you mean {', '.join(close)}?" if close else f"e.g. {', '.join(ids[:4])}"
        return f"one of the plan's {len(ids)} indicator ids ({lead})"

    def year(self, row: RawRow, problems: list[Problem]) -> int | None:
        cell = row.value("fiscal_year")
        expected = f"a fiscal year within {self.period_name}"
        if is_blank(cell):
            problems.append(_missing(row, "fiscal_year", expected))
            return None
        try:
            year = parse_year(cell)
        except CellError as error:
            problems.append(
                _problem(
                    "invalid-fiscal-year",
                    row,
                    "fiscal_year",
                    error.reason,
                    error.received,
                    error.expected,
                )
            )
            return None
        if year not in self.period:
            message = f"FY{year} is outside {self.period_name}"
            problems.append(
                _problem("year-outside-program", row, "fiscal_year", message, shown(cell), expected)
            )
            return None
        return year

    def value(
        self, row: RawRow, indicator: Indicator | None, problems: list[Problem]
    ) -> float | None:
        cell = row.value("value")
        if is_blank(cell):
            problems.append(_missing(row, "value", "a number"))
            return None
        try:
            value = float(parse_number(cell))
        except CellError as error:
            problems.append(
                _problem("not-a-number", row, "value", error.reason, error.received, error.expected)
            )
            return None
        if indicator is not None and indicator.kind == "cumulative" and value < 0:
            message = (
                f"{indicator.id} is cumulative: the value is the year's amount, added to the"
                " running total, so a negative amount would make the total fall"
            )
            problems.append(
                _problem(
                    "cumulative-falls", row, "value", message, shown(cell), "an amount of 0 or more"
                )
            )
            return None
        return value


def _status(row: RawRow, problems: list[Problem]) -> Status | None:
    try:
        return parse_status(row.value("status"))
    except CellError as error:
        problems.append(
            _problem("invalid-status", row, "status", error.reason, error.received, error.expected)
        )
        return None


def _duplicate(row: RawRow, indicator_id: str, year: int, first: Location) -> Problem:
    message = f"{indicator_id} FY{year} is given twice; it is first given at {cell_ref(first)}"
    expected = "one row per indicator and fiscal year"
    return _problem(
        "duplicate-row", row, "indicator_id", message, f"{indicator_id}, FY{year}", expected
    )
