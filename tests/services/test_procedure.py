"""Motions, votes, decisions and elections through the services, on SQLite and PostgreSQL."""
import pytest
from sqlalchemy import func, select

from confmgr.bureau import services as bureau
from confmgr.core.actor import SYSTEM, Actor, Role
from confmgr.core.errors import Conflict, Forbidden, InvalidInput
from confmgr.core.events import StreamEvent
from confmgr.extensions import db
from confmgr.procedure import services as procedure
from confmgr.procedure.models import Decision
from confmgr.procedure.voting_rights import (entitled_to_vote, register_credentials_status_provider,
                                             unregister_credentials_status_provider)
from confmgr.registry import services as registry

PRESIDENT = Actor(role=Role.PRESIDENT, user_id=900, label="President")
STATES = [("Algeria", "african"), ("Brazil", "latin_american_caribbean"), ("Chile", "latin_american_caribbean"),
          ("Denmark", "western_european_other"), ("Egypt", "african"), ("France", "western_european_other"),
          ("Ghana", "african"), ("Hungary", "eastern_european"), ("India", "asia_pacific"), ("Japan", "asia_pacific")]


@pytest.fixture
def conf(any_db_app):
    s = db.session
    for name, group in STATES:
        registry.create_participant(s, SYSTEM, name_fr=name, name_en=name, kind="member_state", regional_group=group)
    registry.create_participant(s, SYSTEM, name_fr="Saint-Siège", name_en="Holy See", kind="holy_see")
    registry.create_participant(s, SYSTEM, name_fr="Palestine", name_en="Palestine", kind="observer_state")
    for n, title in (("7", "Adoption of the agenda"), ("9", "Election of officers"), ("12", "General debate")):
        registry.add_agenda_item(s, SYSTEM, number=n, title_fr=title, title_en=title)
    registry.create_meeting(s, SYSTEM, number=1, date="2012-08-27", agenda_items=["7", "9", "12"])
    s.commit()
    return s


def test_adoption_of_the_agenda_by_consensus_is_stored_and_announced(conf):
    motion, ruling = procedure.propose_motion(conf, PRESIDENT, 1, "proposal", agenda_item="7", subject="agenda",
                                              document="A/CONF.192/2012/RC/L.1")
    assert ruling.in_order and ruling.majority == "procedural"
    decision = procedure.decide_without_vote(conf, PRESIDENT, motion.id, "consensus")
    conf.commit()
    assert procedure.decision_dict(decision)["document"] == "A/CONF.192/2012/RC/L.1"
    ev = conf.scalar(select(StreamEvent).where(StreamEvent.stream == "meeting:1"))
    assert ev.name == "decision" and ev.payload["decision"]["subject"] == "agenda"


def test_procedural_motion_with_two_speakers_each_way_then_a_recorded_vote(conf):
    proposal, _ = procedure.propose_motion(conf, PRESIDENT, 1, "proposal", agenda_item="12", subject="declaration",
                                           matter="substance")
    motion, ruling = procedure.propose_motion(conf, PRESIDENT, 1, "adjourn_debate", agenda_item="12", moved_by="Egypt")
    assert "close_debate" in ruling.precedes
    # The proposal cannot be decided while the motion to adjourn the debate is pending.
    with pytest.raises(Conflict, match="takes precedence"):
        procedure.decide_without_vote(conf, PRESIDENT, proposal.id)
    for who, side in (("Brazil", "for"), ("Chile", "for"), ("Denmark", "against"), ("France", "against")):
        procedure.add_motion_speaker(conf, PRESIDENT, motion.id, who, side)
    with pytest.raises(InvalidInput, match="2 speakers for"):
        procedure.add_motion_speaker(conf, PRESIDENT, motion.id, "Ghana", "for")
    vote = procedure.open_vote(conf, PRESIDENT, motion.id, "recorded")
    with pytest.raises(InvalidInput, match="may not vote"):
        procedure.cast_vote(conf, PRESIDENT, vote.id, "Holy See", "yes")
    with pytest.raises(Conflict, match="vote is in progress"):
        procedure.propose_motion(conf, PRESIDENT, 1, "suspend_meeting")
    for name, pos in zip([s for s, _ in STATES], ["yes"] * 5 + ["no"] * 3 + ["abstain", "absent"], strict=True):
        procedure.cast_vote(conf, PRESIDENT, vote.id, name, pos)
    decision = procedure.close_vote(conf, PRESIDENT, vote.id)
    conf.commit()
    # 5 yes, 3 no, 1 abstention: 8 present and voting, 5 required, adopted.
    assert (decision.present_and_voting, decision.required, decision.result) == (8, 5, "adopted")
    assert procedure.get_motion(conf, proposal.id).status == "pending"
    # The debate is adjourned: nothing more on item 12.
    assert not procedure.rule_on(conf, 1, "close_debate", agenda_item="12").in_order


