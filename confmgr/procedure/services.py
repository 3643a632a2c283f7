"""Use cases of the rules of procedure: the text and parameters, motions, votes and decisions.

Each takes the session and the acting user; none commits. `record_decision` is the one service
every domain calls to store a decision on a meeting (the credentials report, elections...).
"""
from __future__ import annotations

import re
import secrets
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from confmgr.core import audit, events, streams
from confmgr.core.actor import Actor
from confmgr.core.errors import Conflict, InvalidInput, NotFound
from confmgr.core.permissions import require
from confmgr.core.models import get_existing
from confmgr.procedure import rules
from confmgr.procedure.models import Decision, Motion, MotionSpeaker, RuleOfProcedure, Vote, VoteEntry
from confmgr.procedure.parameters import ProcedureParameters
from confmgr.procedure.settings import current_parameters, settings_row
from confmgr.procedure.voting_rights import entitled_to_vote, voters, why_not_entitled
from confmgr.registry import services as registry
from confmgr.registry.models import Meeting, Participant

RESULTS = ("adopted", "rejected", "elected", "appointed")
VOTE_HOW = {"recorded": "recorded_vote", "non_recorded": "non_recorded_vote", "roll_call": "roll_call"}
# Subjects whose adoption freezes the parameters and the text of the rules.
RULES_SUBJECT = "rules_of_procedure"
AMENDMENT_SUBJECT = "amendment_of_rules"


# --- the live stream of a meeting ----------------------------------------------------------------

def meeting_stream(number: int) -> str:
    return f"meeting:{number}"


def _check_meeting_stream(session: Session, actor: Actor, key: str) -> None:
    if not key.isdigit():
        raise NotFound(f"meeting {key!r} not found")
    registry.get_meeting(session, int(key))  # public: anyone may follow a meeting


streams.register("meeting", _check_meeting_stream)


# --- the text of the rules ------------------------------------------------------------------------

def list_rules(session: Session, query: str | None = None) -> list[RuleOfProcedure]:
    stmt = select(RuleOfProcedure).order_by(RuleOfProcedure.position, RuleOfProcedure.id)
    if query and query.strip():
        like = f"%{query.strip().lower()}%"
        conditions = [func.lower(getattr(RuleOfProcedure, c)).like(like)
                      for c in ("title_en", "title_fr", "text_en", "text_fr", "chapter")]
        q = query.strip()
        stmt = stmt.where(or_(*conditions, RuleOfProcedure.number == q.removeprefix("rule ").strip()))
    return list(session.scalars(stmt))


def get_rule(session: Session, number: str) -> RuleOfProcedure:
    rule = session.scalar(select(RuleOfProcedure).where(RuleOfProcedure.number == str(number).strip()))
    if rule is None:
        raise NotFound(f"rule {number} not found")
    return rule


def rule_dict(r: RuleOfProcedure) -> dict:
    return {"number": r.number, "chapter": r.chapter, "title_en": r.title_en, "title_fr": r.title_fr,
            "text_en": r.text_en, "text_fr": r.text_fr, "illustrative": r.illustrative}


def _amendment(session: Session, decision_id: Any) -> Decision | None:
    """Changing the rules after their adoption needs an adopted decision to amend them, used once."""
    row = settings_row(session)
    if not row.adopted:
        return None
    if decision_id in (None, ""):
        raise Conflict(f"the rules of procedure were adopted at meeting {row.adopted_at_meeting}: "
                       f"changing them needs a decision (give the id of an adopted '{AMENDMENT_SUBJECT}' decision)")
    try:
        decision = session.get(Decision, int(decision_id))
    except (TypeError, ValueError):
        raise InvalidInput("decision: the id of a decision") from None
    if decision is None:
        raise NotFound(f"decision {decision_id} not found")
    if decision.subject != AMENDMENT_SUBJECT or decision.result != "adopted":
        raise Conflict(f"decision {decision.id} is not an adopted decision to amend the rules of procedure")
    if decision.id in (row.amendments_applied or []):
        raise Conflict(f"decision {decision.id} has already been applied")
    return decision


