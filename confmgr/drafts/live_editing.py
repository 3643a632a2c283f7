"""Text on screen: a facilitator edits a draft live; every follower sees each edit as a patch.

The live text of a draft family starts from its latest version. Each edit is a diff-match-patch
patch against a known version; edits apply one after the other (an edit on a stale version is
refused with 409, and the editor resyncs), and each accepted edit is announced on the stream
`document:<base>` as a `patch` event carrying the patch, the version it applies to, the new version
and the sha256 of the resulting text, so a follower can check what it computed and refetch on a
mismatch. The facilitator finally issues the text as the next revision.

Who edits: the secretariat, or a user the secretariat names as facilitator of that document.
"""
from __future__ import annotations

import hashlib

from diff_match_patch import diff_match_patch
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from confmgr.accounts.models import User
from confmgr.core import audit, events
from confmgr.core.actor import Actor, Role
from confmgr.core.errors import Conflict, Forbidden, InvalidInput, NotFound, TooLarge
from confmgr.core.permissions import allowed, require
from confmgr.drafts import services as drafts
from confmgr.drafts.models import LiveFacilitator, LiveText
from confmgr.registry import services as registry

MAX_PATCH_CHARS = 200_000


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _base(session: Session, actor: Actor, base_symbol) -> str:
    if not isinstance(base_symbol, str) or not base_symbol:
        raise InvalidInput("symbol: the base symbol of a draft is required")
    base = registry.parse_or_refuse(base_symbol).base
    doc = drafts.latest(session, base)
    if doc is None:
        raise NotFound(f"no document {base}")
    registry.check_can_read(actor, doc)
    if doc.text is None:
        raise InvalidInput(f"{doc.symbol} has no text to edit")
    return base


def _row(session: Session, base: str) -> LiveText | None:
    return session.scalar(select(LiveText).where(LiveText.base_symbol == base))


def _state(base: str, version: int, text: str, check: str, from_symbol: str) -> dict:
    return {"base": base, "version": version, "text": text, "checksum": check, "from": from_symbol}


def current(session: Session, actor: Actor, base_symbol: str) -> dict:
    """The live text of a draft and its version (version 0: the latest revision, not yet edited)."""
    base = _base(session, actor, base_symbol)
    row = _row(session, base)
    if row is None:
        doc = drafts.latest(session, base)
        state = _state(base, 0, doc.text, checksum(doc.text), doc.symbol)
    else:
        state = _state(base, row.version, row.text, row.checksum, row.from_symbol)
    state["seq"] = events.last_seq(session, drafts.stream_name(base))
    state["latest"] = drafts.latest(session, base).symbol
    return state


def is_facilitator(session: Session, actor: Actor, base: str) -> bool:
    if actor.user_id is None:
        return False
    return session.scalar(select(LiveFacilitator.id).where(
        LiveFacilitator.base_symbol == base, LiveFacilitator.user_id == actor.user_id)) is not None


def can_edit(session: Session, actor: Actor, base: str) -> bool:
    return allowed(actor, "drafts.edit_live") or is_facilitator(session, actor, base)


def _require_editor(session: Session, actor: Actor, base: str) -> None:
    if not can_edit(session, actor, base):
        raise Forbidden(f"not allowed: only the secretariat or a facilitator named for {base} edits its live text")


def apply_edit(session: Session, actor: Actor, base_symbol, base_version, patch_text) -> dict:
    """Apply one patch made against `base_version`; returns the new {"version", "checksum", "seq"}."""
    if not isinstance(base_version, int) or isinstance(base_version, bool) or base_version < 0:
        raise InvalidInput("base_version: the version the patch was made against (integer >= 0)")
    if not isinstance(patch_text, str) or not patch_text.strip():
        raise InvalidInput("patch: a diff-match-patch patch in its text form is required")
    if len(patch_text) > MAX_PATCH_CHARS:
        raise TooLarge(f"patch: at most {MAX_PATCH_CHARS} characters")
    base = _base(session, actor, base_symbol)
    _require_editor(session, actor, base)
    row = _row(session, base)
    if row is None:
        latest = drafts.latest(session, base)
        old_text, old_version, from_symbol = latest.text, 0, latest.symbol
    else:
        old_text, old_version, from_symbol = row.text, row.version, row.from_symbol
    if base_version != old_version:
        raise Conflict(f"stale edit: made on version {base_version}, the live text is at version {old_version}",
                       version=old_version)
    dmp = diff_match_patch()
    try:
        patches = dmp.patch_fromText(patch_text)
    except ValueError as exc:
        raise InvalidInput(f"patch: not a diff-match-patch patch ({exc})") from None
    if not patches:
        raise InvalidInput("patch: empty")
    new_text, applied = dmp.patch_apply(patches, old_text)
    if not all(applied):
        raise Conflict("patch: does not apply to the live text; resync and edit again", version=old_version)
    if not new_text.strip():
        raise InvalidInput("patch: the text may not become empty")
    if "\x00" in new_text:
        raise InvalidInput("patch: the text may not contain NUL characters")
    if len(new_text) > drafts.DEFAULT_MAX_CHARS:
        raise TooLarge(f"text: over the limit of {drafts.DEFAULT_MAX_CHARS} characters")
    new_version, new_check = old_version + 1, checksum(new_text)
    if row is None:
        try:
            with session.begin_nested():
                session.add(LiveText(base_symbol=base, version=new_version, text=new_text, checksum=new_check,
                                     from_symbol=from_symbol, updated_by=actor.user_id))
        except IntegrityError:
            raise Conflict("stale edit: another edit came first; resync", version=old_version) from None
    else:
        # The version in the WHERE clause makes two concurrent edits on one version exclusive.
        done = session.execute(update(LiveText).where(LiveText.id == row.id, LiveText.version == old_version)
                               .values(version=new_version, text=new_text, checksum=new_check,
                                       updated_by=actor.user_id).execution_options(synchronize_session=False))
        if done.rowcount != 1:
            raise Conflict("stale edit: another edit came first; resync", version=old_version)
        session.expire(row)
    ev = events.publish(session, drafts.stream_name(base), "patch", {
        "base": base, "base_version": old_version, "version": new_version, "patch": patch_text,
        "checksum": new_check, "by": actor.label})
    audit.record(session, actor, "drafts.live_edit", "document", base,
                 before={"version": old_version}, after={"version": new_version, "patch": patch_text})
    return {"base": base, "version": new_version, "checksum": new_check, "seq": ev.seq}


