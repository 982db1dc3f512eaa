"""Canonical measures, and what a published item (code + name + year) measures.

:func:`identify` recognises an item by its code AND its name (names compared after
:func:`~shisaku.stats.industries.name_key`: 「，」「、」「,」, full/half width and spaces do not
matter). An item is recognised only when the name is known and the code does not contradict it;
otherwise it is kept under its own code (``recognised=False``) and a reader reports it.

Economic census (経済センサス) items — codes ``C21…`` (事業所数, establishments) and ``C22…``
(従業者数, employees):

* scope from the name: 「（民営）」 → ``private``, else ``all`` (incl. 公務, public service);
* industry: ``total`` for the whole (``C2107`` 事業所数, ``C2108`` 事業所数（民営）), the JSIC
  letter for 「…（情報通信業）」, None for sector totals 第１次/第２次/第３次産業…, which carry
  ``dims=(("sector", "1"),)`` (``"2"``, ``"3"``) instead;
* survey from the year, by the publisher's schedule (:data:`ECONOMIC_CENSUSES`).

>>> item = identify("C210839", "事業所数（民営）（情報通信業）", 2016)
>>> item.measure, item.industry, item.scope, item.survey, item.unit
('establishments', 'G', 'private', '平成28年経済センサス‐活動調査', '事業所')
>>> item = identify("C2207", "従業者数", 2014)
>>> item.measure, item.industry, item.scope, item.survey
('employees', 'total', 'all', '平成26年経済センサス‐基礎調査')
>>> identify("C2111", "第２次産業事業所数", 2014).dims
(('sector', '2'),)
>>> identify("A110102", "総人口（女）", 2020).dims
(('sex', '女'),)
>>> item = identify("A1102", "日本人人口", 2020)
>>> item.measure, item.recognised
('A1102', False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shisaku.stats.industries import industry_of, name_key

__all__ = [
    "CENSUS_NOTES",
    "ECONOMIC_CENSUSES",
    "MEASURES",
    "Item",
    "Measure",
    "economic_census",
    "identify",
]


@dataclass(frozen=True)
class Measure:
    """A canonical measure: id, Japanese and English names, unit."""

    id: str
    name: str
    name_en: str
    unit: str | None


MEASURES: dict[str, Measure] = {
    m.id: m
    for m in (
        Measure("establishments", "事業所数", "establishments (economic census)", "事業所"),
        Measure(
            "employees", "従業者数", "persons working at establishments (economic census)", "人"
        ),
        Measure("population", "総人口", "total population", "人"),
        Measure("households", "世帯数", "households", "世帯"),
        Measure("births", "出生数", "live births", "人"),
        Measure("deaths", "死亡数", "deaths", "人"),
        Measure("area", "総面積", "total area", "ha"),
        Measure("employed_persons", "就業者数", "employed persons (by residence)", "人"),
    )
}
"""The measures :func:`identify` recognises, by id."""

ECONOMIC_CENSUSES: dict[int, str] = {
    2009: "平成21年経済センサス‐基礎調査",
    2012: "平成24年経済センサス‐活動調査",
    2014: "平成26年経済センサス‐基礎調査",
    2016: "平成28年経済センサス‐活動調査",
    2019: "令和元年経済センサス‐基礎調査",
    2021: "令和3年経済センサス‐活動調査",
}
"""Survey year → the economic census of that year (総務省・経済産業省's schedule: basic
surveys 基礎調査 and activity surveys 活動調査). Other years give no survey (None)."""

CENSUS_NOTES: dict[int, str] = {
    2019: (
        "令和元年経済センサス‐基礎調査 surveyed existing establishments for their name, address"
        " and activity status only (employees were asked of newly found ones), over June 2019"
        " – March 2020: its employee numbers are not a count of all employees, and its"
        " establishment counts are not comparable with earlier censuses."
    ),
}
"""Cautions about a census year's numbers, to show with them."""

_CENSUS_UNITS = {"establishments": "事業所", "employees": "人"}
_CENSUS_NAME = re.compile(
    r"(?:第(?P<sector>[123一二三])次産業)?(?P<private1>民営)?(?P<word>事業所数|従業者数)"
    r"(?P<private2>\(民営\))?(?P<rest>.*)"
)
_CENSUS_CODE = re.compile(r"C2(?P<family>[12])(?P<series>\d{2})(?P<suffix>\d{2})?", re.ASCII)
_FAMILIES = {"1": "establishments", "2": "employees"}
_WORDS = {"事業所数": "establishments", "従業者数": "employees"}
_SECTORS = {"一": "1", "二": "2", "三": "3"}
_SECTOR_SERIES = {"10": "1", "11": "2", "12": "3"}
# Industry suffixes of the census series in SSDSE-A (observed in the 2020, 2023 and 2026
# editions); used when a name's industry is not recognised, and checked against it otherwise.
_SUFFIX_TABLES: dict[str, dict[str, str]] = {
    "07": dict(zip(re.findall("..", "03080910111213161718192021222324" "25"),
                   "ADEFGHIJKLMNOPQRS", strict=True)),
    "08": dict(zip(re.findall("..", "323335363738394041444546474849505152"),
                   "ABCDEFGHIJKLMNOPQR", strict=True)),
}  # fmt: skip


