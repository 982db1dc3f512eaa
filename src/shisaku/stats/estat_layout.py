"""The layout of an e-Stat CSV file: what :func:`~shisaku.stats.estat.sniff_estat` finds.

A layout says where the data part starts and what each column is, so a bulk loader (DuckDB's
``read_csv``) can read the data part and apply the same column roles as the Python reader.
Column numbers are 0-based positions in the header row; line numbers are 1-based.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from shisaku.domain.problems import Problem

__all__ = [
    "Axis",
    "EstatLayout",
    "Kind",
    "Member",
    "Role",
    "SpreadColumn",
    "clean_name",
    "role_of",
]

Kind = Literal["api", "site", "site-cross"]
"""``api``: the API's ``getSimpleStatsData`` CSV; ``site``: the site's download in long form
(one value column); ``site-cross``: the site's download with one classification (or more)
spread across columns."""

Role = Literal["tab", "area", "time", "classification"]
"""``tab`` 表章項目 (the measure), ``area`` 地域, ``time`` 時間軸, or another classification."""


@dataclass(frozen=True)
class Axis:
    """One item given in every data row: a code column and/or a name (label) column."""

    role: Role
    key: str
    """The name of the item: for a classification, the key of its pairs in
    ``Observation.dims`` (see :mod:`shisaku.stats.estat` for the rule)."""
    header: str
    """The header as published (the name column's, or the code column's when no name)."""
    code_column: int | None
    name_column: int | None
    industry: bool = False
    """A classification of industries: its labels become ``Observation.industry``."""


@dataclass(frozen=True)
class Member:
    """What one spread column fixes for one item (cross-tab layouts)."""

    role: Role
    key: str
    code: str | None
    label: str
    industry: bool = False


@dataclass(frozen=True)
class SpreadColumn:
    """A value column of a cross-tab layout, and the items it fixes."""

    column: int
    header: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class EstatLayout:
    """Where the data is in an e-Stat CSV, and the role of each column."""

    file: str
    kind: Kind | None
    """None when the file is not a readable e-Stat CSV (see ``problems``)."""
    encoding: str | None
    """Python codec name: ``utf-8-sig``, ``utf-8`` or ``cp932``."""
    header_line: int = 0
    """The physical line (1-based) of the data header row; the data starts on the next line."""
    header_record: int = 0
    """How many CSV records (blank lines included) come before the header row: a quoted cell
    may span lines, so this can be less than ``header_line - 1``. DuckDB's ``read_csv`` with
    ``skip=header_record, header=true, delim=',', quote='"'`` lands on the header row."""
    columns: tuple[str, ...] = ()
    """The header row's cells, as published."""
    axes: tuple[Axis, ...] = ()
    """Items given in each data row (tab, area, time, classifications), in column order."""
    value_column: int | None = None
    """Long forms: the column of the value (``value``); None in cross-tab layouts."""
    unit_column: int | None = None
    annotation_column: int | None = None
    corner_column: int | None = None
    """Cross-tab layouts: the column before the spread columns (its data cells are empty)."""
    spread: tuple[SpreadColumn, ...] = ()
    """Cross-tab layouts: the value columns and what each fixes."""
    language: Literal["ja", "en"] = "ja"
    metadata: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """The lines before the header (API header block, site metadata) as (key, values)."""
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.kind is not None and not self.problems

    def axis(self, role: Role) -> Axis | None:
        """The first axis with ``role`` (tab, area and time appear at most once)."""
        return next((axis for axis in self.axes if axis.role == role), None)

    @property
    def classifications(self) -> tuple[Axis, ...]:
        return tuple(axis for axis in self.axes if axis.role == "classification")

    def meta(self, *keys: str) -> str | None:
        """The last non-empty value of the first metadata line whose key is one of ``keys``
        (compared as :func:`meta_key` normalises them)."""
        wanted = {meta_key(key) for key in keys}
        for key, values in self.metadata:
            if meta_key(key) in wanted:
                found = [value.strip() for value in values if value.strip()]
                if found:
                    return found[-1]
        return None

    def meta_first(self, *keys: str) -> str | None:
        """Like :meth:`meta`, but the first non-empty value (an id before a name)."""
        wanted = {meta_key(key) for key in keys}
        for key, values in self.metadata:
            if meta_key(key) in wanted:
                found = [value.strip() for value in values if value.strip()]
                if found:
                    return found[0]
        return None


def meta_key(key: str) -> str:
    """A metadata key compared without case, spaces and a trailing colon.

    >>> meta_key("統計名："), meta_key("Statistics name:"), meta_key("STAT_NAME")
    ('統計名', 'statisticsname', 'stat_name')
    """
    text = unicodedata.normalize("NFKC", key).strip().rstrip(":").strip()
    return re.sub(r"\s+", "", text).lower()


_CODE_PREFIX = re.compile(r"^\s*[(（][0-9A-Za-z_.\-]+[)）]\s*")


def clean_name(header: str) -> str:
    """A classification's name from its header: the leading class code that the API puts in
    parentheses is dropped, surrounding spaces too.

    >>> clean_name("(G001-01-2-001)都道府県"), clean_name(" 男女 "), clean_name("Sex")
    ('都道府県', '男女', 'Sex')
    """
    return _CODE_PREFIX.sub("", header).strip()


_AREA_JA = ("地域", "全国", "都道府県", "市区町村")
_AREA_EN = ("area", "region", "prefecture", "municipalit", "all japan", "japan,")


def role_of(name: str) -> Role:
    """The role of a site download's item, from its name.

    >>> [role_of(n) for n in ("表章項目", "表章事項", "Tabulation category")]
    ['tab', 'tab', 'tab']
    >>> [role_of(n) for n in ("全国，都道府県，市区町村（2000年市区町村含む）", "地域", "Area")]
    ['area', 'area', 'area']
    >>> [role_of(n) for n in ("時間軸（年次）", "Time", "国籍・地域", "男女")]
    ['time', 'time', 'classification', 'classification']
    """
    text = unicodedata.normalize("NFKC", name).strip()
    lower = text.lower()
    if text.startswith(("表章項目", "表章事項")) or lower.startswith("tabulation"):
        return "tab"
    if text.startswith("時間軸") or lower.startswith("time"):
        return "time"
    if text.startswith(_AREA_JA) or lower.startswith(_AREA_EN):
        return "area"
    return "classification"
