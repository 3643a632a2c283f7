"""Use cases of the speakers' lists: set-up, inscription, the President's console, the record.

Every change to a list first takes the list's lock (`_lock`), is written to the audit log, and
publishes the list's whole state as a `speakers` event on the stream `speakers:<id>`.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from confmgr.core import audit, events, streams
from confmgr.core.actor import Actor, Role
from confmgr.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from confmgr.core.models import get_existing, utcnow
from confmgr.core.permissions import allowed, require
from confmgr.procedure.parameters import ProcedureParameters
from confmgr.procedure.settings import current_parameters
from confmgr.registry import services as registry
from confmgr.registry.models import AgendaItem, Group, Meeting, Participant
from confmgr.speakers import rules
from confmgr.speakers.models import Inscription, SpeakersList, Statement

STREAM_KIND = "speakers"
EVENT = "speakers"


def stream_name(list_id: int) -> str:
    return f"{STREAM_KIND}:{list_id}"


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _iso(value: datetime | None) -> str | None:
    value = _aware(value)
    return value.isoformat() if value is not None else None


def _datetime(value: Any, field: str) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return _aware(value)
    try:
        return _aware(datetime.fromisoformat(str(value)))
    except ValueError:
        raise InvalidInput(f"{field}: {value!r} is not a date and time (YYYY-MM-DDTHH:MM)") from None


# --- reading ------------------------------------------------------------------------------------

def get_list(session: Session, list_id: Any, *, meeting: Any = None) -> SpeakersList:
    """A list by id; with `meeting`, only if it belongs to that meeting."""
    try:
        list_id = int(list_id)
    except (TypeError, ValueError):
        raise InvalidInput(f"list: {list_id!r} is not a list number") from None
    sl = get_existing(session, SpeakersList, list_id, "speakers' list")
    _check_meeting(sl, meeting)
    return sl


def _check_meeting(sl: SpeakersList, meeting: Any) -> None:
    if meeting is not None and str(sl.meeting.number) != str(meeting).strip():
        raise NotFound(f"speakers' list {sl.id} belongs to meeting {sl.meeting.number}, not to meeting {meeting}")


def lists_for_meeting(session: Session, meeting_number: Any) -> list[SpeakersList]:
    meeting = registry.get_meeting(session, meeting_number)
    return list(session.scalars(select(SpeakersList).where(SpeakersList.meeting_id == meeting.id)
                                .order_by(SpeakersList.id)))


def all_lists(session: Session) -> list[SpeakersList]:
    return list(session.scalars(select(SpeakersList).join(Meeting).order_by(Meeting.number, SpeakersList.id)))


def _lock(session: Session, list_id: Any, *, meeting: Any = None) -> SpeakersList:
    """Take the list's lock: bumping its version makes concurrent writers wait (a row lock on
    PostgreSQL, the write lock on SQLite); then read it afresh."""
    get_list(session, list_id, meeting=meeting)
    session.execute(update(SpeakersList).where(SpeakersList.id == int(list_id))
                    .values(version=SpeakersList.version + 1)
                    .execution_options(synchronize_session=False))
    sl = session.scalars(select(SpeakersList).where(SpeakersList.id == int(list_id))
                         .with_for_update().execution_options(populate_existing=True)).one()
    return sl


def _waiting(session: Session, sl: SpeakersList) -> list[Inscription]:
    return list(session.scalars(
        select(Inscription).where(Inscription.list_id == sl.id, Inscription.status == "waiting")
        .options(selectinload(Inscription.participant), selectinload(Inscription.on_behalf_of))
        .execution_options(populate_existing=True)))


def ordered_waiting(session: Session, sl: SpeakersList, params: ProcedureParameters | None = None) -> list[Inscription]:
    params = params or current_parameters(session)
    waiting = {i.id: i for i in _waiting(session, sl)}
    entries = [rules.Entry(id=i.id, seq=i.seq, level=i.level, group=i.on_behalf_of_id is not None, reply=i.reply)
               for i in waiting.values()]
    return [waiting[e.id] for e in rules.speaking_order(entries, params, sl.adjustments or [])]


def _limit(params: ProcedureParameters, ins: Inscription) -> int:
    return rules.time_limit(params, group=ins.on_behalf_of_id is not None, reply=ins.reply)


def participant_json(p: Participant | None) -> dict | None:
    if p is None:
        return None
    return {"id": p.id, "key": p.key, "name": p.name, "name_fr": p.name_fr, "name_en": p.name_en, "kind": p.kind}


def group_json(g: Group | None) -> dict | None:
    if g is None:
        return None
    return {"id": g.id, "key": g.key, "name": g.name, "name_fr": g.name_fr, "name_en": g.name_en,
            "behalf_fr": g.behalf_fr, "behalf_en": g.behalf_en}


def _clock(sl: SpeakersList, now: datetime) -> dict:
    running_for = (now - _aware(sl.clock_running_since)).total_seconds() if sl.clock_state == "running" else None
    elapsed = rules.clock_elapsed(sl.clock_elapsed or 0.0, running_for)
    return {"state": sl.clock_state if sl.current_id else "idle", "elapsed": round(elapsed, 1),
            "banked": round(sl.clock_elapsed or 0.0, 3), "limit": sl.clock_limit,
            "running_since": _iso(sl.clock_running_since), "started_at": _iso(sl.clock_started_at),
            "overrun": round(max(elapsed - sl.clock_limit, 0.0), 1) if sl.clock_limit else 0.0}


def window_error(sl: SpeakersList, now: datetime) -> str | None:
    if sl.state == "closed":
        return "the list is closed: the President has closed it; no more inscriptions (a right of reply may still be asked)"
    if sl.opens_at and now < _aware(sl.opens_at):
        return f"inscription has not opened yet: it opens at {_iso(sl.opens_at)}"
    if sl.closes_at and now >= _aware(sl.closes_at):
        return f"inscription closed at {_iso(sl.closes_at)}"
    return None


def list_state(session: Session, sl: SpeakersList, *, now: datetime | None = None) -> dict:
    """The list's whole state, as the API returns it and as the live event carries it."""
    now = now or utcnow()
    params = current_parameters(session)
    order = ordered_waiting(session, sl, params)
    current = session.get(Inscription, sl.current_id) if sl.current_id else None
    clock = _clock(sl, now)
    heard = session.execute(select(Statement.duration, Statement.time_limit).where(
        Statement.list_id == sl.id, Statement.kind != "point_of_order")).all()
    pace_ratio = rules.pace((d, lim) for d, lim in heard)
    remaining = max(clock["limit"] - clock["elapsed"], 0.0) if current else 0.0
    limits = [_limit(params, i) for i in order]
    etas = rules.waiting_estimates(limits, current_remaining=remaining, pace_ratio=pace_ratio,
                                   default_limit=params.time_limits.national)
    speakers = []
    for position, (ins, limit, eta) in enumerate(zip(order, limits, etas), start=1):
        speakers.append({"inscription": ins.id, "position": position, "participant": participant_json(ins.participant),
                         "level": ins.level, "on_behalf_of": group_json(ins.on_behalf_of), "reply": ins.reply,
                         "limit": limit, "eta_seconds": eta})
    point = None
    if sl.poo_participant_id:
        point = {"participant": participant_json(sl.poo_participant), "raised_at": _iso(sl.poo_raised_at)}
    error = window_error(sl, now)
    return {
        "id": sl.id, "meeting": sl.meeting.number, "agenda_item": sl.agenda_item.label, "kind": sl.kind,
        "state": sl.state, "version": sl.version, "opens_at": _iso(sl.opens_at), "closes_at": _iso(sl.closes_at),
        "inscription_open": error is None, "inscription_refusal": error,
        "current": None if current is None else {
            "inscription": current.id, "participant": participant_json(current.participant), "level": current.level,
            "on_behalf_of": group_json(current.on_behalf_of), "reply": current.reply, "limit": sl.clock_limit,
            "clock": clock},
        "clock": clock, "point_of_order": point, "speakers": speakers,
        "pending_swaps": list(sl.pending_swaps or []), "heard": len(heard), "pace": round(pace_ratio, 3),
        "server_time": _iso(now),
    }


