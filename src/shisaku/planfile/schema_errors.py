"""Turn pydantic's validation errors into located problems with stable codes."""

from __future__ import annotations

import types
import typing
from collections import defaultdict
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from shisaku.domain.problems import Problem
from shisaku.planfile.strict_yaml import Document, Path

_TYPES = {
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "literal_error": "",
}
_RANGE = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}


def problems_from(error: ValidationError, doc: Document, root: type[BaseModel]) -> list[Problem]:
    """One problem per distinct place; union branches at one place are merged."""
    grouped: dict[tuple[Path, str], list[ErrorDetails]] = defaultdict(list)
    for detail in error.errors(include_url=False):
        at = tuple((detail.get("ctx") or {}).get("at", ()))
        path = _data_path(tuple(detail["loc"]) + at, doc.data)
        grouped[(path, _code(detail["type"]))].append(detail)
    return [_problem(path, code, details, doc, root) for (path, code), details in grouped.items()]


def _code(error_type: str) -> str:
    if error_type == "extra_forbidden":
        return "unknown-key"
    if error_type == "missing":
        return "missing-key"
    if error_type in _TYPES and error_type != "literal_error":
        return "wrong-type"
    if error_type in _RANGE:
        return "out-of-range"
    if error_type in {"too_short", "too_long", "string_too_short", "string_too_long"}:
        return "wrong-length"
    if "-" in error_type:  # the domain's own codes (rule_error)
        return error_type
    return "invalid-value"


def _data_path(loc: tuple[int | str, ...], data: Any) -> Path:
    """The error's location with pydantic's union-branch labels removed."""
    path: list[str | int] = []
    here = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(here, dict) and isinstance(part, str) and (part in here or last):
            path.append(part)
            here = here.get(part)
        elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            path.append(part)
            here = here[part]
    return tuple(path)


def _problem(
    path: Path, code: str, details: list[ErrorDetails], doc: Document, root: type[BaseModel]
) -> Problem:
    first = details[0]
    received = _received(_value_at(doc.data, path) if path else first.get("input"))
    if code == "unknown-key":
        allowed = _fields(_model_at(root, path[:-1]))
        return Problem(
            code,
            f"unknown key {path[-1]!r}",
            path,
            received=path[-1],
            expected=f"one of the keys: {', '.join(allowed)}",
            location=doc.locate(path, key=True),
        )
    if code == "missing-key":
        return Problem(
            code,
            f"missing required key {path[-1]!r}",
            path,
            received=None,
            expected=f"a {path[-1]!r} entry in this mapping",
            location=doc.locate(path[:-1]),
        )
    location = doc.locate(path)
    if code == "wrong-type":
        wanted = []
        for detail in details:
            kind = _TYPES.get(detail["type"], detail["type"])
            if detail["type"] == "model_type":
                kind = f"a mapping with keys {', '.join(_fields(_model_at(root, path)))}"
            if kind not in wanted:
                wanted.append(kind)
        if "a number" in wanted and "a whole number" in wanted:
            wanted.remove("a whole number")
        what = path[-1] if path else "document"
        wanted_text = " or ".join(wanted)
        return Problem(
            code,
            f"{what!r} must be {wanted_text}",
            path,
            received=received,
            expected=wanted_text,
            location=location,
        )
    message = _message(code, path, first)
    ctx = first.get("ctx") or {}
    expected = str(ctx["expected"]) if "expected" in ctx else _expected_from(first)
    return Problem(code, message, path, received=received, expected=expected, location=location)


def _message(code: str, path: Path, detail: ErrorDetails) -> str:
    what = repr(path[-1]) if path and isinstance(path[-1], str) else "this item"
    ctx = detail.get("ctx") or {}
    if code == "out-of-range":
        return f"{what} is out of range"
    if code == "wrong-length":
        if "min_length" in ctx:
            n = ctx["min_length"]
            return f"{what} needs at least {n} {'entry' if n == 1 else 'entries'}"
        return f"{what} is too long"
    if detail["type"] == "string_pattern_mismatch":
        return f"{what} is not in the required form"
    return str(detail["msg"]).removeprefix("Value error, ")


def _value_at(data: Any, path: Path) -> Any:
    for part in path:
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if (isinstance(data, dict) and part in data) or in_list:
            data = data[part]
        else:
            return None
    return data


def _expected_from(detail: ErrorDetails) -> str | None:
    ctx = {k: v for k, v in (detail.get("ctx") or {}).items() if k not in {"error", "at"}}
    if "pattern" in ctx:
        if "A-Za-z0-9" in str(ctx["pattern"]):
            return (
                "an id of ASCII letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        if str(ctx["pattern"]) == r"^\d{5}$":
            return "a 5-digit local-government code in quotes, such as '14130'"
        return f"text matching {ctx['pattern']}"
    bounds = {
        "ge": "≥",
        "gt": ">",
        "le": "≤",
        "lt": "<",
        "min_length": "length ≥",
        "max_length": "length ≤",
    }
    parts = [f"{bounds.get(k, k)} {v}" for k, v in ctx.items() if k in bounds]
    return "a value " + " and ".join(parts) if parts else None


def _received(value: Any) -> Any:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return value


def _unwrap(annotation: Any) -> Any:
    """The model or list inside Optional/Annotated/list annotations."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                return _unwrap(arg)
    return annotation


def _model_at(root: type[BaseModel], path: Path) -> type[BaseModel] | None:
    current: Any = root
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int) and typing.get_origin(current) is list:
            current = typing.get_args(current)[0]
        elif isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            if info is None:
                return None
            current = info.annotation
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _fields(model: type[BaseModel] | None) -> list[str]:
    return list(model.model_fields) if model is not None else []
