"""Problems in users' data, as values.

A problem has a stable ``code`` (part of the public interface: scripts match on it),
a location, the value received and the form that was expected. Validation collects
every problem into a :class:`Report` instead of stopping at the first.

>>> p = Problem("unknown-reference", "no such node", received="policy-9",
...             expected="a node id", location=Location("plan.yaml", 12, 5))
>>> p.render()
"plan.yaml:12:5: unknown-reference: no such node (received 'policy-9'; expected a node id)"
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a file with line and column (1-based), or a sheet/row/column."""

    file: str
    line: int = 0
    column: int = 0
    sheet: str | None = None

    def render(self) -> str:
        if self.sheet is not None:
            return f"{self.file}[{self.sheet}]:{self.line}:{self.column}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One problem: stable code, human message, where, what was received, what was expected."""

    code: str
    message: str
    path: tuple[str | int, ...] = ()
    received: Any = None
    expected: str | None = None
    location: Location | None = None

    def at(self, location: Location) -> Problem:
        """The same problem, placed at ``location``."""
        return replace(self, location=location)

    def where(self) -> str:
        if self.location is not None:
            return self.location.render()
        return "/".join(str(part) for part in self.path) or "<document>"

    def render(self) -> str:
        detail = []
        if self.received is not None:
            detail.append(f"received {self.received!r}")
        if self.expected is not None:
            detail.append(f"expected {self.expected}")
        suffix = f" ({'; '.join(detail)})" if detail else ""
        return f"{self.where()}: {self.code}: {self.message}{suffix}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "file": self.location.file if self.location else None,
            "sheet": self.location.sheet if self.location else None,
            "line": self.location.line if self.location else None,
            "column": self.location.column if self.location else None,
            "path": list(self.path),
            "received": self.received,
            "expected": self.expected,
        }


@dataclass
class Report:
    """An ordered collection of problems (sorted by location when rendered)."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def ok(self) -> bool:
        return not self.problems

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=_sort_key)

    def codes(self) -> list[str]:
        return [p.code for p in self.sorted()]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.problems)


def _sort_key(problem: Problem) -> tuple[str, str, int, int, str, str]:
    loc = problem.location
    if loc is None:
        return ("", "", 0, 0, problem.code, problem.message)
    return (loc.file, loc.sheet or "", loc.line, loc.column, problem.code, problem.message)
