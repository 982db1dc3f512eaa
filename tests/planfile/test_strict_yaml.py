"""Strict YAML: values, positions, and the YAML 1.1 surprises that are refused."""

from __future__ import annotations

import pytest

from shisaku.planfile.strict_yaml import load_yaml


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("x: 1", 1),
        ("x: -12", -12),
        ("x: 0", 0),
        ("x: 1.5", 1.5),
        ("x: 1e3", 1000.0),
        ("x: .5", 0.5),
        ("x: true", True),
        ("x: False", False),
        ("x: null", None),
        ("x: ~", None),
        ("x:", None),
        ("x: hello", "hello"),
        ("x: '010'", "010"),
        ('x: "no"', "no"),
        ("x: '2021-04-01'", "2021-04-01"),
        ("x: 41,028", "41,028"),
        ("x: 令和3年度", "令和3年度"),
        ("x: |\n  a\n  b\n", "a\nb\n"),
    ],
)
def test_plain_values(text: str, value: object) -> None:
    doc = load_yaml(text, "t.yaml")
    assert doc.problems == []
    assert doc.data == {"x": value}
    assert type(doc.data["x"]) is type(value)


@pytest.mark.parametrize(
    ("scalar", "reason"),
    [
        ("no", "boolean in YAML 1.1"),
        ("Yes", "boolean in YAML 1.1"),
        ("off", "boolean in YAML 1.1"),
        ("y", "boolean in YAML 1.1"),
        ("010", "leading zero"),
        ("-007", "leading zero"),
        ("0x1F", "hexadecimal"),
        ("0o17", "hexadecimal, octal"),
        ("1_000", "without '_'"),
        ("1:30", "base-60"),
        ("2021-04-01", "bare date"),
        ("2021-4-1", "bare date"),
        (".inf", "infinity"),
        (".NaN", "not-a-number"),
    ],
)
def test_yaml11_surprises_are_problems_not_guesses(scalar: str, reason: str) -> None:
    doc = load_yaml(f"a: 1\nx: {scalar}\n", "t.yaml")
    assert [p.code for p in doc.problems] == ["ambiguous-scalar"]
    problem = doc.problems[0]
    assert reason in problem.message
    assert problem.received == scalar
    assert problem.location is not None
    assert (problem.location.line, problem.location.column) == (2, 4)
    assert doc.data["x"] == scalar  # kept as the text that was written


def test_duplicate_keys_are_reported_at_the_second_key() -> None:
    doc = load_yaml("a: 1\nb:\n  c: 2\n  c: 3\n", "t.yaml")
    assert [p.code for p in doc.problems] == ["duplicate-key"]
    problem = doc.problems[0]
    assert problem.location is not None
    assert (problem.location.line, problem.location.column) == (4, 3)
    assert "first at line 3" in problem.message
    assert doc.data == {"a": 1, "b": {"c": 2}}


def test_syntax_error_is_located() -> None:
    doc = load_yaml("a: 1\nb: [1, 2\nc: 3\n", "t.yaml")
    assert [p.code for p in doc.problems] == ["yaml-syntax"]
    assert doc.problems[0].location is not None
    assert doc.problems[0].location.line >= 2


def test_tags_are_refused() -> None:
    doc = load_yaml("a: !!python/tuple [1, 2]\n", "t.yaml")
    assert [p.code for p in doc.problems] == ["yaml-tag"]


def test_positions_of_values_and_keys() -> None:
    doc = load_yaml("top:\n  items:\n    - id: a\n    - id: b\n      name: x\n", "t.yaml")
    assert doc.locate(("top", "items", 1, "name")).line == 5
    assert doc.locate(("top", "items", 1, "name")).column == 13
    assert doc.locate(("top", "items", 1, "name"), key=True).column == 7
    # a missing path falls back to its nearest ancestor
    assert doc.locate(("top", "items", 0, "missing")).line == 3


def test_several_documents_are_a_syntax_problem() -> None:
    doc = load_yaml("a: 1\n---\nb: 2\n", "t.yaml")
    assert [p.code for p in doc.problems] == ["yaml-syntax"]
