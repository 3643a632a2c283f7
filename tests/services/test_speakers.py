import threading

import pytest
from sqlalchemy import func, select

from confmgr.core.actor import SYSTEM, Actor, Role
from confmgr.core.audit import AuditEntry
from confmgr.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from confmgr.core.events import StreamEvent
from confmgr.extensions import db
from confmgr.speakers import services
from confmgr.speakers.models import Inscription, Statement
from tests.services.speakers_setup import STATES, small_conference

PRESIDENT = Actor(role=Role.PRESIDENT, user_id=900, label="president")


@pytest.fixture
def conf(any_db_app):
    ids = small_conference(db.session)
    sl = services.create_list(db.session, SYSTEM, 1, kind="states", agenda_item="12")
    db.session.commit()
    return {"ids": ids, "list": sl.id, "app": any_db_app}


def order(list_id):
    state = services.list_state(db.session, services.get_list(db.session, list_id))
    return [s["participant"]["name"] for s in state["speakers"]]


def test_order_by_rule_and_a_live_event_per_change(conf):
    lid = conf["list"]
    services.inscribe(db.session, SYSTEM, lid, participant="State 05", level="head_of_delegation")
    services.inscribe(db.session, SYSTEM, lid, participant="State 06", level="minister")
    services.inscribe(db.session, SYSTEM, lid, participant="State 01", level="head_of_delegation",
                      on_behalf_of="african_group")
    db.session.commit()
    assert order(lid) == ["State 01", "State 06", "State 05"]
    events = db.session.scalars(select(StreamEvent).where(StreamEvent.stream == f"speakers:{lid}")
                                .order_by(StreamEvent.seq)).all()
    assert [e.seq for e in events] == [1, 2, 3, 4]  # creation and three inscriptions
    assert [s["participant"]["name"] for s in events[-1].payload["speakers"]] == order(lid)


def test_refusals_leave_the_list_unchanged(conf):
    lid = conf["list"]
    services.inscribe(db.session, SYSTEM, lid, participant="State 05")
    db.session.commit()
    with pytest.raises(Conflict, match="already inscribed"):
        services.inscribe(db.session, SYSTEM, lid, participant="State 05")
    db.session.rollback()
    with pytest.raises(InvalidInput, match="NGO list"):
        services.inscribe(db.session, SYSTEM, lid, participant="ngo_peace")
    db.session.rollback()
    with pytest.raises(InvalidInput, match="not a member"):
        services.inscribe(db.session, SYSTEM, lid, participant="State 07", on_behalf_of="african_group")
    db.session.rollback()
    with pytest.raises(InvalidInput, match="level"):
        services.inscribe(db.session, SYSTEM, lid, participant="State 07", level="emperor")
    db.session.rollback()
    delegate = Actor(role=Role.DELEGATE, user_id=5, participant_id=conf["ids"]["State 08"])
    with pytest.raises(Forbidden, match="own delegation"):
        services.inscribe(db.session, delegate, lid, participant="State 07")
    db.session.rollback()
    with pytest.raises(NotFound, match="meeting 1, not to meeting 2"):
        services.inscribe(db.session, SYSTEM, lid, participant="State 07", meeting=2)
    db.session.rollback()
    with pytest.raises(Conflict, match="no one is waiting"):
        services.call_next(db.session, PRESIDENT, services.create_list(db.session, SYSTEM, 2, kind="states",
                                                                       agenda_item="12").id)
    db.session.rollback()
    services.close_list(db.session, PRESIDENT, lid)
    db.session.commit()
    with pytest.raises(Conflict, match="closed"):
        services.inscribe(db.session, SYSTEM, lid, participant="State 07")
    db.session.rollback()
    assert order(lid) == ["State 05"]
    # a right of reply is still taken on a closed list
    services.request_reply(db.session, SYSTEM, lid, participant="State 07")
    db.session.commit()
    assert order(lid) == ["State 05", "State 07"]


