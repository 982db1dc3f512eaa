"""``shisaku evaluate``: grades, trends and projections of a plan's indicators for a fiscal year."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import defaultdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from shisaku.cli.options import DatabaseOption, known_plan_or_exit, ready_engine
from shisaku.cli.output import Lang, LangOption, aligned, print_json
from shisaku.cli.stats import StatsOption
from shisaku.db import actuals
from shisaku.db.engine import session_scope
from shisaku.db.export import format_value
from shisaku.db.plans import current_plan
from shisaku.db.settings import stats_path
from shisaku.domain.assessment import PlanEvaluation, evaluate_plan
from shisaku.domain.fiscal_year import FiscalYearError, parse_fiscal_year
from shisaku.domain.plan import Plan
from shisaku.stats.feeds import Point, fed_actuals
from shisaku.stats.store import connect

CSV_COLUMNS = (
    "indicator_id",
    "fiscal_year",
    "value",
    "baseline",
    "expected",
    "progress",
    "grade",
    "trend",
    "previous_value",
    "projected_value",
    "projected_progress",
    "on_track",
    "target_year",
    "final_target",
    "rule",
)


class EvaluateFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def evaluate(
    plan: Annotated[str, typer.Option("--plan", help="Plan id (shisaku plan list).")],
    fy: Annotated[
        str | None, typer.Option("--fy", help="Fiscal year (default: the latest with actuals).")
    ] = None,
    format: Annotated[
        EvaluateFormat, typer.Option("--format", help="table, json or csv.")
    ] = EvaluateFormat.table,
    lang: LangOption = Lang.ja,
    database: DatabaseOption = None,
    stats: StatsOption = None,
) -> None:
    """Evaluate every indicator: value, expected, progress, grade, trend, projection, rule.

    The rule and its inputs are part of each result (JSON and CSV), so anyone can recompute it.
    """
    year: int | None = None
    if fy is not None:
        try:
            year = parse_fiscal_year(fy)
        except FiscalYearError as error:
            typer.echo(f"--fy: {error} (expected {error.expected})", err=True)
            raise typer.Exit(2) from None
    engine = ready_engine(database)
    with session_scope(engine) as session:
        known_plan_or_exit(session, plan)
        stored = current_plan(session, plan)
        assert stored is not None
        yearly: dict[str, dict[int, float]] = defaultdict(dict)
        for (
            _,
            indicator_id,
            year_,
        ), actual in actuals.current(session, plan).items():
            if actual.value is not None:
                yearly[indicator_id][year_] = actual.value
    fed, points = _statistics(stored, stats)
    yearly.update(fed)
    result = evaluate_plan(stored, yearly, year)
    if format is EvaluateFormat.json:
        document = result.as_dict()
        for record in document["indicators"]:
            if record["indicator_id"] in points:
                record["statistic"] = [p.as_dict() for p in points[record["indicator_id"]]]
        print_json(document)
    elif format is EvaluateFormat.csv:
        sys.stdout.write(_csv(result))
    else:
        sys.stdout.write(_table(result, lang.value))


def _statistics(
    plan: Plan, stats: str | None
) -> tuple[dict[str, dict[int, float]], dict[str, list[Point]]]:
    """Actuals of statistics-fed indicators from the statistics store (none if it is absent)."""
    if not any(i.statistic is not None for i in plan.indicators):
        return {}, {}
    path = Path(stats_path(stats))
    if not path.exists():
        typer.echo(
            f"no statistics store at {path}: statistics-fed indicators have no data "
            "(shisaku stats import)",
            err=True,
        )
        return fed_actuals(None, plan)
    connection = connect(path, read_only=True)
    try:
        return fed_actuals(connection, plan)
    finally:
        connection.close()


def _csv(result: PlanEvaluation) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for evaluation in result.evaluations:
        record = evaluation.as_dict()
        row = []
        for column in CSV_COLUMNS:
            value = record[column]
            if column == "rule":
                row.append(json.dumps(value, ensure_ascii=False, sort_keys=True))
            elif isinstance(value, bool):
                row.append("true" if value else "false")
            elif isinstance(value, float):
                row.append(format_value(value))
            else:
                row.append("" if value is None else str(value))
        writer.writerow(row)
    return out.getvalue()


_HEAD = {
    "ja": ("指標", "実績", "基準", "目安", "進捗率", "達成度", "傾向", "見込み", "見通し"),
    "en": (
        "indicator",
        "value",
        "baseline",
        "expected",
        "progress",
        "grade",
        "trend",
        "projected",
        "on track",
    ),
}
_TRENDS = {
    "ja": {"improving": "改善", "stable": "横ばい", "worsening": "悪化"},
    "en": {"improving": "improving", "stable": "stable", "worsening": "worsening"},
}
_TRACK = {"ja": {True: "達成見込み", False: "未達見込み"}, "en": {True: "yes", False: "no"}}


def _num(value: float | None) -> str:
    """Thousands separated, at most two decimals (the JSON and CSV keep every digit)."""
    if value is None:
        return "-"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _table(result: PlanEvaluation, lang: str) -> str:
    info = result.plan.plan
    lines = []
    if info.sample:
        lines.append(
            "【サンプルデータ】架空の計画・架空の実績です。"
            if lang == "ja"
            else "[SAMPLE DATA] A fictional plan with fictional actuals."
        )
    lines.append(
        f"{info.name.get(lang)}  FY{result.fiscal_year}  ({result.plan.scheme.name.get(lang)})"
    )
    rows = [_HEAD[lang]]
    for e in result.evaluations:
        progress = "-" if e.progress is None else f"{e.progress:.1%}"
        label = e.grade_label.get(lang) or e.grade_label.get("ja") if e.grade_label else None
        rows.append(
            (
                e.indicator_id,
                _num(e.value),
                _num(e.baseline),
                _num(e.expected),
                progress,
                f"{e.grade} {label}" if e.grade else "-",
                _TRENDS[lang].get(e.trend or "", "-"),
                _num(e.projected_value),
                _TRACK[lang].get(e.on_track, "-") if e.on_track is not None else "-",
            )
        )
    lines.extend(aligned([list(r) for r in rows]))
    summary = result.rollups["plan"]
    share = summary.get("no_data_share")
    lines.append("")
    lines.append(
        ("実績なし" if lang == "ja" else "no data")
        + f": {summary['no_data']}/{summary['count']}"
        + (f" ({share:.0%})" if share is not None else "")
    )
    return "\n".join(lines) + "\n"
