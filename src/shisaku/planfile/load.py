"""Load a plan file: strict YAML, schema, cross-references; every problem at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FilePath

from pydantic import ValidationError

from shisaku.domain.checks import check_plan
from shisaku.domain.plan import FORMAT_VERSION, Plan
from shisaku.domain.problems import Location, Problem, Report
from shisaku.planfile.partial import check_valid_part
from shisaku.planfile.schema_errors import problems_from
from shisaku.planfile.strict_yaml import load_yaml
from shisaku.textio import encoding_problem


@dataclass
class Loaded:
    """The plan when it is valid, and the report of problems (empty when valid)."""

    plan: Plan | None
    report: Report = field(default_factory=Report)


def load_plan(path: str | FilePath) -> Loaded:
    """Read and validate the plan file at ``path``."""
    name = str(path)
    try:
        raw = FilePath(path).read_bytes()
    except OSError as error:
        problem = Problem(
            "unreadable-file",
            f"cannot read the file: {error.strerror}",
            received=name,
            expected="a readable plan file",
            location=Location(name, 0, 0),
        )
        return Loaded(None, Report([problem]))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = encoding_problem(
            name, raw, error.start, "the file is not UTF-8 text", "UTF-8 text"
        )
        return Loaded(None, Report([problem]))
    return parse_plan(text, name)


def parse_plan(text: str, name: str = "<plan>") -> Loaded:
    """Validate plan-file text; ``name`` is used in problem locations."""
    doc = load_yaml(text, name)
    report = Report(list(doc.problems))
    if any(p.code == "yaml-syntax" for p in doc.problems):
        return Loaded(None, report)
    data = doc.data
    if not isinstance(data, dict):
        empty = data is None
        report.add(
            Problem(
                "wrong-type",
                "the file is empty" if empty else "a plan file must be a mapping at the top level",
                received=None if empty else _kind(data),
                expected="a mapping with format_version, plan, sources, node_kinds, nodes, …",
                location=doc.locate(()),
            )
        )
        return Loaded(None, report)
    version = data.get("format_version")
    if "format_version" in data and version != FORMAT_VERSION:
        report.add(
            Problem(
                "unsupported-format-version",
                f"this shisaku reads plan-file format {FORMAT_VERSION}",
                ("format_version",),
                received=version,
                expected=f"format_version: {FORMAT_VERSION}",
                location=doc.locate(("format_version",)),
            )
        )
        return Loaded(None, report)
    try:
        plan = Plan.model_validate(data)
    except ValidationError as error:
        said = {p.path for p in doc.problems}  # a value already reported as ambiguous or tagged
        schema_problems = [p for p in problems_from(error, doc, Plan) if p.path not in said]
        report.extend(schema_problems)
        partial = check_valid_part(data, schema_problems)
        report.extend(p.at(doc.locate(p.path)) for p in partial)
        return Loaded(None, report)
    report.extend(p.at(doc.locate(p.path)) for p in check_plan(plan))
    return Loaded(plan if report.ok else None, report)


def _kind(value: object) -> str:
    return "a list" if isinstance(value, list) else f"a single value ({value!r})"
