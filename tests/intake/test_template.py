"""The division template: its layout, and that a filled-in copy imports exactly what was typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from shisaku.domain.plan import Plan
from shisaku.intake.readers import read_rows
from shisaku.intake.sheet_names import sheet_name
from shisaku.intake.template import COLUMNS, NO_DIVISION, REFERENCE_COLUMNS, write_template
from shisaku.intake.validate import validate_rows

YEARS = [2026, 2025]  # unsorted on purpose
PAST = {("visitors", 2025): 1300000.0, ("startups-supported", 2025): 12.0}
DIVISIONS = ["産業振興課", "企業立地課", "商業観光課", "農政課", "雇用労働課", "環境産業課"]


@pytest.fixture
def template(tmp_path: Path, sample_plan: Plan) -> Path:
    path = tmp_path / "template.xlsx"
    write_template(path, sample_plan, YEARS, PAST)
    return path


def header_row(sheet: Worksheet) -> int:
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value == "indicator_id":
            return row[0].row
    raise AssertionError("no header row")


def data_rows(sheet: Worksheet) -> dict[tuple[str, int], int]:
    """(indicator_id, fiscal_year) → Excel row number."""
    start = header_row(sheet) + 1
    return {
        (str(row[0].value), int(str(row[1].value))): row[0].row
        for row in sheet.iter_rows(min_row=start, max_col=2)
        if row[0].value is not None
    }


def test_layout(template: Path, sample_plan: Plan) -> None:
    workbook = load_workbook(template)
    assert workbook.sheetnames == DIVISIONS
    sheet = workbook["産業振興課"]
    head = header_row(sheet)
    assert head <= 20
    assert [c.value for c in sheet[head]] == [*COLUMNS, *REFERENCE_COLUMNS]
    assert sheet["A1"].value == sample_plan.plan.name.ja
    title = " ".join(str(sheet.cell(r, 1).value or "") for r in range(1, head))
    assert "【サンプル】" in title
    assert "速報" in title
    assert "出典" in title
    assert "実績値" in title
    assert sheet.freeze_panes == f"C{head + 1}"
    rows = data_rows(sheet)
    ids = [i.id for i in sample_plan.indicators if i.division and i.division.ja == "産業振興課"]
    assert list(rows) == [(i, y) for i in ids for y in (2025, 2026)]


def test_past_values_only_in_the_reference_column(template: Path) -> None:
    sheet = load_workbook(template)["商業観光課"]
    row = data_rows(sheet)[("visitors", 2025)]
    past_column = len(COLUMNS) + REFERENCE_COLUMNS.index("登録済みの値（参考）") + 1
    target_column = len(COLUMNS) + REFERENCE_COLUMNS.index("目標値（この年度）") + 1
    assert sheet.cell(row, past_column).value == 1300000
    assert sheet.cell(row, 3).value is None
    assert sheet.cell(row, target_column).value is None  # visitors has no FY2025 target
    assert sheet.cell(row + 1, past_column).value is None


def test_data_validation(template: Path) -> None:
    sheet = load_workbook(template)["産業振興課"]
    rules = sheet.data_validations.dataValidation
    rows = data_rows(sheet)
    by_cell = {str(rule.sqref): rule for rule in rules}
    cumulative = by_cell[f"C{rows[('startups-supported', 2025)]}"]
    assert (cumulative.type, cumulative.operator, cumulative.formula1) == (
        "decimal",
        "greaterThanOrEqual",
        "0",
    )
    stock = by_cell[f"C{rows[('incubator-occupancy', 2025)]}"]
    assert (stock.type, stock.operator) == ("decimal", None)  # None: Excel's default, between
    year = by_cell[f"B{rows[('incubator-occupancy', 2026)]}"]
    assert year.type == "custom"
    assert "2026" in str(year.formula1)
    statuses = [rule for rule in rules if rule.type == "list"]
    assert len(statuses) == 1
    assert "速報" in str(statuses[0].formula1)
    assert "final" in str(statuses[0].formula1)


def test_unfilled_template_imports_nothing_and_no_problem(
    template: Path, sample_plan: Plan
) -> None:
    result = validate_rows(read_rows(template), sample_plan)
    assert result.problems == []
    assert result.actuals == []
    assert len(result.skipped_rows) == len(sample_plan.indicators) * len(YEARS)
    assert result.sheets == DIVISIONS


def test_filled_template_imports_as_typed(template: Path, sample_plan: Plan) -> None:
    workbook = load_workbook(template)
    typed = {
        ("産業振興課", "startups-supported", 2025): (14, "速報", "市調べ（架空）", None),
        ("産業振興課", "incubator-occupancy", 2026): (81.5, None, None, "年度末時点"),
        ("商業観光課", "visitors", 2025): (1320000, "確報", None, None),
        ("環境産業課", "business-co2", 2025): (790000, "final", None, None),
    }
    lines = {}
    for (division, indicator_id, year), cells in typed.items():
        sheet = workbook[division]
        row = data_rows(sheet)[(indicator_id, year)]
        lines[indicator_id] = (division, row)
        for column, value in enumerate(cells, start=3):
            sheet.cell(row, column).value = value
    workbook.save(template)

    result = validate_rows(read_rows(template), sample_plan)
    assert result.problems == []
    got = {
        (a.indicator_id, a.fiscal_year): (a.value, a.status, a.source, a.note)
        for a in result.actuals
    }
    assert got == {
        ("startups-supported", 2025): (14.0, "preliminary", "市調べ（架空）", None),
        ("incubator-occupancy", 2026): (81.5, "final", None, "年度末時点"),
        ("visitors", 2025): (1320000.0, "final", None, None),
        ("business-co2", 2025): (790000.0, "final", None, None),
    }
    for actual in result.actuals:
        division, row = lines[actual.indicator_id]
        assert (actual.location.sheet, actual.location.line) == (division, row)
    assert len(result.skipped_rows) == len(sample_plan.indicators) * len(YEARS) - len(typed)


def test_indicators_without_division_go_last(tmp_path: Path, sample_plan: Plan) -> None:
    first, *rest = sample_plan.indicators
    long_name = "産業/振興:課[" + "長" * 40 + "]"
    indicators = [
        first.model_copy(update={"division": None}),
        rest[0].model_copy(
            update={"division": rest[0].division.model_copy(update={"ja": long_name})}  # type: ignore[union-attr]
        ),
        *rest[1:],
    ]
    plan = sample_plan.model_copy(update={"indicators": indicators})
    path = tmp_path / "t.xlsx"
    write_template(path, plan, [2025], {})
    names = load_workbook(path).sheetnames
    assert names[-1] == NO_DIVISION
    assert names[0] == sheet_name(long_name, set())
    assert len(names[0]) == 31
    assert not set(names[0]) & set("[]:*?/\\")
    result = validate_rows(read_rows(path), plan)
    assert result.problems == []


def test_plan_without_indicators(tmp_path: Path, sample_plan: Plan) -> None:
    plan = sample_plan.model_copy(update={"indicators": []})
    path = tmp_path / "t.xlsx"
    write_template(path, plan, [2025], {})
    assert load_workbook(path).sheetnames == [NO_DIVISION]
    result = validate_rows(read_rows(path), plan)
    assert (result.problems, result.actuals) == ([], [])
