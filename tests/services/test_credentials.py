"""The credentials workflow through its services, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from confmgr.core.actor import SYSTEM, Actor, Role
from confmgr.core.audit import AuditEntry
from confmgr.core.errors import Conflict, Forbidden, InvalidInput, TooLarge
from confmgr.credentials import services
from confmgr.credentials.models import Credential, CredentialFile, StatusChange
from confmgr.extensions import db
from confmgr.procedure import voting_rights
from confmgr.registry import services as registry

COMMITTEE = ["china", "costa_rica", "egypt", "italy", "maldives", "panama", "russian_federation", "senegal",
             "united_states"]
OTHERS = ["algeria", "argentina", "australia", "brazil", "cuba", "france", "germany", "ghana", "india",
          "japan", "mexico"]
FORMAL = COMMITTEE[:5] + OTHERS[:7]            # 12 States
PROVISIONAL = COMMITTEE[5:] + OTHERS[7:8]      # 5 States
NOTHING = OTHERS[8:]                           # 3 States
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def conference(session) -> None:
    registry.save_conference(session, SYSTEM, symbol_prefix="A/CONF.192/2012/RC",
                             title_fr="Conférence d’examen", title_en="Review Conference",
                             short_title_fr="la Conférence d’examen", short_title_en="the Review Conference")
    for key in COMMITTEE + OTHERS:
        name = key.replace("_", " ").title()
        registry.create_participant(session, SYSTEM, key=key, name_fr=name, name_en=name, kind="member_state")
    registry.create_participant(session, SYSTEM, key="icrc", name_fr="CICR", name_en="ICRC", kind="igo")
    registry.create_meeting(session, SYSTEM, number=1, date="2012-08-27")
    registry.create_meeting(session, SYSTEM, number=14, date="2012-09-07")
    session.flush()


def member_actor(session, key: str) -> Actor:
    return Actor(role=Role.CREDENTIALS, user_id=None, participant_id=registry.find_participant(session, key).id,
                 label=f"credentials {key}")


def record_twenty(session) -> None:
    for key in FORMAL:
        services.record_receipt(session, SYSTEM, key, category="formal", form="minister_for_foreign_affairs",
                                received_on="2012-08-20",
                                representatives=[{"name": f"Head of {key}", "function": "head_of_delegation"},
                                                 {"name": f"Alternate of {key}", "function": "alternate"}])
    for key in PROVISIONAL:
        services.record_receipt(session, SYSTEM, key, category="provisional", form="note_verbale",
                                received_on="2012-08-24")
    for key in NOTHING:
        services.record_receipt(session, SYSTEM, key, category="none")


def test_from_receipt_to_the_conference_resolution_counts_agree(any_db_app):
    session = db.session
    conference(session)
    seats = services.appoint_committee(session, SYSTEM, meeting_number=1, members_refs=COMMITTEE)
    assert sorted(m.participant.key for m in seats) == sorted(COMMITTEE)
    china = member_actor(session, "china")
    services.elect_chair(session, china, "panama")
    record_twenty(session)
    memo = services.prepare_memorandum(session, SYSTEM)
    assert memo.counts == {"formal": 12, "provisional": 5, "none": 3, "challenged": 0, "rejected": 0, "total": 20, "entitled_to_vote": 17}
    assert sorted(memo.lists["none"]) == sorted(NOTHING)

    services.raise_objection(session, china, "germany", reason="Issued by an authority not recognized")
    examined = services.examine_all(session, member_actor(session, "italy"))
    assert len(examined) == 16  # 12 formal + 5 provisional, less the challenged one
    report = services.draft_report(session, china)
    services.edit_report(session, china, text_en=report.text_en + "\n\nRevised by the Committee.")
    report = services.adopt_report(session, china)
    services.adopt_by_conference(session, SYSTEM, meeting_number=14)
    db.session.commit()

    voters = services.voting_states(session)
    assert report.counts == {"formal": 12, "provisional": 5, "none": 3, "challenged": 1, "rejected": 0, "total": 20, "entitled_to_vote": 17}
    assert report.counts["formal"] == memo.counts["formal"] and report.counts["none"] == memo.counts["none"]
    assert len(voters) == report.counts["formal"] + report.counts["provisional"] == 17
    germany = registry.find_participant(session, "germany")
    assert services.credentials_status(session, germany.id) == "challenged"
    assert voting_rights.entitled_to_vote(session, germany)  # seated provisionally with full rights
    for key in NOTHING:
        assert not voting_rights.entitled_to_vote(session, registry.find_participant(session, key))
    assert "12" in report.resolution_en and "12" in report.resolution_fr
    assert "Germany" in report.resolution_en and "objection" in report.resolution_en
    assert "Revised by the Committee." in report.text_en
    assert services.published(session)
    assert services.meeting_record(session, 14)["resolution_adopted"]["report"] == "A/CONF.192/2012/RC/2"
    history = session.scalars(select(StatusChange.after).join(Credential).where(
        Credential.participant_id == germany.id).order_by(StatusChange.id)).all()
    assert history == ["formal", "challenged"]
    actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.action.startswith("credentials."))))
    assert {"credentials.committee.appoint", "credentials.committee.chair", "credentials.receive",
            "credentials.memorandum", "credentials.object", "credentials.examine", "credentials.report.draft",
            "credentials.report.edit", "credentials.report.adopt", "credentials.conference_adopt"} <= actions

    with pytest.raises(Conflict):
        services.adopt_report(session, china)
    with pytest.raises(Conflict):
        services.adopt_by_conference(session, SYSTEM, meeting_number=14)


def test_refusals_change_nothing(any_db_app, tmp_path):
    tmp_path = tmp_path / "uploads"
    session = db.session
    conference(session)
    services.appoint_committee(session, SYSTEM, meeting_number=1, members_refs=COMMITTEE)
    record_twenty(session)
    db.session.commit()
    audit_before = session.scalar(select(func.count()).select_from(AuditEntry))

    delegate = Actor(role=Role.DELEGATE, user_id=7, participant_id=registry.find_participant(session, "cuba").id)
    with pytest.raises(Forbidden):
        services.record_receipt(session, delegate, "cuba", category="none")
    with pytest.raises(Forbidden):
        services.examine(session, delegate, "cuba")
    outsider = member_actor(session, "algeria")  # credentials role, but Algeria does not sit on the Committee
    with pytest.raises(Forbidden, match="Committee"):
        services.raise_objection(session, outsider, "cuba", reason="no")
    with pytest.raises(Forbidden, match="does not sit"):
        services.raise_objection(session, SYSTEM, "cuba", reason="no", by="algeria")
    with pytest.raises(InvalidInput, match="not a PDF"):
        services.upload_file(session, SYSTEM, "cuba", b"MZ\x90\x00 executable", label="creds.pdf", store_dir=tmp_path)
    with pytest.raises(InvalidInput, match="empty"):
        services.upload_file(session, SYSTEM, "cuba", b"", store_dir=tmp_path)
    with pytest.raises(TooLarge):
        services.upload_file(session, SYSTEM, "cuba", PDF + b"0" * 100, store_dir=tmp_path, max_bytes=50)
    with pytest.raises(InvalidInput, match="form"):
        services.record_receipt(session, SYSTEM, "cuba", category="formal", form="note_verbale", received_on="2012-08-01")
    with pytest.raises(InvalidInput, match="not a State"):
        services.record_receipt(session, SYSTEM, "icrc", category="none")
    db.session.rollback()
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before
    assert session.scalar(select(func.count()).select_from(CredentialFile)) == 0
    assert not tmp_path.exists()
    assert services.credentials_status(session, registry.find_participant(session, "cuba").id) == "formal"


def test_upload_is_kept_by_checksum_never_by_the_client_name(any_db_app, tmp_path):
    tmp_path = tmp_path / "uploads"
    session = db.session
    conference(session)
    services.record_receipt(session, SYSTEM, "cuba", category="formal", form="head_of_state_or_government",
                            received_on="2012-08-01")
    kept = services.upload_file(session, SYSTEM, "cuba", PDF, label="../../etc/passwd.pdf", store_dir=tmp_path)
    db.session.commit()
    assert kept.media_type == "application/pdf" and kept.size == len(PDF)
    assert [p.name for p in tmp_path.iterdir()] == [kept.sha256]
    assert "/" not in kept.label
    with pytest.raises(Conflict):
        services.upload_file(session, SYSTEM, "cuba", PDF, store_dir=tmp_path)


def test_committee_composition_and_examination_closed_after_adoption(any_db_app):
    session = db.session
    conference(session)
    with pytest.raises(InvalidInput, match="0 members"):
        services.appoint_committee(session, SYSTEM, meeting_number=1, members_refs=[])
    with pytest.raises(InvalidInput, match="list of the member States"):
        services.appoint_committee(session, SYSTEM, meeting_number=1)
    services.appoint_committee(session, SYSTEM, meeting_number=1, members_refs=COMMITTEE)
    with pytest.raises(Conflict):
        services.appoint_committee(session, SYSTEM, meeting_number=1, members_refs=COMMITTEE)
    with pytest.raises(InvalidInput, match="does not sit"):
        services.elect_chair(session, SYSTEM, "cuba")
    record_twenty(session)
    services.examine_all(session, SYSTEM)
    services.draft_report(session, SYSTEM)
    services.adopt_report(session, SYSTEM)
    with pytest.raises(Conflict, match="examination is closed"):
        services.raise_objection(session, SYSTEM, "cuba", reason="late", by="china")
    with pytest.raises(Conflict, match="adopted"):
        services.edit_report(session, SYSTEM, text_fr="autre")


def test_report_adoption_refused_when_the_record_changed_since_the_draft(any_db_app):
    session = db.session
    conference(session)
    services.appoint_committee(session, SYSTEM, meeting_number=1, members_refs=COMMITTEE)
    record_twenty(session)
    services.draft_report(session, SYSTEM)
    services.record_receipt(session, SYSTEM, "japan", category="formal", form="minister_for_foreign_affairs",
                            received_on="2012-08-30")
    with pytest.raises(Conflict, match="draft it again"):
        services.adopt_report(session, SYSTEM)
    report = services.draft_report(session, SYSTEM)
    assert report.counts["formal"] == 13
    assert services.adopt_report(session, SYSTEM).adopted_by_committee


def test_conference_decides_a_challenge(any_db_app):
    session = db.session
    conference(session)
    services.appoint_committee(session, SYSTEM, meeting_number=1, members_refs=COMMITTEE)
    record_twenty(session)
    services.raise_objection(session, SYSTEM, "germany", reason="doubt", by="egypt")
    services.decide_challenge(session, SYSTEM, "germany", outcome="rejected", meeting_number=14)
    germany = registry.find_participant(session, "germany")
    assert services.credentials_status(session, germany.id) == "rejected"
    assert not voting_rights.entitled_to_vote(session, germany)
