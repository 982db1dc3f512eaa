"""Shared fixtures: the sample-city plan, and the data files in ``data/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from shisaku.domain.plan import Plan
from shisaku.planfile.load import load_plan
from tests.conftest import SAMPLE

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def sample_plan() -> Plan:
    """The sample-city plan: current program FY2025–FY2029, 14 indicators, 6 divisions."""
    plan = load_plan(SAMPLE).plan
    assert plan is not None
    return plan
