"""Where the database is: ``SHISAKU_DATABASE_URL`` or ``--database``, else a local SQLite file."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_URL = "sqlite:///shisaku.sqlite3"


class Settings(BaseSettings):
    """Settings read from the environment (prefix ``SHISAKU_``)."""

    model_config = SettingsConfigDict(env_prefix="SHISAKU_", extra="ignore")

    database_url: str = DEFAULT_URL
    stats_path: str = "shisaku-stats.duckdb"


def database_url(override: str | None = None) -> str:
    """The database URL: an explicit ``override``, else the environment, else the default.

    ``postgresql://`` URLs use psycopg 3.
    """
    url = override or Settings().database_url
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def stats_path(override: str | None = None) -> str:
    """The statistics store (a DuckDB file): ``--stats``, else ``SHISAKU_STATS_PATH``, else
    ``shisaku-stats.duckdb`` in the current directory."""
    return override or Settings().stats_path
