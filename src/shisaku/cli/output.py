"""Shared CLI options and output helpers."""

from __future__ import annotations

import json
import sys
import unicodedata
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from shisaku.domain.plan import Plan
from shisaku.domain.problems import Report
from shisaku.planfile.load import load_plan


class Lang(StrEnum):
    ja = "ja"
    en = "en"


LangOption = Annotated[Lang, typer.Option("--lang", help="Language of labels: ja or en.")]
PlanPath = Annotated[
    Path, typer.Argument(help="Plan file (YAML).", dir_okay=False, show_default=False)
]


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_report(report: Report) -> None:
    """One line per problem, ``PATH:LINE:COLUMN: CODE: message``, on standard output."""
    for problem in report:
        sys.stdout.write(problem.render() + "\n")


def load_or_exit(path: Path) -> Plan:
    """The valid plan at ``path``; otherwise its problems are printed and the command exits 1."""
    loaded = load_plan(path)
    if loaded.plan is None:
        print_report(loaded.report)
        n = len(loaded.report)
        typer.echo(f"{path}: {n} problem{'s' if n != 1 else ''}; nothing shown", err=True)
        raise typer.Exit(1)
    return loaded.plan


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (Japanese) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))


def aligned(rows: list[list[str]]) -> list[str]:
    """Rows of cells as lines of aligned columns."""
    if not rows:
        return []
    widths = [max(text_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