def _publish(session: Session, sl: SpeakersList) -> dict:
    session.flush()
    state = list_state(session, sl)
    events.publish(session, stream_name(sl.id), EVENT, state)
    return state


def _snapshot(sl: SpeakersList) -> dict:
    return {"state": sl.state, "current": sl.current_id, "clock": sl.clock_state,
            "elapsed": round(sl.clock_elapsed or 0.0, 1), "point_of_order": sl.poo_participant_id}


# --- set-up -------------------------------------------------------------------------------------

def create_list(session: Session, actor: Actor, meeting_number: Any, *, kind: Any, agenda_item: Any,
                opens_at: Any = None, closes_at: Any = None) -> SpeakersList:
    require(actor, "speakers.setup")
    if kind not in rules.LIST_KINDS:
        raise InvalidInput(f"kind: {kind!r} is not one of {', '.join(rules.LIST_KINDS)}")
    meeting = registry.get_meeting(session, meeting_number)
    if agenda_item in (None, ""):
        raise InvalidInput("agenda_item: required (the item under which the statements are made, e.g. 12)")
    item = registry.find_agenda_item(session, agenda_item)
    if item not in meeting.agenda_items:
        taken = ", ".join(i.label for i in meeting.agenda_items) or "none"
        raise InvalidInput(f"agenda_item: item {item.label} is not taken up at meeting {meeting.number} "
                           f"(items taken up: {taken})")
    opens, closes = _datetime(opens_at, "opens_at"), _datetime(closes_at, "closes_at")
    if opens and closes and closes <= opens:
        raise InvalidInput("closes_at: the window must close after it opens")
    clash = session.scalar(select(SpeakersList).where(SpeakersList.meeting_id == meeting.id,
                                                      SpeakersList.agenda_item_id == item.id, SpeakersList.kind == kind))
    if clash is not None:
        raise Conflict(f"meeting {meeting.number} already has a {kind} list for item {item.label} (list {clash.id})",
                       list=clash.id)
    sl = SpeakersList(meeting_id=meeting.id, agenda_item_id=item.id, kind=kind, state="open", opens_at=opens,
                      closes_at=closes, version=0, inscription_counter=0, adjustments=[], pending_swaps=[],
                      clock_state="idle", clock_elapsed=0.0, clock_limit=0)
    session.add(sl)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(f"meeting {meeting.number} already has a {kind} list for item {item.label}") from None
    audit.record(session, actor, "speakers.create", "speakers_list", sl.id,
                 after={"meeting": meeting.number, "agenda_item": item.label, "kind": kind,
                        "opens_at": _iso(opens), "closes_at": _iso(closes)})
    _publish(session, sl)
    return sl