def test_secretariat_may_allow_a_second_inscription_and_the_window_is_kept(conf):
    lid = conf["list"]
    services.inscribe(db.session, SYSTEM, lid, participant="State 05")
    services.inscribe(db.session, SYSTEM, lid, participant="State 05", additional=True)
    db.session.commit()
    assert order(lid) == ["State 05", "State 05"]
    services.set_window(db.session, SYSTEM, lid, opens_at="2999-01-01T10:00", closes_at="2999-01-01T12:00")
    db.session.commit()
    with pytest.raises(Conflict, match="not opened yet"):
        services.inscribe(db.session, SYSTEM, lid, participant="State 06")
    db.session.rollback()


def test_console_flow_records_the_statement_with_its_duration(conf):
    lid = conf["list"]
    for name in ("State 05", "State 06"):
        services.inscribe(db.session, SYSTEM, lid, participant=name)
    db.session.commit()
    state = services.call_next(db.session, PRESIDENT, lid)
    db.session.commit()
    assert state["current"]["participant"]["name"] == "State 05"
    assert state["clock"]["limit"] == 600 and state["clock"]["state"] == "idle"
    services.start(db.session, PRESIDENT, lid)
    db.session.commit()
    with pytest.raises(Conflict, match="already started"):
        services.start(db.session, PRESIDENT, lid)
    db.session.rollback()
    state = services.raise_point_of_order(db.session, SYSTEM, lid, participant="State 09")
    db.session.commit()
    assert state["clock"]["state"] == "paused" and state["point_of_order"]["participant"]["name"] == "State 09"
    with pytest.raises(Conflict, match="point of order"):
        services.call_next(db.session, PRESIDENT, lid)
    db.session.rollback()
    state = services.rule_point_of_order(db.session, PRESIDENT, lid, ruling="The point is not well taken.")
    db.session.commit()
    assert state["clock"]["state"] == "running" and state["point_of_order"] is None
    statement = services.end(db.session, PRESIDENT, lid)
    db.session.commit()
    assert statement.duration >= 0 and statement.participant.name_fr == "State 05"
    kinds = [s.kind for s in services.statements(db.session, meeting=1)]
    assert sorted(kinds) == ["point_of_order", "statement"]
    stats = services.statistics(db.session, meeting=1)
    assert [row["participant"]["name"] for row in stats["delegations"]] == ["State 05"]
    assert services.list_state(db.session, services.get_list(db.session, lid))["current"] is None
    csv_text = services.statements_csv(db.session, meeting=1)
    assert "State 05" in csv_text and "point_of_order" in csv_text


def test_next_with_a_stale_version_changes_nothing(conf):
    lid = conf["list"]
    for name in ("State 05", "State 06", "State 07"):
        services.inscribe(db.session, SYSTEM, lid, participant=name)
    db.session.commit()
    version = services.get_list(db.session, lid).version
    services.call_next(db.session, PRESIDENT, lid, version=version)
    db.session.commit()
    with pytest.raises(Conflict, match="changed"):
        services.call_next(db.session, PRESIDENT, lid, version=version)
    db.session.rollback()
    state = services.list_state(db.session, services.get_list(db.session, lid))
    assert state["current"]["participant"]["name"] == "State 05"
    assert [s["participant"]["name"] for s in state["speakers"]] == ["State 06", "State 07"]


