"""Strict YAML: positions for every value, and no guesses.

PyYAML composes the document; this module builds plain Python values from the node tree
with its own resolver, so that YAML 1.1 surprises are problems instead of silent guesses:
``no``/``yes``/``on``/``off`` (booleans in YAML 1.1, text to a person), ``010`` (octal in 1.1,
ten in 1.2), bare dates (``2021-04-01``), sexagesimal ``1:30``. Duplicate keys are problems too.

>>> doc = load_yaml("a: 1\\nb: no\\n", "x.yaml")
>>> doc.data
{'a': 1, 'b': 'no'}
>>> [p.render() for p in doc.problems]  # doctest: +ELLIPSIS
["x.yaml:2:4: ambiguous-scalar: plain 'no' is a boolean in YAML 1.1 ..."]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from shisaku.domain.problems import Location, Problem

Path = tuple[str | int, ...]

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOL = {"yes", "no", "on", "off", "y", "n"}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_OTHER_BASE = re.compile(r"^[-+]?0[xXoObB][0-9a-fA-F_]+$")
_UNDERSCORE_NUMBER = re.compile(r"^[-+]?[0-9][0-9_]*(\.[0-9_]*)?$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$")
_SPECIAL_FLOAT = re.compile(r"^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$")
_CORE_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()


@dataclass
class Document:
    """Plain data from a YAML file, with the position of every value and key."""

    file: str
    data: Any = None
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def locate(self, path: Path, *, key: bool = False) -> Location:
        """The position of ``path`` (its key when ``key``), else of its nearest ancestor."""
        here = tuple(path)
        while True:
            if key and here in self.keys:
                return Location(self.file, *self.keys[here])
            if here in self.values:
                return Location(self.file, *self.values[here])
            if not here:
                return Location(self.file, 1, 1)
            here = here[:-1]


def load_yaml(text: str, file: str) -> Document:
    """Compose ``text`` and convert it strictly; problems are collected, not raised."""
    doc = Document(file)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        at_end = mark is not None and mark.line >= text.count("\n")
        if error.context_mark is not None and (at_end or "flow" in (error.context or "")):
            mark = error.context_mark  # where the unclosed quote or bracket was opened
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(part for part in (error.context, error.problem) if part)
        for other in (error.context_mark, error.problem_mark):
            if other is not None and (other.line + 1, other.column + 1) != (line, column):
                message += f" (see also line {other.line + 1}, column {other.column + 1})"
                break
        doc.problems.append(
            Problem(
                "yaml-syntax",
                f"the file is not well-formed YAML: {message}",
                received=None,
                expected="well-formed YAML (check indentation, colons and quotes)",
                location=Location(file, line, column),
            )
        )
        return doc
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML always marks its errors
        doc.problems.append(Problem("yaml-syntax", str(error), location=Location(file, 1, 1)))
        return doc
    if root is not None:
        doc.data = _convert(root, (), doc)
    return doc


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _explicit_tag(node: Node) -> str | None:
    """The tag written in the file, if any (PyYAML resolves untagged nodes to core tags)."""
    if node.tag not in _CORE_TAGS:
        return str(node.tag)
    if isinstance(node, ScalarNode):
        implicit = _RESOLVER.resolve(  # type: ignore[no-untyped-call]
            ScalarNode, node.value, (node.style is None, False)
        )
        if implicit != node.tag and (node.style is None or node.tag != _STR_TAG):
            return str(node.tag)
    return None


def _convert(node: Node, path: Path, doc: Document) -> Any:
    doc.values[path] = _position(node)
    tag = _explicit_tag(node)
    if tag == _STR_TAG and isinstance(node, ScalarNode):
        return node.value  # !!str: the writer asked for text
    if tag is not None:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        doc.problems.append(
            Problem(
                "yaml-tag",
                f"explicit YAML tag {shown!r} is not allowed",
                path,
                received=shown,
                expected="plain values without tags (quote text instead)",
                location=Location(doc.file, *_position(node)),
            )
        )
    if isinstance(node, MappingNode):
        return _mapping(node, path, doc)
    if isinstance(node, SequenceNode):
        return [_convert(item, (*path, i), doc) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    if node.style is not None:  # quoted or block scalar: always text
        return node.value
    return _plain(node, path, doc)


def _mapping(node: MappingNode, path: Path, doc: Document) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            doc.problems.append(
                Problem(
                    "invalid-key",
                    "a key must be a plain word, not a list or mapping",
                    path,
                    expected="a key such as 'name'",
                    location=Location(doc.file, *_position(key_node)),
                )
            )
            continue
        key = key_node.value
        here = (*path, key)
        if key in result:
            first = doc.keys[here]
            doc.problems.append(
                Problem(
                    "duplicate-key",
                    f"key {key!r} appears twice in this mapping (first at line {first[0]})",
                    here,
                    received=key,
                    expected="each key once per mapping",
                    location=Location(doc.file, *_position(key_node)),
                )
            )
            continue
        doc.keys[here] = _position(key_node)
        result[key] = _convert(value_node, here, doc)
    return result


def _plain(node: ScalarNode, path: Path, doc: Document) -> Any:
    text: str = node.value
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text) and not _LEADING_ZERO.match(text):
        return float(text)
    reason = _ambiguity(text)
    if reason is not None:
        doc.problems.append(
            Problem(
                "ambiguous-scalar",
                f"plain {text!r} {reason}",
                path,
                received=text,
                expected=f"quotes if you mean text ('{text}'), or an unambiguous value",
                location=Location(doc.file, *_position(node)),
            )
        )
    return text


def _ambiguity(text: str) -> str | None:
    if text.lower() in _YAML11_BOOL:
        return "is a boolean in YAML 1.1 but text in YAML 1.2; write true/false or quote it"
    if _LEADING_ZERO.match(text):
        return "has a leading zero: octal in YAML 1.1, decimal in YAML 1.2"
    if _OTHER_BASE.match(text):
        return "is a hexadecimal, octal or binary number; write a decimal number"
    if _UNDERSCORE_NUMBER.match(text) and "_" in text:
        return "is a number in YAML 1.1 but text in YAML 1.2; write it without '_'"
    if _SEXAGESIMAL.match(text):
        return "is a base-60 number in YAML 1.1 (1:30 = 90); quote it"
    if _DATE.match(text):
        return "is a bare date, which YAML turns into a date object; quote it"
    if _SPECIAL_FLOAT.match(text):
        return "is infinity or not-a-number; write a finite number"
    return None