def test_substance_vote_needs_consensus_exhausted_and_two_thirds(conf):
    motion, _ = procedure.propose_motion(conf, PRESIDENT, 1, "proposal", subject="declaration", matter="substance")
    with pytest.raises(InvalidInput, match="consensus"):
        procedure.open_vote(conf, PRESIDENT, motion.id, "non_recorded")
    procedure.declare_consensus_exhausted(conf, PRESIDENT, motion.id)
    vote = procedure.open_vote(conf, PRESIDENT, motion.id, "non_recorded")
    with pytest.raises(InvalidInput, match="more votes"):
        procedure.close_vote(conf, PRESIDENT, vote.id, yes=6, no=3, abstain=1, present=9)
    decision = procedure.close_vote(conf, PRESIDENT, vote.id, yes=6, no=4, abstain=0, present=10)
    assert (decision.majority, decision.required, decision.result) == ("substance", 7, "rejected")


def test_roll_call_in_order_from_the_state_drawn(conf):
    motion, _ = procedure.propose_motion(conf, PRESIDENT, 1, "suspend_meeting")
    vote = procedure.open_vote(conf, PRESIDENT, motion.id, "roll_call", first_state="Hungary")
    names = [procedure.vote_dict(conf, vote)["roll_call"][i]["name"] for i in range(3)]
    assert names == ["Hungary", "India", "Japan"]
    with pytest.raises(InvalidInput, match="roll-call order"):
        procedure.cast_vote(conf, PRESIDENT, vote.id, "Algeria", "yes")
    with pytest.raises(Conflict, match="not finished"):
        procedure.close_vote(conf, PRESIDENT, vote.id)
    order = [e["name"] for e in procedure.vote_dict(conf, vote)["roll_call"]]
    for i, name in enumerate(order):
        procedure.cast_vote(conf, PRESIDENT, vote.id, name, "yes" if i < 5 else "no")
    decision = procedure.close_vote(conf, PRESIDENT, vote.id)
    assert (decision.yes, decision.no, decision.result, decision.how) == (5, 5, "rejected", "roll_call")


def test_credentials_provider_decides_who_votes(conf):
    algeria = registry.find_participant(conf, "Algeria")
    assert entitled_to_vote(conf, algeria)

    def provider(session, participant_id):
        return {algeria.id: "none"}.get(participant_id, "provisional")

    register_credentials_status_provider(provider)
    try:
        assert not entitled_to_vote(conf, algeria)
        assert entitled_to_vote(conf, registry.find_participant(conf, "Brazil"))
        assert not entitled_to_vote(conf, registry.find_participant(conf, "Palestine"))
    finally:
        unregister_credentials_status_provider(provider)


