"""Use cases of the Bureau: offices, the agreed distribution, candidacies, elections (acclamation or
secret ballot with rounds) and appointments. None commits; each checks its permission."""
from __future__ import annotations

import re
import secrets
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from confmgr.bureau import rules
from confmgr.bureau.models import (Appointment, BallotRound, Candidacy, Election, Office, OfficeHolder,
                                   RegionalSeat)
from confmgr.core import audit, events
from confmgr.core.actor import Actor
from confmgr.core.errors import Conflict, InvalidInput, NotFound
from confmgr.core.permissions import require
from confmgr.core.models import get_existing
from confmgr.procedure import services as procedure
from confmgr.procedure.settings import current_parameters
from confmgr.procedure.voting_rights import voters
from confmgr.registry import services as registry
from confmgr.registry.models import REGIONAL_GROUPS, Participant

APPOINTMENT_ROLES = ("facilitator", "moderator")


def _text(value: Any, field: str, *, max_len: int = 300, required: bool = False) -> str:
    return procedure._text(value, field, max_len=max_len, required=required)


def _whole(value: Any, field: str, *, minimum: int = 0) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInput(f"{field}: a whole number, {minimum} or more")
    return value


# --- offices and distribution -----------------------------------------------------------------

def list_offices(session: Session) -> list[Office]:
    return list(session.scalars(select(Office).options(selectinload(Office.holders).selectinload(OfficeHolder.participant))
                                .order_by(Office.position, Office.id)))


def get_office(session: Session, ref: Any) -> Office:
    office = None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        office = session.get(Office, int(ref))
    elif isinstance(ref, str):
        office = session.scalar(select(Office).where(Office.key == ref.strip()))
    if office is None:
        raise NotFound(f"office {ref!r} not found")
    return office


def _office_snapshot(o: Office) -> dict:
    return {"key": o.key, **registry.texts_snapshot(o, "title"), "seats": o.seats, "position": o.position}


def save_office(session: Session, actor: Actor, *, key: Any, title_en: Any = None, title_fr: Any = None,
                seats: Any = 1, position: Any = None, titles: dict | None = None) -> Office:
    """Create an office, or change the title or number of seats of an existing one. Its title is
    required in each language of the conference (`titles` for languages other than French and English)."""
    require(actor, "bureau.manage")
    key = str(key or "").strip()
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,59}", key):
        raise InvalidInput(f"key: {key!r} is not an office key such as president or vice_president")
    given = dict(titles or {})
    if title_fr is not None:
        given["fr"] = title_fr
    if title_en is not None:
        given["en"] = title_en
    seats = _whole(seats, "seats", minimum=1)
    if seats > 100:
        raise InvalidInput("seats: at most 100")
    office = session.scalar(select(Office).where(Office.key == key))
    before = _office_snapshot(office) if office else None
    if office is None:
        count = session.scalar(select(func.count()).select_from(Office)) or 0
        office = Office(key=key, position=count + 1, title_en="", title_fr="", translations={})
        session.add(office)
    elif seats < len(office.holders):
        raise Conflict(f"{len(office.holders)} holders already sit in this office; seats cannot be fewer")
    registry.apply_texts(office, "title", given, registry.conference_languages(session), max_len=300)
    office.seats = seats
    if position not in (None, ""):
        office.position = _whole(position, "position")
    session.flush()
    audit.record(session, actor, "bureau.office", "office", office.key, before=before, after=_office_snapshot(office))
    return office


def distribution(session: Session) -> dict[str, int]:
    rows = session.scalars(select(RegionalSeat))
    by_group = {r.regional_group: r.seats for r in rows}
    return {g: by_group[g] for g in REGIONAL_GROUPS if g in by_group}


def set_distribution(session: Session, actor: Actor, seats: Any) -> dict[str, int]:
    """The agreed distribution of the Bureau's seats among the regional groups."""
    require(actor, "bureau.manage")
    if not isinstance(seats, dict):
        raise InvalidInput("distribution: an object regional group -> seats")
    for group, n in seats.items():
        if group not in REGIONAL_GROUPS:
            raise InvalidInput(f"{group!r} is not a regional group ({', '.join(REGIONAL_GROUPS)})")
        _whole(n, f"seats of {group}")
    before = distribution(session)
    for row in session.scalars(select(RegionalSeat)):
        session.delete(row)
    session.flush()
    for group, n in seats.items():
        session.add(RegionalSeat(regional_group=group, seats=int(n)))
    session.flush()
    after = distribution(session)
    audit.record(session, actor, "bureau.distribution", "bureau", None, before=before, after=after)
    return after


