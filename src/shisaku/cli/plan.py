"""``shisaku plan …``: validate, show and cross-tabulate a plan file."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer
from sqlalchemy import select

from shisaku.cli.options import ByOption, DatabaseOption, now, ready_engine, who
from shisaku.cli.output import Lang, LangOption, PlanPath, load_or_exit, print_json, print_report
from shisaku.cli.tree import render_tree
from shisaku.db.engine import session_scope
from shisaku.db.models import PlanRow
from shisaku.db.plans import store_plan
from shisaku.planfile.load import load_plan
from shisaku.planfile.views import facet_matrix, matrix_json, plan_json

app = typer.Typer(help="Validate and show plan files.", no_args_is_help=True)


class ShowFormat(StrEnum):
    tree = "tree"
    json = "json"


@app.command()
def validate(path: PlanPath) -> None:
    """Check a plan file; print every problem as PATH:LINE:COLUMN: CODE: message.

    Exit status 0 when the file is valid, 1 when it has problems.
    """
    loaded = load_plan(path)
    if loaded.report.ok:
        typer.echo(f"{path}: valid", err=True)
        return
    print_report(loaded.report)
    n = len(loaded.report)
    typer.echo(f"{path}: {n} problem{'s' if n != 1 else ''}", err=True)
    raise typer.Exit(1)


@app.command()
def show(
    path: PlanPath,
    format: Annotated[ShowFormat, typer.Option("--format", help="tree or json.")] = ShowFormat.tree,
    lang: LangOption = Lang.ja,
) -> None:
    """Print the plan: a tree (default) or one JSON object with a flat node list."""
    plan = load_or_exit(path)
    if format is ShowFormat.json:
        print_json(plan_json(plan))
    else:
        sys.stdout.write(render_tree(plan, lang.value) + "\n")


@app.command()
def matrix(
    path: PlanPath,
    facet: Annotated[
        str | None, typer.Option("--facet", help="Facet id (default: the first).")
    ] = None,
    format: Annotated[
        ShowFormat, typer.Option("--format", help="tree (a table) or json.")
    ] = ShowFormat.tree,
    lang: LangOption = Lang.ja,
) -> None:
    """The top-level nodes × facet values: ● stated, ○ inferred."""
    plan = load_or_exit(path)
    chosen = (
        next((f for f in plan.facets if f.id == facet), None)
        if facet
        else (plan.facets[0] if plan.facets else None)
    )
    if chosen is None:
        declared = ", ".join(f.id for f in plan.facets) or "none"
        typer.echo(f"{path}: no facet {facet!r}; declared facets: {declared}", err=True)
        raise typer.Exit(2)
    if format is ShowFormat.json:
        print_json(matrix_json(plan, chosen))
        return
    lg = lang.value
    values = chosen.values
    header = " ".join(
        f"{v.number if v.number is not None else i + 1:>2}" for i, v in enumerate(values)
    )
    out = [f"{chosen.name.get(lg)} × {plan.plan.name.get(lg)}", ""]
    out += [
        f"  {v.number if v.number is not None else i + 1:>2} = {v.name.get(lg)} ({v.id})"
        for i, v in enumerate(values)
    ]
    out.append("")
    out.append(f"{header}  node")
    current_top = None
    for row in facet_matrix(plan, chosen):
        if row.top.id != current_top:
            current_top = row.top.id
            out.append(f"{'':{len(header)}}  {row.top.name.get(lg)} ({row.top.id})")
        cells = " ".join(
            f"{ {'stated': '●', 'inferred': '○'}.get(row.cells.get(v.id, ''), '·'):>2}"
            for v in values
        )
        out.append(f"{cells}    {row.node.id} {row.node.name.get(lg)}")
    legend = "● stated (in the plan's text)  ○ inferred (a reading, with a reason)  · none"
    if lg == "ja":
        legend = "● 計画本文に記載  ○ 推定（理由つき）  · なし"
    out += ["", legend]
    sys.stdout.write("\n".join(out) + "\n")


@app.command()
def load(path: PlanPath, database: DatabaseOption = None, by: ByOption = None) -> None:
    """Validate a plan file and store it in the database as the plan's newest version.

    Loading an edited plan keeps every actual; indicators it drops are kept as inactive.
    """
    plan = load_or_exit(path)
    content = path.read_bytes().decode("utf-8-sig")
    engine = ready_engine(database)
    with session_scope(engine) as session:
        result = store_plan(session, plan, content, str(path), who(by), now())
    if not result.new_version:
        typer.echo(f"{result.plan_id}: unchanged (version {result.version})")
        return
    typer.echo(
        f"{result.plan_id}: version {result.version} stored; indicators "
        f"{len(result.indicators_added)} added, {len(result.indicators_kept)} kept, "
        f"{len(result.indicators_retired)} retired"
        + (
            f" ({', '.join(result.indicators_retired)}: their actuals are kept)"
            if result.indicators_retired
            else ""
        )
    )


@app.command("list")
def list_plans(database: DatabaseOption = None) -> None:
    """The plans stored in the database: id, version, name (sample plans marked)."""
    engine = ready_engine(database)
    with session_scope(engine) as session:
        for row in session.scalars(select(PlanRow).order_by(PlanRow.id)):
            mark = "  [SAMPLE]" if row.sample else ""
            typer.echo(f"{row.id}\tv{row.current_version}\t{row.name_ja}{mark}")
