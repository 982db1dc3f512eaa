"""``shisaku data …``: import, export, templates, history and restore of actuals (実績値)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from shisaku.cli.importing import check_import, pending, plural, write_import
from shisaku.cli.options import (
    ByOption,
    DatabaseOption,
    known_plan_or_exit,
    now,
    ready_engine,
    who,
)
from shisaku.cli.output import print_report
from shisaku.db import actuals
from shisaku.db.engine import session_scope
from shisaku.db.export import format_value, to_csv, to_json
from shisaku.db.plans import current_plan
from shisaku.domain.fiscal_year import FiscalYearError, parse_fiscal_year
from shisaku.intake import read_rows, write_template

app = typer.Typer(help="Yearly actuals: import, export, templates, history.", no_args_is_help=True)

PlanOption = Annotated[str | None, typer.Option("--plan", help="Plan id.", show_default=False)]


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return parse_fiscal_year(text)
    except FiscalYearError as error:
        typer.echo(f"--fy: {error} (expected {error.expected})", err=True)
        raise typer.Exit(2) from None


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV (UTF-8 or CP932) or Excel (.xlsx) file.")],
    plan: PlanOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report; write nothing.")
    ] = False,
    database: DatabaseOption = None,
    by: ByOption = None,
) -> None:
    """Import actuals: all rows or none. Every problem is listed with its sheet, row and column.

    Columns: indicator_id, fiscal_year, value; optional status (速報/確報), source, note, plan_id.
    Exit 0 when imported (or, with --dry-run, when it would be), 1 when the file has problems.
    """
    engine = ready_engine(database)
    table = read_rows(file)
    with session_scope(engine) as session:
        outcome, _ = check_import(session, table, plan)
        if not outcome.report.ok:
            print_report(outcome.report)
            n = len(outcome.report)
            typer.echo(f"{file}: {n} problem{'s' if n != 1 else ''}; nothing was written", err=True)
            raise typer.Exit(1)
        would = pending(session, outcome)
        if not dry_run:
            write_import(session, file, outcome, who(by), now())
    for plan_id, result in outcome.results.items():
        blank = len(result.skipped_rows)
        skipped = f", {plural(blank, 'row')} not reported (blank)" if blank else ""
        if dry_run:
            typer.echo(
                f"{file}: {plan_id}: {plural(len(result.actuals), 'row')} valid, "
                f"{plural(would[plan_id], 'new revision')} would be added "
                f"({len(result.replaced)} changing a stored value){skipped}; "
                "dry run, nothing written"
            )
            for actual, old in result.replaced:
                typer.echo(
                    f"  {actual.indicator_id} FY{actual.fiscal_year}: "
                    f"{format_value(old)} → {format_value(actual.value)}"
                )
        else:
            typer.echo(
                f"{file}: {plan_id}: {plural(len(result.actuals), 'row')} imported, "
                f"{plural(outcome.written.get(plan_id, 0), 'new revision')}{skipped}"
            )


@app.command("export")
def export_command(
    format: Annotated[
        ExportFormat, typer.Option("--format", help="csv or json.")
    ] = ExportFormat.csv,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (default: standard output).")
    ] = None,
    plan: PlanOption = None,
    database: DatabaseOption = None,
) -> None:
    """Write every current actual (all plans, or --plan), sorted; it imports back as is."""
    engine = ready_engine(database)
    with session_scope(engine) as session:
        known_plan_or_exit(session, plan)
        rows = list(actuals.current(session, plan).values())
    text = to_csv(rows) if format is ExportFormat.csv else to_json(rows)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_bytes(text.encode("utf-8"))
        typer.echo(f"{output}: {len(rows)} actuals", err=True)


@app.command("template")
def template_command(
    plan: Annotated[str, typer.Option("--plan", help="Plan id.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The .xlsx file to write.")],
    years: Annotated[
        list[str] | None,
        typer.Option(
            "--fy", help="Fiscal years to fill (repeatable; default: the current program's)."
        ),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Write an Excel workbook for the divisions: a sheet per division, past values shown."""
    engine = ready_engine(database)
    with session_scope(engine) as session:
        known_plan_or_exit(session, plan)
        stored = current_plan(session, plan)
        assert stored is not None
        past = {
            (ind, fy): a.value
            for (_, ind, fy), a in actuals.current(session, plan).items()
            if a.value is not None
        }
    program = stored.program()
    chosen = [y for y in (_year(t) for t in years or []) if y is not None] or list(
        (program.period if program else stored.plan.period).years()
    )
    write_template(output, stored, chosen, past)
    typer.echo(
        f"{output}: {plural(len(stored.indicators), 'indicator')} × {plural(len(chosen), 'year')}"
    )


@app.command("history")
def history_command(
    indicator: Annotated[str, typer.Argument(help="Indicator id.")],
    plan: Annotated[str, typer.Option("--plan", help="Plan id.")],
    fy: Annotated[str | None, typer.Option("--fy", help="Only this fiscal year.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Every revision of an indicator's actuals, oldest first (TAB-separated)."""
    engine = ready_engine(database)
    with session_scope(engine) as session:
        known_plan_or_exit(session, plan)
        revisions = actuals.history(session, plan, indicator, _year(fy))
    typer.echo(
        "revision_id\tfiscal_year\trevision\taction\tvalue\tstatus\tsource\tnote\trecorded_by\trecorded_at"
    )
    for r in revisions:
        typer.echo(
            "\t".join(
                [
                    str(r.revision_id),
                    str(r.fiscal_year),
                    str(r.revision),
                    r.action,
                    format_value(r.value),
                    r.status or "",
                    r.source or "",
                    r.note or "",
                    r.recorded_by,
                    r.recorded_at.isoformat(),
                ]
            )
        )


@app.command("restore")
def restore_command(
    revision_id: Annotated[int, typer.Argument(help="The revision to make current again.")],
    database: DatabaseOption = None,
    by: ByOption = None,
) -> None:
    """Make an earlier revision current again. This adds a revision; nothing is removed."""
    engine = ready_engine(database)
    with session_scope(engine) as session:
        outcome = actuals.restore(session, revision_id, who(by), now())
    if outcome is None:
        typer.echo(f"no revision {revision_id} with a value (shisaku data history)", err=True)
        raise typer.Exit(1)
    restored, added = outcome
    if not added:
        typer.echo(
            f"{restored.indicator_id} FY{restored.fiscal_year}: revision {restored.revision} "
            f"(id {restored.revision_id}) already has this content; nothing added"
            if restored.revision_id != revision_id
            else f"revision id {revision_id} is already current; nothing added"
        )
        return
    typer.echo(
        f"{restored.indicator_id} FY{restored.fiscal_year}: revision {restored.revision} "
        f"= {format_value(restored.value)} (restored from revision id {revision_id})"
    )
