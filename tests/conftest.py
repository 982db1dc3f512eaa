"""Shared fixtures: the shipped example plans, and a fresh migrated database per test.

Database tests run on SQLite always, and on PostgreSQL too when ``SHISAKU_TEST_POSTGRES_URL``
is set: CI sets it (see .ci/run and scripts/start-postgres), so both back ends are tested there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from shisaku.db.engine import make_engine
from shisaku.db.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(ROOT.glob("examples/*/plan.yaml"))
KAWASAKI = ROOT / "examples" / "kawasaki" / "plan.yaml"
SAMPLE = ROOT / "examples" / "sample-city" / "plan.yaml"


@pytest.fixture(params=EXAMPLES, ids=[p.parent.name for p in EXAMPLES])
def example(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


POSTGRES = os.environ.get("SHISAKU_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES else [])]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database (schema not yet created)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    assert POSTGRES is not None
    wipe = make_engine(POSTGRES)
    with wipe.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    wipe.dispose()
    return POSTGRES


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated database."""
    made = make_engine(database_url)
    upgrade(made)
    yield made
    made.dispose()
