"""Draft services on SQLite and PostgreSQL: documents with text, revisions, comparisons, negotiation state."""
from datetime import datetime, timezone

import pytest

from confmgr.core import events
from confmgr.core.actor import PUBLIC, SYSTEM, Actor, Role
from confmgr.core.audit import AuditEntry
from confmgr.core.errors import Conflict, Forbidden, InvalidInput, NotFound, TooLarge
from confmgr.drafts import services
from confmgr.drafts.models import AlignmentOverride, ParagraphStatus, Proposal
from confmgr.extensions import db
from confmgr.registry import services as registry
from confmgr.registry.models import Document

from tests.unit.drafts.english_drafts import ORIGINAL, REVISED

BASE = "A/CONF.192/2012/RC/L.9"


def create(text=ORIGINAL, symbol=BASE, **kw):
    doc, seq = services.create_document(db.session, SYSTEM, symbol=symbol, title="Draft outcome", text=text,
                                        language="en", **kw)
    db.session.commit()
    return doc, seq


def counts():
    return (db.session.query(Document).count(), db.session.query(AuditEntry).count(),
            events.last_seq(db.session, services.stream_name(BASE)))


def test_create_publish_compare_round_trip(any_db_app):
    doc, seq = create()
    assert (doc.symbol, doc.revision, doc.language, doc.distribution, seq) == (BASE, 0, "en", "limited", 1)
    rev, seq, summary = services.publish_revision(db.session, SYSTEM, BASE, REVISED, symbol=BASE + "/Rev.1")
    db.session.commit()
    assert (rev.symbol, rev.supersedes.symbol, seq) == (BASE + "/Rev.1", BASE, 2)
    assert summary["counts"]["split"] == 1 and summary["counts"]["merged"] == 1
    event = events.events_since(db.session, services.stream_name(BASE), 1)[0]
    assert event.name == "revision" and event.payload["previous"] == BASE
    assert {e["op"] for e in event.payload["changed"]} >= {"changed", "inserted", "deleted", "moved"}
    comparison = services.compare_versions(db.session, SYSTEM, BASE, BASE + "/Rev.1")
    assert (comparison["from"], comparison["to"]) == (BASE, BASE + "/Rev.1")
    assert comparison["stats"]["brackets_before"] == 2 and comparison["stats"]["brackets_after"] == 0
    moved = next(e for e in comparison["paragraphs"] if e["op"] == "moved")
    assert moved["from_wid"] == moved["to_wid"]  # the identity followed the paragraph
    actions = [a for (a,) in db.session.query(AuditEntry.action)]
    assert "drafts.publish_revision" in actions and actions.count("documents.register") == 2


@pytest.mark.parametrize("text, error", [
    ("Draft outcome document\n\nImplementation plan\n", InvalidInput),  # headings only: no paragraph
    ("   \n  ", InvalidInput),
    ("1. Bad \ud800 text.", InvalidInput),
    ("1. Text with a NUL \x00 inside.", InvalidInput),
])
def test_bad_texts_are_refused_and_nothing_is_stored(any_db_app, text, error):
    with pytest.raises(error):
        create(text=text)
    db.session.rollback()
    assert counts() == (0, 0, 0)


def test_a_text_over_the_limit_is_refused(any_db_app):
    with pytest.raises(TooLarge):
        create(max_chars=100)
    db.session.rollback()
    assert counts() == (0, 0, 0)


def test_revision_refusals_store_nothing(any_db_app):
    create()
    before = counts()
    with pytest.raises(NotFound):
        services.publish_revision(db.session, SYSTEM, "A/CONF.192/2012/RC/L.77", REVISED)
    with pytest.raises(Conflict, match="Rev.1"):
        services.publish_revision(db.session, SYSTEM, BASE, REVISED, symbol=BASE + "/Rev.2")
    with pytest.raises(InvalidInput, match="base symbol"):
        services.publish_revision(db.session, SYSTEM, BASE + "/Rev.1", REVISED)
    with pytest.raises(InvalidInput):
        services.publish_revision(db.session, SYSTEM, BASE, "Only a heading")
    with pytest.raises(TooLarge):
        services.publish_revision(db.session, SYSTEM, BASE, REVISED, max_chars=50)
    delegate = Actor(role=Role.DELEGATE, user_id=None, label="d")
    with pytest.raises(Forbidden):
        services.publish_revision(db.session, delegate, BASE, REVISED)
    db.session.rollback()
    assert counts() == before


def test_overrides_change_the_comparison_at_once_and_can_be_withdrawn(any_db_app):
    create()
    services.publish_revision(db.session, SYSTEM, BASE, REVISED)
    db.session.commit()
    first = services.compare_versions(db.session, SYSTEM, BASE, BASE + "/Rev.1")
    changed = next(e for e in first["paragraphs"] if e["from_ref"] == "I.3")
    assert changed["op"] == "changed"
    row = services.set_override(db.session, SYSTEM, BASE, changed["from_wid"], changed["to_wid"], "forbid")
    db.session.commit()
    second = services.compare_versions(db.session, SYSTEM, BASE, BASE + "/Rev.1")
    assert [e["op"] for e in second["paragraphs"] if "I.3" in (e["from_ref"], e["to_ref"])] == ["deleted", "inserted"]
    services.remove_override(db.session, SYSTEM, row.id)
    db.session.commit()
    third = services.compare_versions(db.session, SYSTEM, BASE, BASE + "/Rev.1")
    assert next(e for e in third["paragraphs"] if e["from_ref"] == "I.3")["op"] == "changed"
    with pytest.raises(NotFound):
        services.set_override(db.session, SYSTEM, BASE, "no_such_wid", changed["to_wid"], "force")
    with pytest.raises(InvalidInput):
        services.set_override(db.session, SYSTEM, BASE, changed["from_wid"], changed["to_wid"], "maybe")
    assert db.session.query(AlignmentOverride).count() == 0
    assert [a for (a,) in db.session.query(AuditEntry.action).filter(AuditEntry.action.like("drafts.override%"))] \
        == ["drafts.override", "drafts.override_removed"]


