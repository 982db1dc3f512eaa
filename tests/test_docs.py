"""The documentation, tested against the code (in the manner of Datasette's documentation tests).

- ``docs/plan-format.md`` documents every problem code the plan-file loader can emit (and no
  other), every key of every object of the plan file (with whether it is required, and its
  default), the default evaluation scheme, and its examples are what the loader says they are.
- ``docs/data-intake.md`` documents every problem code the intake of actuals can emit (the
  readers and checks of ``shisaku.intake`` and the plan choice of ``shisaku data import``), and
  no other.
- ``docs/statistics.md`` documents every problem code the readers of official statistics can
  emit (``shisaku.stats``: SSDSE-A, e-Stat, the importer), and no other.
- ``docs/cli.md`` documents every command and every option registered on the ``shisaku`` app,
  the keys of ``plan show --format json``, ``evaluate --format json``, ``stats query``,
  ``stats specialization --format json`` and ``stats chapter2 --format json``, the columns of
  ``data export``, ``evaluate --format csv`` and the ``stats`` commands' tables, and its console
  examples are real output.
- The database examples of the three documents (``<!-- doc-test: cli-db -->``) are real output
  too: each document's examples run in order, in a fresh temporary directory holding the
  default SQLite database ``shisaku.sqlite3`` and statistics store ``shisaku-stats.duckdb``,
  links to ``examples/`` and ``data/`` and the files its ``<!-- doc-test: file NAME -->``
  blocks define, with a clock that starts at 2026-06-01T09:00:00Z and moves one day each time
  a command reads it (the data commands' time, and the statistics store's time of import).

Each test compares two real sets, so adding a key, a code, a command or an option without
documenting it (or documenting one that does not exist) fails here.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import itertools
import json
import re
import shlex
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import duckdb
import pytest
import typer.core
import typer.main
from pydantic import BaseModel
from typer.testing import CliRunner

from shisaku.cli.evaluate import CSV_COLUMNS
from shisaku.cli.main import app
from shisaku.cli.stats_analysis import plan_facts
from shisaku.db.export import COLUMNS as EXPORT_COLUMNS
from shisaku.domain.assessment import evaluate_plan
from shisaku.domain.plan import Plan
from shisaku.domain.scheme import DEFAULT_SCHEME
from shisaku.planfile.load import load_plan, parse_plan
from shisaku.planfile.views import plan_json
from shisaku.stats import store as stats_store
from shisaku.stats.analysis import specialization
from shisaku.stats.chapter2 import chapter2
from shisaku.stats.feeds import Point
from shisaku.stats.query import RECORD_KEYS
from shisaku.stats.records import Dataset, Observation
from shisaku.stats.ssdse import PROBLEM_CODES as SSDSE_PROBLEM_CODES

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "shisaku"
PLAN_FORMAT = ROOT / "docs" / "plan-format.md"
CLI_DOC = ROOT / "docs" / "cli.md"
INTAKE_DOC = ROOT / "docs" / "data-intake.md"
STATS_DOC = ROOT / "docs" / "statistics.md"
SAMPLE = ROOT / "examples" / "sample-city" / "plan.yaml"
KAWASAKI = ROOT / "examples" / "kawasaki" / "plan.yaml"

# The packages whose problems the plan-file loader reports (and docs/plan-format.md lists).
LOADER_PACKAGES = ("domain", "planfile")
# The sources whose problems the intake of actuals reports (and docs/data-intake.md lists).
INTAKE_SOURCES = (SRC / "intake", SRC / "cli" / "importing.py")
# The sources whose problems the import of official statistics reports (docs/statistics.md).
STATS_SOURCES = (SRC / "stats",)
# The reading of text files every reader shares: each of its functions makes one kind of
# problem, and a source that imports a function reports that function's codes.
TEXT_IO = SRC / "textio.py"
# The functions whose first argument (or ``code=``) is a problem code: ``Problem`` itself,
# ``rule_error`` (schema rules) and the intake's ``_problem`` (a Problem located at a cell).
FACTORIES = frozenset({"Problem", "rule_error", "_problem"})
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
    origin: str  # "Problem", "rule_error", "_problem" or "_code"
    module: Path


@functools.cache
def emitted_codes() -> list[Emitted]:
    """Problem codes written in the source: string literals passed first to ``Problem(``,
    ``rule_error(`` and ``_problem(``, and the literals ``schema_errors._code`` returns."""
    found: list[Emitted] = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(read(path), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node.func) in FACTORIES:
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


def _within(module: Path, sources: tuple[Path, ...]) -> bool:
    return any(module == s or module.is_relative_to(s) for s in sources)


@functools.cache
def text_io_codes() -> dict[str, set[str]]:
    """Function of ``shisaku.textio`` → the codes it makes (literals passed to ``Problem(``)."""
    tree = ast.parse(read(TEXT_IO), filename=str(TEXT_IO))
    found: dict[str, set[str]] = {}
    for function in tree.body:
        if isinstance(function, ast.FunctionDef):
            found[function.name] = {
                code
                for node in ast.walk(function)
                if isinstance(node, ast.Call) and _called(node.func) in FACTORIES
                if (code := _literal(_first_argument(node))) is not None
            }
    return found


def shared_codes(sources: tuple[Path, ...]) -> set[str]:
    """The codes of the ``shisaku.textio`` functions that modules in ``sources`` import."""
    made = text_io_codes()
    codes: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        if not _within(path, sources):
            continue
        for node in ast.walk(ast.parse(read(path), filename=str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "shisaku.textio":
                for alias in node.names:
                    codes |= made.get(alias.name, set())
    return codes


def codes_of(sources: tuple[Path, ...]) -> set[str]:
    """The codes written in ``sources``, and those of the shared functions they import."""
    own = {e.code for e in emitted_codes() if _within(e.module, sources)}
    return own | shared_codes(sources)


def loader_codes() -> set[str]:
    """The codes of the packages the plan-file loader runs (other packages, such as the
    spreadsheet intake, report problems of other inputs and document them elsewhere)."""
    return codes_of(tuple(SRC / package for package in LOADER_PACKAGES))


def _is_intake(module: Path) -> bool:
    return _within(module, INTAKE_SOURCES)


def intake_codes() -> set[str]:
    """The codes of the intake of actuals: its readers and checks, and the plan choice of
    ``shisaku data import`` (which docs/data-intake.md lists)."""
    return codes_of(INTAKE_SOURCES)


def stats_codes() -> set[str]:
    """The codes of the import of official statistics: the SSDSE-A and e-Stat readers and the
    importer (which docs/statistics.md lists)."""
    return codes_of(STATS_SOURCES)


def documented_codes(doc: Path = PLAN_FORMAT) -> list[str]:
    """The first cells of the code tables in the Problems section of ``doc``."""
    problems = section(read(doc), "## Problems")
    codes: list[str] = []
    for table in tables_headed(problems, "code"):
        for row in table[1:]:
            code = backticked(row[0])
            assert code is not None, f"a problem table row without a `code`: {row}"
            codes.append(code)
    return codes


def test_the_code_scanner_finds_every_kind_of_code() -> None:
    origins = {e.origin for e in emitted_codes()}
    assert origins == {"Problem", "rule_error", "_problem", "_code"}
    codes = loader_codes()
    assert {"duplicate-key", "unknown-key", "invalid-scheme", "unknown-reference"} <= codes
    assert all(CODE.match(code) for code in codes), sorted(codes)
    intake = intake_codes()
    assert {"encoding", "missing-column", "not-a-number", "other-plan", "ambiguous-plan"} <= intake
    assert all(CODE.match(code) for code in intake), sorted(intake)
    stats = stats_codes()
    assert {"encoding", "not-ssdse", "not-estat", "bad-value", "more-problems"} <= stats
    assert all(CODE.match(code) for code in stats), sorted(stats)
    shared = text_io_codes()
    assert shared["encoding_problem"] == {"encoding"}
    assert shared_codes(tuple(SRC / package for package in LOADER_PACKAGES)) == {"encoding"}


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


@pytest.mark.parametrize(
    "sources",
    [INTAKE_SOURCES, STATS_SOURCES, (TEXT_IO,)],
    ids=["intake", "stats", "textio"],
)
def test_the_scanner_sees_every_intake_and_stats_code(sources: tuple[Path, ...]) -> None:
    """In the intake, the statistics readers and the text reading they share, a code reaches
    ``Problem(`` as a literal, or as the ``code`` parameter of a factory the scanner reads
    (``_problem``); a code passed any other way would be missed."""
    for path in sorted(SRC.rglob("*.py")):
        if not _within(path, sources):
            continue
        tree = ast.parse(read(path), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if not (isinstance(node, ast.Call) and _called(node.func) in FACTORIES):
                    continue
                argument = _first_argument(node)
                if _literal(argument) is not None:
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                assert isinstance(argument, ast.Name), where
                assert argument.id == "code", where
                assert function.name in FACTORIES, f"{where}: {function.name} passes a code on"
                assert function.args.args[0].arg == "code", where


def test_every_intake_problem_code_is_documented() -> None:
    missing = intake_codes() - set(documented_codes(INTAKE_DOC))
    assert not missing, f"intake problem codes missing from docs/data-intake.md: {sorted(missing)}"


def test_every_documented_intake_problem_code_exists() -> None:
    stale = set(documented_codes(INTAKE_DOC)) - intake_codes()
    assert not stale, f"docs/data-intake.md documents codes the intake lacks: {sorted(stale)}"


def test_each_intake_problem_code_is_documented_once() -> None:
    codes = documented_codes(INTAKE_DOC)
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)


def test_every_stats_problem_code_is_documented() -> None:
    missing = stats_codes() - set(documented_codes(STATS_DOC))
    assert not missing, f"stats problem codes missing from docs/statistics.md: {sorted(missing)}"


def test_every_documented_stats_problem_code_exists() -> None:
    stale = set(documented_codes(STATS_DOC)) - stats_codes()
    assert not stale, f"docs/statistics.md documents codes the stats readers lack: {sorted(stale)}"


def test_each_stats_problem_code_is_documented_once() -> None:
    codes = documented_codes(STATS_DOC)
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)


def test_the_ssdse_reader_lists_only_codes_it_can_emit() -> None:
    """``ssdse.PROBLEM_CODES`` (the SSDSE-A reader's own list) names codes that exist."""
    assert set(SSDSE_PROBLEM_CODES) <= stats_codes()


INTAKE_LINE = re.compile(
    r"^`(?P<path>[^`\[\]:]+)(\[(?P<sheet>[^\]]+)\])?:\d+:\d+: (?P<code>[a-z0-9-]+): .+`$"
)


def intake_examples(doc: Path = INTAKE_DOC) -> list[tuple[str, str]]:
    """(code, example line) of each row of the problem tables of ``doc``."""
    problems = section(read(doc), "## Problems")
    found: list[tuple[str, str]] = []
    for table in tables_headed(problems, "code"):
        for row in table[1:]:
            code = backticked(row[0])
            assert code is not None, row
            found.append((code, row[-1]))
    return found


@pytest.mark.parametrize("doc", [INTAKE_DOC, STATS_DOC], ids=lambda doc: doc.name)
def test_each_intake_and_stats_example_line_carries_its_own_code(doc: Path) -> None:
    for code, example in intake_examples(doc):
        match = INTAKE_LINE.match(example)
        assert match is not None, f"not an example problem line: {example}"
        assert match["code"] == code, example


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
COMMAND_HEADING = re.compile(r"^## `shisaku (?P<path>[a-z][a-z0-9 ]*)`$")


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
    documented = set(re.findall(r"`(--?[a-z][a-z-]*)", body)) - {"--help"}
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


# The keys that name a roll-up's group; the count keys follow them.
ROLLUP_IDENTITY = {"plan", "fiscal_years", "scheme", "node", "kind", "name", "facet", "value"}


def test_the_json_keys_of_evaluate_are_documented() -> None:
    loaded = load_plan(SAMPLE)
    assert loaded.plan is not None
    data = evaluate_plan(loaded.plan, {}).as_dict()
    assert _keys("evaluate key") == list(data)
    assert _keys("indicator key") == list(data["indicators"][0])
    assert _keys("roll-up") == list(data["rollups"])
    counts = [k for k in data["rollups"]["plan"] if k not in ROLLUP_IDENTITY]
    assert _keys("count key") == counts
    for group in (data["rollups"]["plan"], data["rollups"]["nodes"][0]):
        assert [k for k in group if k not in ROLLUP_IDENTITY] == counts


def test_the_columns_of_evaluate_csv_and_data_export_are_documented() -> None:
    assert _keys("evaluate column") == list(CSV_COLUMNS)
    assert _keys("export column") == list(EXPORT_COLUMNS)


def test_the_record_keys_of_stats_query_are_documented() -> None:
    assert _keys("record key") == list(RECORD_KEYS)


def _csv_header(*arguments: str) -> list[str]:
    """The header line of a ``stats`` command's CSV, run on an empty store."""
    result = CliRunner().invoke(app, [*arguments, "--format", "csv", "--stats", ":memory:"])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[0].split(",")


STATS_TABLES = [
    ("tables column", ("stats", "tables")),
    ("record key", ("stats", "query")),
    ("change column", ("stats", "change", "--area", "14130")),
    ("index column", ("stats", "index", "--base-year", "2016")),
    ("composition column", ("stats", "composition", "--area", "14130", "--year", "2021")),
]


@pytest.mark.parametrize(("header", "arguments"), STATS_TABLES, ids=[h for h, _ in STATS_TABLES])
def test_the_columns_of_the_stats_commands_are_documented(
    header: str, arguments: tuple[str, ...]
) -> None:
    assert _keys(header) == _csv_header(*arguments)


def test_the_columns_of_stats_specialization_are_documented() -> None:
    body = documented_commands()["stats specialization"]
    match = re.search(r"`table` and `csv` show (.+?)\. ", body, re.S)
    assert match is not None, "the sentence listing the columns of stats specialization"
    columns = re.findall(r"`([a-z_]+)`", match[1])
    assert columns == _csv_header("stats", "specialization", "--area", "14130", "--year", "2021")


@pytest.fixture(scope="module")
def tiny_store() -> Iterator[duckdb.DuckDBPyConnection]:
    """A statistics store holding one made-up table: the employees of two cities, in all
    industries and in G, so that every analysis has rows."""
    connection = stats_store.connect(":memory:")
    dataset = Dataset("doc-test", "made up for the documentation tests", "ssdse", sha256="-")
    rows = [
        Observation("employees", "従業者数", code, name, 2021, value, industry=industry)
        for code, name, total, ict in (
            ("14130", "川崎市", 100.0, 10.0),
            ("14100", "横浜市", 200.0, 10.0),
        )
        for industry, value in (("total", total), ("G", ict))
    ]
    stats_store.store(connection, dataset, rows)
    yield connection
    connection.close()


def test_the_json_keys_of_stats_specialization_are_documented(
    tiny_store: duckdb.DuckDBPyConnection,
) -> None:
    rows = specialization(tiny_store, "14130", 2021)
    assert rows
    assert _keys("specialization key") == list(rows[0])


def test_the_json_keys_of_stats_chapter2_are_documented(
    tiny_store: duckdb.DuckDBPyConnection,
) -> None:
    loaded = load_plan(KAWASAKI)
    assert loaded.plan is not None
    facts = plan_facts(tiny_store, loaded.plan)
    assert facts
    assert _keys("chapter2 key") == [*chapter2(tiny_store), "plan_facts"]
    assert _keys("plan fact key") == list(facts[0])
    (table,) = tables_headed(read(CLI_DOC), "plan fact key")
    (published,) = [row for row in table if row[0] == "`published`"]
    assert re.findall(r'"(\w+)"', published[1]) == [f.name for f in dataclasses.fields(Point)]


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


# --------------------------------------------------------------------------- (d) database examples


SESSION_DOCS = (CLI_DOC, INTAKE_DOC, STATS_DOC)
CLOCK_START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class SessionCommand:
    doc: str  # the document's file name
    arguments: str
    status: int
    output: str
    whole: bool


def session_commands(doc: Path) -> list[SessionCommand]:
    """The commands of the ``cli-db`` blocks of ``doc``, in order. A block holds one or more
    ``$ shisaku …`` lines, each followed by its standard output; ``exit=N`` is the exit status
    of the block's last command (the others must exit 0); ``head`` compares the start only."""
    found: list[SessionCommand] = []
    for rest, body in marked_blocks(read(doc), "cli-db "):
        exit_status = re.search(r"exit=(\d+)", rest)
        first, *parts = re.split(r"^\$ shisaku ", body, flags=re.M)
        assert first == "", f"{doc.name}: a cli-db block starts with '$ shisaku': {body[:60]}"
        for index, part in enumerate(parts):
            arguments, _, output = part.partition("\n")
            last = index == len(parts) - 1
            status = int(exit_status[1]) if exit_status and last else 0
            found.append(SessionCommand(doc.name, arguments, status, output, "head" not in rest))
    return found


def doc_files(doc: Path) -> dict[str, str]:
    """File name → text of the ``<!-- doc-test: file NAME -->`` blocks of ``doc``."""
    return dict(marked_blocks(read(doc), "file "))


class StoreClock:
    """Stands in for ``datetime`` in ``shisaku.stats.store``, which reads only ``now``."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock

    def now(self, tz: tzinfo | None = None) -> datetime:
        return self.clock()


def run_session(
    doc: Path, where: Path, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[int, str, str]]:
    """Run the ``cli-db`` commands of ``doc`` in ``where``: (exit status, stdout, what went
    wrong besides) of each."""
    for shared in ("examples", "data"):
        (where / shared).symlink_to(ROOT / shared, target_is_directory=True)
    for name, text in doc_files(doc).items():
        (where / name).write_text(text, encoding="utf-8")
    ticks = itertools.count()

    def clock() -> datetime:
        return CLOCK_START + timedelta(days=next(ticks))

    monkeypatch.setattr("shisaku.cli.data.now", clock)
    monkeypatch.setattr("shisaku.stats.store.datetime", StoreClock(clock))
    monkeypatch.chdir(where)
    runner = CliRunner(env={"SHISAKU_DATABASE_URL": None, "SHISAKU_STATS_PATH": None})
    ran: list[tuple[int, str, str]] = []
    for command in session_commands(doc):
        result = runner.invoke(app, shlex.split(command.arguments))
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        ran.append(
            (
                result.exit_code,
                result.stdout,
                result.stderr + (repr(result.exception) if crashed else ""),
            )
        )
    return ran


SESSIONS = [
    (command, index) for doc in SESSION_DOCS for index, command in enumerate(session_commands(doc))
]


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[int, str, str]]]:
    ran: dict[str, list[tuple[int, str, str]]] = {}
    for doc in SESSION_DOCS:
        with pytest.MonkeyPatch.context() as monkeypatch:
            ran[doc.name] = run_session(doc, tmp_path_factory.mktemp(doc.stem), monkeypatch)
    return ran


def test_there_are_database_examples() -> None:
    assert {c.doc for c, _ in SESSIONS} == {doc.name for doc in SESSION_DOCS}
    assert len(SESSIONS) >= 10


@pytest.mark.parametrize(
    ("command", "index"), SESSIONS, ids=[f"{c.doc}:{i}:{c.arguments}" for c, i in SESSIONS]
)
def test_database_examples_are_real_output(
    command: SessionCommand, index: int, sessions: dict[str, list[tuple[int, str, str]]]
) -> None:
    status, stdout, stderr = sessions[command.doc][index]
    assert status == command.status, stdout + stderr
    if command.whole:
        assert stdout == command.output
    else:
        assert stdout.startswith(command.output), stdout


@pytest.mark.parametrize(
    ("doc", "least"), [(INTAKE_DOC, 8), (STATS_DOC, 12)], ids=["data-intake.md", "statistics.md"]
)
def test_problem_examples_of_the_files_shown_are_real_output(doc: Path, least: int) -> None:
    """A problem example about a file the page shows, or one its examples name, is a line of
    that file's tested output."""
    commands = session_commands(doc)
    shown = set(doc_files(doc)) | {word for c in commands for word in shlex.split(c.arguments)}
    outputs = {line for c in commands for line in c.output.splitlines()}
    checked = 0
    for _, example in intake_examples(doc):
        match = INTAKE_LINE.match(example)
        if match is not None and match["path"] in shown:
            assert example.strip("`") in outputs, example
            checked += 1
    assert checked >= least
