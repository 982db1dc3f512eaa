"""``shisaku stats change|index|composition|specialization|chapter2``: the chapter-2 analyses."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from shisaku.cli.options import DatabaseOption, known_plan_or_exit, ready_engine
from shisaku.cli.output import Lang, LangOption, print_json
from shisaku.cli.stats import FormatOption, OutputFormat, StatsOption, app, emit, open_store
from shisaku.db.engine import session_scope
from shisaku.db.plans import current_plan
from shisaku.db.settings import stats_path
from shisaku.domain.plan import Plan
from shisaku.stats import analysis
from shisaku.stats.chapter2 import chapter2, render_chapter2
from shisaku.stats.feeds import series

AreaOption = Annotated[str, typer.Option("--area", help="5-digit area code (14130 川崎市).")]
MeasureOption = Annotated[str, typer.Option("--measure", help="establishments, employees, …")]
IndustryOption = Annotated[str, typer.Option("--industry", help="JSIC letter A–T or total.")]
AreasOption = Annotated[
    list[str] | None,
    typer.Option(
        "--compare",
        help="Comparison areas (repeatable; default: the 20 designated cities and 特別区部).",
    ),
]
CHANGE_KEYS = (
    "area_code",
    "area_name",
    "industry",
    "year",
    "value",
    "marker",
    "survey",
    "scope",
    "previous_year",
    "change",
    "change_pct",
    "comparable",
    "warning",
    "table_id",
)
INDEX_KEYS = (
    "area_code",
    "area_name",
    "year",
    "value",
    "base_year",
    "base_value",
    "index",
    "rank",
    "areas_ranked",
    "comparable",
    "warning",
)
SHARE_KEYS = (
    "area_code",
    "industry",
    "industry_name",
    "year",
    "value",
    "total",
    "share",
    "national_share",
    "coefficient",
    "rank",
    "areas_ranked",
    "marker",
)


def _code(area: str) -> str:
    return area[1:] if area[:1] in {"R", "r"} else area


def _connection(stats: str | None) -> Any:
    return open_store(stats)


class ChapterFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("change")
def change_command(
    area: AreaOption,
    measure: MeasureOption = "establishments",
    industry: IndustryOption = "total",
    format: FormatOption = OutputFormat.table,
    stats: StatsOption = None,
) -> None:
    """Totals per survey and the change between surveys (absolute and %), with a warning
    when two surveys are not comparable (基礎調査 vs 活動調査, all vs private)."""
    rows = analysis.totals_and_change(_connection(stats), _code(area), measure, industry)
    emit(rows, format, CHANGE_KEYS)


@app.command("index")
def index_command(
    base_year: Annotated[int, typer.Option("--base-year", help="The survey year = 100.")],
    measure: MeasureOption = "employees",
    industry: IndustryOption = "total",
    compare: AreasOption = None,
    format: FormatOption = OutputFormat.table,
    stats: StatsOption = None,
) -> None:
    """Index series (base survey = 100) for a set of areas, ranked."""
    areas = [_code(a) for a in compare] if compare else None
    rows = analysis.index_series(_connection(stats), areas, measure, base_year, industry)
    emit(rows, format, INDEX_KEYS)


@app.command("composition")
def composition_command(
    area: AreaOption,
    year: Annotated[int, typer.Option("--year", help="Survey year.")],
    measure: MeasureOption = "employees",
    format: FormatOption = OutputFormat.table,
    stats: StatsOption = None,
) -> None:
    """Industry composition: each JSIC division's share of the area's total (%)."""
    rows = analysis.composition(_connection(stats), _code(area), year, measure)
    emit(
        rows,
        format,
        ("area_code", "industry", "industry_name", "year", "value", "total", "share", "marker"),
    )


@app.command("specialization")
def specialization_command(
    area: AreaOption,
    year: Annotated[int, typer.Option("--year", help="Survey year.")],
    measure: MeasureOption = "employees",
    compare: AreasOption = None,
    format: FormatOption = OutputFormat.table,
    stats: StatsOption = None,
) -> None:
    """Specialization coefficients (特化係数 = local share ÷ national share) per industry, with
    the rank among the comparison set (1 = most specialised)."""
    areas = [_code(a) for a in compare] if compare else None
    rows = analysis.specialization(_connection(stats), _code(area), year, measure, areas)
    emit(rows, format, SHARE_KEYS)


@app.command("chapter2")
def chapter2_command(
    area: AreaOption = "14130",
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan", help="Also show this plan's facts beside the final figures (速報 vs 確報)."
        ),
    ] = None,
    format: Annotated[
        ChapterFormat, typer.Option("--format", help="table or json.")
    ] = ChapterFormat.table,
    lang: LangOption = Lang.ja,
    stats: StatsOption = None,
    database: DatabaseOption = None,
) -> None:
    """Chapter 2 from the data: establishments and employees and their change; employee growth
    versus the other big cities; the shares of 情報通信業 and 学術研究… versus the big cities."""
    connection = _connection(stats)
    code = _code(area)
    found = connection.execute(
        "SELECT count(*) FROM obs WHERE area_code = ? AND measure IN ('establishments', "
        "'employees')",
        [code],
    ).fetchone()
    if not found or not found[0]:
        typer.echo(
            f"no census figures for area {code} in {stats_path(stats)} "
            "(shisaku stats import data/ssdse/SSDSE-A-*.csv)",
            err=True,
        )
        raise typer.Exit(1)
    result = chapter2(connection, code)
    if plan is not None:
        engine = ready_engine(database)
        with session_scope(engine) as session:
            known_plan_or_exit(session, plan)
            stored = current_plan(session, plan)
        assert stored is not None
        result["plan_facts"] = plan_facts(connection, stored)
    if format is ChapterFormat.json:
        print_json(result)
        return
    text = render_chapter2(result, lang.value)
    if result.get("plan_facts"):
        text += "\n" + _render_facts(result["plan_facts"], lang.value)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def plan_facts(connection: Any, plan: Plan) -> list[dict[str, Any]]:
    """The plan's facts that name a statistic, each beside the published figure."""
    out = []
    for fact in plan.facts:
        if fact.statistic is None:
            continue
        points = [
            p
            for p in series(connection, fact.statistic)
            if fact.statistic.year is None or p.year == fact.statistic.year
        ]
        published = points[-1].as_dict() if points else None
        out.append(
            {
                "fact": fact.id,
                "name": fact.name.model_dump(),
                "value": fact.value,
                "status": fact.status,
                "source": fact.source,
                "published": published,
            }
        )
    return out


def _render_facts(facts: list[dict[str, Any]], lang: str) -> str:
    status = {
        "ja": {"preliminary": "速報", "final": "確報", None: "-"},
        "en": {"preliminary": "preliminary", "final": "final", None: "-"},
    }[lang]
    head = (
        "計画に記載の数値と公表値" if lang == "ja" else "The plan's figures and the published ones"
    )
    lines = [head]
    for item in facts:
        published = item["published"]
        shown = (
            "-" if published is None or published["value"] is None else f"{published['value']:,.0f}"
        )
        where = (
            f" ({published['table']}, {status.get(published['status'], '-')})" if published else ""
        )
        name = item["name"].get(lang) or item["name"]["ja"]
        value = "-" if item["value"] is None else f"{item['value']:,.0f}"
        lines.append(f"  {name}: {value} ({status.get(item['status'], '-')}) → {shown}{where}")
    return "\n".join(lines) + "\n"
