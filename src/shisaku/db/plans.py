"""Plans in the database: load a plan file as a new version, read the current plan."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shisaku.db.models import IndicatorRow, PlanRow, PlanVersion
from shisaku.domain.plan import Plan


@dataclass
class PlanLoad:
    """What loading a plan file changed."""

    plan_id: str
    version: int
    new_version: bool
    indicators_added: list[str] = field(default_factory=list)
    indicators_retired: list[str] = field(default_factory=list)
    indicators_kept: list[str] = field(default_factory=list)


def store_plan(
    session: Session, plan: Plan, content: str, source_name: str, by: str, now: datetime
) -> PlanLoad:
    """Store ``plan`` as its newest version (unless the text is unchanged).

    Indicators the new version drops are kept, marked inactive, with their actuals.
    """
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    info = plan.plan
    row = session.get(PlanRow, info.id)
    latest = None
    if row is not None:
        latest = session.scalars(
            select(PlanVersion).where(
                PlanVersion.plan_id == info.id, PlanVersion.number == row.current_version
            )
        ).one()
        if latest.sha256 == digest:
            return PlanLoad(
                info.id, latest.number, False, indicators_kept=_active(session, info.id)
            )
    number = (latest.number + 1) if latest is not None else 1
    if row is None:
        row = PlanRow(id=info.id, created_at=now)
        session.add(row)
    row.name_ja = info.name.ja
    row.name_en = info.name.en
    row.sample = info.sample
    row.current_version = number
    row.updated_at = now
    session.add(
        PlanVersion(
            plan_id=info.id,
            number=number,
            sha256=digest,
            source_name=source_name,
            content=content,
            document=plan.model_dump(mode="json"),
            loaded_by=by,
            loaded_at=now,
        )
    )
    session.flush()
    return _sync_indicators(session, plan, PlanLoad(info.id, number, True))


def _active(session: Session, plan_id: str) -> list[str]:
    return list(
        session.scalars(
            select(IndicatorRow.id).where(IndicatorRow.plan_id == plan_id, IndicatorRow.active)
        )
    )


def _sync_indicators(session: Session, plan: Plan, result: PlanLoad) -> PlanLoad:
    existing = {
        r.id: r
        for r in session.scalars(select(IndicatorRow).where(IndicatorRow.plan_id == plan.plan.id))
    }
    for indicator in plan.indicators:
        row = existing.pop(indicator.id, None)
        if row is None:
            row = IndicatorRow(plan_id=plan.plan.id, id=indicator.id)
            session.add(row)
            result.indicators_added.append(indicator.id)
        else:
            result.indicators_kept.append(indicator.id)
        row.name_ja = indicator.name.ja
        row.unit_ja = indicator.unit.ja
        row.kind = indicator.kind
        row.polarity = indicator.polarity
        row.division_ja = indicator.division.ja if indicator.division else None
        row.active = True
    for row in existing.values():
        if row.active:
            result.indicators_retired.append(row.id)
        row.active = False
    session.flush()
    return result


def current_plan(session: Session, plan_id: str) -> Plan | None:
    """The current version of a stored plan, or None when it is not stored."""
    row = session.get(PlanRow, plan_id)
    if row is None:
        return None
    version = session.scalars(
        select(PlanVersion).where(
            PlanVersion.plan_id == plan_id, PlanVersion.number == row.current_version
        )
    ).one()
    return Plan.model_validate(version.document)


def plan_ids(session: Session) -> list[str]:
    return list(session.scalars(select(PlanRow.id).order_by(PlanRow.id)))


def versions(session: Session, plan_id: str) -> list[PlanVersion]:
    return list(
        session.scalars(
            select(PlanVersion).where(PlanVersion.plan_id == plan_id).order_by(PlanVersion.number)
        )
    )
