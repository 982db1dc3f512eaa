"""The plan file's JSON Schema, for editors and other tools."""

from __future__ import annotations

from typing import Any

from shisaku.domain.plan import FORMAT_VERSION, Plan

SCHEMA_ID = f"https://shisaku.invalid/schema/plan-{FORMAT_VERSION}.json"


def plan_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of plan-file format ``FORMAT_VERSION``."""
    schema = Plan.model_json_schema(mode="validation")
    schema["properties"]["format_version"] = {"const": FORMAT_VERSION, "title": "Format Version"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"shisaku plan file, format {FORMAT_VERSION}",
        **{k: v for k, v in schema.items() if k not in {"title", "description"}},
        "description": "A city's plan as data: see docs/plan-format.md.",
    }
