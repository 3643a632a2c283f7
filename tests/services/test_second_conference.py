"""A second conference, in English, set up and run through the services only, and checked down to its
report: every rule of 2012 differs (three-fourths on substance, a Committee of five, an observer State
that presents no credentials, a recorded vote with its annex, a President elected in two ballots, the
last one restricted, an objection decided, one final document, a report to the Meeting of States Parties).
"""
from __future__ import annotations

import pytest

from confmgr.bureau import services as bureau
from confmgr.core.actor import SYSTEM
from confmgr.core.errors import InvalidInput
from confmgr.credentials import services as credentials
from confmgr.extensions import db
from confmgr.procedure import services as procedure
from confmgr.registry import services as registry
from confmgr.registry.symbols import parse_symbol
from confmgr.report import services as report

PREFIX = "ATT/CSP.11/2026"
STATES = ["Argentina", "Australia", "Austria", "Belgium", "Brazil", "Canada", "Chile", "Costa Rica", "Denmark",
          "Ecuador", "Fiji", "Finland", "Ghana", "Iceland", "Ireland", "Jamaica", "Japan", "Kenya", "Mexico",
          "Mongolia", "New Zealand", "Niger", "Nigeria", "Norway", "Peru", "Philippines", "Portugal", "Senegal",
          "Sweden", "Uruguay"]
THE = {"Niger", "Philippines"}
GROUPS = {"Kenya": "african", "Chile": "latin_american_caribbean", "Norway": "western_european_other"}
COMMITTEE = ["Uruguay", "Niger", "Sweden", "Nigeria", "Philippines"]
HEADS_OF_STATE = STATES[:10]
MINISTERS = STATES[10:23]
OTHER_AUTHORITY = STATES[23:25]
PROVISIONAL = STATES[25:28]
NOTHING = STATES[28:]
FORMAL = HEADS_OF_STATE + MINISTERS + OTHER_AUTHORITY
# The recorded vote: 17 in favour, 6 against, 4 abstaining; Norway (entitled) does not vote.
YES, NO, ABSTAIN = FORMAL[:17], FORMAL[17:23], [FORMAL[24], *PROVISIONAL]


def with_french(**english: str) -> dict:
    """The French fields the services still require of an English-only conference: the English text
    again. Replace with dict(**english) once French is optional."""
    return {**english, **{name[:-3] + "_fr": value for name, value in english.items() if name.endswith("_en")}}


def set_up(session) -> None:
    registry.save_conference(session, SYSTEM, symbol_prefix=PREFIX, start_date="2026-08-24", end_date="2026-08-28",
                             languages=["en"], **with_french(
                                 title_en="Eleventh Conference of States Parties to the Arms Trade Treaty",
                                 short_title_en="the Conference", venue_en="Geneva"))
    for name in STATES:
        registry.create_participant(session, SYSTEM, kind="member_state", article_en="the" if name in THE else "",
                                    regional_group=GROUPS.get(name), **with_french(name_en=name))
    registry.create_participant(session, SYSTEM, kind="observer_state", **with_french(name_en="Tuvalu"))
    for name in ("African Union", "European Union Agency", "ICRC", "INTERPOL", "UNODA"):
        registry.create_participant(session, SYSTEM, kind="igo", **with_french(name_en=name))
    for name in ("Control Arms", "Small Arms Survey", "Saferworld", "IANSA"):
        registry.create_participant(session, SYSTEM, kind="ngo", **with_french(name_en=name))
    for number, title in (("1", "Opening of the Conference"), ("2", "Election of the President"),
                          ("3", "Adoption of the agenda"), ("4", "Credentials"),
                          ("5", "Operation of the Treaty"), ("6", "Final document and report")):
        registry.add_agenda_item(session, SYSTEM, number=number, **with_french(title_en=title))
    for number, day, items in ((1, "2026-08-24", ["1", "2", "3", "4"]), (2, "2026-08-25", ["5"]),
                               (3, "2026-08-27", ["4", "5"]), (4, "2026-08-28", ["6"])):
        registry.create_meeting(session, SYSTEM, number=number, date=day, agenda_items=items)
    procedure.update_parameters(session, SYSTEM, {"majorities": {
        "substance": {"fraction": "3/4", "rule": "at_least", "base": "present_and_voting"}}})


def adopt(session, meeting: int, subject: str, document: str, item: str) -> None:
    motion, _ = procedure.propose_motion(session, SYSTEM, meeting, "proposal", subject=subject, document=document,
                                         agenda_item=item)
    procedure.decide_without_vote(session, SYSTEM, motion.id, "consensus")


