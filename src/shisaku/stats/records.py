"""What every reader of official statistics produces: observations with provenance.

A reader turns a file into a :class:`Parsed`: one :class:`Dataset` (where it came from) and
its :class:`Observation` rows, or problems (located, with codes) when it cannot be read.
Statistical markers are data: ``value`` is None and ``marker`` keeps the raw text (``x`` 秘匿,
``-`` none, ``…`` not available, ``***``), so suppressed and missing stay distinguishable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shisaku.domain.problems import Problem


@dataclass(frozen=True)
class Observation:
    """One number (or marker) for one area, measure, classification and survey year."""

    measure: str
    """Canonical measure id (``establishments``, ``employees``, ``population`` …) when the
    reader recognises the item, else the publisher's item code (e.g. ``A1101``)."""
    measure_name: str
    """The publisher's item name (Japanese or English as published)."""
    area_code: str
    """5-digit local-government code without check digit (``14130``); prefectures ``14000``,
    the whole country ``00000``; e-Stat's aggregate codes (``13100`` 特別区部) as published."""
    area_name: str
    year: int
    """Survey year (調査年): the calendar year of the reference date."""
    value: float | None
    marker: str | None = None
    industry: str | None = None
    """JSIC division letter ``A``…``T`` for census industry data, ``total`` for all industries,
    None when the item has no industry."""
    dims: tuple[tuple[str, str], ...] = ()
    """Other classifications as sorted (key, value) pairs, e.g. (("sex", "男"),)."""
    unit: str | None = None
    time_code: str | None = None
    survey: str | None = None
    """The survey this number comes from, when known (平成28年経済センサス‐活動調査)."""
    scope: str | None = None
    """For establishment-census numbers: ``all`` (incl. public service) or ``private`` (民営)."""


@dataclass(frozen=True)
class Dataset:
    """Provenance of one imported table."""

    table_id: str
    """Stable id of the published table: ``SSDSE-A-2023``, an e-Stat statsDataId, …"""
    title: str
    format: str
    """``ssdse`` or ``estat``."""
    survey: str | None = None
    """The survey, when the whole table comes from one (e-Stat); SSDSE mixes surveys, so
    there it is on each observation."""
    status: str = "final"
    """``final`` (確報) or ``preliminary`` (速報)."""
    source: str = ""
    """Attribution to show with every number from this table."""
    published: str | None = None
    file_name: str = ""
    sha256: str = ""


@dataclass
class Parsed:
    """A reader's result: the dataset and its observations, or the problems that stop it."""

    dataset: Dataset | None
    observations: list[Observation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)
    """Items (columns, codes) the reader kept under their own code because it did not
    recognise them: reported to the user, never dropped silently."""
