"""Use cases of the credentials workflow: from the Committee's appointment and the receipt of
credentials to the Committee's report and the conference's resolution.

Each takes the session and the acting user, checks permission, flushes and never commits. A user
with the `credentials` role acts only when tied to a State that sits on the Committee.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from confmgr.core import audit, events, streams
from confmgr.core.actor import Actor, Role
from confmgr.core.errors import Conflict, Forbidden, InvalidInput, NotFound, TooLarge
from confmgr.core.models import get_existing, utcnow
from confmgr.core.permissions import allowed, require
from confmgr.credentials import rules
from confmgr.credentials.models import (
    CommitteeMember, CommitteeReport, Credential, CredentialFile, CredentialsSettings, Memorandum,
    Representative, StatusChange,
)
from confmgr.procedure import voting_rights
from confmgr.procedure.rules import may_vote
from confmgr.registry import services as registry
from confmgr.registry.models import Participant

BOARD_STREAM = "credentials:board"
DEFAULT_MAX_FILE_BYTES = 1_500_000


# --- who may act ---------------------------------------------------------------------------------

def members(session: Session) -> list[CommitteeMember]:
    found = session.scalars(select(CommitteeMember).join(Participant, CommitteeMember.participant_id == Participant.id)
                            .order_by(Participant.name_fr))
    return list(found)


def is_member(session: Session, participant_id: int | None) -> bool:
    if participant_id is None:
        return False
    return session.scalar(select(CommitteeMember.id).where(CommitteeMember.participant_id == participant_id)) is not None


def _require(session: Session, actor: Actor, permission: str) -> None:
    """The permission, and for a credentials-role user, a seat of its State on the Committee."""
    require(actor, permission)
    if actor.role is Role.CREDENTIALS and not is_member(session, actor.participant_id):
        raise Forbidden("not allowed: only a representative of a State sitting on the Credentials Committee "
                        "may act for the Committee")


def can_read_board(session: Session, actor: Actor) -> bool:
    if not allowed(actor, "credentials.read"):
        return False
    return actor.role is not Role.CREDENTIALS or is_member(session, actor.participant_id)


def _check_board_stream(session: Session, actor: Actor, key: str) -> None:
    if key != "board":
        raise NotFound(f"unknown credentials stream {key!r}")
    if not can_read_board(session, actor):
        raise Forbidden("the credentials board is for the secretariat, the President and the Committee")


streams.register("credentials", _check_board_stream)


def _announce(session: Session, action: str, payload: dict) -> None:
    events.publish(session, BOARD_STREAM, "credentials", {"action": action, **payload})


# --- settings and the Committee -----------------------------------------------------------------

def settings(session: Session) -> CredentialsSettings:
    """The settings row (unsaved defaults when none is stored yet)."""
    row = session.scalar(select(CredentialsSettings).order_by(CredentialsSettings.id).limit(1))
    return row if row is not None else CredentialsSettings()


def _settings_row(session: Session) -> CredentialsSettings:
    row = session.scalar(select(CredentialsSettings).order_by(CredentialsSettings.id).limit(1))
    if row is None:
        row = CredentialsSettings()
        session.add(row)
        session.flush()
    return row


def presenting_kinds(session: Session) -> tuple[str, ...]:
    """The kinds of participant that present credentials at this conference (member States unless
    the conference adds observers)."""
    kinds = settings(session).presenting_kinds
    return tuple(kinds) if kinds else rules.DEFAULT_PRESENTING_KINDS


def update_settings(session: Session, actor: Actor, **changes: Any) -> CredentialsSettings:
    """Set the deadline, the date the Committee met, and who presents credentials; only what is given."""
    require(actor, "credentials.settings")
    unknown = set(changes) - {"deadline", "committee_meeting_date", "presenting_kinds"}
    if unknown:
        raise InvalidInput(f"unknown setting(s): {', '.join(sorted(unknown))} (send deadline, "
                           "committee_meeting_date, presenting_kinds)", field=sorted(unknown)[0])
    if not changes:
        raise InvalidInput("settings: give deadline, committee_meeting_date or presenting_kinds")
    row = _settings_row(session)
    before = settings_dict(row)
    if "deadline" in changes:
        row.deadline = registry._date(changes["deadline"], "deadline")
    if "committee_meeting_date" in changes:
        row.committee_meeting_date = registry._date(changes["committee_meeting_date"], "committee_meeting_date")
    if "presenting_kinds" in changes:
        kinds = changes["presenting_kinds"]
        if (not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) for k in kinds)
                or set(kinds) - set(rules.PRESENTING_KINDS)):
            raise InvalidInput(f"presenting_kinds: a list among {', '.join(rules.PRESENTING_KINDS)}",
                               field="presenting_kinds")
        if "member_state" not in kinds:
            raise InvalidInput("presenting_kinds: member States always present credentials", field="presenting_kinds")
        row.presenting_kinds = [k for k in rules.PRESENTING_KINDS if k in kinds]
    session.flush()
    audit.record(session, actor, "credentials.settings", "credentials_settings", row.id, before=before,
                 after=settings_dict(row))
    _announce(session, "settings", settings_dict(row))
    return row


def settings_dict(row: CredentialsSettings) -> dict:
    return {"deadline": row.deadline.isoformat() if row.deadline else None,
            "committee_meeting_date": row.committee_meeting_date.isoformat() if row.committee_meeting_date else None,
            "presenting_kinds": list(row.presenting_kinds or rules.DEFAULT_PRESENTING_KINDS),
            "aligned_with_ga_session": row.aligned_with_ga_session}


def _plenary(session: Session, meeting_number: Any) -> int:
    if meeting_number in (None, ""):
        raise InvalidInput("meeting: the number of the plenary meeting is required")
    meeting = registry.get_meeting(session, meeting_number)
    if meeting.kind != "plenary":
        raise InvalidInput(f"meeting: meeting {meeting.number} is not a plenary meeting")
    return meeting.number


def appoint_committee(session: Session, actor: Actor, *, meeting_number: Any, members_refs: list | None = None,
                      ga_session: int | None = None, illustrative: bool = False) -> list[CommitteeMember]:
    """Appoint the Committee's members at a plenary meeting: as many member States as the conference
    names (none is assumed). `ga_session`: the session of the General Assembly whose Committee the
    composition follows, where the rules say so (the report then says it)."""
    require(actor, "credentials.committee.manage")
    if members(session):
        raise Conflict("the Credentials Committee is already appointed")
    meeting = _plenary(session, meeting_number)
    if members_refs is None or not isinstance(members_refs, list):
        raise InvalidInput("members: a list of the member States sitting on the Committee (ids, keys or names)",
                           field="members")
    if not members_refs:
        raise InvalidInput("members: a Committee of 0 members cannot examine credentials; name at least one "
                           "member State", field="members")
    if ga_session is not None and (isinstance(ga_session, bool) or not isinstance(ga_session, int)
                                   or not 1 <= ga_session <= 999):
        raise InvalidInput("ga_session: the number of a session of the General Assembly", field="ga_session")
    found = [registry.find_participant(session, ref) for ref in members_refs]
    if len({p.id for p in found}) != len(found):
        raise InvalidInput("members: a State is named twice", field="members")
    not_states = [p.name_en or p.name_fr for p in found if p.kind != "member_state"]
    if not_states:
        raise InvalidInput(f"members: only member States sit on the Committee ({', '.join(not_states)})",
                           field="members")
    seats = [CommitteeMember(participant_id=p.id, appointed_at_meeting=meeting, illustrative=illustrative)
             for p in found]
    session.add_all(seats)
    row = _settings_row(session)
    row.aligned_with_ga_session = ga_session
    session.flush()
    audit.record(session, actor, "credentials.committee.appoint", "credentials_committee", None,
                 after={"members": [p.key for p in found], "meeting": meeting, "ga_session": ga_session})
    _announce(session, "committee", {"members": [p.key for p in found]})
    return members(session)


def elect_chair(session: Session, actor: Actor, participant_ref: Any) -> CommitteeMember:
    _require(session, actor, "credentials.committee.chair")
    participant = registry.find_participant(session, participant_ref)
    seats = members(session)
    seat = next((m for m in seats if m.participant_id == participant.id), None)
    if seat is None:
        raise InvalidInput(f"chair: {participant.name_fr} does not sit on the Credentials Committee")
    before = next((m.participant.key for m in seats if m.is_chair), None)
    for m in seats:
        m.is_chair = m is seat
    session.flush()
    audit.record(session, actor, "credentials.committee.chair", "credentials_committee", None,
                 before={"chair": before}, after={"chair": participant.key})
    _announce(session, "chair", {"chair": participant.key})
    return seat


def chair(session: Session) -> CommitteeMember | None:
    return next((m for m in members(session) if m.is_chair), None)


def add_committee_user(session: Session, actor: Actor, participant_ref: Any, email: str, name: str = ""):
    """An account with the credentials role for a representative of a Committee member."""
    require(actor, "credentials.committee.manage")
    from confmgr.accounts.services import create_user

    participant = registry.find_participant(session, participant_ref)
    if not is_member(session, participant.id):
        raise InvalidInput(f"participant: {participant.name_fr} does not sit on the Credentials Committee")
    return create_user(session, actor, email, Role.CREDENTIALS.value, participant=participant.id, name=name)


# --- receipt ------------------------------------------------------------------------------------

def _state(session: Session, ref: Any) -> Participant:
    participant = registry.find_participant(session, ref)
    if participant.kind not in presenting_kinds(session):
        name = participant.name_en or participant.name_fr
        if participant.kind in rules.PRESENTING_KINDS:
            raise InvalidInput(f"participant: {name} is an observer ({participant.kind.replace('_', ' ')}); this "
                               "conference does not ask observers for credentials", field="participant")
        raise InvalidInput(f"participant: {name} is not a State; only States present credentials",
                           field="participant")
    return participant


def find_credential(session: Session, participant_id: int) -> Credential | None:
    return session.scalar(select(Credential).where(Credential.participant_id == participant_id))


def _credential(session: Session, participant: Participant) -> Credential:
    found = find_credential(session, participant.id)
    if found is None:
        raise NotFound(f"no credentials recorded for {participant.name_fr}")
    return found


def snapshot(c: Credential) -> dict:
    return {"participant": c.participant.key, "category": c.category, "form": c.form,
            "received_on": c.received_on.isoformat() if c.received_on else None,
            "examination": c.examination, "status": rules.effective_status(c.category, c.examination),
            "objection": c.objection, "objected_by": c.objected_by.key if c.objected_by else None,
            "representatives": [{"name": r.name, "function": r.function} for r in c.representatives],
            "files": [f.sha256 for f in c.files]}


def _history(c: Credential, actor: Actor, before: str | None, reason: str = "") -> None:
    after = rules.effective_status(c.category, c.examination)
    if before != after:
        c.history.append(StatusChange(actor_label=actor.label, before=before, after=after, reason=reason))


def _representatives(raw: Any) -> list[Representative]:
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise InvalidInput("representatives: a list of {name, function}")
    out = []
    for position, item in enumerate(raw):
        if not isinstance(item, dict):
            raise InvalidInput("representatives: each is {name, function}")
        name = registry._require_text(item.get("name"), f"representatives[{position}].name", max_len=200)
        function = item.get("function") or "adviser"
        if function not in rules.REPRESENTATIVE_FUNCTIONS:
            raise InvalidInput(f"representatives[{position}].function: one of "
                               f"{', '.join(rules.REPRESENTATIVE_FUNCTIONS)}")
        out.append(Representative(name=name, function=function, position=position))
    if sum(r.function == "head_of_delegation" for r in out) > 1:
        raise InvalidInput("representatives: one head of delegation only")
    return out


def record_receipt(session: Session, actor: Actor, participant_ref: Any, *, category: Any, form: Any = None,
                   received_on: Any = None, representatives: Any = None, note: Any = "",
                   illustrative: bool = False) -> Credential:
    """What the secretariat received from a State and when, and whom it covers."""
    require(actor, "credentials.receive")
    participant = _state(session, participant_ref)
    try:
        form = rules.check_form(category, form or None)
    except rules.RuleError as exc:
        raise InvalidInput(str(exc)) from None
    when = registry._date(received_on, "received_on")
    if category != "none" and when is None:
        raise InvalidInput("received_on: the date of receipt is required")
    if category == "none" and when is not None:
        raise InvalidInput("received_on: nothing was received, so there is no date")
    if when is not None and when > date.today():
        raise InvalidInput("received_on: a date of receipt cannot be in the future")
    reps = _representatives(representatives)
    if not isinstance(note, str) or len(note) > 2000:
        raise InvalidInput("note: text of at most 2000 characters")
    cred = find_credential(session, participant.id)
    before_snapshot = snapshot(cred) if cred else None
    before_status = rules.effective_status(cred.category, cred.examination) if cred else None
    if cred is None:
        cred = Credential(participant=participant, examination="pending", objection="")
        session.add(cred)
    cred.category, cred.form, cred.received_on = category, form, when
    if representatives is not None:
        cred.representatives = reps
    cred.note = note.strip()
    cred.illustrative = bool(illustrative)
    _history(cred, actor, before_status, "receipt")
    session.flush()
    audit.record(session, actor, "credentials.receive", "credentials", participant.key,
                 before=before_snapshot, after=snapshot(cred))
    _announce(session, "receipt", {"participant": participant.key, "status": status_of(cred)})
    return cred


def status_of(c: Credential) -> str:
    return rules.effective_status(c.category, c.examination)


def store_path(store_dir: str | os.PathLike, sha256: str) -> Path:
    return Path(store_dir) / sha256


def upload_file(session: Session, actor: Actor, participant_ref: Any, data: bytes, *, label: str = "",
                store_dir: str | os.PathLike, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> CredentialFile:
    """Keep the file of a State's credentials (PDF, PNG or JPEG, judged by content) by its SHA-256."""
    require(actor, "credentials.receive")
    participant = _state(session, participant_ref)
    cred = _credential(session, participant)
    if not isinstance(data, (bytes, bytearray)) or not data:
        raise InvalidInput("file: empty; choose the PDF or scan of the credentials")
    if len(data) > max_bytes:
        raise TooLarge(f"file: {len(data)} bytes is over the limit of {max_bytes} bytes")
    try:
        media_type, _ext = rules.sniff_file(bytes(data))
    except rules.RuleError as exc:
        raise InvalidInput(str(exc)) from None
    sha = hashlib.sha256(data).hexdigest()
    if any(f.sha256 == sha for f in cred.files):
        raise Conflict("file: this file is already kept with these credentials")
    shown = "".join(ch for ch in (label or "") if ch.isprintable() and ch not in "/\\")[:200]
    target = store_path(store_dir, sha)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    kept = CredentialFile(sha256=sha, size=len(data), media_type=media_type, label=shown,
                          uploaded_by=actor.user_id)
    cred.files.append(kept)
    session.flush()
    audit.record(session, actor, "credentials.upload", "credentials", participant.key,
                 after={"file": kept.id, "sha256": sha, "size": len(data), "media_type": media_type, "label": shown})
    _announce(session, "file", {"participant": participant.key})
    return kept