def issue_revision(session: Session, actor: Actor, base_symbol: str):
    """Publish the live text as the next revision. Returns (document, seq, summary)."""
    base = _base(session, actor, base_symbol)
    _require_editor(session, actor, base)
    row = _row(session, base)
    latest = drafts.latest(session, base)
    if row is None or row.text == latest.text:
        raise InvalidInput(f"the live text has no change since {latest.symbol}")
    if row.from_symbol != latest.symbol:
        raise Conflict(f"{latest.symbol} was published after the live editing started from {row.from_symbol}; "
                       "start again from the latest version")
    # A named facilitator issues the result with the secretariat's publishing right for this document only.
    publisher = actor if allowed(actor, "drafts.publish") else Actor(
        role=Role.SECRETARIAT, user_id=actor.user_id, participant_id=actor.participant_id,
        label=f"{actor.label} (facilitator)")
    doc, seq, summary = drafts.publish_revision(session, publisher, base, row.text)
    before = row.from_symbol
    row.from_symbol = doc.symbol
    session.flush()
    audit.record(session, actor, "drafts.live_issue", "document", doc.symbol,
                 before={"from": before, "version": row.version}, after={"symbol": doc.symbol})
    return doc, seq, summary


def restart(session: Session, actor: Actor, base_symbol: str) -> dict:
    """Start the live text again from the latest version (after a revision published elsewhere)."""
    base = _base(session, actor, base_symbol)
    _require_editor(session, actor, base)
    row = _row(session, base)
    latest = drafts.latest(session, base)
    if row is None:
        return current(session, actor, base)
    dmp = diff_match_patch()
    patch_text = dmp.patch_toText(dmp.patch_make(row.text, latest.text))
    old_version = row.version
    before = row.from_symbol
    row.text, row.checksum, row.from_symbol = latest.text, checksum(latest.text), latest.symbol
    row.version, row.updated_by = old_version + 1, actor.user_id
    session.flush()
    if patch_text:
        # "from": followers learn that the live text now starts from another version.
        events.publish(session, drafts.stream_name(base), "patch", {
            "base": base, "base_version": old_version, "version": row.version, "patch": patch_text,
            "checksum": row.checksum, "by": actor.label, "from": latest.symbol})
    audit.record(session, actor, "drafts.live_restart", "document", base,
                 before={"from": before, "version": old_version}, after={"from": latest.symbol, "version": row.version})
    return current(session, actor, base)


# --- facilitators ---------------------------------------------------------------------------------

def _user(session: Session, user) -> User:
    if isinstance(user, int) and not isinstance(user, bool):
        found = session.get(User, user)
    elif isinstance(user, str) and user.strip():
        found = session.scalar(select(User).where(User.email == user.strip().lower()))
    else:
        raise InvalidInput("user: a user id or email is required")
    if found is None or not found.active:
        raise NotFound(f"no active user {user!r}")
    return found


def facilitators(session: Session, actor: Actor, base_symbol: str) -> list[LiveFacilitator]:
    base = _base(session, actor, base_symbol)
    return list(session.scalars(select(LiveFacilitator).where(LiveFacilitator.base_symbol == base)
                                .order_by(LiveFacilitator.id)))


def name_facilitator(session: Session, actor: Actor, base_symbol: str, user) -> LiveFacilitator:
    require(actor, "drafts.assign_facilitator")
    base = _base(session, actor, base_symbol)
    target = _user(session, user)
    row = session.scalar(select(LiveFacilitator).where(LiveFacilitator.base_symbol == base,
                                                       LiveFacilitator.user_id == target.id))
    if row is not None:
        raise Conflict(f"{target.email} is already a facilitator of {base}")
    row = LiveFacilitator(base_symbol=base, user_id=target.id, created_by=actor.user_id)
    session.add(row)
    session.flush()
    audit.record(session, actor, "drafts.facilitator_named", "document", base, after={"user": target.email})
    return row


def remove_facilitator(session: Session, actor: Actor, base_symbol: str, user_id: int) -> None:
    require(actor, "drafts.assign_facilitator")
    base = _base(session, actor, base_symbol)
    row = session.scalar(select(LiveFacilitator).where(LiveFacilitator.base_symbol == base,
                                                       LiveFacilitator.user_id == user_id))
    if row is None:
        raise NotFound(f"user {user_id} is not a facilitator of {base}")
    audit.record(session, actor, "drafts.facilitator_removed", "document", base, before={"user": row.user.email})
    session.delete(row)
    session.flush()