def set_window(session: Session, actor: Actor, list_id: Any, *, opens_at: Any = None, closes_at: Any = None,
               meeting: Any = None) -> SpeakersList:
    require(actor, "speakers.setup")
    sl = _lock(session, list_id, meeting=meeting)
    opens, closes = _datetime(opens_at, "opens_at"), _datetime(closes_at, "closes_at")
    if opens and closes and closes <= opens:
        raise InvalidInput("closes_at: the window must close after it opens")
    before = {"opens_at": _iso(sl.opens_at), "closes_at": _iso(sl.closes_at)}
    sl.opens_at, sl.closes_at = opens, closes
    audit.record(session, actor, "speakers.window", "speakers_list", sl.id, before=before,
                 after={"opens_at": _iso(opens), "closes_at": _iso(closes)})
    _publish(session, sl)
    return sl


def _set_state(session: Session, actor: Actor, list_id: Any, state: str, action: str, *,
               meeting: Any = None) -> SpeakersList:
    require(actor, "speakers.chair")
    sl = _lock(session, list_id, meeting=meeting)
    if sl.state == state:
        raise Conflict(f"the list is already {state}")
    before = _snapshot(sl)
    sl.state = state
    audit.record(session, actor, action, "speakers_list", sl.id, before=before, after=_snapshot(sl))
    _publish(session, sl)
    return sl


def close_list(session: Session, actor: Actor, list_id: Any, *, meeting: Any = None) -> SpeakersList:
    return _set_state(session, actor, list_id, "closed", "speakers.close", meeting=meeting)


def reopen_list(session: Session, actor: Actor, list_id: Any, *, meeting: Any = None) -> SpeakersList:
    return _set_state(session, actor, list_id, "open", "speakers.reopen", meeting=meeting)


# --- inscription --------------------------------------------------------------------------------

def _acting_for(actor: Actor, participant: Participant, *, any_permission: str) -> None:
    """A delegate acts only for its own delegation; the roles holding `any_permission` for anyone."""
    if allowed(actor, any_permission):
        return
    if actor.role is Role.DELEGATE and actor.participant_id == participant.id:
        return
    if actor.role is Role.DELEGATE:
        raise Forbidden(f"a delegate acts only for its own delegation, not for {participant.name_fr}")
    raise Forbidden(f"not allowed: {any_permission}")


def _find_participant(session: Session, ref: Any, field: str = "participant") -> Participant:
    if ref in (None, "") or isinstance(ref, (bool, list, dict, float)):
        raise InvalidInput(f"{field}: a participant id or name")
    return registry.find_participant(session, ref)


def inscribe(session: Session, actor: Actor, list_id: Any, *, participant: Any, level: Any = "head_of_delegation",
             on_behalf_of: Any = None, additional: bool = False, meeting: Any = None) -> Inscription:
    require(actor, "speakers.inscribe")
    who = _find_participant(session, participant)
    _acting_for(actor, who, any_permission="speakers.inscribe_any")
    if additional and not allowed(actor, "speakers.inscribe_any"):
        raise Forbidden("only the secretariat may allow a delegation more than one inscription")
    sl, ins = _add_inscription(session, list_id, who, level, on_behalf_of, additional=additional, meeting=meeting)
    audit.record(session, actor, "speakers.inscribe", "speakers_list", sl.id,
                 after={"inscription": ins.id, "participant": who.key, "level": ins.level,
                        "on_behalf_of": ins.on_behalf_of.key if ins.on_behalf_of else None, "slot": ins.slot})
    _publish(session, sl)
    return ins