def can_read_state(session: Session, actor: Actor, participant_id: int) -> bool:
    return can_read_board(session, actor) or actor.speaks_for(participant_id)


def get_state(session: Session, actor: Actor, participant_ref: Any) -> tuple[Participant, Credential | None]:
    """A State's credentials file: for the secretariat, the President, the Committee and its own delegates."""
    participant = _state(session, participant_ref)
    if not can_read_state(session, actor, participant.id):
        raise Forbidden("a State's credentials file is for the secretariat, the Committee and its own delegation")
    return participant, find_credential(session, participant.id)


def get_file(session: Session, actor: Actor, file_id: int) -> CredentialFile:
    kept = get_existing(session, CredentialFile, file_id, "file")
    cred = session.get(Credential, kept.credential_id)
    if not can_read_state(session, actor, cred.participant_id):
        raise Forbidden("credentials files are for the secretariat, the Committee and the State's delegation")
    return kept


# --- the record as a whole ----------------------------------------------------------------------

def participating_states(session: Session) -> list[Participant]:
    """The participants that present credentials at this conference."""
    return list(session.scalars(select(Participant).where(Participant.kind.in_(presenting_kinds(session)))
                                .order_by(Participant.name_fr)))


def _entries(session: Session, *, recorded_only: bool = False) -> list[rules.StateEntry]:
    creds = {c.participant_id: c for c in session.scalars(select(Credential))}
    out = []
    for p in participating_states(session):
        c = creds.get(p.id)
        if c is None and recorded_only:
            continue
        objector = c.objected_by if c else None
        out.append(rules.StateEntry(key=p.key, name_fr=p.name_fr, name_en=p.name_en or p.name_fr,
                                    category=c.category if c else "none",
                                    examination=c.examination if c else "pending", form=c.form if c else None,
                                    kind=p.kind, objection=(c.objection or "") if c else "",
                                    objected_by_fr=objector.name_fr if objector else "",
                                    objected_by_en=(objector.name_en or objector.name_fr) if objector else ""))
    return out


