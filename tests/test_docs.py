"""The documentation, tested against the code (in the manner of Datasette's documentation tests).

- ``docs/plan-format.md`` documents every problem code the plan-file loader can emit (and no
  other), every key of every object of the plan file (with whether it is required, and its
  default), the default evaluation scheme, and its examples are what the loader says they are.
- ``docs/cli.md`` documents every command and every option registered on the ``shisaku`` app,
  the keys of ``plan show --format json``, and its console examples are real output.

Each test compares two real sets, so adding a key, a code, a command or an option without
documenting it (or documenting one that does not exist) fails here.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.core
import typer.main
from pydantic import BaseModel
from typer.testing import CliRunner

from shisaku.cli.main import app
from shisaku.domain.plan import Plan
from shisaku.domain.scheme import DEFAULT_SCHEME
from shisaku.planfile.load import load_plan, parse_plan
from shisaku.planfile.views import plan_json

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "shisaku"
PLAN_FORMAT = ROOT / "docs" / "plan-format.md"
CLI_DOC = ROOT / "docs" / "cli.md"
SAMPLE = ROOT / "examples" / "sample-city" / "plan.yaml"

# The packages whose problems the plan-file loader reports (and docs/plan-format.md lists).
LOADER_PACKAGES = ("domain", "planfile")
CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# --------------------------------------------------------------------------- Markdown helpers


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table in ``text``: its rows of cells, header first, separator dropped."""
    found: list[list[list[str]]] = []
    rows: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = _cells(line)
            if not all(re.fullmatch(r":?-+:?", cell) for cell in cells):
                rows.append(cells)
        elif rows:
            found.append(rows)
            rows = []
    return found


def tables_headed(text: str, first_header: str) -> list[list[list[str]]]:
    """The tables whose first header cell is ``first_header``."""
    return [table for table in tables(text) if table[0][0] == first_header]


def backticked(cell: str) -> str | None:
    """``x`` for a cell that is exactly `` `x` ``, else None."""
    match = re.fullmatch(r"`([^`]+)`", cell)
    return match[1] if match else None


def section(text: str, heading: str) -> str:
    """The text under the heading line ``heading``, up to the next heading of its level or above."""
    lines = text.splitlines()
    start = lines.index(heading)
    level = len(heading) - len(heading.lstrip("#"))
    body: list[str] = []
    fenced = False
    for line in lines[start + 1 :]:
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and re.match(rf"^#{{1,{level}}} ", line):
            break
        body.append(line)
    return "\n".join(body)


def headings(text: str) -> list[str]:
    """Heading lines outside fenced code blocks."""
    found: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"^#{1,6} ", line):
            found.append(line)
    return found


def marked_blocks(text: str, marker: str) -> list[tuple[str, str]]:
    """Fenced blocks right after ``<!-- doc-test: MARKER… -->``: (the marker's rest, the body)."""
    pattern = rf"<!-- doc-test: {re.escape(marker)}(?P<rest>[^>]*)-->\n```[a-z]*\n(?P<body>.*?)```"
    return [(m["rest"].strip(), m["body"]) for m in re.finditer(pattern, text, re.S)]


# --------------------------------------------------------------------------- (a) problem codes


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _first_argument(call: ast.Call) -> ast.expr | None:
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg == "code"), None)


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


@dataclass(frozen=True)
class Emitted:
    code: str
    origin: str  # "Problem", "rule_error" or "_code"
    module: Path


def emitted_codes() -> list[Emitted]:
    """Problem codes written in the source: string literals passed first to ``Problem(`` and
    ``rule_error(``, and the literals ``schema_errors._code`` returns."""
    found: list[Emitted] = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(read(path), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node.func) in {"Problem", "rule_error"}:
                code = _literal(_first_argument(node))
                if code is not None:
                    found.append(Emitted(code, str(_called(node.func)), path))
            if (
                path.name == "schema_errors.py"
                and isinstance(node, ast.FunctionDef)
                and node.name == "_code"
            ):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Return):
                        code = _literal(inner.value)
                        if code is not None:
                            found.append(Emitted(code, "_code", path))
    return found


def loader_codes() -> set[str]:
    """The codes of the packages the plan-file loader runs (other packages, such as the
    spreadsheet intake, report problems of other inputs and document them elsewhere)."""
    packages = [SRC / package for package in LOADER_PACKAGES]
    return {e.code for e in emitted_codes() if any(e.module.is_relative_to(p) for p in packages)}


def documented_codes() -> list[str]:
    """The first cells of the code tables in the Problems section of plan-format.md."""
    problems = section(read(PLAN_FORMAT), "## Problems")
    codes: list[str] = []
    for table in tables_headed(problems, "code"):
        for row in table[1:]:
            code = backticked(row[0])
            assert code is not None, f"a problem table row without a `code`: {row}"
            codes.append(code)
    return codes


