"""``shisaku stats …``: import official statistics and analyse them like chapter 2 of the plan."""

from __future__ import annotations

import csv
import io
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer

from shisaku.cli.output import aligned, print_json, print_report
from shisaku.db.settings import stats_path
from shisaku.domain.problems import Location, Problem, Report
from shisaku.stats import store
from shisaku.stats.importer import import_file
from shisaku.stats.query import RECORD_KEYS, Filter, query

app = typer.Typer(help="Official statistics: import, query, analyses.", no_args_is_help=True)

StatsOption = Annotated[
    str | None,
    typer.Option(
        "--stats",
        help="Statistics store (default: SHISAKU_STATS_PATH, else shisaku-stats.duckdb).",
        show_default=False,
    ),
]


def open_store(stats: str | None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """The statistics store, or a clear message and exit 2 when the file is not one."""
    path = stats_path(stats)
    try:
        connection = store.connect(path, read_only=read_only and Path(path).exists())
    except duckdb.Error as error:
        typer.echo(f"{path}: cannot open the statistics store: {error}", err=True)
        raise typer.Exit(2) from None
    connection.execute("SET enable_progress_bar = false")
    return connection


class InputFormat(StrEnum):
    auto = "auto"
    ssdse = "ssdse"
    estat = "estat"


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[OutputFormat, typer.Option("--format", help="table, json or csv.")]


def emit(records: list[dict[str, Any]], format: OutputFormat, keys: tuple[str, ...]) -> None:
    """Records as a JSON list, CSV, or an aligned text table."""
    if format is OutputFormat.json:
        print_json(records)
        return
    if format is OutputFormat.csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(keys)
        for record in records:
            writer.writerow([_cell(record.get(k)) for k in keys])
        sys.stdout.write(out.getvalue())
        return
    rows = [list(keys), *[[_cell(r.get(k)) for k in keys] for r in records]]
    for line in aligned(rows):
        sys.stdout.write(line + "\n")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="SSDSE-A or e-Stat CSV (UTF-8 or CP932).")],
    format: Annotated[
        InputFormat, typer.Option("--format", help="auto, ssdse or estat.")
    ] = InputFormat.auto,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and check; store nothing.")
    ] = False,
    stats: StatsOption = None,
) -> None:
    """Import an official statistics file with its provenance; a file it cannot read stores nothing.

    Exit 0 when imported (or readable, with --dry-run), 1 when the file has problems.
    """
    if not file.is_file():
        reason = "this is a directory, not a file" if file.is_dir() else "no such file"
        missing = Problem(
            "unreadable-file",
            reason,
            received=str(file),
            expected="a CSV file from SSDSE or e-Stat",
            location=Location(str(file)),
        )
        print_report(Report([missing]))
        typer.echo(f"{file}: 1 problem; nothing was stored", err=True)
        raise typer.Exit(1)
    connection = open_store(stats)
    parsed, stored = import_file(connection, file, format.value, dry_run)
    if parsed.problems:
        print_report(Report(list(parsed.problems)))
        n = len(parsed.problems)
        typer.echo(f"{file}: {n} problem{'s' if n != 1 else ''}; nothing was stored", err=True)
        raise typer.Exit(1)
    assert parsed.dataset is not None
    for item in parsed.unrecognised:
        typer.echo(f"{file}: not recognised, kept under its own code: {item}", err=True)
    table = parsed.dataset.table_id
    if dry_run:
        typer.echo(
            f"{file}: {table}: {len(parsed.observations)} observations readable; "
            "dry run, nothing stored"
        )
    elif stored is not None and stored.unchanged:
        typer.echo(f"{file}: {table}: already imported (dataset {stored.dataset_id}); unchanged")
    elif stored is not None:
        replaced = (
            f"; replaces {stored.replaced} earlier import(s), kept" if stored.replaced else ""
        )
        typer.echo(
            f"{file}: {table}: {stored.rows} observations stored "
            f"(dataset {stored.dataset_id}){replaced}"
        )


@app.command("tables")
def tables_command(format: FormatOption = OutputFormat.table, stats: StatsOption = None) -> None:
    """The imported tables with their provenance (source, file, SHA-256, when)."""
    connection = open_store(stats)
    keys = (
        "dataset_id",
        "table_id",
        "title",
        "format",
        "status",
        "rows",
        "active",
        "file_name",
        "imported_at",
        "source",
    )
    records = [{k: d[k] for k in keys} for d in store.datasets(connection)]
    for record in records:
        record["imported_at"] = str(record["imported_at"])
    emit(records, format, keys)


def _dims(values: list[str] | None) -> list[tuple[str, str]]:
    pairs = []
    for value in values or []:
        if "=" not in value:
            typer.echo(f"--dim {value!r}: expected KEY=VALUE, e.g. --dim 男女=男", err=True)
            raise typer.Exit(2)
        key, _, item = value.partition("=")
        pairs.append((key, item))
    return pairs


@app.command("query")
def query_command(
    area: Annotated[str | None, typer.Option("--area", help="5-digit area code (14130).")] = None,
    table: Annotated[str | None, typer.Option("--table", help="Table id.")] = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="establishments, employees, …")
    ] = None,
    industry: Annotated[
        str | None, typer.Option("--industry", help="JSIC letter A–T or total.")
    ] = None,
    dim: Annotated[list[str] | None, typer.Option("--dim", help="KEY=VALUE (repeatable).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Survey year.")] = None,
    format: FormatOption = OutputFormat.table,
    stats: StatsOption = None,
) -> None:
    """Stored numbers (and markers) with their source; --area alone gives every table's records."""
    connection = open_store(stats)
    code = area[1:] if area and area[:1] in {"R", "r"} else area
    where = Filter(code, table, measure, industry, year, tuple(_dims(dim)))
    emit(query(connection, where), format, RECORD_KEYS)