def current_tally(session: Session, lang: str = "fr") -> rules.Tally:
    """Every participating State by category; one with nothing recorded counts as 'none'."""
    return rules.tally(_entries(session), lang)


def credentials_status(session: Session, participant_id: int) -> str | None:
    """The provider for voting rights: a State's status ('none' when nothing is recorded for it).

    Until the secretariat records the first credentials, the conference has not started the
    workflow and the provider says nothing (None), so every member State votes.
    """
    return credentials_statuses(session, [participant_id]).get(participant_id)


def credentials_statuses(session: Session, participant_ids: list[int]) -> dict[int, str]:
    """credentials_status of many States in three queries (a participant not named: None)."""
    if not participant_ids or session.scalar(select(Credential.id).limit(1)) is None:
        return {}
    states = set(session.scalars(select(Participant.id).where(Participant.id.in_(participant_ids),
                                                              Participant.kind.in_(presenting_kinds(session)))))
    creds = {c.participant_id: c for c in session.scalars(select(Credential).where(Credential.participant_id.in_(states)))}
    return {pid: status_of(creds[pid]) if pid in creds else "none" for pid in states}


voting_rights.register_credentials_status_provider(credentials_status, many=credentials_statuses)


def voting_states(session: Session) -> list[Participant]:
    states = participating_states(session)
    statuses = voting_rights.credentials_statuses(session, [p.id for p in states])
    return [p for p in states if may_vote(p.kind, statuses[p.id])]


