"""Data-driven: every file under invalid/ is one failure mode, and declares what it must report.

Each file starts with comment lines ``# expect: CODE LINE:COLUMN``, one per problem; the
loader must report exactly those problems (codes and positions), no more, no fewer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shisaku.planfile.load import load_plan

INVALID = Path(__file__).parent / "invalid"
EXPECT = re.compile(r"^# expect: (?P<code>[a-z0-9-]+) (?P<line>\d+):(?P<column>\d+)\s*$")


def expected_problems(path: Path) -> list[tuple[str, int, int]]:
    found = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = EXPECT.match(line)
        if match:
            found.append((match["code"], int(match["line"]), int(match["column"])))
    return sorted(found)


FILES = sorted(INVALID.glob("*.yaml"))


def test_there_is_a_file_per_failure_mode() -> None:
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_invalid_file_reports_exactly_its_problems(path: Path) -> None:
    expected = expected_problems(path)
    assert expected, f"{path.name} declares no '# expect:' line"
    loaded = load_plan(path)
    assert loaded.plan is None
    got = sorted(
        (p.code, p.location.line, p.location.column)
        for p in loaded.report
        if p.location is not None
    )
    assert got == expected, "\n".join(p.render() for p in loaded.report)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_problem_says_what_was_expected(path: Path) -> None:
    for problem in load_plan(path).report:
        assert problem.expected, problem.render()
        assert problem.location is not None
        assert problem.location.file == str(path)
