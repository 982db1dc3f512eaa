"""The compiled scanner (``estat_scan``, ``estat_fast``) stores what the Python reader stores,
across blocks and threads, with keys that outgrow its tables, CRLF lines, doubled quotes and
blank lines; text it does not read exactly is left to the other paths, with the same result."""

from __future__ import annotations

from pathlib import Path

import pytest

from shisaku.stats import estat_fast, store
from shisaku.stats.estat import sniff_estat
from shisaku.stats.estat_bulk_fast import import_scanned

from .test_estat_bulk import FIXTURES, HEADER, NOW, both, generated


def scanned(path: Path) -> bool:
    """Whether the scanner alone reads ``path``."""
    return import_scanned(store.connect(":memory:"), path, sniff_estat(path), NOW) is not None


def api_file(tmp_path: Path, rows: list[str], newline: str = "\n") -> Path:
    path = tmp_path / "scan.csv"
    text = '"TABLE_INF","0000000042"' + newline + '"VALUE"' + newline
    path.write_bytes((text + HEADER.replace("\n", newline) + "".join(rows)).encode("utf-8"))
    return path


def row(area: str, name: str, value: str, year: str = "2021000000", note: str = "") -> str:
    cells = ["100", "事業所数", "E", "E製造業", "0", "総数", area, name, year, "", "", value, note]
    return ",".join('"' + c.replace('"', '""') + '"' for c in cells) + "\n"


@pytest.mark.parametrize(
    "name",
    ["api_with_header_block.csv", "english_download.csv", "markers_suppressed_x_and_asterisks.csv"],
)
def test_the_scanner_reads_the_long_form_fixtures(name: str) -> None:
    assert scanned(FIXTURES / name)
    both(FIXTURES / name)


def test_small_blocks_and_many_threads_give_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = generated(tmp_path)
    monkeypatch.setattr(estat_fast, "BLOCK_BYTES", 1500)
    layout = sniff_estat(path)
    from shisaku.stats.estat_bulk_find import data_start

    start = data_start(path, layout.header_line)
    assert start is not None
    one = estat_fast.read_fast(path, start, layout, threads=1)
    four = estat_fast.read_fast(path, start, layout, threads=4)
    assert one is not None
    assert four is not None
    assert one.keys == four.keys
    assert one.slow_texts == four.slow_texts
    for a, b in zip(one.codes, four.codes, strict=True):
        assert a.tolist() == b.tolist()
    assert [r.tolist() for r in one.first_rows] == [r.tolist() for r in four.first_rows]
    assert scanned(path)
    both(path)


def test_keys_that_outgrow_the_tables(tmp_path: Path) -> None:
    rows = [row(f"{n:05d}", f"町{n}" * 20, f"{n},000") for n in range(1, 3000)]
    path = api_file(tmp_path, rows)
    assert scanned(path)
    both(path)


def test_crlf_doubled_quotes_blank_lines_and_notes(tmp_path: Path) -> None:
    rows = [
        row("14130", '川崎市 "中原"', "12"),
        "\n",
        row("14100", "横浜市", "1,234,567", note="注"),
        row("14100", "横浜市", '1"2'),
        row("14100", "横浜市", "x"),
    ]
    path = api_file(tmp_path, [r.replace("\n", "\r\n") for r in rows[:2] + rows[2:3]], "\r\n")
    assert scanned(path)
    both(path)
    bad = api_file(tmp_path, rows[:1] + rows[3:])
    assert scanned(bad)  # the scanner reads it; the bad value is then located
    _, found, _, _ = both(bad)
    assert [p.code for p in found.problems] == ["bad-value"]


@pytest.mark.parametrize(
    "text",
    [
        '"100","事業所数","E","E製造業","0","総数","14130","川\n崎市","2021000000","","","1",""\n',
        '"100","事業所数","E","E製造業","0","総数","14130",川"崎市,"2021000000","","","1",""\n',
        '"100","事業所数","E","E製造業","0","総数","14130","川崎市","2021000000","","","1"\r',
        '"100","事業所数","E","E製造業","0","総数","14130","川崎市","2021000000","",""\n',
    ],
    ids=["quoted-line-feed", "quote-in-unquoted-cell", "bare-cr", "ragged"],
)
def test_text_the_scanner_does_not_read_goes_another_way(tmp_path: Path, text: str) -> None:
    path = api_file(tmp_path, [row("14100", "横浜市", "7"), text, row("14100", "横浜市", "8")])
    if "\n崎" not in text:
        assert not scanned(path)
    both(path)


def test_line_feeds_in_cells_across_blocks_and_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Block and part cuts fall inside quoted cells: the scanner gives up (or not, where no
    cut falls inside one), and the rows stored are the Python reader's either way."""
    monkeypatch.setattr(estat_fast, "BLOCK_BYTES", 700)
    rows = [row(f"{n:05d}", f"町\n{n}", f"{n},000") for n in range(1, 60)]
    path = api_file(tmp_path, rows)
    both(path)
    plain = api_file(tmp_path, [row(f"{n:05d}", f"町{n}", f"{n}") for n in range(1, 60)])
    assert scanned(plain)
    both(plain)