def board(session: Session, actor: Actor, *, status: str | None = None, category: str | None = None,
          regional_group: str | None = None, query: str | None = None, today: date | None = None) -> dict:
    """Every participating State with its status, filtered, with counts and deadline warnings."""
    if not can_read_board(session, actor):
        raise Forbidden("the credentials board is for the secretariat, the President and the Committee")
    today = today or date.today()
    deadline = settings(session).deadline
    creds = {c.participant_id: c for c in session.scalars(select(Credential))}
    rows, counts = [], {s: 0 for s in rules.STATUSES}
    warnings = {"overdue": 0, "due_soon": 0}
    for p in participating_states(session):
        c = creds.get(p.id)
        st = status_of(c) if c else "none"
        cat = c.category if c else "none"
        warning = rules.deadline_warning(deadline, today, cat)
        counts[st] += 1
        if warning:
            warnings[warning] += 1
        if status and st != status:
            continue
        if category and cat != category:
            continue
        if regional_group and p.regional_group != regional_group:
            continue
        if query and query.strip().lower() not in (p.name_fr + " " + p.name_en).lower():
            continue
        rows.append({"participant": p, "credential": c, "status": st, "category": cat, "warning": warning,
                     "votes": rules.entitled_to_vote(p.kind, st)})
    return {"rows": rows, "counts": counts, "warnings": warnings, "deadline": deadline,
            "committee_meeting_date": settings(session).committee_meeting_date,
            "presenting_kinds": presenting_kinds(session), "total": sum(counts.values())}