def _mark_applied(session: Session, decision: Decision | None) -> None:
    if decision is not None:
        row = settings_row(session)
        row.amendments_applied = [*(row.amendments_applied or []), decision.id]


def _text(value: Any, field: str, *, max_len: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: text expected")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{field}: required")
    if len(value) > max_len:
        raise InvalidInput(f"{field}: at most {max_len} characters")
    return value


def _rule_number(value: Any) -> str:
    number = str(value or "").strip()
    if not re.fullmatch(r"\d{1,4}[a-z]?( bis)?", number):
        raise InvalidInput(f"number: {number!r} is not a rule number such as 12 or 12 bis")
    return number


def _position(number: str) -> int:
    m = re.match(r"(\d+)", number)
    return int(m.group(1)) * 10 + (5 if not number.isdigit() else 0)


def save_rule(session: Session, actor: Actor, *, number: Any, title_en: Any = "", text_en: Any = "",
              title_fr: Any = "", text_fr: Any = "", chapter: Any = "", illustrative: bool = False,
              decision: Any = None) -> RuleOfProcedure:
    """Enter or correct one rule."""
    require(actor, "procedure.rules")
    number = _rule_number(number)
    fields = {"title_en": _text(title_en, "title_en", max_len=300), "title_fr": _text(title_fr, "title_fr", max_len=300),
              "text_en": _text(text_en, "text_en", max_len=20_000), "text_fr": _text(text_fr, "text_fr", max_len=20_000),
              "chapter": _text(chapter, "chapter", max_len=300)}
    if not (fields["text_en"] or fields["text_fr"]):
        raise InvalidInput("text_en or text_fr: the rule needs its text")
    if not (fields["title_en"] or fields["title_fr"]):
        raise InvalidInput("title_en or title_fr: the rule needs a title")
    amendment = _amendment(session, decision)
    rule = session.scalar(select(RuleOfProcedure).where(RuleOfProcedure.number == number))
    before = rule_dict(rule) if rule else None
    if rule is None:
        rule = RuleOfProcedure(number=number, position=_position(number))
        session.add(rule)
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.illustrative = bool(illustrative)
    _mark_applied(session, amendment)
    session.flush()
    audit.record(session, actor, "rules.save", "rule_of_procedure", number, before=before, after=rule_dict(rule))
    return rule


def delete_rule(session: Session, actor: Actor, number: str, *, decision: Any = None) -> None:
    require(actor, "procedure.rules")
    rule = get_rule(session, number)
    amendment = _amendment(session, decision)
    before = rule_dict(rule)
    session.delete(rule)
    _mark_applied(session, amendment)
    session.flush()
    audit.record(session, actor, "rules.delete", "rule_of_procedure", number, before=before)


def import_rules(session: Session, actor: Actor, text: Any, *, language: str = "en", illustrative: bool = False,
                 decision: Any = None) -> list[RuleOfProcedure]:
    """Enter the text of the rules from plain text (`Rule 1` / title / text...), replacing the rules
    of the same numbers in that language."""
    require(actor, "procedure.rules")
    if language not in ("en", "fr"):
        raise InvalidInput("language: en or fr")
    if isinstance(text, str) and len(text) > 500_000:
        raise InvalidInput("text: at most 500000 characters")
    parsed = rules.parse_rules_text(text)
    for r in parsed:
        _rule_number(r["number"])
        if len(r["title"]) > 300:
            raise InvalidInput(f"rule {r['number']}: the title is longer than 300 characters")
    amendment = _amendment(session, decision)
    stored = []
    for r in parsed:
        rule = session.scalar(select(RuleOfProcedure).where(RuleOfProcedure.number == r["number"]))
        if rule is None:
            rule = RuleOfProcedure(number=r["number"], position=_position(r["number"]))
            session.add(rule)
        setattr(rule, f"title_{language}", r["title"])
        setattr(rule, f"text_{language}", r["text"])
        if r["chapter"]:
            rule.chapter = r["chapter"]
        rule.illustrative = bool(illustrative)
        stored.append(rule)
    _mark_applied(session, amendment)
    session.flush()
    audit.record(session, actor, "rules.import", "rule_of_procedure", None,
                 after={"language": language, "numbers": [r["number"] for r in parsed]})
    return stored