def test_the_code_scanner_finds_every_kind_of_code() -> None:
    origins = {e.origin for e in emitted_codes()}
    assert origins == {"Problem", "rule_error", "_code"}
    codes = loader_codes()
    assert {"duplicate-key", "unknown-key", "invalid-scheme", "unknown-reference"} <= codes
    assert all(CODE.match(code) for code in codes), sorted(codes)


def test_rule_codes_reach_the_user_unchanged() -> None:
    """schema_errors._code passes a validator's code through only when it contains a hyphen."""
    rules = {e.code for e in emitted_codes() if e.origin == "rule_error"}
    assert rules
    assert all("-" in code for code in rules), sorted(rules)


def test_every_problem_code_is_documented() -> None:
    documented = set(documented_codes())
    missing = loader_codes() - documented
    assert not missing, f"problem codes missing from docs/plan-format.md: {sorted(missing)}"


def test_every_documented_problem_code_exists() -> None:
    stale = set(documented_codes()) - loader_codes()
    assert not stale, f"docs/plan-format.md documents codes the code lacks: {sorted(stale)}"


def test_each_problem_code_is_documented_once() -> None:
    codes = documented_codes()
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)


def test_each_example_message_carries_its_own_code() -> None:
    problems = section(read(PLAN_FORMAT), "## Problems")
    line = re.compile(r"^`\S+:\d+:\d+: (?P<code>[a-z0-9-]+): .+`$")
    for table in tables_headed(problems, "code"):
        for row in table[1:]:
            match = line.match(row[-1])
            assert match is not None, f"not an example message: {row[-1]}"
            assert match["code"] == backticked(row[0])


# --------------------------------------------------------------------------- (b) plan-file keys


def models(root: type[BaseModel] = Plan) -> list[type[BaseModel]]:
    """Every pydantic model reachable from ``root`` through its fields' annotations."""
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.append(annotation)
                for info in annotation.model_fields.values():
                    visit(info.annotation)
            return
        for arg in typing.get_args(annotation):
            visit(arg)

    visit(root)
    return found


MODELS = models()
SCHEMA_NAME = re.compile(r"^Schema name: `(?P<name>\w+)`", re.M)


def documented_models() -> dict[str, str]:
    """Schema name → the text of its section (from the marker to the next heading)."""
    text = read(PLAN_FORMAT)
    found: dict[str, str] = {}
    for match in SCHEMA_NAME.finditer(text):
        rest = text[match.start() :]
        end = re.search(r"^#", rest, re.M)
        found[match["name"]] = rest[: end.start()] if end else rest
    return found


def key_rows(model: type[BaseModel]) -> list[list[str]]:
    text = documented_models()[model.__name__]
    keyed = tables_headed(text, "key")
    assert len(keyed) == 1, f"{model.__name__}: expected one key table in its section"
    return keyed[0]


def test_the_model_walk_reaches_the_nested_objects() -> None:
    names = {model.__name__ for model in MODELS}
    assert {"Plan", "PlanInfo", "Node", "Tag", "Indicator", "Target", "Grade", "Text"} <= names


def test_every_object_of_the_plan_file_has_a_section() -> None:
    assert set(documented_models()) == {model.__name__ for model in MODELS}


@pytest.mark.parametrize("model", MODELS, ids=[model.__name__ for model in MODELS])
def test_every_key_is_documented(model: type[BaseModel]) -> None:
    documented = [backticked(row[0]) for row in key_rows(model)[1:]]
    assert documented == [k for k in documented if k is not None], documented
    assert set(documented) == set(model.model_fields)
    assert len(documented) == len(set(documented))


@pytest.mark.parametrize("model", MODELS, ids=[model.__name__ for model in MODELS])
def test_required_and_defaults_are_documented(model: type[BaseModel]) -> None:
    rows = key_rows(model)
    column = rows[0].index("required")
    for row in rows[1:]:
        key = backticked(row[0])
        assert key is not None
        info = model.model_fields[key]
        cell = row[column]
        if info.is_required():
            assert cell.startswith("required"), f"{model.__name__}.{key}: {cell}"
            continue
        assert cell.startswith("optional"), f"{model.__name__}.{key}: {cell}"
        default = info.get_default(call_default_factory=True)
        if default is not None:
            shown = f"`{json.dumps(default)}`"
            assert f"default {shown}" in cell, f"{model.__name__}.{key}: {cell} lacks {shown}"
        else:
            assert "default" not in cell, f"{model.__name__}.{key}: {cell}"