def _add_inscription(session: Session, list_id: Any, who: Participant, level: Any, on_behalf_of: Any, *,
                     additional: bool, meeting: Any = None) -> tuple[SpeakersList, Inscription]:
    """Check and add an inscription under the list's lock (no audit entry, no event)."""
    params = current_parameters(session)
    if level in (None, ""):
        level = "head_of_delegation"
    if level not in params.levels:
        raise InvalidInput(f"level: {level!r} is not one of {', '.join(params.levels)}")
    group = None
    if on_behalf_of not in (None, ""):
        if isinstance(on_behalf_of, (bool, list, dict, float)):
            raise InvalidInput("on_behalf_of: a group id or name, or null")
        group = registry.find_group(session, on_behalf_of)
        if who not in group.members and group.key != who.key:
            raise InvalidInput(f"on_behalf_of: {who.name_fr} is not a member of {group.name_fr}")
    sl = _lock(session, list_id, meeting=meeting)
    refusal = rules.eligibility_error(sl.kind, who.kind)
    if refusal:
        raise InvalidInput(f"participant: {refusal}")
    refusal = window_error(sl, utcnow())
    if refusal:
        raise Conflict(refusal)
    slots = list(session.scalars(select(Inscription.slot).where(
        Inscription.list_id == sl.id, Inscription.participant_id == who.id, Inscription.reply == 0)))
    if slots and not additional:
        raise Conflict(f"{who.name_fr} is already inscribed on this list")
    sl.inscription_counter = (sl.inscription_counter or 0) + 1
    ins = Inscription(list_id=sl.id, participant_id=who.id, level=level, on_behalf_of_id=group.id if group else None,
                      seq=sl.inscription_counter, slot=(max(slots) + 1) if slots else 0, reply=0, status="waiting")
    session.add(ins)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(f"{who.name_fr} is already inscribed on this list") from None
    ins.on_behalf_of = group
    return sl, ins


def _inscription_of(session: Session, sl: SpeakersList, ref: Any, *, field: str, reply: bool | None = False) -> Inscription:
    """The waiting inscription a reference names: an inscription id ({"inscription": id}) or a participant."""
    if isinstance(ref, dict) and "inscription" in ref:
        ins = session.get(Inscription, ref["inscription"]) if isinstance(ref["inscription"], int) else None
        if ins is None or ins.list_id != sl.id or ins.status != "waiting":
            raise NotFound(f"{field}: no waiting inscription {ref['inscription']} on this list")
        return ins
    who = _find_participant(session, ref, field)
    query = select(Inscription).where(Inscription.list_id == sl.id, Inscription.participant_id == who.id,
                                      Inscription.status == "waiting")
    if reply is not None:
        query = query.where((Inscription.reply != 0) if reply else (Inscription.reply == 0))
    ins = session.scalar(query.order_by(Inscription.seq).limit(1))
    if ins is None:
        raise NotFound(f"{field}: {who.name_fr} is not waiting on this list")
    return ins


def withdraw(session: Session, actor: Actor, list_id: Any, *, participant: Any, meeting: Any = None) -> None:
    require(actor, "speakers.inscribe")
    sl = _lock(session, list_id, meeting=meeting)
    ins = _inscription_of(session, sl, participant, field="participant", reply=None)
    _acting_for(actor, ins.participant, any_permission="speakers.inscribe_any")
    after = {"inscription": ins.id, "participant": ins.participant.key}
    sl.pending_swaps = [s for s in (sl.pending_swaps or []) if ins.id not in (s["a"], s["b"])]
    session.delete(ins)
    audit.record(session, actor, "speakers.withdraw", "speakers_list", sl.id, before=after)
    _publish(session, sl)


def swap(session: Session, actor: Actor, list_id: Any, *, a: Any, b: Any, meeting: Any = None) -> str:
    """Exchange the places of two waiting delegations. The President's office and the secretariat do
    it at once; a delegate asks, and the exchange happens when the other delegation agrees.
    Returns "done" or "pending"."""
    require(actor, "speakers.swap")
    sl = _lock(session, list_id, meeting=meeting)
    first = _inscription_of(session, sl, a, field="a")
    second = _inscription_of(session, sl, b, field="b")
    if first.id == second.id:
        raise InvalidInput("b: a delegation cannot exchange places with itself")
    pair = {first.id, second.id}
    if not allowed(actor, "speakers.chair"):
        mine = [i for i in (first, second) if actor.speaks_for(i.participant_id)]
        if not mine:
            raise Forbidden("a delegate may only exchange its own place")
        me = mine[0]
        pending = sl.pending_swaps or []
        asked = next((s for s in pending if {s["a"], s["b"]} == pair and s["by"] != me.id), None)
        if asked is None:
            if any({s["a"], s["b"]} == pair for s in pending):
                raise Conflict("this exchange is already asked; it awaits the other delegation's agreement")
            sl.pending_swaps = [*pending, {"a": first.id, "b": second.id, "by": me.id,
                                           "by_participant": me.participant.name_fr}]
            audit.record(session, actor, "speakers.swap_asked", "speakers_list", sl.id,
                         after={"a": first.participant.key, "b": second.participant.key})
            _publish(session, sl)
            return "pending"
        sl.pending_swaps = [s for s in pending if s is not asked]
    else:
        sl.pending_swaps = [s for s in (sl.pending_swaps or []) if {s["a"], s["b"]} != pair]
    sl.adjustments = [*(sl.adjustments or []), {"op": "swap", "a": first.id, "b": second.id}]
    audit.record(session, actor, "speakers.swap", "speakers_list", sl.id,
                 after={"a": first.participant.key, "b": second.participant.key})
    _publish(session, sl)
    return "done"


