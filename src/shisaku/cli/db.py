"""``shisaku db …``: the database schema."""

from __future__ import annotations

import typer

from shisaku.cli.options import DatabaseOption
from shisaku.db.engine import make_engine
from shisaku.db.migrate import current_revision, head_revision, upgrade
from shisaku.db.settings import database_url

app = typer.Typer(help="Create or upgrade the database.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_command(database: DatabaseOption = None) -> None:
    """Create the database, or bring its schema to the newest version. Safe to run again."""
    engine = make_engine(database)
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    where = database_url(database)
    if before == after:
        typer.echo(f"{where}: schema already at {after}")
    else:
        typer.echo(f"{where}: schema {before or 'empty'} → {after}")


@app.command("status")
def status_command(database: DatabaseOption = None) -> None:
    """Print the schema revision of the database and the newest one."""
    engine = make_engine(database)
    typer.echo(
        f"{database_url(database)}: schema {current_revision(engine)} (newest {head_revision()})"
    )
