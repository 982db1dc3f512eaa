"""The all-or-nothing import of actuals: which plan each row is for, checks, then one commit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from shisaku.db import actuals
from shisaku.db.actuals import NewActual
from shisaku.db.models import ImportRow
from shisaku.db.plans import current_plan, plan_ids
from shisaku.domain.plan import Plan
from shisaku.domain.problems import Location, Problem, Report
from shisaku.intake import IntakeResult, RawRow, RawTable, parse_text, validate_rows


@dataclass
class ImportOutcome:
    """What an import found and (unless it is a dry run or has problems) wrote."""

    report: Report = field(default_factory=Report)
    results: dict[str, IntakeResult] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(len(r.actuals) for r in self.results.values())


def _indicator_ids(session: Session, plan_id: str) -> set[str | None]:
    plan = current_plan(session, plan_id)
    return {i.id for i in plan.indicators} if plan is not None else set()


def _choose_plan(session: Session, table: RawTable, wanted: str | None) -> str | Problem:
    """The plan for rows that name none: ``--plan``, else the only plan that fits."""
    known = plan_ids(session)
    if wanted is not None:
        if wanted in known:
            return wanted
        return Problem(
            "unknown-plan",
            f"no plan {wanted!r} is loaded",
            received=wanted,
            expected=f"one of: {', '.join(known) or '(none: run shisaku plan load)'}",
            location=Location(table.file),
        )
    if len(known) == 1:
        return known[0]
    ids = {parse_text(row.value("indicator_id")) for row in table.rows} - {None}
    declared = {plan_id: _indicator_ids(session, plan_id) for plan_id in known}
    fitting = [plan_id for plan_id in known if ids and ids <= declared[plan_id]]
    if len(fitting) == 1:
        return fitting[0]
    scores = {plan_id: len(ids & declared[plan_id]) for plan_id in known}
    best = max(scores.values(), default=0)
    leaders = [plan_id for plan_id, score in scores.items() if score == best]
    if best > 0 and len(leaders) == 1:
        return leaders[0]
    return Problem(
        "ambiguous-plan",
        "cannot tell which plan this file is for",
        received=", ".join(fitting or known) or None,
        expected="--plan ID, or a plan_id column",
        location=Location(table.file),
    )


def _groups(table: RawTable, default: str | None, forced: bool) -> dict[str | None, list[RawRow]]:
    """Rows by plan: all under ``default`` when ``--plan`` forces it (rows naming another plan
    are then ``other-plan`` problems), else by their ``plan_id`` cell, falling back to it."""
    if forced:
        return {default: list(table.rows)}
    groups: dict[str | None, list[RawRow]] = {}
    for row in table.rows:
        plan_id = parse_text(row.value("plan_id")) or default
        groups.setdefault(plan_id, []).append(row)
    return groups


_FATAL = {"unreadable-file", "unsupported-file", "encoding", "missing-column"}


def check_import(
    session: Session, table: RawTable, wanted: str | None
) -> tuple[ImportOutcome, dict[str, Plan]]:
    """Every problem of ``table``, and the plans its rows are for. Writes nothing."""
    outcome = ImportOutcome()
    outcome.report.extend(table.problems)
    if any(p.code in _FATAL for p in table.problems):
        return outcome, {}  # the file itself cannot be read: say only that
    named = any(parse_text(row.value("plan_id")) for row in table.rows)
    default: str | None = wanted
    if (
        not named
        or wanted is not None
        or any(not parse_text(row.value("plan_id")) for row in table.rows)
    ):
        choice = _choose_plan(session, table, wanted)
        if isinstance(choice, Problem):
            outcome.report.add(choice)
            return outcome, {}
        default = choice
    plans: dict[str, Plan] = {}
    for plan_id, rows in _groups(table, default, wanted is not None).items():
        plan = current_plan(session, plan_id) if plan_id else None
        if plan is None or plan_id is None:
            loaded = ", ".join(plan_ids(session)) or "(none: run shisaku plan load)"
            outcome.report.add(
                Problem(
                    "unknown-plan",
                    f"no plan {plan_id!r} is loaded ({plural(len(rows), 'row names', 'rows name')} "
                    "it; the first is here)",
                    received=plan_id,
                    expected=f"one of: {loaded}",
                    location=rows[0].where("plan_id"),
                )
            )
            continue
        plans[plan_id] = plan
        existing = {
            (ind, fy): a.value
            for (_, ind, fy), a in actuals.current(session, plan_id).items()
            if a.value is not None
        }
        sub = replace(table, rows=rows, problems=[])
        result = validate_rows(sub, plan, existing)
        outcome.results[plan_id] = result
        outcome.report.extend(result.problems)
    return outcome, plans


def write_import(
    session: Session, path: Path, outcome: ImportOutcome, by: str, now: datetime
) -> None:
    """Record the checked actuals, one import row per plan. Call only when the report is ok."""
    assert outcome.report.ok
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    for plan_id, result in outcome.results.items():
        row = ImportRow(
            plan_id=plan_id,
            file_name=path.name,
            sha256=digest,
            rows=len(result.actuals),
            changed=0,
            imported_by=by,
            imported_at=now,
        )
        session.add(row)
        session.flush()
        changed = actuals.record(
            session,
            [
                NewActual(
                    plan_id, a.indicator_id, a.fiscal_year, a.value, a.status, a.source, a.note
                )
                for a in result.actuals
            ],
            by,
            now,
            import_id=row.id,
        )
        row.changed = len(changed)
        outcome.written[plan_id] = len(changed)


def pending(session: Session, outcome: ImportOutcome) -> dict[str, int]:
    """How many revisions an import would add per plan (new values and any changed field)."""
    counts: dict[str, int] = {}
    for plan_id, result in outcome.results.items():
        stored = actuals.latest(session, plan_id)
        counts[plan_id] = sum(
            1
            for a in result.actuals
            if (before := stored.get((plan_id, a.indicator_id, a.fiscal_year))) is None
            or not before.same_content(
                NewActual(
                    plan_id, a.indicator_id, a.fiscal_year, a.value, a.status, a.source, a.note
                )
            )
        )
    return counts


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 row``, ``2 rows``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"