def elect_president(session) -> None:
    bureau.save_office(session, SYSTEM, key="president", **with_french(title_en="President"))
    for state, person in (("Kenya", "Ms. Wanjiru Kamau"), ("Chile", "Mr. Pablo Rojas"), ("Norway", "Ms. Ingrid Berg")):
        bureau.add_candidacy(session, SYSTEM, office="president", participant=state, person=person,
                             endorsed_by=GROUPS[state])
    election = bureau.open_election(session, SYSTEM, office="president", meeting=1, agenda_item="2")
    first = bureau.enter_ballot(session, SYSTEM, election.id, votes={"Kenya": 12, "Chile": 10, "Norway": 6},
                                ballots_cast=29, invalid=1)
    assert first.outcome["required"] == 15 and not first.outcome["elected"]
    second = bureau.enter_ballot(session, SYSTEM, election.id, votes={"Kenya": 16, "Chile": 13}, ballots_cast=29)
    assert second.restricted and len(second.outcome["elected"]) == 1


def examine_credentials(session) -> None:
    credentials.appoint_committee(session, SYSTEM, meeting_number=1, members_refs=COMMITTEE)
    credentials.update_settings(session, SYSTEM, deadline="2026-08-20", committee_meeting_date="2026-08-26")
    for group, form in ((HEADS_OF_STATE, "head_of_state_or_government"), (MINISTERS, "minister_for_foreign_affairs"),
                        (OTHER_AUTHORITY, "other_authority")):
        for name in group:
            credentials.record_receipt(session, SYSTEM, name, category="formal", form=form, received_on="2026-08-10")
    for name in PROVISIONAL:
        credentials.record_receipt(session, SYSTEM, name, category="provisional", form="note_verbale",
                                   received_on="2026-08-12")
    for name in NOTHING:
        credentials.record_receipt(session, SYSTEM, name, category="none")
    with pytest.raises(InvalidInput, match="observer"):
        credentials.record_receipt(session, SYSTEM, "Tuvalu", category="formal", form="other_authority",
                                   received_on="2026-08-10")
    memo = credentials.prepare_memorandum(session, SYSTEM)
    assert memo.counts["total"] == 30 and memo.counts["formal"] == 25  # Tuvalu, an observer, is not counted
    credentials.raise_objection(session, SYSTEM, "Fiji", reason="signed by an official without authority",
                                by="Sweden")
    credentials.examine_all(session, SYSTEM)
    credentials.decide_challenge(session, SYSTEM, "Fiji", outcome="accepted", meeting_number=3)
    credentials.draft_report(session, SYSTEM)
    credentials.adopt_report(session, SYSTEM)
    credentials.adopt_by_conference(session, SYSTEM, meeting_number=3, agenda_item="4")


def recorded_vote(session):
    motion, ruling = procedure.propose_motion(
        session, SYSTEM, 3, "proposal", matter="substance", subject="implementation_support_unit",
        text="the proposal to establish an implementation support unit", document=f"{PREFIX}/L.5", agenda_item="5")
    assert ruling.threshold == {"fraction": "3/4", "rule": "at_least", "base": "present_and_voting"}
    procedure.declare_consensus_exhausted(session, SYSTEM, motion.id)
    vote = procedure.open_vote(session, SYSTEM, motion.id, "recorded")
    for names, position in ((YES, "yes"), (NO, "no"), (ABSTAIN, "abstain")):
        for name in names:
            procedure.cast_vote(session, SYSTEM, vote.id, name, position)
    return procedure.close_vote(session, SYSTEM, vote.id)


@pytest.fixture
def conference(any_db_app):
    session = db.session
    set_up(session)
    adopt(session, 1, "agenda", f"{PREFIX}/1", "3")
    elect_president(session)
    examine_credentials(session)
    decision = recorded_vote(session)
    adopt(session, 4, "final_documents", f"{PREFIX}/L.6", "6")
    adopt(session, 4, "report", f"{PREFIX}/L.7", "6")
    report.save_settings(session, SYSTEM, addressee="meeting_of_states_parties", high_level_debate=False)
    session.commit()
    return session, decision


def paragraphs(session) -> dict[str, str]:
    return {b.key: b.text for b in report.build(session, SYSTEM, "en").blocks if b.key}


def test_three_fourths_rejects_17_to_6_with_4_abstentions(conference):
    session, decision = conference
    data = procedure.decision_dict(decision)
    assert (data["result"], data["votes"]["required"], data["votes"]["present_and_voting"]) == ("rejected", 18, 23)
    assert data["explanation"] == "Three-fourths of 23 present and voting: 18 required; 17 in favour: rejected"


def test_the_credentials_committee_report_words_the_record(conference):
    session, _ = conference
    committee = credentials.current_report(session)
    text = committee.text_en
    assert "composed of the following States: Niger, Nigeria, Philippines, Sweden and Uruguay." in text
    assert "The Committee met on 26 August 2026" in text
    assert (f"Formal credentials were received from 25 States, issued by the Head of State or Government "
            f"({', '.join(HEADS_OF_STATE[:-1])} and {HEADS_OF_STATE[-1]}), by the Minister for Foreign Affairs "
            f"({', '.join(MINISTERS[:-1])} and {MINISTERS[-1]}) and by another authority (Norway and Peru).") in text
    assert "Provisional information was received from 3 States: Philippines, Portugal and Senegal." in text
    assert "Nothing was received from 2 States: Sweden and Uruguay." in text
    assert ("Sweden objected to the credentials of Fiji (signed by an official without authority); "
            "the Conference decided to accept them.") in text
    assert "Tuvalu" not in text and "Head of State or Government or the Minister" not in text
    assert "Notes that nothing was received from 2 States: Sweden and Uruguay;" in committee.resolution_en