# --- parameters -----------------------------------------------------------------------------------

def settings_dict(session: Session) -> dict:
    row = settings_row(session)
    return {"parameters": current_parameters(session).to_dict(), "adopted": row.adopted,
            "adopted_at_meeting": row.adopted_at_meeting, "document": row.document, "frozen": row.adopted}


def update_parameters(session: Session, actor: Actor, changes: dict, *, decision: Any = None) -> ProcedureParameters:
    """Change some parameters. Until the rules are adopted the secretariat may; after, only by applying
    an adopted decision to amend them."""
    require(actor, "procedure.rules")
    if not isinstance(changes, dict) or not changes:
        raise InvalidInput("parameters: an object with the parameters to change")
    row = settings_row(session)
    before = current_parameters(session).to_dict()
    merged = dict(before)
    for name, value in changes.items():
        if name in ("time_limits", "majorities") and isinstance(value, dict):
            merged[name] = {**before[name], **value}
        else:
            merged[name] = value
    params = ProcedureParameters.from_dict(merged)
    if params.roll_call_first_state:
        found = session.scalar(select(Participant).where(Participant.key == params.roll_call_first_state))
        if found is None or found.kind != "member_state":
            raise InvalidInput(f"roll_call_first_state: {params.roll_call_first_state!r} is not a member State")
    amendment = _amendment(session, decision)
    row.parameters = params.to_dict()
    _mark_applied(session, amendment)
    session.flush()
    audit.record(session, actor, "procedure.parameters", "procedure_settings", row.id, before=before,
                 after={**row.parameters, "decision": amendment.id if amendment else None})
    return params


def set_rules_document(session: Session, actor: Actor, symbol: str) -> None:
    require(actor, "procedure.rules")
    parsed = registry.parse_or_refuse(symbol)
    row = settings_row(session)
    if row.adopted:
        raise Conflict("the rules of procedure are adopted: their document is fixed")
    before = row.document
    row.document = parsed.text
    session.flush()
    audit.record(session, actor, "procedure.document", "procedure_settings", row.id, before={"document": before},
                 after={"document": row.document})


# --- decisions ------------------------------------------------------------------------------------

def _subject(value: Any) -> str:
    subject = str(value or "").strip()
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,59}", subject):
        raise InvalidInput(f"subject: {subject!r} is not a subject name such as agenda or credentials_report")
    return subject


def _agenda_label(session: Session, agenda_item: Any) -> str | None:
    if agenda_item in (None, ""):
        return None
    return registry.find_agenda_item(session, agenda_item).label


def decision_dict(d: Decision) -> dict:
    data = {"id": d.id, "meeting": d.meeting.number, "agenda_item": d.agenda_item, "subject": d.subject,
            "how": d.how, "documents": list(d.documents or []), "document": (d.documents or [None])[0],
            "text": d.text, "result": d.result, "motion": d.motion_id, "vote": d.vote_id,
            "illustrative": d.illustrative}
    if d.majority:
        data["votes"] = {"majority": d.majority, "yes": d.yes, "no": d.no, "abstain": d.abstain,
                         "present": d.present, "present_and_voting": d.present_and_voting, "required": d.required,
                         "result": d.result, "threshold": d.threshold, "explanation": decision_explanation(d)}
        data["explanation"] = data["votes"]["explanation"]
    return data


def decision_explanation(d: Decision, lang: str = "en") -> str | None:
    """How the engine reached a vote's result, in words (None for a decision without a vote)."""
    if not d.majority or not d.threshold:
        return None
    return rules.explain(d.threshold, yes=d.yes or 0, no=d.no or 0, required=d.required or 0, outcome=d.result,
                         lang=lang)