def move(session: Session, actor: Actor, list_id: Any, *, participant: Any, before: Any = None,
         meeting: Any = None) -> None:
    """The President moves a speaker before another (or to the end with before=None); recorded."""
    require(actor, "speakers.chair")
    sl = _lock(session, list_id, meeting=meeting)
    ins = _inscription_of(session, sl, participant, field="participant", reply=None)
    target = None if before in (None, "") else _inscription_of(session, sl, before, field="before", reply=None)
    if target is not None and target.id == ins.id:
        raise InvalidInput("before: a speaker cannot be moved before itself")
    if target is not None and bool(target.reply) != bool(ins.reply):
        raise InvalidInput("before: rights of reply and statements are ordered apart")
    sl.adjustments = [*(sl.adjustments or []), {"op": "move", "id": ins.id, "before": target.id if target else None}]
    audit.record(session, actor, "speakers.move", "speakers_list", sl.id,
                 after={"participant": ins.participant.key, "before": target.participant.key if target else None})
    _publish(session, sl)


def request_reply(session: Session, actor: Actor, list_id: Any, *, participant: Any, meeting: Any = None) -> Inscription:
    """A right of reply: heard after every statement, first replies before second ones."""
    require(actor, "speakers.reply")
    who = _find_participant(session, participant)
    _acting_for(actor, who, any_permission="speakers.chair")
    if who.kind not in rules.REPLY_KINDS:
        raise InvalidInput(f"participant: a {who.kind.replace('_', ' ')} has no right of reply")
    sl = _lock(session, list_id, meeting=meeting)
    used = session.scalars(select(Inscription.reply).where(
        Inscription.list_id == sl.id, Inscription.participant_id == who.id, Inscription.reply != 0))
    number = rules.reply_number(used)
    if not number:
        raise Conflict(f"{who.name_fr} has used both its rights of reply on this list")
    level = session.scalar(select(Inscription.level).where(Inscription.list_id == sl.id,
                                                           Inscription.participant_id == who.id).limit(1))
    sl.inscription_counter = (sl.inscription_counter or 0) + 1
    ins = Inscription(list_id=sl.id, participant_id=who.id, level=level or "head_of_delegation", seq=sl.inscription_counter,
                      slot=0, reply=number, status="waiting")
    session.add(ins)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(f"{who.name_fr} has already asked for this right of reply") from None
    audit.record(session, actor, "speakers.reply", "speakers_list", sl.id,
                 after={"inscription": ins.id, "participant": who.key, "reply": number})
    _publish(session, sl)
    return ins


# --- the President's console --------------------------------------------------------------------

def _record(session: Session, sl: SpeakersList, ins: Inscription, now: datetime) -> Statement:
    running_for = (now - _aware(sl.clock_running_since)).total_seconds() if sl.clock_state == "running" else None
    elapsed = rules.clock_elapsed(sl.clock_elapsed or 0.0, running_for)
    statement = Statement(meeting_id=sl.meeting_id, list_id=sl.id, list_kind=sl.kind,
                          kind="reply" if ins.reply else "statement", participant_id=ins.participant_id,
                          on_behalf_of_id=ins.on_behalf_of_id, level=ins.level, reply=ins.reply,
                          started_at=sl.clock_started_at, ended_at=now, duration=int(round(elapsed)),
                          time_limit=sl.clock_limit)
    session.add(statement)
    ins.status = "heard"
    return statement


def _clear_clock(sl: SpeakersList) -> None:
    sl.current_id = None
    sl.clock_state, sl.clock_started_at, sl.clock_running_since = "idle", None, None
    sl.clock_elapsed, sl.clock_limit = 0.0, 0


def _check_version(sl: SpeakersList, version: Any) -> None:
    if version in (None, ""):
        return
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise InvalidInput("version: the list's version number you acted on") from None
    if sl.version - 1 != version:
        raise Conflict(f"the list has changed since version {version} (now {sl.version - 1}); "
                       "nothing was done, look again and repeat if still wanted")


def _no_point_pending(sl: SpeakersList) -> None:
    if sl.poo_participant_id:
        raise Conflict("a point of order awaits the President's ruling")


def call_next(session: Session, actor: Actor, list_id: Any, *, version: Any = None, meeting: Any = None) -> dict:
    """End the current statement (recording it if it was heard) and give the floor to the next speaker."""
    require(actor, "speakers.chair")
    sl = _lock(session, list_id, meeting=meeting)
    _check_version(sl, version)
    _no_point_pending(sl)
    order = ordered_waiting(session, sl)
    if not order:
        raise Conflict("no one is waiting on the list: there is no next speaker")
    now = utcnow()
    before = _snapshot(sl)
    if sl.current_id:
        current = session.get(Inscription, sl.current_id)
        if current is not None:
            if sl.clock_started_at is not None:
                _record(session, sl, current, now)
            else:
                current.status = "skipped"
    _clear_clock(sl)
    nxt = order[0]
    nxt.status = "current"
    sl.current_id = nxt.id
    sl.clock_limit = _limit(current_parameters(session), nxt)
    audit.record(session, actor, "speakers.next", "speakers_list", sl.id, before=before,
                 after={**_snapshot(sl), "participant": nxt.participant.key})
    return _publish(session, sl)