def test_the_report_follows_the_record(conference):
    session, decision = conference
    built = report.build(session, SYSTEM, "en")
    assert parse_symbol(built.symbol).text == built.symbol == f"{PREFIX}/3"  # /2 is the Committee's report
    texts = paragraphs(session)
    headings = [b.text for b in built.blocks if b.kind == "heading"]
    assert ("Consideration and adoption of the final document of the Conference and adoption of the report of "
            "the Conference to be submitted to the Meeting of States Parties") in headings
    assert texts["organization.agenda"].startswith("At its 1st meeting, on 24 August, the Conference adopted its "
                                                   f"agenda ({PREFIX}/1), as follows:")
    assert texts["bureau.election.president"] == (
        "At its 1st meeting, on 24 August, the Conference elected its President by secret ballot in two ballots. "
        "First ballot: ballots cast, 29; invalid ballots, 1; abstentions, 0; present and voting, 28; required "
        "majority, 15; votes obtained: Ms. Wanjiru Kamau (Kenya) 12, Mr. Pablo Rojas (Chile) 10 and "
        "Ms. Ingrid Berg (Norway) 6. Second ballot, restricted to Ms. Wanjiru Kamau (Kenya) and Mr. Pablo Rojas "
        "(Chile): ballots cast, 29; invalid ballots, 0; abstentions, 0; present and voting, 29; required majority, "
        "15; votes obtained: Ms. Wanjiru Kamau (Kenya) 16 and Mr. Pablo Rojas (Chile) 13. Ms. Wanjiru Kamau "
        "(Kenya), having obtained the required majority, was elected.")
    assert texts["credentials.committee"] == ("The Conference appointed the Niger, Nigeria, the Philippines, Sweden "
                                              "and Uruguay as members of the Credentials Committee.")
    adoption = texts["credentials.adoption"]
    assert "found them in order" not in adoption
    assert adoption.endswith("Sweden objected to the credentials of Fiji (signed by an official without "
                             "authority); the Conference decided to accept them.")
    assert texts[f"decisions.{decision.id}"] == (
        "At its 3rd meeting, on 27 August, the Conference rejected the proposal to establish an implementation "
        f"support unit ({PREFIX}/L.5) by a recorded vote of 17 to 6, with 4 abstentions (see annex I). "
        "The majority required was three-fourths of 23 present and voting, that is, 18 votes.")
    assert texts["adoption.final"] == (
        "At its 4th meeting, on 28 August, the Conference adopted by consensus the final document. "
        "At the same meeting, the Conference adopted by consensus its report to the Meeting of States Parties.")
    assert "General Assembly" not in "\n".join(b.text for b in built.blocks)
    annex = [b.text for b in built.blocks[[b.text for b in built.blocks].index("Annex I"):]]
    assert annex[1] == (f"Result of the recorded vote on the proposal to establish an implementation support unit "
                        f"({PREFIX}/L.5)")
    assert annex[2] == f"In favour: {', '.join(sorted(YES)[:-1])} and {sorted(YES)[-1]}."
    assert annex[3] == f"Against: {', '.join(sorted(NO)[:-1])} and {sorted(NO)[-1]}."
    assert annex[4] == f"Abstaining: {', '.join(sorted(ABSTAIN)[:-1])} and {sorted(ABSTAIN)[-1]}."
    assert "Norway" not in " ".join(annex)


def test_the_secretariat_adds_a_paragraph_numbered_with_the_others(conference):
    session, decision = conference
    before = [b.label for b in report.build(session, SYSTEM, "en").blocks if b.kind == "para"]
    added = report.add_paragraph(session, SYSTEM, "en", "The Conference  thanked the host country.",
                                 after=f"decisions.{decision.id}")
    session.commit()
    blocks = [b for b in report.build(session, SYSTEM, "en").blocks if b.kind == "para"]
    keys = [b.key for b in blocks]
    at = keys.index(f"added.{added.id}")
    assert keys[at - 1] == f"decisions.{decision.id}" and keys[at + 1] == "adoption.final"
    assert blocks[at].text == "The Conference thanked the host country."
    assert [b.label for b in blocks] == [f"{n}." for n in range(1, len(before) + 2)]
    with pytest.raises(InvalidInput, match="after"):
        report.add_paragraph(session, SYSTEM, "en", "Elsewhere.", after="no.such.paragraph")
    report.revert_paragraph(session, SYSTEM, "en", f"added.{added.id}")
    assert [b.label for b in report.build(session, SYSTEM, "en").blocks if b.kind == "para"] == before