def _delegation(session, key, name):
    return registry.create_participant(session, SYSTEM, name_fr=name, name_en=name, kind="member_state",
                                       regional_group="african")


def test_statuses_and_proposals_follow_roles(any_db_app):
    doc, _seq = create()
    kenya = _delegation(db.session, "kenya", "Kenya")
    ghana = _delegation(db.session, "ghana", "Ghana")
    group = registry.create_group(db.session, SYSTEM, name_fr="Groupe africain", name_en="African Group")
    registry.set_group_members(db.session, SYSTEM, group.id, [kenya.id])
    db.session.commit()
    wid = next(u.wid for u in services.parsed(doc).units() if u.ref == "I.3")
    services.set_status(db.session, SYSTEM, BASE, wid, "bracketed")
    services.set_status(db.session, SYSTEM, BASE, wid, "agreed_ad_ref")
    assert services.statuses(db.session, doc) == {wid: "agreed_ad_ref"}
    kenyan = Actor(role=Role.DELEGATE, user_id=None, participant_id=kenya.id, label="kenya delegate")
    with pytest.raises(Forbidden):
        services.set_status(db.session, kenyan, BASE, wid, "pending")
    with pytest.raises(InvalidInput):
        services.set_status(db.session, SYSTEM, BASE, wid, "approved")
    p = services.add_proposal(db.session, kenyan, BASE, wid, "Replace 'urge' by 'call upon'.", on_behalf_of=group.id)
    assert (p.participant.id, p.on_behalf_of.id) == (kenya.id, group.id)
    with pytest.raises(Forbidden):
        services.add_proposal(db.session, kenyan, BASE, wid, "x", participant=ghana.id)
    with pytest.raises(InvalidInput, match="not a member"):
        services.add_proposal(db.session, SYSTEM, BASE, wid, "x", participant=ghana.id, on_behalf_of=group.id)
    with pytest.raises(Forbidden):
        services.add_proposal(db.session, PUBLIC, BASE, wid, "x", participant=kenya.id)
    with pytest.raises(NotFound):
        services.add_proposal(db.session, kenyan, BASE, "no_such_wid", "x")
    db.session.commit()
    assert db.session.query(ParagraphStatus).count() == 1 and db.session.query(Proposal).count() == 1
    # proposals follow the paragraph into the next version (identities are stable)
    rev, _seq, _summary = services.publish_revision(db.session, SYSTEM, BASE, REVISED)
    db.session.commit()
    assert [x.text for x in services.proposals(db.session, [doc, rev])[wid]] == ["Replace 'urge' by 'call upon'."]
    assert wid in {u.wid for u in services.parsed(rev).units()}


def test_limited_drafts_are_read_only_by_signed_in_users(any_db_app):
    create()
    with pytest.raises(Forbidden):
        services.versions(db.session, PUBLIC, BASE)
    with pytest.raises(Forbidden):
        services.compare_versions(db.session, PUBLIC, BASE, BASE)
    delegate = Actor(role=Role.DELEGATE, user_id=1, label="d")
    assert [d.symbol for d in services.versions(db.session, delegate, BASE)] == [BASE]


def test_timeline_summarises_each_revision(any_db_app):
    create()
    services.publish_revision(db.session, SYSTEM, BASE, REVISED)
    db.session.commit()
    rows = services.timeline(db.session, SYSTEM, BASE, "en")
    assert [r["document"].symbol for r in rows] == [BASE, BASE + "/Rev.1"]
    assert [r["brackets"] for r in rows] == [2, 0]
    assert rows[0]["summary"] is None and rows[1]["summary"].startswith("3 paragraphs changed")


def test_the_parse_cache_tells_apart_versions_that_share_a_row_id(any_db_app):
    doc, _seq = create()
    first = services.parsed(doc)
    other = Document(id=doc.id, symbol=doc.symbol, created_at=datetime(2001, 1, 1, tzinfo=timezone.utc),
                     tree=services.parse_document(REVISED, "en").to_json())
    assert services.parsed(other) is not first
    assert len(services.parsed(other).units()) != len(first.units())
    db.session.expunge_all()


def test_preview_parses_and_compares_without_storing(any_db_app):
    create()
    before = counts()
    result = services.preview(db.session, SYSTEM, REVISED, base_symbol=BASE)
    assert result["report"]["units"]["total"] == len(result["tree"].units())
    assert result["summary"]["text"].startswith("3 paragraphs changed")
    first = services.preview(db.session, SYSTEM, ORIGINAL, language="en")
    assert first["summary"] is None and first["report"]["numbering"]["scheme"] == "restarting"
    with pytest.raises(InvalidInput, match="no paragraph"):
        services.preview(db.session, SYSTEM, "Only a heading", base_symbol=BASE)
    with pytest.raises(NotFound):
        services.preview(db.session, SYSTEM, REVISED, base_symbol="A/CONF.192/2012/RC/L.77")
    delegate = Actor(role=Role.DELEGATE, user_id=None, label="d")
    for base in (None, BASE):
        with pytest.raises(Forbidden):
            services.preview(db.session, delegate, REVISED, base_symbol=base)
    assert counts() == before
