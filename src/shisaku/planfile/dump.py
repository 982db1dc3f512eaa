"""Write a plan back to YAML that the strict loader reads as the same plan."""

from __future__ import annotations

from typing import Any

import yaml

from shisaku.domain.plan import Plan


class _Dumper(yaml.SafeDumper):
    """Block style; multi-line text as literal blocks."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_plan(plan: Plan) -> str:
    """YAML text of ``plan``: keys in the documented order, defaults left out.

    PyYAML's emitter follows YAML 1.1, so it quotes every string that a YAML 1.1 reader
    would take for something else (``no``, ``010``, ``2021-04-01``), which is exactly
    what the strict loader refuses unquoted.
    """
    data: dict[str, Any] = plan.model_dump(mode="json", exclude_defaults=True)
    data = {"format_version": plan.format_version, **data}
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
