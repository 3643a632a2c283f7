"""Registry services on SQLite and PostgreSQL: rules, refusals, audit."""
import pytest

from confmgr.core.actor import PUBLIC, SYSTEM, Actor, Role
from confmgr.core.audit import AuditEntry
from confmgr.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from confmgr.extensions import db
from confmgr.registry import services
from confmgr.registry.models import Participant


def test_participants_are_created_found_and_audited(any_db_app):
    china = services.create_participant(db.session, SYSTEM, name_fr="Chine", name_en="China", kind="member_state",
                                        regional_group="asia_pacific")
    db.session.commit()
    assert services.find_participant(db.session, "china").id == china.id
    assert services.find_participant(db.session, "Chine").id == china.id
    assert services.find_participant(db.session, china.id).name_en == "China"
    entry = db.session.query(AuditEntry).one()
    assert (entry.action, entry.actor_label, entry.after["name_fr"]) == ("participants.create", "system", "Chine")


@pytest.mark.parametrize("fields, message", [
    ({"name_fr": "", "kind": "member_state"}, "name_fr"),
    ({"name_fr": "X", "kind": "state"}, "kind"),
    ({"name_fr": "X", "kind": "ngo", "regional_group": "african"}, "regional_group"),
    ({"name_fr": "X", "kind": "member_state", "regional_group": "europe"}, "regional_group"),
])
def test_bad_participants_are_refused_and_nothing_is_stored(any_db_app, fields, message):
    with pytest.raises(InvalidInput, match=message):
        services.create_participant(db.session, SYSTEM, **fields)
    db.session.rollback()
    assert db.session.query(Participant).count() == 0
    assert db.session.query(AuditEntry).count() == 0


def test_a_duplicate_participant_is_a_conflict(any_db_app):
    services.create_participant(db.session, SYSTEM, name_fr="Chine", name_en="China", kind="member_state")
    with pytest.raises(Conflict):
        services.create_participant(db.session, SYSTEM, name_fr="chine", kind="member_state")


def test_only_the_secretariat_changes_the_registry(any_db_app):
    for actor in (PUBLIC, Actor(role=Role.PRESIDENT, user_id=1), Actor(role=Role.DELEGATE, user_id=2, participant_id=1)):
        with pytest.raises(Forbidden):
            services.create_participant(db.session, actor, name_fr="Chine", kind="member_state")
    assert db.session.query(Participant).count() == 0


def test_meetings_take_up_agenda_items_and_sub_items(any_db_app):
    services.add_agenda_item(db.session, SYSTEM, number="10", title_fr="Pouvoirs")
    services.add_agenda_item(db.session, SYSTEM, number="10", letter="a", title_fr="Nomination")
    services.add_agenda_item(db.session, SYSTEM, number="12", title_fr="Débat général")
    meeting = services.create_meeting(db.session, SYSTEM, number=1, date="2012-08-27",
                                      agenda_items=["10 a", "12"])
    db.session.commit()
    assert [i.label for i in services.get_meeting(db.session, 1).agenda_items] == ["10 a", "12"]
    assert [s.label for s in services.list_agenda(db.session)[0].subitems] == ["10 a"]
    with pytest.raises(Conflict):
        services.create_meeting(db.session, SYSTEM, number=1, date="2012-08-28")
    with pytest.raises(InvalidInput, match="date"):
        services.create_meeting(db.session, SYSTEM, number=2, date="27 août")
    with pytest.raises(NotFound):
        services.create_meeting(db.session, SYSTEM, number=3, date="2012-08-28", agenda_items=["99"])
    assert meeting.number == 1


def test_groups_list_their_members(any_db_app):
    a = services.create_participant(db.session, SYSTEM, name_fr="Brésil", name_en="Brazil", kind="member_state")
    b = services.create_participant(db.session, SYSTEM, name_fr="Argentine", name_en="Argentina", kind="member_state")
    group = services.create_group(db.session, SYSTEM, name_fr="Marché commun du Sud", name_en="MERCOSUR",
                                  members=["brazil", b.id])
    db.session.commit()
    assert [m.name_fr for m in services.find_group(db.session, "mercosur").members] == ["Argentine", "Brésil"]
    assert group in a.groups


def test_documents_keep_their_lineage(any_db_app):
    for symbol in ("A/CONF.192/2012/RC/L.4", "A/CONF.192/2012/RC/L.4/Rev.1"):
        services.register_document(db.session, SYSTEM, symbol=symbol, titles={"fr": "Projet"})
    db.session.commit()
    base, rev1 = services.family(db.session, "A/CONF.192/2012/RC/L.4")
    assert rev1.supersedes is base and rev1.distribution == "limited"
    assert services.is_superseded(db.session, base) and not services.is_superseded(db.session, rev1)
    with pytest.raises(InvalidInput) as refused:
        services.register_document(db.session, SYSTEM, symbol="A/CONF.192/2012/RC/L.4/Rev.0", titles={"fr": "x"})
    assert refused.value.details["part"] == "modifier"
    with pytest.raises(Conflict):
        services.register_document(db.session, SYSTEM, symbol="A/CONF.192/2012/RC/L.4", titles={"fr": "x"})