VOTING_METHODS = ("recorded_vote", "non_recorded_vote", "roll_call", "secret_ballot")


def record_decision_without_vote(session: Session, actor: Actor, meeting_number: int, subject: str, how: str,
                                 **fields) -> Decision:
    """A decision taken without a motion before the meeting: by consensus, acclamation or without a vote.

    A vote is taken on a motion and an election through its ballots, so that the engine computes the
    result; recording one here would bypass the count.
    """
    if how in VOTING_METHODS:
        raise InvalidInput("a vote is taken on a motion (POST /api/v1/motions/<id>/votes) and an election "
                           "through /api/v1/elections, so that the engine computes the result")
    return record_decision(session, actor, meeting_number, subject, how, **fields)


def record_decision(session: Session, actor: Actor, meeting_number: int, subject: str, how: str,
                    document: str | None = None, agenda_item: str | None = None, result: str | None = None,
                    text: str = "", *, documents: list[str] | None = None, motion: Motion | None = None,
                    vote: Vote | None = None, vote_result: rules.VoteResult | None = None,
                    illustrative: bool = False) -> Decision:
    """Store a decision on a meeting and announce it on the meeting's stream (`decision` event).

    `how`: consensus, acclamation, without_vote, recorded_vote, non_recorded_vote, roll_call or
    secret_ballot. `result` defaults to adopted for a decision without a vote; a vote's result comes
    from `vote_result`. Adopting `rules_of_procedure` freezes the rules and their parameters.
    """
    require(actor, "decisions.record")
    meeting = registry.get_meeting(session, meeting_number)
    subject = _subject(subject)
    if how not in rules.HOW:
        raise InvalidInput(f"how: one of {', '.join(rules.HOW)}")
    symbols = [s for s in ([document] if document else []) + list(documents or []) if s]
    symbols = list(dict.fromkeys(registry.parse_or_refuse(s).text for s in symbols))
    label = _agenda_label(session, agenda_item)
    text = _text(text, "text", max_len=5000)
    if vote_result is not None:
        result = vote_result.outcome
    elif result is None:
        if how in ("recorded_vote", "non_recorded_vote", "roll_call"):
            raise InvalidInput("a decision by vote needs the result of the vote")
        result = "adopted"
    if result not in RESULTS:
        raise InvalidInput(f"result: one of {', '.join(RESULTS)}")
    decision = Decision(meeting_id=meeting.id, meeting=meeting, agenda_item=label, subject=subject, how=how,
                        documents=symbols, text=text, result=result, motion_id=motion.id if motion else None,
                        vote_id=vote.id if vote else None, illustrative=bool(illustrative))
    if vote_result is not None:
        for name in ("majority", "yes", "no", "abstain", "present", "present_and_voting", "required"):
            setattr(decision, name, getattr(vote_result, name))
        decision.threshold = vote_result.threshold_dict()
    row = settings_row(session)
    if subject == RULES_SUBJECT and result == "adopted" and row.adopted:
        raise Conflict(f"the rules of procedure were already adopted at meeting {row.adopted_at_meeting}")
    session.add(decision)
    session.flush()
    if subject == RULES_SUBJECT and result == "adopted":
        row.adopted = True
        row.adopted_at_meeting = meeting.number
        if symbols:
            row.document = symbols[0]
        session.flush()
    payload = decision_dict(decision)
    audit.record(session, actor, "decisions.record", "decision", decision.id, after=payload)
    events.publish(session, meeting_stream(meeting.number), "decision", {"meeting": meeting.number,
                                                                          "decision": payload})
    return decision


def list_decisions(session: Session, meeting_number: int | None = None) -> list[Decision]:
    stmt = select(Decision).order_by(Decision.id)
    if meeting_number is not None:
        stmt = stmt.where(Decision.meeting_id == registry.get_meeting(session, meeting_number).id)
    return list(session.scalars(stmt))