# --- the memorandum and the examination -----------------------------------------------------------

def prepare_memorandum(session: Session, actor: Actor) -> Memorandum:
    """The secretariat's memorandum: counts and lists per category, as they stand now."""
    require(actor, "credentials.memorandum")
    result = current_tally(session)
    if not result.counts()["total"]:
        raise InvalidInput("memorandum: no participating State is recorded yet")
    memo = Memorandum(counts=result.counts(), lists=result.lists(), prepared_by=actor.label)
    session.add(memo)
    session.flush()
    audit.record(session, actor, "credentials.memorandum", "credentials_memorandum", memo.id,
                 after={"counts": memo.counts})
    _announce(session, "memorandum", {"counts": memo.counts})
    return memo


def latest_memorandum(session: Session) -> Memorandum | None:
    return session.scalar(select(Memorandum).order_by(Memorandum.id.desc()).limit(1))


def current_report(session: Session) -> CommitteeReport | None:
    return session.scalar(select(CommitteeReport).order_by(CommitteeReport.id.desc()).limit(1))


def _examination_open(session: Session) -> None:
    report = current_report(session)
    if report is not None and report.adopted_by_committee:
        raise Conflict("the Committee has adopted its report; the examination is closed")


def examine(session: Session, actor: Actor, participant_ref: Any) -> Credential:
    """The Committee finds a State's credentials in order."""
    _require(session, actor, "credentials.examine")
    _examination_open(session)
    participant = _state(session, participant_ref)
    cred = _credential(session, participant)
    if cred.category == "none":
        raise InvalidInput(f"nothing was received from {participant.name_fr}: there is nothing to examine")
    if cred.examination == "challenged":
        raise Conflict(f"the credentials of {participant.name_fr} are challenged; the conference decides")
    if cred.examination == "accepted":
        raise Conflict(f"the credentials of {participant.name_fr} are already accepted")
    before, before_status = snapshot(cred), status_of(cred)
    cred.examination = "accepted"
    _history(cred, actor, before_status, "examined by the Committee")
    session.flush()
    audit.record(session, actor, "credentials.examine", "credentials", participant.key, before=before,
                 after=snapshot(cred))
    _announce(session, "examine", {"participant": participant.key, "status": status_of(cred)})
    return cred