def test_the_default_scheme_is_documented() -> None:
    (table,) = tables_headed(read(PLAN_FORMAT), "grade id")
    documented = [
        (backticked(id_), ja, en, None if threshold == "—" else float(threshold))
        for id_, ja, en, threshold in table[1:]
    ]
    actual = [
        (g.id, g.label.ja, g.label.en, None if g.min_progress is None else float(g.min_progress))
        for g in DEFAULT_SCHEME.grades
    ]
    assert documented == actual


def test_the_minimal_plan_is_valid() -> None:
    (block,) = marked_blocks(read(PLAN_FORMAT), "minimal-plan")
    loaded = parse_plan(block[1], "minimal.yaml")
    assert loaded.plan is not None, [p.render() for p in loaded.report]


def test_the_broken_plan_gives_the_documented_problems() -> None:
    text = read(PLAN_FORMAT)
    (plan,) = marked_blocks(text, "broken-plan ")
    (output,) = marked_blocks(text, "broken-plan-output")
    report = parse_plan(plan[1], "broken.yaml").report
    assert [p.render() for p in report] == output[1].splitlines()


# --------------------------------------------------------------------------- (c) the CLI


@dataclass(frozen=True)
class Command:
    path: str  # "plan show"
    options: frozenset[str]
    group: bool


def commands() -> list[Command]:
    """Every command and group registered on the ``shisaku`` app, with its options."""
    found: list[Command] = []

    def visit(command: Any, path: tuple[str, ...]) -> None:
        options = frozenset(
            opt
            for param in command.params
            if param.param_type_name == "option"
            for opt in (*param.opts, *param.secondary_opts)
        )
        group = isinstance(command, typer.core.TyperGroup)
        if path:
            found.append(Command(" ".join(path), options, group))
        if group:
            for name, sub in command.commands.items():
                visit(sub, (*path, name))

    visit(typer.main.get_command(app), ())
    return found


COMMANDS = commands()
COMMAND_HEADING = re.compile(r"^## `shisaku (?P<path>[a-z][a-z ]*)`$")


def documented_commands() -> dict[str, str]:
    text = read(CLI_DOC)
    found: dict[str, str] = {}
    for heading in headings(text):
        match = COMMAND_HEADING.match(heading)
        if match:
            found[match["path"]] = section(text, heading)
    return found


def test_the_command_walk_reaches_subcommands() -> None:
    paths = {command.path for command in COMMANDS}
    assert {"plan", "plan validate", "plan show", "plan matrix", "fy", "schema", "version"} <= paths


def test_every_command_is_documented() -> None:
    paths = {command.path for command in COMMANDS}
    documented = set(documented_commands())
    assert paths - documented == set(), "commands missing from docs/cli.md"
    assert documented - paths == set(), "docs/cli.md documents commands that do not exist"


@pytest.mark.parametrize("command", COMMANDS, ids=[c.path for c in COMMANDS])
def test_every_option_is_documented(command: Command) -> None:
    body = documented_commands()[command.path]
    documented = set(re.findall(r"`(--[a-z][a-z-]*)", body)) - {"--help"}
    assert documented == set(command.options)


def _keys(table_header: str) -> list[str]:
    (table,) = tables_headed(read(CLI_DOC), table_header)
    keys = [backticked(row[0]) for row in table[1:]]
    return [key for key in keys if key is not None]


def test_the_json_keys_of_plan_show_are_documented() -> None:
    loaded = load_plan(SAMPLE)
    assert loaded.plan is not None
    data = plan_json(loaded.plan)
    assert _keys("top-level key") == list(data)
    assert _keys("node key") == list(data["nodes"][0])


def console_examples() -> Iterator[tuple[str, str, int, str, bool]]:
    """(marker, arguments, exit status, expected stdout, whole) of each tested console block."""
    for marker in ("cli", "cli-head"):
        for rest, body in marked_blocks(read(CLI_DOC), marker + " "):
            exit_status = re.search(r"exit=(\d+)", rest)
            first, _, output = body.partition("\n")
            assert first.startswith("$ shisaku "), first
            status = int(exit_status[1]) if exit_status else 0
            yield marker, first.removeprefix("$ shisaku "), status, output, marker == "cli"


EXAMPLES = list(console_examples())


def test_there_are_console_examples() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize(
    ("marker", "arguments", "status", "output", "whole"), EXAMPLES, ids=[e[1] for e in EXAMPLES]
)
def test_console_examples_are_real_output(
    marker: str,
    arguments: str,
    status: int,
    output: str,
    whole: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, shlex.split(arguments))
    assert result.exit_code == status, result.output
    if whole:
        assert result.stdout == output
    else:
        assert result.stdout.startswith(output), f"{marker}: {arguments}"
