"""The migrations build exactly the schema the models declare; SQLite enforces foreign keys."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from shisaku.db.engine import session_scope
from shisaku.db.migrate import is_current, upgrade
from shisaku.db.models import ActualRevision, Base


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert is_current(engine)


def test_upgrade_twice_is_harmless(engine: Engine) -> None:
    upgrade(engine)
    assert is_current(engine)


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(
            ActualRevision(
                plan_id="nope",
                indicator_id="nope",
                fiscal_year=2021,
                revision=1,
                action="set",
                value=1.0,
                recorded_by="t",
                recorded_at=datetime.now(UTC),
            )
        )
