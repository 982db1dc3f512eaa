"""Options shared by the commands that use the database, defined once."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime
from typing import Annotated

import typer
from sqlalchemy import Engine

from shisaku.db.engine import make_engine
from shisaku.db.migrate import current_revision, head_revision
from shisaku.db.settings import database_url

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="Database URL (default: SHISAKU_DATABASE_URL, else sqlite:///shisaku.sqlite3).",
        show_default=False,
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by", help="Who makes the change (default: the login name).", show_default=False
    ),
]


def who(by: str | None) -> str:
    return by or getpass.getuser()


def now() -> datetime:
    return datetime.now(UTC)


def ready_engine(database: str | None) -> Engine:
    """An engine whose schema is current; otherwise say how to fix it and exit 2."""
    engine = make_engine(database)
    current = current_revision(engine)
    if current != head_revision():
        where = database_url(database)
        state = "is not initialised" if current is None else f"is at schema {current}"
        typer.echo(f"the database {where} {state}: run `shisaku db upgrade` first", err=True)
        raise typer.Exit(2)
    return engine