def held_groups(session: Session) -> list[str | None]:
    return [h.participant.regional_group for h in session.scalars(select(OfficeHolder))]


def balance(session: Session) -> list[dict]:
    return rules.regional_balance(held_groups(session), distribution(session))


# --- candidacies ------------------------------------------------------------------------------

def _candidacy_snapshot(c: Candidacy) -> dict:
    return {"office": c.office.key, "participant": c.participant.key, "person": c.person,
            "endorsed_by": c.endorsed_by, "recommended_by_en": c.recommended_by_en, "status": c.status}


def add_candidacy(session: Session, actor: Actor, *, office: Any, participant: Any, person: Any = "",
                  endorsed_by: Any = None, recommended_by_en: Any = "", recommended_by_fr: Any = "") -> Candidacy:
    """A candidacy endorsed by a regional group or recommended (e.g. by the preparatory committee)."""
    require(actor, "bureau.manage")
    the_office = get_office(session, office)
    state = registry.find_participant(session, participant)
    if state.kind != "member_state":
        raise InvalidInput(f"{state.name_en} may not stand for office ({state.kind.replace('_', ' ')})")
    endorsed_by = endorsed_by or None
    if endorsed_by is not None:
        if endorsed_by not in REGIONAL_GROUPS:
            raise InvalidInput(f"endorsed_by: {endorsed_by!r} is not a regional group")
        if endorsed_by != state.regional_group:
            raise InvalidInput(f"endorsed_by: {state.name_en} is not a member of the {endorsed_by} group")
    recommended_by_en = _text(recommended_by_en, "recommended_by_en")
    recommended_by_fr = _text(recommended_by_fr, "recommended_by_fr")
    if endorsed_by is None and not (recommended_by_en or recommended_by_fr):
        raise InvalidInput("a candidacy is endorsed by a regional group (endorsed_by) or recommended (recommended_by_en)")
    exists = session.scalar(select(Candidacy).where(Candidacy.office_id == the_office.id,
                                                    Candidacy.participant_id == state.id))
    if exists is not None:
        raise Conflict(f"{state.name_en} is already a candidate for {the_office.title_en}")
    candidacy = Candidacy(office_id=the_office.id, office=the_office, participant_id=state.id, participant=state,
                          person=_text(person, "person", max_len=200), endorsed_by=endorsed_by,
                          recommended_by_en=recommended_by_en, recommended_by_fr=recommended_by_fr or recommended_by_en)
    session.add(candidacy)
    session.flush()
    audit.record(session, actor, "bureau.candidacy", "candidacy", candidacy.id, after=_candidacy_snapshot(candidacy))
    return candidacy


def withdraw_candidacy(session: Session, actor: Actor, candidacy_id: int) -> Candidacy:
    require(actor, "bureau.manage")
    candidacy = get_existing(session, Candidacy, candidacy_id, "candidacy")
    if candidacy.status != "candidate":
        raise Conflict(f"the candidacy is {candidacy.status}")
    candidacy.status = "withdrawn"
    session.flush()
    audit.record(session, actor, "bureau.withdraw", "candidacy", candidacy.id, before={"status": "candidate"},
                 after={"status": "withdrawn"})
    return candidacy


def candidacies(session: Session, office: Office | None = None, *, status: str | None = None) -> list[Candidacy]:
    stmt = select(Candidacy).order_by(Candidacy.id)
    if office is not None:
        stmt = stmt.where(Candidacy.office_id == office.id)
    if status:
        stmt = stmt.where(Candidacy.status == status)
    return list(session.scalars(stmt))


# --- elections --------------------------------------------------------------------------------

def get_election(session: Session, election_id: int) -> Election:
    return get_existing(session, Election, election_id, "election")


def list_elections(session: Session) -> list[Election]:
    return list(session.scalars(select(Election).order_by(Election.id)))