def examine_all(session: Session, actor: Actor) -> list[Credential]:
    """Find in order every received credential not yet examined (challenged ones stay challenged)."""
    _require(session, actor, "credentials.examine")
    _examination_open(session)
    pending = [c for c in session.scalars(select(Credential).where(Credential.examination == "pending",
                                                                   Credential.category != "none"))]
    return [examine(session, actor, c.participant_id) for c in pending]


def raise_objection(session: Session, actor: Actor, participant_ref: Any, *, reason: Any,
                    by: Any = None) -> Credential:
    """A Committee member objects to a State's credentials; its representatives stay seated
    provisionally with full rights until the conference decides."""
    _require(session, actor, "credentials.examine")
    _examination_open(session)
    if actor.role is Role.CREDENTIALS:
        objector = session.get(Participant, actor.participant_id)
    else:
        if by in (None, ""):
            raise InvalidInput("by: name the Committee member raising the objection")
        objector = registry.find_participant(session, by)
        if not is_member(session, objector.id):
            raise Forbidden(f"{objector.name_fr} does not sit on the Credentials Committee and cannot object")
    reason = registry._require_text(reason, "reason", max_len=4000)
    participant = _state(session, participant_ref)
    cred = _credential(session, participant)
    if cred.category == "none":
        raise InvalidInput(f"nothing was received from {participant.name_fr}: there is nothing to object to")
    if cred.examination in ("challenged", "rejected"):
        raise Conflict(f"the credentials of {participant.name_fr} are already {cred.examination}")
    before, before_status = snapshot(cred), status_of(cred)
    cred.examination, cred.objection, cred.objected_by = "challenged", reason, objector
    _history(cred, actor, before_status, f"objection by {objector.name_en}: {reason}")
    session.flush()
    audit.record(session, actor, "credentials.object", "credentials", participant.key, before=before,
                 after=snapshot(cred))
    _announce(session, "objection", {"participant": participant.key, "status": status_of(cred)})
    return cred


def decide_challenge(session: Session, actor: Actor, participant_ref: Any, *, outcome: Any,
                     meeting_number: Any) -> Credential:
    """The conference's decision on challenged credentials, at a plenary meeting."""
    require(actor, "credentials.conference_decide")
    if outcome not in ("accepted", "rejected"):
        raise InvalidInput("outcome: accepted or rejected")
    meeting = _plenary(session, meeting_number)
    participant = _state(session, participant_ref)
    cred = _credential(session, participant)
    if cred.examination != "challenged":
        raise Conflict(f"the credentials of {participant.name_fr} are not challenged")
    before, before_status = snapshot(cred), status_of(cred)
    cred.examination = outcome
    _history(cred, actor, before_status, f"decided by the conference at its meeting {meeting}")
    session.flush()
    audit.record(session, actor, "credentials.decide", "credentials", participant.key, before=before,
                 after={**snapshot(cred), "meeting": meeting})
    _announce(session, "decision", {"participant": participant.key, "status": status_of(cred)})
    return cred