@dataclass(frozen=True)
class Item:
    """What one published item (a column) measures."""

    code: str
    name: str
    measure: str
    """A key of :data:`MEASURES` when recognised, else the item's code."""
    recognised: bool
    industry: str | None = None
    dims: tuple[tuple[str, str], ...] = ()
    unit: str | None = None
    survey: str | None = None
    scope: str | None = None


def economic_census(year: int | None) -> str | None:
    """The economic census of a survey year, or None.

    >>> economic_census(2021), economic_census(2020)
    ('令和3年経済センサス‐活動調査', None)
    """
    return None if year is None else ECONOMIC_CENSUSES.get(year)


def identify(code: str, name: str, year: int | None = None) -> Item:
    """What the item ``code``/``name`` (of survey ``year``) measures; see the module docstring."""
    key = name_key(name)
    census = _census(code, name, key, year)
    if census is not None:
        return census
    entry = _SIMPLE_BY_KEY.get(key)
    by_code = _SIMPLE_BY_CODE.get(code.strip())
    if entry is None or (by_code is not None and by_code != entry):
        return Item(code, name, code, recognised=False)
    measure, dims = entry
    return Item(code, name, measure, True, dims=dims, unit=MEASURES[measure].unit)


def _census(code: str, name: str, key: str, year: int | None) -> Item | None:
    """The census item, or None when the name is not a census name; unrecognised on conflict."""
    named = _CENSUS_NAME.fullmatch(key)
    if named is None:
        return None
    unrecognised = Item(code, name, code, recognised=False)
    coded = _CENSUS_CODE.fullmatch(code.strip())
    measure = _WORDS[named["word"]]
    if coded is None or _FAMILIES[coded["family"]] != measure:
        return unrecognised
    sector: str | None = named["sector"]
    sector = _SECTORS.get(sector, sector) if sector else None
    coded_sector = _SECTOR_SERIES.get(coded["series"])
    dims: tuple[tuple[str, str], ...] = ()
    if sector is not None or coded_sector is not None:
        disagree = coded_sector is not None and sector != coded_sector
        if sector is None or disagree or coded["suffix"] or named["rest"]:
            return unrecognised
        industry: str | None = None
        dims = (("sector", sector),)
    else:
        industry = _industry(coded["series"], coded["suffix"], named["rest"])
        if industry is None:
            return unrecognised
    private = "民営" in key
    return Item(
        code,
        name,
        measure,
        True,
        industry=industry,
        dims=dims,
        unit=_CENSUS_UNITS[measure],
        survey=economic_census(year),
        scope="private" if private else "all",
    )


def _industry(series: str, suffix: str | None, rest: str) -> str | None:
    """``total``, a JSIC letter, or None when the name and code disagree or say nothing."""
    if not rest:
        return "total" if suffix is None else None
    if suffix is None:
        return None
    by_name = industry_of(rest) if rest.startswith("(") else None
    by_code = _SUFFIX_TABLES.get(series, {}).get(suffix)
    if by_name is not None and by_code is not None and by_name != by_code:
        return None
    return by_name or by_code


def _simple_items() -> list[tuple[str, str, str, tuple[tuple[str, str], ...]]]:
    """(code, name, measure, dims) of the non-census items recognised, with sex variants."""
    base: list[tuple[str, str, str, tuple[tuple[str, str], ...]]] = [
        ("A1101", "総人口", "population", ()),
        ("A1301", "15歳未満人口", "population", (("age", "0-14"),)),
        ("A1302", "15～64歳人口", "population", (("age", "15-64"),)),
        ("A1303", "65歳以上人口", "population", (("age", "65+"),)),
        ("A1419", "75歳以上人口", "population", (("age", "75+"),)),
        ("F1102", "就業者数", "employed_persons", ()),
    ]
    by_sex = [
        (f"{code}{suffix}", f"{name}（{sex}）", measure, (*dims, ("sex", sex)))
        for code, name, measure, dims in base
        for suffix, sex in (("01", "男"), ("02", "女"))
    ]
    others: list[tuple[str, str, str, tuple[tuple[str, str], ...]]] = [
        ("A4101", "出生数", "births", ()),
        ("A4200", "死亡数", "deaths", ()),
        ("A7101", "世帯数", "households", ()),
        ("B1101", "総面積（北方地域及び竹島を除く）", "area", ()),
        ("B1101", "総面積", "area", ()),
        ("F2201", "第１次産業就業者数", "employed_persons", (("sector", "1"),)),
        ("F2211", "第２次産業就業者数", "employed_persons", (("sector", "2"),)),
        ("F2221", "第３次産業就業者数", "employed_persons", (("sector", "3"),)),
    ]
    return base + by_sex + others


_SIMPLE = _simple_items()
_SIMPLE_BY_KEY = {name_key(name): (measure, dims) for _, name, measure, dims in _SIMPLE}
_SIMPLE_BY_CODE = {code: (measure, dims) for code, _, measure, dims in _SIMPLE}
