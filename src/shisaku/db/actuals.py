"""Actuals (実績値) with full history: every change is a new revision; nothing is overwritten."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from shisaku.db.models import ActualRevision

Key = tuple[str, str, int]  # plan_id, indicator_id, fiscal_year


@dataclass(frozen=True)
class NewActual:
    """A value to record for one indicator and fiscal year."""

    plan_id: str
    indicator_id: str
    fiscal_year: int
    value: float
    status: str = "final"
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Actual:
    """One revision of an actual, as stored."""

    revision_id: int
    plan_id: str
    indicator_id: str
    fiscal_year: int
    revision: int
    action: str
    value: float | None
    status: str | None
    source: str | None
    note: str | None
    recorded_by: str
    recorded_at: datetime
    restored_from: int | None
    import_id: int | None

    @classmethod
    def of(cls, row: ActualRevision) -> Actual:
        at = row.recorded_at if row.recorded_at.tzinfo else row.recorded_at.replace(tzinfo=UTC)
        return cls(
            row.id,
            row.plan_id,
            row.indicator_id,
            row.fiscal_year,
            row.revision,
            row.action,
            row.value,
            row.status,
            row.source,
            row.note,
            row.recorded_by,
            at,
            row.restored_from,
            row.import_id,
        )

    def same_content(self, new: NewActual) -> bool:
        return self.action != "delete" and (self.value, self.status, self.source, self.note) == (
            new.value,
            new.status,
            new.source,
            new.note,
        )


def latest(session: Session, plan_id: str | None = None) -> dict[Key, Actual]:
    """The latest revision of every actual (deleted ones included, with action ``delete``)."""
    newest = select(
        ActualRevision.plan_id,
        ActualRevision.indicator_id,
        ActualRevision.fiscal_year,
        func.max(ActualRevision.revision).label("revision"),
    ).group_by(ActualRevision.plan_id, ActualRevision.indicator_id, ActualRevision.fiscal_year)
    if plan_id is not None:
        newest = newest.where(ActualRevision.plan_id == plan_id)
    sub = newest.subquery()
    query = select(ActualRevision).join(
        sub,
        and_(
            ActualRevision.plan_id == sub.c.plan_id,
            ActualRevision.indicator_id == sub.c.indicator_id,
            ActualRevision.fiscal_year == sub.c.fiscal_year,
            ActualRevision.revision == sub.c.revision,
        ),
    )
    return {
        (row.plan_id, row.indicator_id, row.fiscal_year): Actual.of(row)
        for row in session.scalars(query)
    }


def current(session: Session, plan_id: str | None = None) -> dict[Key, Actual]:
    """The current value of every actual that is not deleted."""
    return {k: a for k, a in latest(session, plan_id).items() if a.action != "delete"}


def record(
    session: Session,
    values: Iterable[NewActual],
    by: str,
    now: datetime,
    import_id: int | None = None,
) -> list[NewActual]:
    """Add a revision for every value that differs from the current one; return those."""
    values = list(values)
    plans = {v.plan_id for v in values}
    newest: dict[Key, Actual] = {}
    for plan_id in plans:
        newest.update(latest(session, plan_id))
    changed = []
    for new in values:
        key = (new.plan_id, new.indicator_id, new.fiscal_year)
        before = newest.get(key)
        if before is not None and before.same_content(new):
            continue
        session.add(
            ActualRevision(
                plan_id=new.plan_id,
                indicator_id=new.indicator_id,
                fiscal_year=new.fiscal_year,
                revision=(before.revision + 1) if before else 1,
                action="set",
                value=new.value,
                status=new.status,
                source=new.source,
                note=new.note,
                recorded_by=by,
                recorded_at=now,
                import_id=import_id,
            )
        )
        changed.append(new)
    session.flush()
    return changed


def history(
    session: Session, plan_id: str, indicator_id: str, fiscal_year: int | None = None
) -> list[Actual]:
    """Every revision of an indicator's actuals, oldest first."""
    query = select(ActualRevision).where(
        ActualRevision.plan_id == plan_id, ActualRevision.indicator_id == indicator_id
    )
    if fiscal_year is not None:
        query = query.where(ActualRevision.fiscal_year == fiscal_year)
    query = query.order_by(ActualRevision.fiscal_year, ActualRevision.revision)
    return [Actual.of(row) for row in session.scalars(query)]


def _append(
    session: Session,
    old: ActualRevision,
    action: str,
    by: str,
    now: datetime,
    value: float | None,
    restored_from: int | None,
) -> Actual:
    top = session.scalar(
        select(func.max(ActualRevision.revision)).where(
            ActualRevision.plan_id == old.plan_id,
            ActualRevision.indicator_id == old.indicator_id,
            ActualRevision.fiscal_year == old.fiscal_year,
        )
    )
    row = ActualRevision(
        plan_id=old.plan_id,
        indicator_id=old.indicator_id,
        fiscal_year=old.fiscal_year,
        revision=(top or 0) + 1,
        action=action,
        value=value,
        status=old.status if action != "delete" else None,
        source=old.source if action != "delete" else None,
        note=old.note if action != "delete" else None,
        recorded_by=by,
        recorded_at=now,
        restored_from=restored_from,
    )
    session.add(row)
    session.flush()
    return Actual.of(row)


def restore(
    session: Session, revision_id: int, by: str, now: datetime
) -> tuple[Actual, bool] | None:
    """Make an earlier revision current again, as a new revision; when its content is already
    current, nothing is added. Returns the current revision and whether one was added; None if
    the revision does not exist or withdrew a value."""
    old = session.get(ActualRevision, revision_id)
    if old is None or old.action == "delete":
        return None
    now_current = latest(session, old.plan_id).get((old.plan_id, old.indicator_id, old.fiscal_year))
    if (
        now_current is not None
        and now_current.action != "delete"
        and (now_current.value, now_current.status, now_current.source, now_current.note)
        == (old.value, old.status, old.source, old.note)
    ):
        return now_current, False  # already current: nothing to add
    return _append(session, old, "restore", by, now, old.value, old.id), True


def delete(
    session: Session, plan_id: str, indicator_id: str, fiscal_year: int, by: str, now: datetime
) -> Actual | None:
    """Withdraw an actual, as a new revision with no value. None if there is nothing to delete."""
    before = current(session, plan_id).get((plan_id, indicator_id, fiscal_year))
    if before is None:
        return None
    old = session.get(ActualRevision, before.revision_id)
    assert old is not None
    return _append(session, old, "delete", by, now, None, None)
