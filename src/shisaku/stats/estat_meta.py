"""What an e-Stat table's labels and metadata mean: measures, industries, provenance."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from shisaku.stats.estat_layout import EstatLayout
from shisaku.stats.industries import industry_of, name_key
from shisaku.stats.records import Dataset

__all__ = [
    "SOURCE",
    "dataset_of",
    "industry_label",
    "is_industry",
    "measure_of",
    "survey_year",
]

SOURCE = "出典：政府統計の総合窓口(e-Stat)（https://www.e-stat.go.jp/）"

# 表章項目 names → canonical measure ids (those of shisaku.stats.measures.MEASURES), compared
# after name_key and without a trailing unit in brackets (人口【人】 → 人口).
_MEASURES = {
    name_key(name): measure
    for names, measure in (
        (("人口", "総人口", "Population", "Total population"), "population"),
        (("事業所数", "Establishments", "Number of establishments"), "establishments"),
        (("従業者数", "Persons working", "Number of persons working"), "employees"),
        (("Persons engaged", "Number of persons engaged", "Employees"), "employees"),
        (("世帯数", "一般世帯数", "Households", "Number of households"), "households"),
    )
    for name in names
}
_UNIT = re.compile(r"\s*[【\[［](?P<unit>[^】\]］]+)[】\]］]\s*$")
_TOTALS = {
    name_key(t) for t in ("総数", "計", "合計", "産業計", "全産業", "Total", "All industries")
}


def measure_of(code: str, label: str) -> tuple[str, str | None, bool]:
    """``(measure, unit, recognised)`` for a 表章項目: a canonical id when the name is known
    (unit from a trailing 【…】), else ``tab_`` and a slug of its code (the label when there
    is no code).

    >>> measure_of("2020_01", "人口【人】"), measure_of("100", "事業所数")
    (('population', '人', True), ('establishments', None, True))
    >>> measure_of("020", "売上（収入）金額【百万円】")
    ('tab_020', '百万円', False)
    """
    match = _UNIT.search(label)
    unit = match["unit"].strip() if match else None
    bare = label[: match.start()] if match else label
    known = _MEASURES.get(name_key(bare))
    if known is not None:
        return known, unit, True
    slug = re.sub(r"[^0-9a-z]+", "_", code.strip().lower()).strip("_")
    return (f"tab_{slug}" if slug else label.strip() or "value"), unit, False


def industry_label(code: str | None, label: str) -> str | None:
    """``total``, a JSIC division letter, or None for a label of an industry classification.

    >>> [industry_label(None, t) for t in ("総数", "A～R全産業（S公務を除く）", "All industries")]
    ['total', 'total', 'total']
    >>> industry_label("G", "情報通信業"), industry_label("37", "通信業")
    ('G', None)
    """
    key = name_key(label)
    if key in _TOTALS or "全産業" in key or key.startswith("allindustries"):
        return "total"
    letter = industry_of(label)
    if letter is None and code is not None and len(code.strip()) == 1:
        letter = industry_of(f"{code.strip()} {label}")
    return letter


def is_industry(name: str, labels: Iterable[str]) -> bool:
    """A classification of industries: its name says so (産業, industry), or most of its
    labels (totals aside; at least two) name JSIC divisions.

    >>> is_industry("産業分類", []), is_industry("男女", ["総数", "男", "女"])
    (True, False)
    >>> is_industry("(G001)業種", ["計", "製造業", "情報通信業", "その他"])
    True
    """
    lower = name.lower()
    if "産業" in name or "industr" in lower:
        return True
    found = known = 0
    for label in set(labels):
        if industry_label(None, label) == "total":
            continue
        known += 1
        found += industry_of(label) is not None
    return found >= 2 and found * 2 > known


def survey_year(text: str | None) -> int | None:
    """The first 4-digit year in a time code or date (``2020000000``, ``201601``, ``2020年``).

    >>> survey_year("2020000000"), survey_year("2016-06"), survey_year("2015年_不詳補完値")
    (2020, 2016, 2015)
    >>> survey_year("平成28年"), survey_year(None)
    (None, None)
    """
    if text is None:
        return None
    match = re.search(r"(?<![0-9])(1[89][0-9]{2}|2[0-9]{3})", text)
    return int(match[1]) if match else None


def dataset_of(layout: EstatLayout, path: Path) -> Dataset:
    """Provenance from the API's header block or the download's metadata, else the file name.

    - ``table_id``: TABLE_INF / STATS_DATA_ID / 統計表ID (statsDataId), else the file stem;
    - ``survey``: STATISTICS_NAME, else STAT_NAME / 統計名 / 政府統計名 (English "Statistics name");
    - ``title``: TITLE / 表題 (English "Title"), else the table id;
    - ``status``: ``preliminary`` when the survey or title says 速報 (preliminary), else final;
    - ``published``: OPEN_DATE / 公開日 when given.
    """
    table_id = (
        layout.meta_first("TABLE_INF", "STATS_DATA_ID", "統計表ID", "Statistical table ID")
        or layout.meta_first("statsDataId", "Table ID")
        or path.stem
    )
    survey = layout.meta("STATISTICS_NAME") or layout.meta(
        "STAT_NAME", "統計名", "政府統計名", "Statistics name", "Name of statistics"
    )
    title = layout.meta("TITLE", "表題", "Title", "Table title") or table_id
    said = f"{survey or ''} {title}"
    preliminary = "速報" in said or "preliminary" in said.lower()
    return Dataset(
        table_id=table_id,
        title=title,
        format="estat",
        survey=survey,
        status="preliminary" if preliminary else "final",
        source=f"{SOURCE}「{survey}」" if survey else SOURCE,
        published=layout.meta("OPEN_DATE", "公開日", "Release date", "Date of release"),
        file_name=path.name,
    )
