"""Options shared by the commands that use the database, defined once."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime
from typing import Annotated

import typer
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shisaku.db.engine import make_engine
from shisaku.db.migrate import current_revision, head_revision
from shisaku.db.plans import plan_ids
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


def known_plan_or_exit(session: Session, plan: str | None) -> None:
    """Exit 2, naming the loaded plans, when ``plan`` is given but not loaded."""
    if plan is not None and plan not in plan_ids(session):
        known = ", ".join(plan_ids(session)) or "none (shisaku plan load)"
        typer.echo(f"no plan {plan!r} is loaded; loaded plans: {known}", err=True)
        raise typer.Exit(2)
