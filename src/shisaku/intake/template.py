"""The Excel template divisions (所管課) fill in with their actuals, one sheet per division.

Each sheet has a title block (plan name, division, fiscal years, instructions in Japanese),
then the header row ``indicator_id, fiscal_year, value, status, source, note`` and
reference columns (和暦, indicator name, unit, kind, polarity, baseline, the target for
that year, the value already stored for that year), one row per indicator × year.

Input cells are yellow; reference cells are grey. ``value`` is validated as a decimal (0 or
more for cumulative indicators, whose value is the year's amount), ``status`` as a list
(速報, 確報, preliminary, final), and ``indicator_id`` and ``fiscal_year`` are locked to
the row's values by data validation. Values already stored (``past``) are shown in the
reference column only, never in ``value``: a filled-in template imports exactly what was
typed, and a row whose ``value`` is left empty is skipped on import (not reported).

The filled-in workbook reads with :func:`~shisaku.intake.readers.read_rows` and checks
with :func:`~shisaku.intake.validate.validate_rows` as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from xlsxwriter import Workbook  # type: ignore[import-untyped]

from shisaku.domain.fiscal_year import era_label
from shisaku.domain.indicators import Indicator
from shisaku.domain.plan import Plan
from shisaku.intake.columns import REQUIRED
from shisaku.intake.sheet_names import sheet_name

COLUMNS: tuple[str, ...] = (*REQUIRED, "status", "source", "note")
"""The columns a division fills in, in this order (the plan is named in the title)."""

__all__ = ["COLUMNS", "NO_DIVISION", "REFERENCE_COLUMNS", "write_template"]

NO_DIVISION = "所管未設定"
"""The sheet for indicators without a division."""

REFERENCE_COLUMNS: tuple[str, ...] = (
    "年度（和暦）",
    "指標名",
    "単位",
    "種類",
    "望ましい方向",
    "基準値",
    "基準年度",
    "目標値（この年度）",
    "登録済みの値（参考）",
)
"""Headers of the reference columns, after :data:`~shisaku.intake.columns.COLUMNS`."""

_WIDTHS = (26, 11, 14, 10, 30, 30, 14, 40, 8, 28, 14, 12, 10, 16, 18)
_KINDS = {"stock": "時点値", "flow": "年度値", "cumulative": "累計（その年度の増加分を入力）"}
_POLARITIES = {"increase": "増加が望ましい", "decrease": "減少が望ましい"}
_STATUSES = ["速報", "確報", "preliminary", "final"]
_SAMPLE = "【サンプル】"
_INSTRUCTIONS = (
    "記入方法",
    "・value 列に実績値を数値で入力してください。単位は「単位」列のとおりで、%や単位は付けません"
    "（12.5% なら 12.5）。マイナスは -12 のように入力します。",
    "・種類が「累計」の指標は、累計値ではなく、その年度に増えた分（年度の件数など）を入力してください。",
    "・status 列は 速報 または 確報 を選んでください（空欄は確報として扱います）。",
    "・source 列に出典（資料名・調査名・URL など）を、note 列に補足を入力してください。",
    "・報告しない行は value を空欄のままにしてください（取り込み時に読み飛ばします）。",
    "・indicator_id 列・fiscal_year 列と灰色の参考列は変更しないでください。",
)


def write_template(
    path: str | Path, plan: Plan, years: list[int], past: Mapping[tuple[str, int], float]
) -> None:
    """Write the template for ``years`` to ``path``; ``past`` maps (id, year) to stored values."""
    groups: dict[str, list[Indicator]] = {}
    for indicator in plan.indicators:
        division = indicator.division.ja if indicator.division is not None else NO_DIVISION
        groups.setdefault(division, []).append(indicator)
    if NO_DIVISION in groups:
        groups[NO_DIVISION] = groups.pop(NO_DIVISION)  # last
    workbook = Workbook(str(path))
    try:
        formats = _formats(workbook)
        taken: set[str] = set()
        for division, indicators in (groups or {NO_DIVISION: []}).items():
            sheet = workbook.add_worksheet(sheet_name(division, taken))
            _write_sheet(sheet, formats, plan, division, indicators, sorted(set(years)), past)
    finally:
        workbook.close()


def _formats(workbook: Any) -> dict[str, Any]:
    border = {"border": 1, "border_color": "#BFBFBF", "valign": "top"}
    grey = {"bg_color": "#F2F2F2", "font_color": "#404040"}
    return {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "subtitle": workbook.add_format({"bold": True}),
        "sample": workbook.add_format({"bold": True, "font_color": "#C00000"}),
        "text": workbook.add_format({}),
        "header": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", **border}),
        "header_ref": workbook.add_format({"bold": True, "bg_color": "#E7E6E6", **border}),
        "fixed": workbook.add_format({**grey, **border}),
        "input": workbook.add_format({"bg_color": "#FFF2CC", **border}),
        "input_text": workbook.add_format({"bg_color": "#FFF2CC", "num_format": "@", **border}),
        "ref": workbook.add_format({**grey, **border}),
        "ref_wrap": workbook.add_format({**grey, "text_wrap": True, **border}),
    }


def _title_lines(plan: Plan, division: str, years: list[int]) -> list[tuple[str, str]]:
    name = plan.plan.name.ja
    if plan.plan.sample and _SAMPLE not in name:
        name = _SAMPLE + name
    span = "、".join(f"{y}年度（{era_label(y)}）" for y in years) or "なし"
    lines = [("title", name), ("subtitle", f"実績値 報告様式　所管課：{division}　年度：{span}")]
    if plan.plan.sample:
        text = f"{_SAMPLE}架空のサンプル計画の様式です。実在の統計・自治体とは関係ありません。"
        lines.append(("sample", text))
    lines.append(("text", ""))
    lines.extend(("subtitle" if i == 0 else "text", line) for i, line in enumerate(_INSTRUCTIONS))
    lines.append(("text", ""))
    return lines


def _write_sheet(
    sheet: Any,
    formats: dict[str, Any],
    plan: Plan,
    division: str,
    indicators: list[Indicator],
    years: list[int],
    past: Mapping[tuple[str, int], float],
) -> None:
    title = _title_lines(plan, division, years)
    for row, (style, text) in enumerate(title):
        sheet.write_string(row, 0, text, formats[style])
    header = len(title)
    for column, name in enumerate(COLUMNS):
        sheet.write_string(header, column, name, formats["header"])
    for column, name in enumerate(REFERENCE_COLUMNS, start=len(COLUMNS)):
        sheet.write_string(header, column, name, formats["header_ref"])
    for column, width in enumerate(_WIDTHS):
        sheet.set_column(column, column, width)
    row = header
    for indicator in indicators:
        for year in years:
            row += 1
            _write_row(sheet, formats, row, indicator, year, past.get((indicator.id, year)))
    if row > header:
        sheet.data_validation(header + 1, 3, row, 3, _status_rule())
        sheet.autofilter(header, 0, row, len(COLUMNS) + len(REFERENCE_COLUMNS) - 1)
    sheet.freeze_panes(header + 1, 2)


def _write_row(
    sheet: Any,
    formats: dict[str, Any],
    row: int,
    indicator: Indicator,
    year: int,
    stored: float | None,
) -> None:
    ref, excel_row = formats["ref"], row + 1
    sheet.write_string(row, 0, indicator.id, formats["fixed"])
    sheet.write_number(row, 1, year, formats["fixed"])
    sheet.write_blank(row, 2, None, formats["input"])
    sheet.write_blank(row, 3, None, formats["input"])
    sheet.write_blank(row, 4, None, formats["input_text"])
    sheet.write_blank(row, 5, None, formats["input_text"])
    sheet.write_string(row, 6, era_label(year), ref)
    sheet.write_string(row, 7, indicator.name.ja, formats["ref_wrap"])
    sheet.write_string(row, 8, indicator.unit.ja, ref)
    sheet.write_string(row, 9, _KINDS[indicator.kind], ref)
    sheet.write_string(row, 10, _POLARITIES[indicator.polarity], ref)
    baseline = indicator.baseline
    target = next((t.value for t in indicator.targets if t.fiscal_year == year), None)
    for column, number in (
        (11, baseline.value if baseline else None),
        (12, baseline.fiscal_year if baseline else None),
        (13, target),
        (14, stored),
    ):
        if number is None:
            sheet.write_blank(row, column, None, ref)
        else:
            sheet.write_number(row, column, number, ref)
    locked = "この列は変更しないでください。"
    sheet.data_validation(
        row, 0, row, 0, _fixed(f'=A{excel_row}="{indicator.id}"', f"{locked}（{indicator.id}）")
    )
    sheet.data_validation(row, 1, row, 1, _fixed(f"=B{excel_row}={year}", f"{locked}（{year}）"))
    sheet.data_validation(row, 2, row, 2, _value_rule(indicator))


def _fixed(formula: str, message: str) -> dict[str, Any]:
    return {
        "validate": "custom",
        "value": formula,
        "error_title": "変更できません",
        "error_message": message,
    }


def _value_rule(indicator: Indicator) -> dict[str, Any]:
    unit = indicator.unit.ja
    if indicator.kind == "cumulative":
        return {
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "input_title": "実績値（その年度の増加分）",
            "input_message": f"累計指標です。その年度に増えた分を 0 以上の数値で（単位：{unit}）。",
            "error_title": "0 以上の数値",
            "error_message": "累計指標は、その年度の増加分を 0 以上の数値で入力してください。",
        }
    return {
        "validate": "decimal",
        "criteria": "between",
        "minimum": -1e15,
        "maximum": 1e15,
        "input_title": "実績値",
        "input_message": f"数値で入力してください（単位：{unit}）。%や単位は付けません。",
        "error_title": "数値を入力",
        "error_message": "数値を入力してください。%や単位は付けません（12.5% なら 12.5）。",
    }


def _status_rule() -> dict[str, Any]:
    return {
        "validate": "list",
        "source": _STATUSES,
        "input_title": "速報 / 確報",
        "input_message": "速報 または 確報 を選んでください。空欄は確報として扱います。",
        "error_title": "速報 / 確報",
        "error_message": "速報・確報（preliminary・final）のいずれかを選んでください。",
    }
