"""A fresh, migrated database per test: SQLite always; PostgreSQL when a URL is given.

CI sets ``SHISAKU_TEST_POSTGRES_URL`` (see .ci/run and scripts/start-postgres), so every
database test runs on both back ends there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from shisaku.db.engine import make_engine
from shisaku.db.migrate import upgrade

POSTGRES = os.environ.get("SHISAKU_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES else [])]


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        made = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    else:
        assert POSTGRES is not None
        made = make_engine(POSTGRES)
        with made.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(made)
    yield made
    made.dispose()