def _current(session: Session, sl: SpeakersList) -> Inscription:
    current = session.get(Inscription, sl.current_id) if sl.current_id else None
    if current is None:
        raise Conflict("no one has the floor: call the next speaker first")
    return current


def _clock_change(session: Session, actor: Actor, list_id: Any, meeting: Any, action: str, *, clock_state: str,
                  refusal: str, change, blocked_by_point: bool = True) -> dict:
    """The chair starts, pauses or resumes the clock of the speaker who has the floor; `clock_state`
    is the state the clock must be in (else Conflict(refusal)), `change(sl, now)` moves it on."""
    require(actor, "speakers.chair")
    sl = _lock(session, list_id, meeting=meeting)
    _current(session, sl)
    if blocked_by_point:
        _no_point_pending(sl)
    if sl.clock_state != clock_state:
        raise Conflict(refusal)
    before = _snapshot(sl)
    change(sl, utcnow())
    audit.record(session, actor, action, "speakers_list", sl.id, before=before, after=_snapshot(sl))
    return _publish(session, sl)


def _start_clock(sl: SpeakersList, now: datetime) -> None:
    sl.clock_state, sl.clock_started_at, sl.clock_running_since, sl.clock_elapsed = "running", now, now, 0.0


def _pause(sl: SpeakersList, now: datetime) -> None:
    sl.clock_elapsed = rules.clock_elapsed(sl.clock_elapsed or 0.0,
                                           (now - _aware(sl.clock_running_since)).total_seconds())
    sl.clock_state, sl.clock_running_since = "paused", None


def _resume_clock(sl: SpeakersList, now: datetime) -> None:
    sl.clock_state, sl.clock_running_since = "running", now


def start(session: Session, actor: Actor, list_id: Any, *, meeting: Any = None) -> dict:
    return _clock_change(session, actor, list_id, meeting, "speakers.start", clock_state="idle",
                         refusal="the clock has already started for this speaker", change=_start_clock)


def pause(session: Session, actor: Actor, list_id: Any, *, meeting: Any = None) -> dict:
    return _clock_change(session, actor, list_id, meeting, "speakers.pause", clock_state="running",
                         refusal="the clock is not running", change=_pause, blocked_by_point=False)


def resume(session: Session, actor: Actor, list_id: Any, *, meeting: Any = None) -> dict:
    return _clock_change(session, actor, list_id, meeting, "speakers.resume", clock_state="paused",
                         refusal="the clock is not paused", change=_resume_clock)


def end(session: Session, actor: Actor, list_id: Any, *, meeting: Any = None) -> Statement:
    """The speaker has finished: record the statement on the meeting and free the floor."""
    require(actor, "speakers.chair")
    sl = _lock(session, list_id, meeting=meeting)
    current = _current(session, sl)
    _no_point_pending(sl)
    if sl.clock_started_at is None:
        raise Conflict("the speaker has not started: start the clock, or call the next speaker")
    before = _snapshot(sl)
    statement = _record(session, sl, current, utcnow())
    _clear_clock(sl)
    session.flush()
    audit.record(session, actor, "speakers.end", "speakers_list", sl.id, before=before,
                 after={**_snapshot(sl), "statement": statement.id, "duration": statement.duration})
    _publish(session, sl)
    return statement


def raise_point_of_order(session: Session, actor: Actor, list_id: Any, *, participant: Any,
                         meeting: Any = None) -> dict:
    """A delegation raises a point of order: it goes to the top and the current speaker is paused."""
    require(actor, "speakers.point_of_order")
    who = _find_participant(session, participant)
    _acting_for(actor, who, any_permission="speakers.chair")
    if who.kind not in rules.REPLY_KINDS:
        raise InvalidInput(f"participant: a {who.kind.replace('_', ' ')} may not raise a point of order")
    sl = _lock(session, list_id, meeting=meeting)
    if sl.poo_participant_id:
        raise Conflict("a point of order is already before the President")
    before = _snapshot(sl)
    now = utcnow()
    sl.poo_resume = sl.clock_state == "running"
    if sl.poo_resume:
        _pause(sl, now)
    sl.poo_participant_id, sl.poo_raised_at = who.id, now
    audit.record(session, actor, "speakers.point_of_order", "speakers_list", sl.id, before=before,
                 after={**_snapshot(sl), "participant": who.key})
    return _publish(session, sl)