def get_decision(session: Session, decision_id: int) -> Decision:
    return get_existing(session, Decision, decision_id, "decision")


# --- motions --------------------------------------------------------------------------------------

def _pending(session: Session, meeting: Meeting) -> list[rules.PendingMotion]:
    rows = session.scalars(select(Motion).where(Motion.meeting_id == meeting.id,
                                                Motion.status.in_(("pending", "voting"))))
    return [rules.PendingMotion(m.id, m.kind, m.agenda_item, m.status) for m in rows]


def _items_where(session: Session, meeting: Meeting, kind: str) -> set[str]:
    rows = session.scalars(select(Motion.agenda_item).where(Motion.meeting_id == meeting.id, Motion.kind == kind,
                                                            Motion.status == "adopted"))
    return {r for r in rows if r}


def _vote_in_progress(session: Session, meeting: Meeting) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Vote).where(
        Vote.meeting_id == meeting.id, Vote.status == "open")))


def rule_on(session: Session, meeting_number: int, kind: str, *, agenda_item: Any = None,
            matter: str = "procedural", target_decision: Any = None) -> rules.Ruling:
    """Would this motion be in order now, at this meeting?"""
    meeting = registry.get_meeting(session, meeting_number)
    label = _agenda_label(session, agenda_item)
    has_target = True
    if kind == "reconsideration":
        has_target = target_decision not in (None, "") and _target(session, target_decision) is not None
    return rules.rule_on_motion(kind, matter=matter, agenda_item=label, pending=_pending(session, meeting),
                                vote_in_progress=_vote_in_progress(session, meeting),
                                closed_items=_items_where(session, meeting, "close_debate"),
                                adjourned_items=_items_where(session, meeting, "adjourn_debate"),
                                has_target=has_target, params=current_parameters(session))


def _target(session: Session, decision_id: Any) -> Decision:
    try:
        return get_decision(session, int(decision_id))
    except (TypeError, ValueError):
        raise InvalidInput("target_decision: the id of a decision") from None


def motion_dict(session: Session, m: Motion) -> dict:
    params = current_parameters(session)
    return {"id": m.id, "meeting": m.meeting.number, "agenda_item": m.agenda_item, "kind": m.kind,
            "matter": m.matter, "subject": m.subject, "text": m.text, "document": m.document,
            "moved_by": m.moved_by.name_en if m.moved_by else None, "majority": m.majority, "status": m.status,
            "consensus_exhausted": m.consensus_exhausted, "target_decision": m.target_decision_id,
            "takes_precedence_over": rules.takes_precedence_over(m.kind, params),
            "speakers": [{"participant": s.participant.name_en, "side": s.side} for s in m.speakers]}


def propose_motion(session: Session, actor: Actor, meeting_number: int, kind: str, *, agenda_item: Any = None,
                   matter: str = "procedural", subject: str = "", text: str = "", document: str | None = None,
                   moved_by: Any = None, target_decision: Any = None) -> tuple[Motion, rules.Ruling]:
    """Record a proposal or procedural motion; refused with the reason when it is out of order."""
    require(actor, "procedure.conduct")
    meeting = registry.get_meeting(session, meeting_number)
    if kind not in rules.MOTION_KINDS:
        raise InvalidInput(f"kind: one of {', '.join(rules.MOTION_KINDS)}")
    rules.check_matter(matter, current_parameters(session))
    if kind != "proposal":
        matter = "procedural"
    mover = None
    if moved_by not in (None, ""):
        mover = registry.find_participant(session, moved_by)
        reason = why_not_entitled(session, mover)
        if reason:
            raise InvalidInput(f"moved_by: {reason}")
    target = _target(session, target_decision) if kind == "reconsideration" and target_decision not in (None, "") else None
    subject = _subject(subject) if subject else (kind if kind != "proposal" else "")
    if kind == "proposal" and not subject:
        raise InvalidInput("subject: a proposal says what it decides (agenda, rules_of_procedure...)")
    symbol = registry.parse_or_refuse(document).text if document else None
    ruling = rule_on(session, meeting.number, kind, agenda_item=agenda_item, matter=matter,
                     target_decision=target.id if target else None)
    if not ruling.in_order:
        raise Conflict(f"out of order: {ruling.reason}")
    motion = Motion(meeting_id=meeting.id, meeting=meeting, agenda_item=_agenda_label(session, agenda_item),
                    kind=kind, matter=matter, subject=subject, text=_text(text, "text", max_len=5000), document=symbol,
                    moved_by_id=mover.id if mover else None, target_decision_id=target.id if target else None,
                    majority=ruling.majority, status="pending")
    session.add(motion)
    session.flush()
    audit.record(session, actor, "motions.propose", "motion", motion.id, after=motion_dict(session, motion))
    return motion, ruling