def test_exchange_needs_both_delegations_and_the_president_can_move(conf):
    lid, ids = conf["list"], conf["ids"]
    for name in ("State 05", "State 06", "State 07"):
        services.inscribe(db.session, SYSTEM, lid, participant=name)
    db.session.commit()
    d5 = Actor(role=Role.DELEGATE, user_id=5, participant_id=ids["State 05"])
    d7 = Actor(role=Role.DELEGATE, user_id=7, participant_id=ids["State 07"])
    d6 = Actor(role=Role.DELEGATE, user_id=6, participant_id=ids["State 06"])
    assert services.swap(db.session, d5, lid, a="State 05", b="State 07") == "pending"
    db.session.commit()
    assert order(lid) == ["State 05", "State 06", "State 07"]
    with pytest.raises(Forbidden):
        services.swap(db.session, d6, lid, a="State 05", b="State 07")
    db.session.rollback()
    assert services.swap(db.session, d7, lid, a="State 07", b="State 05") == "done"
    db.session.commit()
    assert order(lid) == ["State 07", "State 06", "State 05"]
    services.move(db.session, PRESIDENT, lid, participant="State 05", before="State 07")
    db.session.commit()
    assert order(lid) == ["State 05", "State 07", "State 06"]
    services.withdraw(db.session, d7, lid, participant="State 07")
    db.session.commit()
    assert order(lid) == ["State 05", "State 06"]
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("speakers.%"))).all()
    assert {"speakers.swap_asked", "speakers.swap", "speakers.move", "speakers.withdraw"} <= set(actions)


def test_rights_of_reply_first_and_second_with_their_limits(conf):
    lid = conf["list"]
    services.inscribe(db.session, SYSTEM, lid, participant="State 05")
    services.request_reply(db.session, SYSTEM, lid, participant="State 06")
    services.request_reply(db.session, SYSTEM, lid, participant="State 06")
    db.session.commit()
    with pytest.raises(Conflict, match="both"):
        services.request_reply(db.session, SYSTEM, lid, participant="State 06")
    db.session.rollback()
    with pytest.raises(InvalidInput, match="no right of reply"):
        services.request_reply(db.session, SYSTEM, lid, participant="ngo_peace")
    db.session.rollback()
    state = services.list_state(db.session, services.get_list(db.session, lid))
    assert [(s["participant"]["name"], s["reply"], s["limit"]) for s in state["speakers"]] == \
        [("State 05", 0, 600), ("State 06", 1, 300), ("State 06", 2, 180)]


def _inscribe_in_thread(app, lid, name, results):
    with app.app_context():
        try:
            services.inscribe(db.session, SYSTEM, lid, participant=name)
            db.session.commit()
            results.append("ok")
        except Conflict:
            db.session.rollback()
            results.append("conflict")
        finally:
            db.session.remove()


def test_fifty_concurrent_inscriptions_no_duplicate_consistent_order(conf):
    lid, app = conf["list"], conf["app"]
    names = STATES[10:50] + STATES[10:20]  # 40 delegations, 10 of them twice
    results: list = []
    threads = [threading.Thread(target=_inscribe_in_thread, args=(app, lid, n, results)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results).count("ok") == 40 and results.count("conflict") == 10
    db.session.expire_all()
    rows = db.session.scalars(select(Inscription).where(Inscription.list_id == lid)).all()
    assert len(rows) == 40 and len({r.participant_id for r in rows}) == 40
    assert sorted(r.seq for r in rows) == list(range(1, 41))  # one place each, no gap, no tie
    # equal level and no group: the speaking order is the order of inscription
    by_seq = [r.participant.name_fr for r in sorted(rows, key=lambda r: r.seq)]
    assert order(lid) == by_seq


def test_two_nexts_at_once_give_one_speaker(conf):
    lid, app = conf["list"], conf["app"]
    for name in ("State 05", "State 06", "State 07"):
        services.inscribe(db.session, SYSTEM, lid, participant=name)
    db.session.commit()
    version = services.get_list(db.session, lid).version
    results: list = []

    def press():
        with app.app_context():
            try:
                services.call_next(db.session, PRESIDENT, lid, version=version)
                db.session.commit()
                results.append("ok")
            except Conflict:
                db.session.rollback()
                results.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    db.session.expire_all()
    assert order(lid) == ["State 06", "State 07"]
    assert db.session.scalar(select(func.count()).select_from(Statement)) == 0