def test_rules_frozen_after_adoption_change_needs_a_decision(conf):
    procedure.import_rules(conf, SYSTEM, "Rule 1\nQuorum\nOne third.")
    procedure.record_decision(conf, PRESIDENT, 1, "rules_of_procedure", "consensus", document="A/CONF.192/2012/RC/L.2")
    conf.commit()
    with pytest.raises(Conflict, match="needs a decision"):
        procedure.update_parameters(conf, SYSTEM, {"quorum_open": 0.25})
    conf.rollback()
    with pytest.raises(Conflict, match="needs a decision"):
        procedure.save_rule(conf, SYSTEM, number="2", title_en="x", text_en="y")
    conf.rollback()
    amendment = procedure.record_decision(conf, PRESIDENT, 1, "amendment_of_rules", "consensus")
    procedure.update_parameters(conf, SYSTEM, {"quorum_open": 0.25}, decision=amendment.id)
    conf.commit()
    with pytest.raises(Conflict, match="already been applied"):
        procedure.update_parameters(conf, SYSTEM, {"quorum_open": 0.2}, decision=amendment.id)


def test_contested_vice_president_election_with_a_restricted_second_ballot(conf):
    bureau.save_office(conf, SYSTEM, key="vice_president", title_en="Vice-President", seats=1)
    bureau.set_distribution(conf, SYSTEM, {"african": 1})
    for name in ("Algeria", "Egypt", "Ghana"):
        bureau.add_candidacy(conf, SYSTEM, office="vice_president", participant=name, endorsed_by="african")
    with pytest.raises(InvalidInput, match="may not stand"):
        bureau.add_candidacy(conf, SYSTEM, office="vice_president", participant="Holy See", recommended_by_en="x")
    election = bureau.open_election(conf, PRESIDENT, office="vice_president", meeting=1, agenda_item="9")
    conf.commit()
    with pytest.raises(Conflict, match="secret ballot"):
        bureau.elect_by_acclamation(conf, PRESIDENT, election.id)
    with pytest.raises(InvalidInput, match="Brazil is not a candidate"):
        bureau.enter_ballot(conf, SYSTEM, election.id, votes={"Algeria": 5, "Brazil": 5}, ballots_cast=10)
    with pytest.raises(InvalidInput, match="more ballots"):
        bureau.enter_ballot(conf, SYSTEM, election.id, votes={"Algeria": 5, "Egypt": 4}, ballots_cast=9, present=8)
    with pytest.raises(Forbidden):
        bureau.enter_ballot(conf, PRESIDENT, election.id, votes={"Algeria": 4}, ballots_cast=4)
    conf.rollback()
    first = bureau.enter_ballot(conf, SYSTEM, election.id, votes={"Algeria": 4, "Egypt": 3, "Ghana": 2},
                                ballots_cast=10, abstentions=1)
    assert first.outcome["required"] == 5 and first.outcome["elected"] == []
    conf.commit()
    with pytest.raises(InvalidInput, match="not in this restricted ballot"):
        bureau.enter_ballot(conf, SYSTEM, election.id, votes={"Algeria": 4, "Ghana": 5}, ballots_cast=9)
    conf.rollback()
    bureau.enter_ballot(conf, SYSTEM, election.id, votes={"Algeria": 6, "Egypt": 4}, ballots_cast=10)
    conf.commit()
    data = bureau.bureau_dict(conf)
    assert [h["participant"] for h in data["offices"][0]["holders"]] == ["Algeria"]
    assert data["balance"][0]["status"] == "ok"
    decision = conf.scalar(select(Decision).where(Decision.subject == "election_of_vice_president"))
    assert decision.how == "secret_ballot" and decision.result == "elected"
    names = [e.name for e in conf.scalars(select(StreamEvent).where(StreamEvent.stream == "meeting:1"))]
    assert names.count("election") == 2 and "decision" in names


def test_denied_actions_store_nothing(conf):
    delegate = Actor(role=Role.DELEGATE, user_id=5, participant_id=1)
    before = conf.scalar(select(func.count()).select_from(Decision))
    with pytest.raises(Forbidden):
        procedure.record_decision(conf, delegate, 1, "agenda", "consensus")
    with pytest.raises(Forbidden):
        procedure.propose_motion(conf, delegate, 1, "suspend_meeting")
    conf.rollback()
    assert conf.scalar(select(func.count()).select_from(Decision)) == before
