"""parse_stat: numbers as official tables print them, statistical markers kept raw."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shisaku.stats.markers import (
    EXPECTED_STAT,
    MARKERS,
    MEANINGS,
    StatValueError,
    marker_meaning,
    parse_stat,
)

NUMBERS = [
    ("0", 0.0),
    ("43149", 43149.0),
    ("1,538,262", 1538262.0),
    ("１，５３８，２６２", 1538262.0),
    ("１２３", 123.0),
    ("93.6", 93.6),
    ("９３．６", 93.6),
    ("  12  ", 12.0),
    ("\u300012\u3000", 12.0),
    ("-7", -7.0),
    ("−7", -7.0),
    ("－7", -7.0),
    ("△5", -5.0),
    ("▲1,200", -1200.0),
    ("△ 3.5", -3.5),
    ("+3", 3.0),
    (".5", 0.5),
    ("-0", 0.0),
]

KEPT = [
    ("x", "suppressed"),
    ("X", "suppressed"),
    ("Ｘ", "suppressed"),
    ("-", "none"),
    ("－", "none"),
    ("―", "none"),
    ("−", "none"),
    ("***", "none"),
    ("…", "not available"),
    ("...", "not available"),
    ("･･･", "not available"),
    ("*", "not available"),
]

REFUSED = [
    ("12a", "without a unit"),
    ("1,23", "thousands"),
    ("12,34,567", "thousands"),
    ("12.5%", "%"),
    ("abc", "neither a number nor a statistical marker"),
    ("123p", "without a unit"),
    ("1.2.3", "without a unit"),
    ("△", "neither"),
    ("x1", "without a unit"),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_numbers(text: str, value: float) -> None:
    assert parse_stat(text) == (value, None)


@pytest.mark.parametrize(("text", "meaning"), KEPT)
def test_markers_are_kept_raw_with_no_value(text: str, meaning: str) -> None:
    assert parse_stat(text) == (None, text)
    assert parse_stat(f" {text}\u3000") == (None, text)
    assert marker_meaning(text) == meaning


@pytest.mark.parametrize("text", ["", " ", "\u3000", "\t"])
def test_empty_is_missing(text: str) -> None:
    assert parse_stat(text) == (None, None)


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refused_with_received_and_expected(text: str, reason: str) -> None:
    with pytest.raises(StatValueError) as caught:
        parse_stat(text)
    assert caught.value.received == text
    assert caught.value.expected == EXPECTED_STAT
    assert reason in caught.value.reason
    assert isinstance(caught.value, ValueError)


def test_every_marker_has_a_known_meaning_and_reads_as_itself() -> None:
    assert set(MARKERS.values()) == set(MEANINGS)
    for marker in MARKERS:
        assert parse_stat(marker) == (None, marker)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_formatted_integers(n: int) -> None:
    plain, grouped = str(n), f"{n:,}"
    wide = grouped.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"} | {ord(","): 0xFF0C})
    triangle = f"△{abs(n):,}" if n < 0 else grouped
    for text in (plain, grouped, wide, triangle, f"  {grouped} ", wide.replace("-", "－")):
        assert parse_stat(text) == (float(n), None), text


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_formatted_decimals(number: object) -> None:
    text = f"{number:,.2f}"
    value, marker = parse_stat(text)
    assert marker is None
    assert value == pytest.approx(float(text.replace(",", "")))