def get_motion(session: Session, motion_id: int) -> Motion:
    return get_existing(session, Motion, motion_id, "motion")


def list_motions(session: Session, meeting_number: int) -> list[Motion]:
    meeting = registry.get_meeting(session, meeting_number)
    return list(session.scalars(select(Motion).where(Motion.meeting_id == meeting.id).order_by(Motion.id)))


def pending_in_order(session: Session, meeting_number: int) -> list[Motion]:
    """Pending motions in the order they are to be decided (precedence, then order moved)."""
    params = current_parameters(session)
    pending = [m for m in list_motions(session, meeting_number) if m.status in ("pending", "voting")]
    return sorted(pending, key=lambda m: (rules.rank(m.kind, params), m.id))


def _open_motion(session: Session, motion_id: int) -> Motion:
    motion = get_motion(session, motion_id)
    if motion.status not in ("pending",):
        raise Conflict(f"motion {motion.id} is {motion.status}, not pending")
    return motion


def _check_turn(session: Session, motion: Motion) -> None:
    blocker = rules.blocking_motion(motion.kind, motion.id, _pending(session, motion.meeting),
                                    current_parameters(session))
    if blocker is not None:
        raise Conflict(f"out of order: the motion to {blocker.kind.replace('_', ' ')} (no. {blocker.id}) "
                       "takes precedence and must be decided first")


def add_motion_speaker(session: Session, actor: Actor, motion_id: int, participant: Any, side: str) -> MotionSpeaker:
    """Hear a speaker for or against a motion (two each way on adjournment and closure of debate)."""
    require(actor, "procedure.conduct")
    motion = _open_motion(session, motion_id)
    speaker = registry.find_participant(session, participant)
    if speaker.kind in ("ngo",):
        raise InvalidInput(f"{speaker.name_en} may not speak on a procedural motion")
    heard_for = sum(1 for s in motion.speakers if s.side == "for")
    heard_against = sum(1 for s in motion.speakers if s.side == "against")
    rules.check_motion_speaker(motion.kind, side, heard_for, heard_against, current_parameters(session))
    if any(s.participant_id == speaker.id for s in motion.speakers):
        raise Conflict(f"{speaker.name_en} has already spoken on this motion")
    entry = MotionSpeaker(motion_id=motion.id, participant_id=speaker.id, side=side, participant=speaker)
    motion.speakers.append(entry)
    session.flush()
    audit.record(session, actor, "motions.speaker", "motion", motion.id,
                 after={"participant": speaker.key, "side": side})
    return entry


def declare_consensus_exhausted(session: Session, actor: Actor, motion_id: int) -> Motion:
    require(actor, "procedure.conduct")
    motion = _open_motion(session, motion_id)
    motion.consensus_exhausted = True
    session.flush()
    audit.record(session, actor, "motions.consensus_exhausted", "motion", motion.id, after={"consensus_exhausted": True})
    return motion


