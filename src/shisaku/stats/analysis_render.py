"""Text output of the analyses: number formats, aligned tables, the chapter-2 report."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from shisaku.stats.analysis_base import Row, industry_name
from shisaku.stats.areas import SPECIAL_WARDS

MEASURE_NAMES = {
    "establishments": ("事業所数", "Establishments"),
    "employees": ("従業者数", "Employees"),
}


def number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def signed(value: float | None, pct: float | None, lang: str = "en") -> str:
    if value is None:
        return "—"
    if pct is None:
        return f"{value:+,.0f}"
    return f"{value:+,.0f}" + (f"（{pct:+.1f}%）" if lang == "ja" else f" ({pct:+.1f}%)")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """Rows as aligned text (full-width characters count double); numbers right-aligned."""
    cells = [[str(c) for c in header], *[["" if c is None else str(c) for c in r] for r in rows]]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    numeric = [all(_numeric(r[i]) for r in cells[1:]) for i in range(len(header))]
    lines = []
    for r in cells:
        padded = [
            (" " * (w - _width(c)) + c) if num else (c + " " * (w - _width(c)))
            for c, w, num in zip(r, widths, numeric, strict=True)
        ]
        lines.append("  ".join(padded).rstrip())
    return lines


def _numeric(text: str) -> bool:
    stripped = text.replace(",", "").replace("%", "").replace("+", "").replace("-", "")
    return text in ("", "—") or stripped.replace(".", "", 1).isdigit()


LABELS = {
    "ja": (
        "事業所数・従業者数と調査間の変化",
        "従業者数の伸び",
        "産業別構成比と特化係数",
        "所見",
        "出典",
        ("指標", "年", "値", "増減", "増減率", "比較"),
        ("順位", "地域", "指数"),
        ("産業", "年", "構成比", "全国", "特化係数", "順位"),
        "可",
        "不可",
    ),
    "en": (
        "Establishments and employees, and the change between surveys",
        "Employee growth",
        "Industry shares and specialization coefficients",
        "Findings",
        "Sources",
        ("measure", "year", "value", "change", "change %", "comparable"),
        ("rank", "area", "index"),
        ("industry", "year", "share", "national", "coefficient", "rank"),
        "yes",
        "no",
    ),
}


def render_chapter2(result: Row, lang: str = "ja") -> str:
    """A :func:`chapter2` result as readable text tables, in ``ja`` or ``en``."""
    (t_counts, t_growth, t_shares, t_findings, t_sources, h_counts, h_growth, h_shares, yes, no) = (
        LABELS["ja" if lang == "ja" else "en"]
    )
    k = 0 if lang == "ja" else 1
    lines = [f"{result['area']['name']} ({result['area']['code']})", "", f"1. {t_counts}"]
    rows: list[list[Any]] = []
    for measure, series in result["counts"].items():
        for r in series:
            mark = "" if r["comparable"] is None else (yes if r["comparable"] else no)
            rows.append(
                [
                    MEASURE_NAMES.get(measure, (measure, measure))[k],
                    r["year"],
                    number(r["value"]),
                    "" if r["change"] is None else f"{r['change']:+,.0f}",
                    "" if r["change_pct"] is None else f"{r['change_pct']:+.1f}%",
                    mark,
                ]
            )
    lines += table(h_counts, rows)
    warnings = {
        (r["previous_year"], r["year"]): r["warning_ja" if lang == "ja" else "warning"]
        for series in result["counts"].values()
        for r in series
        if r["comparable"] is False
    }
    lines += [f"  * {y0}→{y1}: {text}" for (y0, y1), text in warnings.items()]
    growth = result["growth"]
    lines += ["", f"2. {t_growth} ({growth['base_year']} = 100, {growth['year']})"]
    lines += table(
        h_growth,
        [
            [r["rank"], r["area_name"] + ("*" if r["computed"] else ""), fixed(r["index"], 1)]
            for r in growth["series"]
        ],
    )
    lines += [f"  * {note}" for r in growth["series"] if (note := sum_note(r, lang))]
    lines += ["", f"3. {t_shares}"]
    rows = [
        [
            f"{industry} {industry_name(industry, lang)}",
            r["year"],
            percent(r["share"]),
            percent(r["national_share"]),
            fixed(r["coefficient"], 2),
            "" if r["rank"] is None else f"{r['rank']}/{r['areas_ranked']}",
        ]
        for industry, series in result["shares"].items()
        for r in series
    ]
    lines += table(h_shares, rows)
    lines += [
        "",
        f"{t_findings}:",
        *[f"- {f[lang if lang == 'ja' else 'en']}" for f in result["findings"]],
    ]
    lines += [
        "",
        f"{t_sources}:",
        *[f"- {s['source']} ({s['table_id']}, {s['status']})" for s in result["sources"]],
    ]
    return "\n".join(lines) + "\n"


def sum_note(row: Row, lang: str = "ja") -> str | None:
    """What a computed (virtual-area) value sums, and how partial it is; None for others."""
    if not row.get("computed"):
        return None
    gaps = (row["suppressed"], row["unavailable"], row["missing"])
    wards = row["area_code"] == SPECIAL_WARDS
    if lang == "ja":
        text = f"{row['area_name']}: {row['parts']}{'区' if wards else '市区町村'}の合計（計算値）"
        if row["partial"]:
            text += "、秘匿{}・数値なし{}・欠落{}のため部分和".format(*gaps)
        return text
    unit = "ward" if wards else "municipalit" + ("y" if row["parts"] == 1 else "ie")
    parts = f"{row['parts']} {unit}{'' if row['parts'] == 1 else 's'}"
    text = f"{row['area_name']}: computed, the sum of {parts}"
    if row["partial"]:
        text += ", partial: {} suppressed, {} not available, {} missing".format(*gaps)
    return text


def fixed(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}%"
