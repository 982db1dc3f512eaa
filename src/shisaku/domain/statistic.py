"""A link from a plan's indicator or fact to official statistics (経済センサス etc.).

An indicator with a ``statistic`` takes its actuals from imported statistics, each with its
source; a fact with one is shown beside the final published figure.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shisaku.domain.common import Strict

Figure = Literal["value", "share"]
"""``value``: the number as published; ``share``: the industry's share of the area's total, in %."""


class Statistic(Strict):
    """Which published number: measure, area, and optionally industry, scope, table, year."""

    measure: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    """Canonical measure (``establishments``, ``employees``, ``population``) or an item code."""
    area: str = Field(pattern=r"^\d{5}$")
    """5-digit local-government code (``14130`` 川崎市)."""
    industry: str | None = Field(default=None, pattern=r"^([A-T]|total)$")
    """JSIC division letter A–T, or ``total``; none for items without industries."""
    scope: Literal["all", "private"] | None = None
    """Only surveys of this scope (``private`` 民営), so a series stays comparable."""
    table: str | None = None
    """Only this table (e.g. ``SSDSE-A-2023``)."""
    year: int | None = Field(default=None, ge=1868, le=2200)
    """For a fact: the survey year of the figure it corresponds to."""
    figure: Figure = "value"
    """``value`` or ``share`` (the industry's share of the area's total, in %)."""