def withdraw_motion(session: Session, actor: Actor, motion_id: int) -> Motion:
    require(actor, "procedure.conduct")
    motion = _open_motion(session, motion_id)
    motion.status = "withdrawn"
    session.flush()
    audit.record(session, actor, "motions.withdraw", "motion", motion.id, before={"status": "pending"},
                 after={"status": "withdrawn"})
    return motion


def _motion_subject(motion: Motion) -> str:
    return motion.subject or motion.kind


def decide_without_vote(session: Session, actor: Actor, motion_id: int, how: str = "consensus") -> Decision:
    """Adopt a motion with no objection (consensus), by acclamation or without a vote."""
    require(actor, "procedure.conduct")
    if how not in ("consensus", "acclamation", "without_vote"):
        raise InvalidInput("how: consensus, acclamation or without_vote")
    motion = _open_motion(session, motion_id)
    _check_turn(session, motion)
    motion.status = "adopted"
    session.flush()
    decision = record_decision(session, actor, motion.meeting.number, _motion_subject(motion), how,
                               document=motion.document, agenda_item=motion.agenda_item, result="adopted",
                               text=motion.text, motion=motion)
    return decision


def _draw_first_state(session: Session, eligible: list[Participant], params: ProcedureParameters,
                      first_state: Any) -> Participant:
    if first_state not in (None, ""):
        chosen = registry.find_participant(session, first_state)
    elif params.roll_call_first_state:
        chosen = registry.find_participant(session, params.roll_call_first_state)
    else:
        chosen = secrets.SystemRandom().choice(eligible)  # drawn by lot
    if chosen not in eligible:
        raise InvalidInput(f"first_state: {chosen.name_en} is not entitled to vote")
    return chosen


def open_vote(session: Session, actor: Actor, motion_id: int, kind: str, *, first_state: Any = None) -> Vote:
    """Put a motion to the vote: recorded, non-recorded or by roll call (the roll-call sequence is
    generated alphabetically from the State drawn by lot)."""
    require(actor, "procedure.conduct")
    if kind not in rules.VOTE_KINDS:
        raise InvalidInput(f"kind: one of {', '.join(rules.VOTE_KINDS)}")
    motion = _open_motion(session, motion_id)
    _check_turn(session, motion)
    if _vote_in_progress(session, motion.meeting):
        raise Conflict("out of order: another vote is in progress")
    rules.check_vote_allowed(motion.kind, motion.matter, motion.consensus_exhausted)
    params = current_parameters(session)
    eligible = voters(session)
    if not eligible:
        raise Conflict("no State is entitled to vote")
    vote = Vote(meeting_id=motion.meeting_id, motion_id=motion.id, motion=motion, kind=kind, majority=motion.majority,
                status="open", order=[])
    if kind == "roll_call":
        first = _draw_first_state(session, eligible, params, first_state)
        lang = params.roll_call_language
        vote.first_state_id = first.id
        vote.order = rules.roll_call_order([(p.id, p.display(lang)) for p in eligible], first.id)
    motion.status = "voting"
    session.add(vote)
    session.flush()
    audit.record(session, actor, "votes.open", "vote", vote.id,
                 after={"motion": motion.id, "kind": kind, "majority": vote.majority,
                        "first_state": vote.first_state_id})
    return vote


def get_vote(session: Session, vote_id: int) -> Vote:
    return get_existing(session, Vote, vote_id, "vote")


def _open_vote(session: Session, vote_id: int) -> Vote:
    vote = get_vote(session, vote_id)
    if vote.status != "open":
        raise Conflict(f"vote {vote.id} is closed")
    return vote