def open_election(session: Session, actor: Actor, *, office: Any, meeting: Any, seats: Any = None,
                  agenda_item: Any = None, illustrative: bool = False) -> Election:
    require(actor, "bureau.elect")
    the_office = get_office(session, office)
    the_meeting = registry.get_meeting(session, meeting)
    vacant = the_office.seats - len(the_office.holders)
    seats = vacant if seats in (None, "") else _whole(seats, "seats", minimum=1)
    if vacant <= 0:
        raise Conflict(f"every seat of {the_office.title_en} is filled")
    if seats > vacant:
        raise InvalidInput(f"seats: only {vacant} seat(s) of {the_office.title_en} are vacant")
    running = session.scalar(select(Election).where(Election.office_id == the_office.id, Election.status == "open"))
    if running is not None:
        raise Conflict(f"an election to {the_office.title_en} is already under way (no. {running.id})")
    label = registry.find_agenda_item(session, agenda_item).label if agenda_item not in (None, "") else None
    election = Election(office_id=the_office.id, office=the_office, meeting_id=the_meeting.id, meeting=the_meeting,
                        agenda_item=label, seats=seats, status="open", illustrative=bool(illustrative))
    session.add(election)
    session.flush()
    audit.record(session, actor, "bureau.election.open", "election", election.id,
                 after={"office": the_office.key, "meeting": the_meeting.number, "seats": seats})
    return election


def _open(session: Session, election_id: int) -> Election:
    election = get_election(session, election_id)
    if election.status != "open":
        raise Conflict(f"the election to {election.office.title_en} is {election.status}")
    return election


def _seat(session: Session, election: Election, candidacy: Candidacy, how: str) -> OfficeHolder:
    candidacy.status = "elected"
    holder = OfficeHolder(office_id=election.office_id, participant_id=candidacy.participant_id,
                          participant=candidacy.participant, person=candidacy.person, election_id=election.id,
                          since_meeting=election.meeting.number, how=how)
    election.office.holders.append(holder)
    return holder


def _elected_so_far(election: Election) -> list[int]:
    return [cid for r in election.rounds for cid in r.outcome.get("elected", []) + r.outcome.get("drawn", [])]


def election_dict(session: Session, e: Election) -> dict:
    cands = {c.id: c for c in candidacies(session, e.office)}

    def name(cid: int) -> str:
        c = cands.get(cid)
        return c.participant.name_en if c else str(cid)

    return {"id": e.id, "office": e.office.key, "office_title_en": e.office.title_en,
            "office_title_fr": e.office.title_fr, "meeting": e.meeting.number, "agenda_item": e.agenda_item,
            "seats": e.seats, "method": e.method, "status": e.status, "decision": e.decision_id,
            "candidates": [{"id": c.id, "participant": c.participant.name_en, "person": c.person,
                            "status": c.status, "endorsed_by": c.endorsed_by,
                            "recommended_by": c.recommended_by_en} for c in cands.values()],
            "elected": [name(cid) for cid in _elected_so_far(e)],
            "rounds": [{"number": r.number, "restricted": r.restricted, "seats": r.seats,
                        "ballots_cast": r.ballots_cast, "invalid": r.invalid, "abstentions": r.abstentions,
                        "present": r.present, "present_and_voting": r.outcome.get("present_and_voting"),
                        "required": r.outcome.get("required"),
                        "votes": sorted(({"candidate": name(int(k)), "votes": v} for k, v in r.counts.items()),
                                        key=lambda x: -x["votes"]),
                        "elected": [name(c) for c in r.outcome.get("elected", [])],
                        "next_ballot_restricted_to": [name(c) for c in r.outcome.get("next_candidates", [])],
                        "lot_among": [name(c) for c in r.outcome.get("lot_among", [])],
                        "drawn_by_lot": [name(c) for c in r.outcome.get("drawn", [])]} for r in e.rounds]}


def _complete(session: Session, actor: Actor, election: Election, how: str) -> None:
    election.status = "completed"
    for c in candidacies(session, election.office, status="candidate"):
        c.status = "not_elected"
    session.flush()
    names = [c.participant.name_en + (f" ({c.person})" if c.person else "")
             for c in candidacies(session, election.office) if c.id in _elected_so_far(election)]
    text = f"{election.office.title_en}: " + ", ".join(names) if names else f"{election.office.title_en}: no one elected"
    decision = procedure.record_decision(
        session, actor, election.meeting.number, _subject_for(election), how, agenda_item=election.agenda_item,
        result="elected" if names else "rejected", text=text, illustrative=election.illustrative)
    election.decision_id = decision.id
    session.flush()


def _subject_for(election: Election) -> str:
    return f"election_of_{election.office.key}" + ("s" if election.office.seats > 1 else "")


def _publish(session: Session, election: Election) -> None:
    events.publish(session, procedure.meeting_stream(election.meeting.number), "election",
                   {"meeting": election.meeting.number, "election": election_dict(session, election)})