def rule_point_of_order(session: Session, actor: Actor, list_id: Any, *, ruling: Any = "",
                        meeting: Any = None) -> dict:
    """The President rules; the point is recorded on the meeting and the interrupted speaker resumes."""
    require(actor, "speakers.chair")
    if ruling is not None and not isinstance(ruling, str):
        raise InvalidInput("ruling: text")
    ruling = (ruling or "").strip()
    if len(ruling) > 2000:
        raise InvalidInput("ruling: at most 2000 characters")
    sl = _lock(session, list_id, meeting=meeting)
    if not sl.poo_participant_id:
        raise Conflict("no point of order is raised")
    before = _snapshot(sl)
    now = utcnow()
    raised = _aware(sl.poo_raised_at) or now
    session.add(Statement(meeting_id=sl.meeting_id, list_id=sl.id, list_kind=sl.kind, kind="point_of_order",
                          participant_id=sl.poo_participant_id, started_at=raised, ended_at=now,
                          duration=int(round((now - raised).total_seconds())),
                          time_limit=current_parameters(session).time_limits.point_of_order, note=ruling))
    if sl.poo_resume and sl.current_id and sl.clock_state == "paused":
        _resume_clock(sl, now)
    sl.poo_participant_id, sl.poo_raised_at, sl.poo_resume = None, None, False
    audit.record(session, actor, "speakers.ruling", "speakers_list", sl.id, before=before,
                 after={**_snapshot(sl), "ruling": ruling})
    return _publish(session, sl)


# --- the record ---------------------------------------------------------------------------------

DEFAULT_LIST_KIND = {"igo": "igo", "ngo": "ngo"}  # everyone else speaks among States


def record_statement(session: Session, actor: Actor, *, meeting: Any, participant: Any, list_kind: str | None = None,
                     on_behalf_of: Any = None, level: str | None = None, started_at: Any = None,
                     duration: Any = 0, illustrative: bool = False, note: Any = "",
                     agenda_item: Any = None) -> Statement:
    """Enter a statement heard without running a list (the record of past meetings, or one the
    secretariat enters after the fact): who, on behalf of which group, under which agenda item, how long."""
    require(actor, "speakers.record")
    m = registry.get_meeting(session, meeting)
    if participant in (None, ""):
        raise InvalidInput("participant: required", field="participant")
    who = _find_participant(session, participant)
    list_kind = list_kind or DEFAULT_LIST_KIND.get(who.kind, "states")
    if list_kind not in rules.LIST_KINDS:
        raise InvalidInput(f"list_kind: {list_kind!r} is not one of {', '.join(rules.LIST_KINDS)}", field="list_kind")
    refusal = rules.eligibility_error(list_kind, who.kind)
    if refusal:
        raise InvalidInput(f"participant: {refusal}", field="participant")
    try:
        group = registry.find_group(session, on_behalf_of) if on_behalf_of not in (None, "") else None
    except NotFound as exc:
        raise NotFound(f"on_behalf_of: {exc.message}", field="on_behalf_of") from None
    item = None
    if agenda_item not in (None, ""):
        item = registry.find_agenda_item(session, agenda_item)
    if level is not None and level not in current_parameters(session).levels:
        raise InvalidInput(f"level: {level!r} is not a level of representation", field="level")
    if isinstance(duration, str) and duration.strip().isdigit():
        duration = int(duration)
    if not isinstance(duration, int) or isinstance(duration, bool) or not 0 <= duration <= 86_400:
        raise InvalidInput("duration_seconds: whole seconds, from 0 to 86400", field="duration_seconds")
    if not isinstance(note, str) or len(note) > 2000:
        raise InvalidInput("note: text of at most 2000 characters", field="note")
    start_at = _datetime(started_at, "started_at")
    statement = Statement(meeting_id=m.id, list_id=None, list_kind=list_kind, kind="statement",
                          participant_id=who.id, on_behalf_of_id=group.id if group else None, level=level,
                          agenda_item_id=item.id if item else None,
                          started_at=start_at, ended_at=start_at + timedelta(seconds=duration) if start_at else None,
                          duration=duration, time_limit=0, illustrative=illustrative, note=note.strip())
    session.add(statement)
    session.flush()
    audit.record(session, actor, "speakers.record", "statement", statement.id,
                 after={"meeting": m.number, "participant": who.key, "duration": duration,
                        "on_behalf_of": group.key if group else None, "agenda_item": item.label if item else None})
    return statement


def enter_heard_list(session: Session, actor: Actor, meeting: Any, *, kind: str, agenda_item: Any,
                     heard: list[dict], started_at: Any, pause: int = 30, illustrative: bool = False) -> SpeakersList:
    """Enter the record of a past meeting in one act: a list, its speakers in the order of the rules,
    each heard for the given duration from `started_at` on ({"participant", "level", "on_behalf_of",
    "duration"}), and the list closed."""
    require(actor, "speakers.record")
    clock = _datetime(started_at, "started_at")
    if clock is None:
        raise InvalidInput("started_at: required")
    sl = create_list(session, actor, meeting, kind=kind, agenda_item=agenda_item)
    durations: dict[int, int] = {}
    seen: set[int] = set()
    for entry in heard:
        who = _find_participant(session, entry.get("participant"))
        duration = entry.get("duration", 0)
        if not isinstance(duration, int) or isinstance(duration, bool) or duration < 0:
            raise InvalidInput("duration: whole seconds, 0 or more")
        _sl, ins = _add_inscription(session, sl.id, who, entry.get("level"), entry.get("on_behalf_of"),
                                    additional=who.id in seen)
        seen.add(who.id)
        durations[ins.id] = duration
    params = current_parameters(session)
    for ins in ordered_waiting(session, sl, params):
        seconds = durations[ins.id]
        session.add(Statement(meeting_id=sl.meeting_id, list_id=sl.id, list_kind=sl.kind, kind="statement",
                              participant_id=ins.participant_id, on_behalf_of_id=ins.on_behalf_of_id, level=ins.level,
                              started_at=clock, ended_at=clock + timedelta(seconds=seconds), duration=seconds,
                              time_limit=_limit(params, ins), illustrative=illustrative))
        ins.status = "heard"
        clock += timedelta(seconds=seconds + pause)
    sl.state = "closed"
    session.flush()
    audit.record(session, actor, "speakers.enter_record", "speakers_list", sl.id,
                 after={"meeting": sl.meeting.number, "kind": kind, "heard": len(heard), "illustrative": illustrative})
    _publish(session, sl)
    return sl


