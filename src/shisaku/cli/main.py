"""The ``shisaku`` command."""

from __future__ import annotations

import typer

from shisaku import __version__
from shisaku.cli import data, db, plan, stats, stats_analysis
from shisaku.cli.evaluate import evaluate
from shisaku.cli.fy import fy
from shisaku.cli.output import print_json
from shisaku.planfile.json_schema import plan_schema

app = typer.Typer(
    name="shisaku",
    help="shisaku (施策): a city's industrial-promotion plan as working software.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(plan.app, name="plan")
app.add_typer(db.app, name="db")
app.add_typer(data.app, name="data")
app.add_typer(stats.app, name="stats")
_ = stats_analysis  # registers the analysis commands on the stats group
app.command(name="fy")(fy)
app.command(name="evaluate")(evaluate)


@app.command()
def schema() -> None:
    """Print the plan file's JSON Schema (for editors and validators)."""
    print_json(plan_schema())


@app.command()
def version() -> None:
    """Print shisaku's version."""
    typer.echo(__version__)


def run() -> None:
    app()
