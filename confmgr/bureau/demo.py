"""The 2012 demo Bureau: the offices, the agreed distribution, the candidacies, the elections at the
1st meeting (run from the procedure step, in the order of the decisions) and the facilitators and
moderator appointed by the President."""
from __future__ import annotations

from sqlalchemy.orm import Session

from confmgr.bureau import services
from confmgr.core.actor import SYSTEM
from confmgr.registry.services import find_participant

OFFICES = {"election_of_president": "president", "election_of_vice_presidents": "vice_president"}


def prepare(session: Session, facts: dict) -> None:
    bureau = facts["bureau"]
    services.save_office(session, SYSTEM, key="president", title_en="President", title_fr="Président", seats=1)
    services.save_office(session, SYSTEM, key="vice_president", title_en="Vice-President", title_fr="Vice-Président",
                         seats=len(bureau["vice_presidents"]))
    services.set_distribution(session, SYSTEM, bureau["distribution"])
    president = bureau["president"]
    services.add_candidacy(session, SYSTEM, office="president", participant=president["participant"],
                           person=president.get("name", ""), recommended_by_en=president.get("recommended_by_en", ""),
                           recommended_by_fr=president.get("recommended_by_fr", ""))
    for key in bureau["vice_presidents"]:
        state = find_participant(session, key)
        services.add_candidacy(session, SYSTEM, office="vice_president", participant=key,
                               endorsed_by=state.regional_group)


def elect(session: Session, facts: dict, fact: dict) -> int:
    office = OFFICES.get(fact["subject"])
    if office is None:
        return 0
    election = services.open_election(session, SYSTEM, office=office, meeting=fact["meeting"],
                                      agenda_item=fact.get("agenda_item"), illustrative=bool(fact.get("illustrative")))
    services.elect_by_acclamation(session, SYSTEM, election.id)
    return 1


def load(session: Session, facts: dict) -> dict:
    bureau = facts["bureau"]
    by_fr = bureau.get("facilitators_appointed_by_fr") or ""
    by_en = "the President-designate" if by_fr else ""
    for f in bureau.get("facilitators", []):
        services.appoint(session, SYSTEM, role="facilitator", person=f["name"], participant=f.get("participant"),
                         topic_en=f.get("topic_en") or "", topic_fr=f.get("topic_fr") or "",
                         appointed_by_en=by_en, appointed_by_fr=by_fr)
    moderator = bureau.get("moderator")
    if moderator:
        services.appoint(session, SYSTEM, role="moderator", person=moderator["name"],
                         participant=moderator.get("participant"), topic_en=moderator.get("topic_en") or "",
                         topic_fr=moderator.get("topic_fr") or "")
    return {"appointments": len(bureau.get("facilitators", [])) + (1 if moderator else 0)}