# --- the report and the resolution ----------------------------------------------------------------

def _generated(session: Session, symbol: str) -> dict:
    conf = registry.get_conference(session)
    conf_fr = conf.short_title("fr") if conf else "la Conférence"
    conf_en = conf.short_title("en") if conf else "the Conference"
    seats = members(session)
    head = chair(session)
    meeting_date = settings(session).committee_meeting_date
    out: dict = {}
    for lang in ("fr", "en"):
        result = current_tally(session, lang)
        resolution = rules.draft_resolution(result, report_symbol=symbol, conference_fr=conf_fr,
                                            conference_en=conf_en, lang=lang)
        names = [m.participant.display(lang) for m in sorted(seats, key=lambda m: rules._sort_key(
            m.participant.display(lang)))]
        out[f"resolution_{lang}"] = resolution
        out[f"text_{lang}"] = rules.report_text(result, report_symbol=symbol, members=names,
                                                chair=head.participant.display(lang) if head else None,
                                                meeting_date=meeting_date, lang=lang, resolution=resolution)
        if lang == "fr":
            out["counts"], out["lists"] = result.counts(), result.lists()
    return out


def draft_report(session: Session, actor: Actor, *, symbol: Any = None, illustrative: bool = False) -> CommitteeReport:
    """Generate (or regenerate) the Committee's report and draft resolution from the record."""
    _require(session, actor, "credentials.report")
    if not members(session):
        raise Conflict("the Credentials Committee is not appointed yet")
    report = current_report(session)
    if report is not None and report.adopted_by_committee:
        raise Conflict(f"the Committee adopted its report {report.symbol} already")
    if symbol in (None, ""):
        if report is not None:
            symbol = report.symbol
        else:
            conf = registry.get_conference(session)
            if conf is None:
                raise InvalidInput("symbol: required (no conference symbol prefix is recorded)")
            symbol = f"{conf.symbol_prefix}/2"
    symbol = registry.parse_or_refuse(symbol).text
    generated = _generated(session, symbol)
    if not generated["counts"]["total"]:
        raise InvalidInput("report: no participating State is recorded yet")
    before = report_snapshot(report) if report else None
    if report is None:
        report = CommitteeReport(symbol=symbol, **generated, edited=False, illustrative=illustrative)
        session.add(report)
    else:
        report.symbol = symbol
        for name, value in generated.items():
            setattr(report, name, value)
        report.edited = False
    session.flush()
    audit.record(session, actor, "credentials.report.draft", "credentials_report", report.symbol,
                 before=before, after=report_snapshot(report))
    _announce(session, "report", {"symbol": report.symbol, "state": "draft"})
    return report


def edit_report(session: Session, actor: Actor, **texts: Any) -> CommitteeReport:
    """Edit the report's texts before the Committee adopts it."""
    _require(session, actor, "credentials.report")
    unknown = set(texts) - {"text_fr", "text_en", "resolution_fr", "resolution_en"}
    if unknown:
        raise InvalidInput(f"unknown report field(s): {', '.join(sorted(unknown))}")
    report = current_report(session)
    if report is None:
        raise NotFound("no report is drafted yet")
    if report.adopted_by_committee:
        raise Conflict(f"the Committee adopted its report {report.symbol} already; it can no longer be edited")
    cleaned = {}
    for name, value in texts.items():
        if value is None:
            continue
        cleaned[name] = registry._require_text(value, name, max_len=100_000)
    if not cleaned:
        raise InvalidInput("nothing to change: give text_fr, text_en, resolution_fr or resolution_en")
    before = {name: getattr(report, name) for name in cleaned}
    for name, value in cleaned.items():
        setattr(report, name, value)
    report.edited = True
    session.flush()
    audit.record(session, actor, "credentials.report.edit", "credentials_report", report.symbol,
                 before=before, after=cleaned)
    _announce(session, "report", {"symbol": report.symbol, "state": "draft"})
    return report


