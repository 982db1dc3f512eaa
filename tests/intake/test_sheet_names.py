"""Excel sheet names made from division names."""

from __future__ import annotations

import pytest

from shisaku.intake.sheet_names import MAX_LENGTH, sheet_name


@pytest.mark.parametrize(
    ("taken", "wanted", "name"),
    [
        (set(), "産業振興課", "産業振興課"),
        ({"産業振興課"}, "産業振興課", "産業振興課(2)"),
        ({"産業振興課", "産業振興課(2)"}, "産業振興課", "産業振興課(3)"),
        ({"Sheet"}, "SHEET", "SHEET(2)"),
        (set(), "企画[調整]:*?/\\", "企画_調整" + "_" * 6),
        (set(), "'quoted'", "quoted"),
        (set(), "  ", "Sheet"),
        (set(), "History", "History(2)"),
        (set(), "あ" * 40, "あ" * MAX_LENGTH),
        ({"あ" * MAX_LENGTH}, "あ" * 40, "あ" * 28 + "(2)"),
    ],
)
def test_sheet_name(taken: set[str], wanted: str, name: str) -> None:
    before = set(taken)
    assert sheet_name(wanted, taken) == name
    assert taken == before | {name}
    assert len(name) <= MAX_LENGTH