def elect_by_acclamation(session: Session, actor: Actor, election_id: int) -> Election:
    """When there are no more candidates than seats, they are declared elected by acclamation."""
    require(actor, "bureau.elect")
    election = _open(session, election_id)
    if election.rounds:
        raise Conflict("balloting has begun: the election continues by secret ballot")
    standing = candidacies(session, election.office, status="candidate")
    if not standing:
        raise Conflict(f"there is no candidate for {election.office.title_en}")
    if not rules.can_acclaim(len(standing), election.seats):
        raise Conflict(f"{len(standing)} candidates for {election.seats} seat(s): the election is held by secret ballot")
    election.method = "acclamation"
    round_ = BallotRound(election_id=election.id, number=0, restricted=False, candidates=[c.id for c in standing],
                         seats=election.seats, ballots_cast=0, counts={},
                         outcome={"elected": [c.id for c in standing], "acclamation": True})
    election.rounds.append(round_)
    for c in standing:
        _seat(session, election, c, "acclamation")
    session.flush()
    _complete(session, actor, election, "acclamation")
    audit.record(session, actor, "bureau.election.acclamation", "election", election.id,
                 after={"elected": [c.participant.key for c in standing]})
    _publish(session, election)
    return election


def _resolve_candidacy(session: Session, election: Election, ref: Any) -> Candidacy:
    cands = candidacies(session, election.office)
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        found = next((c for c in cands if c.id == int(ref)), None)
        if found is None:
            raise InvalidInput(f"{ref} is not a candidacy for {election.office.title_en}")
        return found
    state = registry.find_participant(session, ref)
    found = next((c for c in cands if c.participant_id == state.id), None)
    if found is None or found.status == "withdrawn":
        raise InvalidInput(f"{state.name_en} is not a candidate for {election.office.title_en}: "
                           "a ballot for them cannot be counted")
    return found


def enter_ballot(session: Session, actor: Actor, election_id: int, *, votes: Any, ballots_cast: Any,
                 invalid: Any = 0, abstentions: Any = 0, present: Any = None, drawn: Any = None) -> BallotRound:
    """Enter the count of one round of a secret ballot. The engine says who has the required
    majority, and whether a restricted ballot follows or a tie is decided by lot (`drawn`: the
    candidates the President drew, else the lot is drawn here)."""
    require(actor, "bureau.ballots")
    election = _open(session, election_id)
    if not isinstance(votes, dict) or not votes:
        raise InvalidInput("votes: an object candidate -> votes")
    params = current_parameters(session)
    elected = _elected_so_far(election)
    seats = election.seats - len(elected)
    previous = election.rounds[-1] if election.rounds else None
    restricted = bool(previous and previous.outcome.get("next_candidates"))
    if restricted:
        allowed = set(previous.outcome["next_candidates"])
    else:
        allowed = {c.id for c in candidacies(session, election.office, status="candidate")}
    if not restricted and len(allowed) <= seats and not election.rounds:
        raise Conflict(f"{len(allowed)} candidate(s) for {seats} seat(s): elect by acclamation")
    counts: dict[int, int] = {}
    names: dict[int, str] = {}
    for ref, n in votes.items():
        c = _resolve_candidacy(session, election, ref)
        names[c.id] = c.participant.name_en
        if c.id in counts:
            raise InvalidInput(f"{c.participant.name_en} is counted twice")
        counts[c.id] = n
    for cid in allowed:
        counts.setdefault(cid, 0)
    ballot = rules.Ballot(counts=counts, ballots_cast=_whole(ballots_cast, "ballots_cast"),
                          invalid=_whole(invalid or 0, "invalid"), abstentions=_whole(abstentions or 0, "abstentions"),
                          present=None if present in (None, "") else _whole(present, "present"))
    ballot.validate(allowed=allowed, seats=seats, entitled=len(voters(session)), names=names, restricted=restricted)
    outcome = rules.tally_round(counts, seats=seats, present_and_voting=ballot.present_and_voting,
                                restricted=restricted, params=params, present=ballot.present,
                                members=len(voters(session)))
    result = outcome.to_dict()
    result["drawn"] = []
    if outcome.lot_among:
        if drawn in (None, "", []):
            chosen = secrets.SystemRandom().sample(outcome.lot_among, outcome.lot_seats)
        else:
            if not isinstance(drawn, list):
                drawn = [drawn]
            chosen = [_resolve_candidacy(session, election, d).id for d in drawn]
            if len(set(chosen)) != outcome.lot_seats or not set(chosen) <= set(outcome.lot_among):
                raise InvalidInput(f"drawn: {outcome.lot_seats} of the candidates tied "
                                   f"({', '.join(names.get(c, str(c)) for c in outcome.lot_among)})")
        result["drawn"] = chosen
    elif drawn not in (None, "", []):
        raise InvalidInput("drawn: there is no tie to decide by lot")
    round_ = BallotRound(election_id=election.id, number=len(election.rounds) + 1, restricted=restricted,
                         candidates=sorted(allowed), seats=seats, ballots_cast=ballot.ballots_cast,
                         invalid=ballot.invalid, abstentions=ballot.abstentions, present=ballot.present,
                         counts={str(k): v for k, v in counts.items()}, outcome=result)
    election.rounds.append(round_)
    election.method = "secret_ballot"
    by_id = {c.id: c for c in candidacies(session, election.office)}
    for cid in outcome.elected + result["drawn"]:
        _seat(session, election, by_id[cid], "secret_ballot")
    session.flush()
    audit.record(session, actor, "bureau.ballot", "election", election.id,
                 after={"round": round_.number, "counts": round_.counts, "outcome": result})
    if not result["next_candidates"]:
        _complete(session, actor, election, "secret_ballot")
    _publish(session, election)
    return round_


