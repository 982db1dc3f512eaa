"""Shared fixtures: the shipped example plans."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(ROOT.glob("examples/*/plan.yaml"))
KAWASAKI = ROOT / "examples" / "kawasaki" / "plan.yaml"
SAMPLE = ROOT / "examples" / "sample-city" / "plan.yaml"


@pytest.fixture(params=EXAMPLES, ids=[p.parent.name for p in EXAMPLES])
def example(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path
