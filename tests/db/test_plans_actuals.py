"""Plans as versions, actuals as revisions: nothing stored is ever lost."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from shisaku.db import actuals
from shisaku.db.actuals import NewActual
from shisaku.db.engine import session_scope
from shisaku.db.export import to_csv, to_json
from shisaku.db.plans import current_plan, store_plan, versions
from shisaku.planfile.dump import dump_plan
from shisaku.planfile.load import load_plan, parse_plan
from tests.conftest import SAMPLE

T0 = datetime(2026, 5, 1, tzinfo=UTC)
PLAN = "sample-city-industry"


def _load(engine: Engine) -> None:
    plan = load_plan(SAMPLE).plan
    assert plan is not None
    with session_scope(engine) as session:
        result = store_plan(session, plan, SAMPLE.read_text(encoding="utf-8"), "plan.yaml", "t", T0)
    assert result.new_version
    assert len(result.indicators_added) == len(plan.indicators)


def test_plan_round_trips_through_the_database(engine: Engine) -> None:
    _load(engine)
    with session_scope(engine) as session:
        stored = current_plan(session, PLAN)
    assert stored == load_plan(SAMPLE).plan


def test_reloading_an_edited_plan_keeps_actuals(engine: Engine) -> None:
    _load(engine)
    with session_scope(engine) as session:
        actuals.record(session, [NewActual(PLAN, "visitors", 2021, 1_200_000.0)], "t", T0)
    plan = load_plan(SAMPLE).plan
    assert plan is not None
    edited = plan.model_copy(
        update={"indicators": [i for i in plan.indicators if i.id != "visitors"]}
    )
    text = dump_plan(edited)
    assert parse_plan(text).plan == edited
    with session_scope(engine) as session:
        result = store_plan(session, edited, text, "edited.yaml", "t", T0)
        assert result.version == 2
        assert result.indicators_retired == ["visitors"]
        assert [v.number for v in versions(session, PLAN)] == [1, 2]
        kept = actuals.current(session, PLAN)
    assert kept[(PLAN, "visitors", 2021)].value == 1_200_000.0
    with session_scope(engine) as session:  # and back again: the indicator is active again
        again = store_plan(session, plan, SAMPLE.read_text(encoding="utf-8"), "p", "t", T0)
    assert again.version == 3
    assert "visitors" in again.indicators_kept


def test_every_change_is_a_revision_and_can_be_restored(engine: Engine) -> None:
    _load(engine)
    key = (PLAN, "visitors", 2021)
    with session_scope(engine) as session:
        actuals.record(session, [NewActual(PLAN, "visitors", 2021, 100.0, "preliminary")], "a", T0)
        actuals.record(session, [NewActual(PLAN, "visitors", 2021, 100.0, "preliminary")], "a", T0)
        actuals.record(session, [NewActual(PLAN, "visitors", 2021, 120.0, "final")], "b", T0)
    with session_scope(engine) as session:
        revisions = actuals.history(session, PLAN, "visitors", 2021)
        assert [(r.revision, r.value, r.status, r.recorded_by) for r in revisions] == [
            (1, 100.0, "preliminary", "a"),
            (2, 120.0, "final", "b"),
        ]
        outcome = actuals.restore(session, revisions[0].revision_id, "c", T0)
        assert outcome is not None
        restored, added = outcome
        assert added
        assert restored.revision == 3
        assert restored.restored_from == revisions[0].revision_id
    with session_scope(engine) as session:
        assert actuals.current(session, PLAN)[key].value == 100.0
        deleted = actuals.delete(session, PLAN, "visitors", 2021, "d", T0)
        assert deleted is not None
    with session_scope(engine) as session:
        assert key not in actuals.current(session, PLAN)
        assert len(actuals.history(session, PLAN, "visitors")) == 4


def test_a_failed_transaction_writes_nothing(engine: Engine) -> None:
    _load(engine)
    try:
        with session_scope(engine) as session:
            actuals.record(session, [NewActual(PLAN, "visitors", 2021, 1.0)], "t", T0)
            actuals.record(session, [NewActual(PLAN, "no-such-indicator", 2021, 1.0)], "t", T0)
    except Exception:  # the foreign key refuses the second row
        pass
    with session_scope(engine) as session:
        assert actuals.current(session, PLAN) == {}


def test_export_is_sorted_and_stable(engine: Engine) -> None:
    _load(engine)
    with session_scope(engine) as session:
        actuals.record(
            session,
            [
                NewActual(PLAN, "visitors", 2022, 1_300_000.0, source="観光課調べ（架空）"),
                NewActual(PLAN, "business-co2", 2021, 123.5, "preliminary", note="速報"),
                NewActual(PLAN, "visitors", 2021, 1_200_000.0),
            ],
            "t",
            T0,
        )
        rows = list(actuals.current(session, PLAN).values())
    csv_text = to_csv(rows)
    assert csv_text.splitlines() == [
        "plan_id,indicator_id,fiscal_year,value,status,source,note",
        "sample-city-industry,business-co2,2021,123.5,preliminary,,速報",
        "sample-city-industry,visitors,2021,1200000,final,,",
        "sample-city-industry,visitors,2022,1300000,final,観光課調べ（架空）,",
    ]
    assert to_csv(reversed(rows)) == csv_text
    assert to_json(rows) == to_json(reversed(rows))
