"""Rules: one test per problem code (code, row, column, received), and the clean cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from shisaku.domain.plan import Plan
from shisaku.domain.problems import Location, Problem
from shisaku.intake.readers import read_rows
from shisaku.intake.validate import ActualInput, IntakeResult, validate_rows
from tests.intake.conftest import DATA

BAD_ROWS = DATA / "actuals-bad-rows.csv"

# (code, line, column, received) for each bad row of actuals-bad-rows.csv.
EXPECTED_PROBLEMS = [
    ("unknown-indicator", 3, 1, "no-such-indicator"),
    ("invalid-fiscal-year", 4, 2, "20251"),
    ("year-outside-program", 5, 2, "2019"),
    ("not-a-number", 6, 3, "12.5%"),
    ("missing-value", 7, 3, ""),
    ("cumulative-falls", 8, 3, "△3"),
    ("invalid-status", 9, 4, "暫定"),
    ("duplicate-row", 10, 1, "visitors, FY2025"),
    ("missing-value", 11, 1, ""),
]


@pytest.fixture(scope="module")
def bad(sample_plan: Plan) -> IntakeResult:
    return validate_rows(read_rows(BAD_ROWS), sample_plan)


def found(result: IntakeResult, code: str, line: int) -> Problem:
    matches = [
        p for p in result.problems if p.code == code and p.location and p.location.line == line
    ]
    assert len(matches) == 1, result.problems
    return matches[0]


@pytest.mark.parametrize(
    ("code", "line", "column", "received"), EXPECTED_PROBLEMS, ids=[e[0] for e in EXPECTED_PROBLEMS]
)
def test_each_problem_code(
    bad: IntakeResult, code: str, line: int, column: int, received: str
) -> None:
    problem = found(bad, code, line)
    assert problem.location == Location(str(BAD_ROWS), line, column)
    assert problem.received == received
    assert problem.expected
    assert problem.message.startswith(f"line {line}, column {column}: ")


def test_all_problems_are_reported_and_nothing_else(bad: IntakeResult) -> None:
    got = sorted(
        (p.code, p.location.line, p.location.column, p.received)
        for p in bad.problems
        if p.location is not None
    )
    assert got == sorted(EXPECTED_PROBLEMS)
    assert not bad.ok


def test_clean_rows_still_read_and_unreported_rows_skipped(bad: IntakeResult) -> None:
    assert [(a.indicator_id, a.fiscal_year, a.value, a.status) for a in bad.actuals] == [
        ("visitors", 2025, 1320000.0, "preliminary")
    ]
    assert bad.actuals[0].source == "観光入込客数調査（架空）"
    assert bad.actuals[0].note is None
    assert [loc.line for loc in bad.skipped_rows] == [13]


def test_expected_forms_help(bad: IntakeResult) -> None:
    assert "FY2020–FY2029" in (found(bad, "year-outside-program", 5).expected or "")
    assert "programs" in (found(bad, "year-outside-program", 5).expected or "")
    assert "indicator ids" in (found(bad, "unknown-indicator", 3).expected or "")
    assert "line 2" in found(bad, "duplicate-row", 10).message
    assert "without %" in found(bad, "not-a-number", 6).message
    assert "0 or more" in (found(bad, "cumulative-falls", 8).expected or "")


def test_unknown_indicator_suggests_close_ids(sample_plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("indicator_id,fiscal_year,value\nvisitor,2025,1\n", encoding="utf-8")
    result = validate_rows(read_rows(path), sample_plan)
    assert [p.code for p in result.problems] == ["unknown-indicator"]
    assert "did you mean visitors" in (result.problems[0].expected or "")


def test_japanese_forms_read(sample_plan: Plan) -> None:
    path = DATA / "actuals-japanese-headers.csv"
    result = validate_rows(read_rows(path), sample_plan)
    assert result.problems == []
    assert result.actuals == [
        ActualInput(
            "visitors",
            2025,
            1320000.0,
            "preliminary",
            "観光入込客数調査（架空）",
            None,
            Location(str(path), 2, 0),
        ),
        ActualInput(
            "vacant-store-rate", 2025, 13.2, "final", None, "年度末時点", Location(str(path), 3, 0)
        ),
        ActualInput(
            "manufacturing-shipments",
            2025,
            -1200.0,
            "final",
            None,
            "前年度比で減少",
            Location(str(path), 4, 0),
        ),
    ]


def test_reader_problems_are_carried(sample_plan: Plan) -> None:
    result = validate_rows(read_rows("actuals.xls"), sample_plan)
    assert [p.code for p in result.problems] == ["unsupported-file"]
    assert result.actuals == []


def test_without_programs_the_plan_period_applies(sample_plan: Plan, tmp_path: Path) -> None:
    plan = sample_plan.model_copy(
        update={
            "programs": [],
            "plan": sample_plan.plan.model_copy(update={"current_program": None}),
        }
    )
    path = tmp_path / "a.csv"
    path.write_text(
        "indicator_id,fiscal_year,value\nvisitors,2020,1\nvisitors,2030,1\n", encoding="utf-8"
    )
    result = validate_rows(read_rows(path), plan)
    assert [(p.code, p.location.line if p.location else 0) for p in result.problems] == [
        ("year-outside-program", 3)
    ]
    assert "the plan period (FY2020–FY2029)" in (result.problems[0].expected or "")


def test_earlier_programs_are_history_and_accepted(sample_plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("indicator_id,fiscal_year,value\nvisitors,2021,1\n", encoding="utf-8")
    assert validate_rows(read_rows(path), sample_plan).ok


def test_existing_values_that_change_are_listed(sample_plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "indicator_id,fiscal_year,value\nvisitors,2025,10\njob-placements,2025,5\n",
        encoding="utf-8",
    )
    existing = {("visitors", 2025): 9.0, ("job-placements", 2025): 5.0}
    result = validate_rows(read_rows(path), sample_plan, existing)
    assert result.ok
    assert [(a.indicator_id, old) for a, old in result.replaced] == [("visitors", 9.0)]


def test_cumulative_zero_is_fine(sample_plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("indicator_id,fiscal_year,value\nstartups-supported,2025,0\n", encoding="utf-8")
    assert validate_rows(read_rows(path), sample_plan).ok


def test_excel_locations_use_sheet_and_column_letters(sample_plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(["報告"])
    sheet.append(["indicator_id", "fiscal_year", "value", "status"])
    sheet.append(["visitors", 2025, "abc", None])
    sheet.append(["job-placements", 2025, 455, "final"])
    workbook.save(path)
    result = validate_rows(read_rows(path), sample_plan)
    assert [p.code for p in result.problems] == ["not-a-number"]
    problem = result.problems[0]
    assert problem.location == Location(str(path), 3, 3, "Sheet1")
    assert problem.message.startswith("Sheet1!C3: ")
    assert result.actuals[0].location == Location(str(path), 4, 0, "Sheet1")
    assert result.sheets == ["Sheet1"]