# --- appointments -----------------------------------------------------------------------------

def appointment_dict(a: Appointment) -> dict:
    return {"id": a.id, "role": a.role, "person": a.person,
            "participant": a.participant.name_en if a.participant else None,
            "topic_en": a.topic_en, "topic_fr": a.topic_fr, "appointed_by_en": a.appointed_by_en,
            "appointed_by_fr": a.appointed_by_fr, "illustrative": a.illustrative}


def appoint(session: Session, actor: Actor, *, role: Any, person: Any, participant: Any = None, topic_en: Any = "",
            topic_fr: Any = "", appointed_by_en: Any = "", appointed_by_fr: Any = "",
            illustrative: bool = False) -> Appointment:
    """A facilitator or moderator appointed by the President."""
    require(actor, "bureau.appoint")
    if role not in APPOINTMENT_ROLES:
        raise InvalidInput(f"role: one of {', '.join(APPOINTMENT_ROLES)}")
    person = _text(person, "person", max_len=200, required=True)
    state = registry.find_participant(session, participant) if participant not in (None, "") else None
    a = Appointment(role=role, person=person, participant_id=state.id if state else None, participant=state,
                    topic_en=_text(topic_en, "topic_en", max_len=1000), topic_fr=_text(topic_fr, "topic_fr", max_len=1000),
                    appointed_by_en=_text(appointed_by_en, "appointed_by_en", max_len=200) or "the President",
                    appointed_by_fr=_text(appointed_by_fr, "appointed_by_fr", max_len=200) or "le Président",
                    illustrative=bool(illustrative))
    session.add(a)
    session.flush()
    audit.record(session, actor, "bureau.appoint", "appointment", a.id, after=appointment_dict(a))
    return a


def remove_appointment(session: Session, actor: Actor, appointment_id: int) -> None:
    require(actor, "bureau.appoint")
    a = get_existing(session, Appointment, appointment_id, "appointment")
    before = appointment_dict(a)
    session.delete(a)
    session.flush()
    audit.record(session, actor, "bureau.unappoint", "appointment", appointment_id, before=before)


def list_appointments(session: Session) -> list[Appointment]:
    return list(session.scalars(select(Appointment).order_by(Appointment.role, Appointment.id)))


# --- the Bureau as a whole --------------------------------------------------------------------

def holder_dict(h: OfficeHolder) -> dict:
    p: Participant = h.participant
    return {"participant": p.name_en, "participant_fr": p.name_fr, "key": p.key, "person": h.person,
            "regional_group": p.regional_group, "since_meeting": h.since_meeting, "how": h.how}


def bureau_dict(session: Session) -> dict:
    return {"offices": [{"key": o.key, "title_en": o.title_en, "title_fr": o.title_fr, "seats": o.seats,
                         "holders": [holder_dict(h) for h in o.holders]} for o in list_offices(session)],
            "distribution": distribution(session), "balance": balance(session),
            "appointments": [appointment_dict(a) for a in list_appointments(session)]}
