"""Cross-reference checks on the valid part of a plan that has schema problems.

So that one run reports every problem: list items with schema problems are set aside,
the rest is validated again and checked, and problem paths are mapped back to the file.
References to the ids of items set aside are not reported (their items already are).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from shisaku.domain.checks import check_plan
from shisaku.domain.plan import Plan
from shisaku.domain.problems import Problem
from shisaku.planfile.strict_yaml import Path

_ROUNDS = 8
_DROP = object()
_STAND_INS: dict[Path, Any] = {
    ("format_version",): 1,
    ("plan", "id"): "unreadable",
    ("plan", "name"): {"ja": "?"},
    ("plan", "city"): {"code": "00000", "name": {"ja": "?"}},
    ("plan", "period"): {"start": 1868, "end": 2200},
    ("plan", "subtitle"): _DROP,
    ("plan", "philosophy"): _DROP,
    ("plan", "note"): _DROP,
    ("plan", "sample"): _DROP,
    ("evaluation",): _DROP,
}


def check_valid_part(data: Any, schema_problems: list[Problem]) -> list[Problem]:
    """Cross-reference problems of ``data`` without the parts that have schema problems.

    Unknown keys are dropped; any other schema problem sets aside its enclosing list item.
    """
    removed = {p.path for p in schema_problems if p.code == "unknown-key"}
    replaced: dict[Path, Any] = {}
    paths = [p.path for p in schema_problems if p.code != "unknown-key"]
    for _ in range(_ROUNDS):
        for path in paths:
            item = _enclosing_item(data, path)
            if item is not None:
                removed.add(item)
                continue
            stand_in = _stand_in(path)
            if stand_in is None:
                return []
            replaced[stand_in[0]] = stand_in[1]
        pruned, maps = _without(data, removed, (), replaced)
        try:
            plan = Plan.model_validate(pruned)
        except ValidationError as error:
            paths = [_to_original(_loc(d["loc"], pruned), maps) for d in error.errors()]
            continue
        gone = {
            i
            for path in removed
            if path and isinstance(path[-1], int)
            for i in _ids(_at(data, path))
        }
        return [
            Problem(p.code, p.message, _to_original(p.path, maps), p.received, p.expected)
            for p in check_plan(plan)
            if not (p.code == "unknown-reference" and p.received in gone)
        ]
    return []


def _enclosing_item(data: Any, path: Path) -> Path | None:
    """The deepest list item that contains ``path``."""
    best: Path | None = None
    here = data
    for depth, part in enumerate(path):
        if isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            best = path[: depth + 1]
            here = here[part]
        elif isinstance(here, dict) and part in here:
            here = here[part]
        else:
            break
    return best


def _stand_in(path: Path) -> tuple[Path, Any] | None:
    """A neutral value for a broken part outside any list item, so the rest can be checked.

    Optional sections are dropped (``_DROP``); the plan's required identity gets stand-ins
    that no check looks at; an unreadable plan period becomes one that contains every year.
    """
    for depth in range(len(path), 0, -1):
        prefix = path[:depth]
        if prefix in _STAND_INS:
            return prefix, _STAND_INS[prefix]
    return None


def _without(
    data: Any, removed: set[Path], path: Path, replaced: dict[Path, Any]
) -> tuple[Any, dict[Path, list[int]]]:
    maps: dict[Path, list[int]] = {}
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            here = (*path, key)
            if here in removed or replaced.get(here, True) is _DROP:
                continue
            if here in replaced:
                out[key] = replaced[here]
                continue
            out[key], sub = _without(value, removed, here, replaced)
            maps.update(sub)
        return out, maps
    if isinstance(data, list):
        kept = [i for i in range(len(data)) if (*path, i) not in removed]
        maps[path] = kept
        items = []
        for i in kept:
            item, sub = _without(data[i], removed, (*path, i), replaced)
            items.append(item)
            maps.update(sub)
        return items, maps
    return data, maps


def _to_original(path: Path, maps: dict[Path, list[int]]) -> Path:
    out: list[str | int] = []
    for part in path:
        if isinstance(part, int) and tuple(out) in maps and part < len(maps[tuple(out)]):
            out.append(maps[tuple(out)][part])
        else:
            out.append(part)
    return tuple(out)


def _loc(loc: tuple[int | str, ...], data: Any) -> Path:
    path: list[str | int] = []
    here = data
    for part in loc:
        in_dict = isinstance(here, dict) and isinstance(part, str) and part in here
        in_list = isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here)
        if in_dict or in_list:
            here = here[part]
            path.append(part)
    return tuple(path)


def _at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _ids(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            found.add(value["id"])
        for child in value.values():
            found |= _ids(child)
    elif isinstance(value, list):
        for child in value:
            found |= _ids(child)
    return found