def cast_vote(session: Session, actor: Actor, vote_id: int, participant: Any, position: str) -> VoteEntry:
    """Enter one State's vote (recorded or roll call; a roll call in its order)."""
    require(actor, "procedure.conduct")
    vote = _open_vote(session, vote_id)
    if vote.kind == "non_recorded":
        raise InvalidInput("a non-recorded vote is entered as totals, not State by State")
    if position not in rules.POSITIONS:
        raise InvalidInput(f"position: one of {', '.join(rules.POSITIONS)}")
    state = registry.find_participant(session, participant)
    reason = why_not_entitled(session, state)
    if reason:
        raise InvalidInput(reason)
    answered = [e.participant_id for e in vote.entries]
    if vote.kind == "roll_call":
        rules.check_roll_call_answer(vote.order, answered, state.id)
    elif state.id in answered:
        raise Conflict(f"{state.name_en} has already voted")
    entry = VoteEntry(vote_id=vote.id, participant_id=state.id, participant=state, position=position,
                      seq=len(answered) + 1)
    vote.entries.append(entry)
    session.flush()
    audit.record(session, actor, "votes.cast", "vote", vote.id, after={"participant": state.key, "position": position})
    return entry


def next_on_roll_call(vote: Vote) -> int | None:
    answered = {e.participant_id for e in vote.entries}
    return next((p for p in vote.order if p not in answered), None)


def _states_parties(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Participant).where(Participant.kind == "member_state"))


def close_vote(session: Session, actor: Actor, vote_id: int, *, yes: Any = None, no: Any = None, abstain: Any = None,
               present: Any = None) -> Decision:
    """Close the vote: the engine computes present and voting, the majority required and the result,
    and the decision is stored on the meeting."""
    require(actor, "procedure.conduct")
    vote = _open_vote(session, vote_id)
    params = current_parameters(session)
    entitled = len(voters(session))
    if vote.kind == "non_recorded":
        if yes is None or no is None:
            raise InvalidInput("yes and no: the totals of a non-recorded vote")
        tally = rules.Tally(yes=yes, no=no, abstain=0 if abstain is None else abstain, present=present)
    else:
        if vote.kind == "roll_call" and next_on_roll_call(vote) is not None:
            raise Conflict("the roll call is not finished: every State called answers (or is marked absent)")
        counts = {p: sum(1 for e in vote.entries if e.position == p) for p in rules.POSITIONS}
        if not vote.entries:
            raise InvalidInput("no vote has been entered")
        voted = counts["yes"] + counts["no"] + counts["abstain"]
        tally = rules.Tally(yes=counts["yes"], no=counts["no"], abstain=counts["abstain"],
                            present=voted if present in (None, "") else present)
    result = rules.compute_result(tally, vote.majority, params, entitled=entitled,
                                  states_parties=_states_parties(session))
    vote.status = "closed"
    vote.yes, vote.no, vote.abstain, vote.present = result.yes, result.no, result.abstain, result.present
    motion = vote.motion
    motion.status = result.outcome
    session.flush()
    decision = record_decision(session, actor, motion.meeting.number, _motion_subject(motion), VOTE_HOW[vote.kind],
                               document=motion.document, agenda_item=motion.agenda_item, text=motion.text,
                               motion=motion, vote=vote, vote_result=result)
    audit.record(session, actor, "votes.close", "vote", vote.id, after=result.to_dict())
    return decision


def vote_dict(session: Session, vote: Vote) -> dict:
    names = {p.id: p for p in session.scalars(select(Participant).where(Participant.id.in_(vote.order or [0])))}
    nxt = next_on_roll_call(vote) if vote.kind == "roll_call" else None
    return {"id": vote.id, "motion": vote.motion_id, "meeting": vote.motion.meeting.number, "kind": vote.kind,
            "majority": vote.majority, "status": vote.status,
            "first_state": vote.first_state.name_en if vote.first_state else None,
            "roll_call": [{"id": pid, "name": names[pid].name_en} for pid in vote.order or [] if pid in names],
            "next": names[nxt].name_en if nxt else None,
            "entries": [{"participant": e.participant.name_en, "position": e.position, "seq": e.seq}
                        for e in vote.entries],
            "totals": {"yes": vote.yes, "no": vote.no, "abstain": vote.abstain, "present": vote.present}}


def eligible(session: Session, participant: Participant) -> bool:
    return entitled_to_vote(session, participant)