def statements(session: Session, *, meeting: Any = None, list_id: int | None = None) -> list[Statement]:
    query = select(Statement).join(Meeting, Statement.meeting_id == Meeting.id).options(
        selectinload(Statement.participant), selectinload(Statement.on_behalf_of), selectinload(Statement.meeting),
        selectinload(Statement.speakers_list).selectinload(SpeakersList.agenda_item), selectinload(Statement.agenda_item))
    if meeting is not None:
        query = query.where(Statement.meeting_id == registry.get_meeting(session, meeting).id)
    if list_id is not None:
        query = query.where(Statement.list_id == list_id)
    return list(session.scalars(query.order_by(Meeting.number, Statement.started_at.is_(None),
                                               Statement.started_at, Statement.id)))


def statement_agenda_item(s: Statement) -> AgendaItem | None:
    """The item a statement was heard under: its list's, or the one entered with it."""
    return s.speakers_list.agenda_item if s.list_id and s.speakers_list else s.agenda_item


def statement_json(s: Statement) -> dict:
    item = statement_agenda_item(s)
    return {"id": s.id, "meeting": s.meeting.number, "list": s.list_id, "list_kind": s.list_kind, "kind": s.kind,
            "agenda_item": item.label if item else None,
            "participant": participant_json(s.participant), "on_behalf_of": group_json(s.on_behalf_of),
            "level": s.level, "reply": s.reply, "start": _iso(s.started_at), "end": _iso(s.ended_at),
            "duration": s.duration, "time_limit": s.time_limit, "note": s.note, "illustrative": s.illustrative}


def statistics(session: Session, *, meeting: Any = None) -> dict:
    """Statements per delegation and per group on whose behalf they were made: count and total seconds."""
    query = select(Statement).where(Statement.kind != "point_of_order")
    if meeting is not None:
        query = query.where(Statement.meeting_id == registry.get_meeting(session, meeting).id)
    per_delegation: dict[int, dict] = {}
    per_group: dict[int, dict] = {}
    for s in session.scalars(query.options(selectinload(Statement.participant), selectinload(Statement.on_behalf_of))):
        d = per_delegation.setdefault(s.participant_id, {"participant": participant_json(s.participant),
                                                         "count": 0, "total_seconds": 0})
        d["count"] += 1
        d["total_seconds"] += s.duration
        if s.on_behalf_of is not None:
            g = per_group.setdefault(s.on_behalf_of_id, {"group": group_json(s.on_behalf_of), "count": 0,
                                                         "total_seconds": 0})
            g["count"] += 1
            g["total_seconds"] += s.duration
    key = lambda row: (-row["total_seconds"], -row["count"])  # noqa: E731
    return {"delegations": sorted(per_delegation.values(), key=lambda r: (*key(r), r["participant"]["name"])),
            "groups": sorted(per_group.values(), key=lambda r: (*key(r), r["group"]["name"]))}


CSV_COLUMNS = ("meeting", "list", "list_kind", "kind", "participant", "on_behalf_of", "level", "reply", "start", "end",
               "duration_seconds", "illustrative")


def statements_csv(session: Session, *, meeting: Any = None, lang: str = "fr") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for s in statements(session, meeting=meeting):
        writer.writerow([s.meeting.number, s.list_id or "", s.list_kind, s.kind, s.participant.display(lang),
                         s.on_behalf_of.display(lang) if s.on_behalf_of else "", s.level or "", s.reply,
                         _iso(s.started_at) or "", _iso(s.ended_at) or "", s.duration,
                         "yes" if s.illustrative else "no"])
    return out.getvalue()


def statement_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Statement)) or 0


# --- live ---------------------------------------------------------------------------------------

def _check_stream(session: Session, actor: Actor, key: str) -> None:
    """Anyone, signed in or not, may follow a speakers' list."""
    if not key.isdigit() or session.get(SpeakersList, int(key)) is None:
        raise NotFound(f"speakers' list {key!r} not found")


streams.register(STREAM_KIND, _check_stream)