def adopt_report(session: Session, actor: Actor) -> CommitteeReport:
    """The Committee adopts its report; the counts must still match the record."""
    _require(session, actor, "credentials.adopt_report")
    report = current_report(session)
    if report is None:
        raise NotFound("no report is drafted yet")
    if report.adopted_by_committee:
        raise Conflict(f"the Committee adopted its report {report.symbol} already")
    now = current_tally(session)
    if now.counts() != report.counts or now.lists() != report.lists:
        raise Conflict("the record changed since the report was drafted; draft it again before adopting it")
    report.adopted_by_committee = True
    report.committee_adopted_at = utcnow()
    session.flush()
    audit.record(session, actor, "credentials.report.adopt", "credentials_report", report.symbol,
                 before={"adopted_by_committee": False}, after=report_snapshot(report))
    _announce(session, "report", {"symbol": report.symbol, "state": "adopted"})
    return report


def _record_decision():
    """The procedure engine's record_decision, when the procedure domain provides it."""
    try:
        from confmgr.procedure import services as procedure
    except ImportError:
        return None
    return getattr(procedure, "record_decision", None)


HOW = ("consensus", "vote")


def adopt_by_conference(session: Session, actor: Actor, *, meeting_number: Any, how: Any = "consensus",
                        agenda_item: Any = None) -> CommitteeReport:
    """The conference adopts the draft resolution recommended by the Committee at a plenary meeting."""
    require(actor, "credentials.conference_decide")
    report = current_report(session)
    if report is None or not report.adopted_by_committee:
        raise Conflict("the Committee has not adopted its report yet")
    if report.conference_meeting is not None:
        raise Conflict(f"the conference adopted the resolution at its meeting {report.conference_meeting} already")
    if how not in HOW:
        raise InvalidInput(f"how: one of {', '.join(HOW)}")
    meeting = _plenary(session, meeting_number)
    if agenda_item not in (None, ""):
        agenda_item = registry.find_agenda_item(session, agenda_item).label
    record = _record_decision()
    if record is not None:
        decision = record(session, actor, meeting, "credentials_report", how, document=report.symbol,
                          agenda_item=agenda_item or None, text=report.resolution_en)
        report.conference_decision_id = getattr(decision, "id", None)
    report.conference_meeting = meeting
    report.conference_how = how
    session.flush()
    audit.record(session, actor, "credentials.conference_adopt", "credentials_report", report.symbol,
                 before={"conference_meeting": None},
                 after={"conference_meeting": meeting, "how": how, "agenda_item": agenda_item})
    _announce(session, "resolution", {"symbol": report.symbol, "meeting": meeting})
    return report


def report_snapshot(r: CommitteeReport) -> dict:
    return {"symbol": r.symbol, "counts": r.counts, "edited": r.edited,
            "adopted_by_committee": r.adopted_by_committee, "conference_meeting": r.conference_meeting}


def published(session: Session) -> bool:
    """The list of States by status is public once the conference has adopted the resolution."""
    report = current_report(session)
    return report is not None and report.conference_meeting is not None


def overview(session: Session, actor: Actor) -> dict:
    """The Committee's members and each State's status (for the public, once the conference adopted
    the resolution)."""
    seats = members(session)
    show_states = can_read_board(session, actor) or published(session)
    report = current_report(session)
    states = []
    if show_states:
        creds = {c.participant_id: c for c in session.scalars(select(Credential))}
        for p in participating_states(session):
            c = creds.get(p.id)
            st = status_of(c) if c else "none"
            states.append({"participant": p, "status": st, "category": c.category if c else "none",
                           "form": c.form if c else None, "received_on": c.received_on if c else None,
                           "illustrative": bool(c and c.illustrative),
                           "votes": rules.entitled_to_vote(p.kind, st)})
    return {"members": seats, "chair": chair(session), "states": states, "states_shown": show_states,
            "report": report, "settings": settings(session)}


def meeting_record(session: Session, meeting_number: int) -> dict | None:
    """What the credentials workflow decided at a meeting (for the meeting's JSON)."""
    report = current_report(session)
    appointed = [m.participant.key for m in members(session) if m.appointed_at_meeting == meeting_number]
    out: dict = {}
    if appointed:
        out["committee_appointed"] = appointed
    if report is not None and report.conference_meeting == meeting_number:
        out["resolution_adopted"] = {"report": report.symbol, "how": report.conference_how,
                                     "counts": report.counts}
    return out or None
