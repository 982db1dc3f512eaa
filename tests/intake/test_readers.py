"""Reading CSV (three encodings) and Excel files into raw rows, and the reader's problems."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from shisaku.domain.problems import Location
from shisaku.intake.readers import read_rows
from shisaku.intake.table import RawTable
from tests.intake.conftest import DATA

CSV_TEXT = (
    "indicator_id,fiscal_year,value,status,source,note\n"
    "visitors,2025,1320000,速報,観光入込客数調査（架空）,①髙島屋前を含む\n"
    "job-placements,2026,455,確報,,\n"
)


def values(table: RawTable, *columns: str) -> list[tuple[object, ...]]:
    return [tuple(row.value(c) for c in columns) for row in table.rows]


def codes(table: RawTable) -> list[str]:
    return [p.code for p in table.problems]


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_encodings_read_alike(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"actuals-{encoding}.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    table = read_rows(path)
    assert table.problems == []
    assert values(table, "indicator_id", "fiscal_year", "value", "status", "source", "note") == [
        ("visitors", "2025", "1320000", "速報", "観光入込客数調査（架空）", "①髙島屋前を含む"),
        ("job-placements", "2026", "455", "確報", "", ""),
    ]
    assert [r.location for r in table.rows] == [
        Location(str(path), 2, 0),
        Location(str(path), 3, 0),
    ]
    assert table.rows[0].cells["value"].location == Location(str(path), 2, 3)


def test_cp932_fixture_with_crlf_lines() -> None:
    table = read_rows(DATA / "actuals-cp932.csv")
    assert table.problems == []
    assert values(table, "indicator_id", "note") == [
        ("visitors", "①髙島屋前の計測を含む"),
        ("job-placements", ""),
    ]
    assert [r.location.line for r in table.rows] == [2, 3]


def test_japanese_headers_and_extra_columns() -> None:
    table = read_rows(DATA / "actuals-japanese-headers.csv")
    assert table.problems == []
    assert set(table.rows[0].cells) == {
        "indicator_id",
        "fiscal_year",
        "value",
        "status",
        "source",
        "note",
    }
    assert values(table, "fiscal_year", "value", "status") == [
        ("令和7年度", "1,320,000", "速報"),
        ("R7", "１３．２", "確報"),
        ("2025年度", "△1,200", ""),
    ]
    # 単位 (column 4) is ignored, so 速報/確報 is column 5.
    assert table.rows[0].cells["status"].location.column == 5


@pytest.mark.parametrize(
    "header",
    [
        "Indicator ID,Fiscal Year,VALUE",
        " indicator_id , fiscal_year , value ",
        "指標ＩＤ,年度,実績値",
    ],
)
def test_header_names_match_loosely(tmp_path: Path, header: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f"{header}\nvisitors,2025,1\n", encoding="utf-8")
    table = read_rows(path)
    assert table.problems == []
    assert values(table, "indicator_id", "fiscal_year", "value") == [("visitors", "2025", "1")]


def test_title_rows_blank_rows_and_multiline_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "実績値報告,みほん市\n\nindicator_id,fiscal_year,value,note\n"
        'visitors,2025,1,"two\nlines"\n,,,\n\njob-placements,2025,2,\n',
        encoding="utf-8",
    )
    table = read_rows(path)
    assert table.problems == []
    assert [(r.value("indicator_id"), r.location.line) for r in table.rows] == [
        ("visitors", 4),
        ("job-placements", 8),
    ]


def test_short_lines_give_empty_cells(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("indicator_id,fiscal_year,value,note\nvisitors,2025\n", encoding="utf-8")
    table = read_rows(path)
    assert values(table, "value", "note") == [(None, None)]
    assert table.rows[0].cells["value"].location == Location(str(path), 2, 3)


def test_missing_column_names_what_was_found(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("指標ID,年度,単位\nvisitors,2025,人\n", encoding="utf-8")
    table = read_rows(path)
    assert codes(table) == ["missing-column"]
    problem = table.problems[0]
    assert problem.location == Location(str(path), 1, 0)
    assert problem.received == "指標ID, 年度, 単位"
    assert "value" in problem.message
    assert problem.expected is not None
    assert "実績値" in problem.expected
    assert table.rows == []


def test_no_header_at_all(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,year,amount\nvisitors,2025,1\n", encoding="utf-8")
    table = read_rows(path)
    assert codes(table) == ["missing-column"]
    assert table.problems[0].received == "id, year, amount"


def test_header_below_row_20_is_not_found(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("title\n" * 20 + "indicator_id,fiscal_year,value\n", encoding="utf-8")
    assert codes(read_rows(path)) == ["missing-column"]


def test_duplicate_column(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("indicator_id,fiscal_year,value,実績値\nvisitors,2025,1,2\n", encoding="utf-8")
    table = read_rows(path)
    assert codes(table) == ["duplicate-column"]
    assert table.problems[0].location == Location(str(path), 1, 4)
    assert values(table, "value") == [("1",)]


def test_neither_utf8_nor_cp932_is_located_at_the_first_bad_line() -> None:
    path = DATA / "actuals-neither-utf8-nor-cp932.csv"
    table = read_rows(path)
    assert codes(table) == ["encoding"]
    problem = table.problems[0]
    assert problem.location == Location(str(path), 3, len("job-placements,2025,455,,,caf") + 1)
    assert problem.received == "e9 0a"
    assert "line 3" in problem.message
    assert table.rows == []


def test_utf16_and_zip_files_named_csv(tmp_path: Path) -> None:
    utf16 = tmp_path / "unicode.csv"
    utf16.write_bytes(CSV_TEXT.encode("utf-16"))
    assert codes(read_rows(utf16)) == ["encoding"]
    workbook = write_xlsx(tmp_path / "book.xlsx", {"S": [["indicator_id"]]})
    renamed = tmp_path / "book.csv"
    renamed.write_bytes(workbook.read_bytes())
    assert codes(read_rows(renamed)) == ["unsupported-file"]


def test_text_the_csv_module_refuses(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("indicator_id,fiscal_year,value\nvisitors,2025," + "9" * 200_000 + "\n")
    table = read_rows(path)
    assert codes(table) == ["unreadable-file"]
    assert table.problems[0].location == Location(str(path), 2, 0)


@pytest.mark.parametrize(
    ("name", "hint"), [("a.xls", ".xls workbook as .xlsx"), ("a.txt", "CSV"), ("a", "")]
)
def test_unsupported_file(name: str, hint: str) -> None:
    table = read_rows(name)
    assert codes(table) == ["unsupported-file"]
    assert table.problems[0].expected is not None
    assert hint in table.problems[0].expected


@pytest.mark.parametrize("name", ["missing.csv", "missing.xlsx"])
def test_unreadable_file(tmp_path: Path, name: str) -> None:
    assert codes(read_rows(tmp_path / name)) == ["unreadable-file"]


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    assert codes(read_rows(path)) == ["unreadable-file"]


def test_xlsx_title_block_sheets_and_skipped_sheets(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "actuals.XLSX",
        {
            "メモ": [["この シートは 読まない"], ["indicator", "year"]],
            "産業振興課": [
                ["【サンプル】みほん市 産業振興計画"],
                ["実績値 報告様式"],
                [],
                ["指標ID", "年度", "実績値", "単位", "状態"],
                ["visitors", 2025, 1320000, "人", "速報"],
                [],
                ["vacant-store-rate", "令和7年度", 13.2, "%", None],
            ],
            "Data 2": [["indicator_id", "fiscal_year", "value"], ["job-placements", 2026.0, 455]],
        },
    )
    table = read_rows(path)
    assert table.problems == []
    assert table.sheets == ["産業振興課", "Data 2"]
    assert table.skipped_sheets == ["メモ"]
    assert values(table, "indicator_id", "fiscal_year", "value", "status") == [
        ("visitors", 2025, 1320000, "速報"),
        ("vacant-store-rate", "令和7年度", 13.2, None),
        ("job-placements", 2026.0, 455, None),
    ]
    assert [r.location for r in table.rows] == [
        Location(str(path), 5, 0, "産業振興課"),
        Location(str(path), 7, 0, "産業振興課"),
        Location(str(path), 2, 0, "Data 2"),
    ]
    assert table.rows[0].cells["value"].location == Location(str(path), 5, 3, "産業振興課")


def test_xlsx_without_any_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", {"A": [["x"]], "B": [["y"]]})
    table = read_rows(path)
    assert codes(table) == ["missing-column"]
    assert table.problems[0].received == "A, B"
    assert table.skipped_sheets == ["A", "B"]


def test_xlsx_percent_cells_read_as_shown(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["indicator_id", "fiscal_year", "value"])
    sheet.append(["incubator-occupancy", 2025, 0.125])
    sheet["C2"].number_format = "0.0%"
    workbook.save(path)
    assert values(read_rows(path), "value") == [("12.5%",)]
