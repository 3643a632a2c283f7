"""Who may vote: member States whose credentials are formal, accepted or provisional.

The credentials domain tells the status of a participant's credentials through a provider it
registers here: `register_credentials_status_provider(fn)` with `fn(session, participant_id) ->
str | None` ("accepted", "provisional", "challenged", "none"... or None when it knows nothing),
and optionally `many=fn(session, participant_ids) -> {participant_id: status}` that answers for
many States in a few queries (a State it does not name is one it knows nothing about).
A representative whose credentials are challenged sits provisionally with full rights, so
"challenged" entitles as "provisional" does. With no provider registered (credentials not
installed), or when no provider knows the State, every member State votes. Observer States, the Holy See, the European Union,
intergovernmental and non-governmental organizations never vote.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from confmgr.procedure.rules import ENTITLED_STATUSES, may_vote
from confmgr.registry.models import Participant

StatusProvider = Callable[[Session, int], "str | None"]
ManyStatusProvider = Callable[[Session, list[int]], "dict[int, str | None]"]
_providers: list[StatusProvider] = []
_many: dict[StatusProvider, ManyStatusProvider] = {}


def register_credentials_status_provider(fn: StatusProvider, many: ManyStatusProvider | None = None) -> None:
    if fn not in _providers:
        _providers.append(fn)
    if many is not None:
        _many[fn] = many


def unregister_credentials_status_provider(fn: StatusProvider) -> None:
    if fn in _providers:
        _providers.remove(fn)
    _many.pop(fn, None)


def credentials_status(session: Session, participant_id: int) -> str | None:
    """The first answer of the registered providers, or None."""
    return credentials_statuses(session, [participant_id])[participant_id]


def credentials_statuses(session: Session, participant_ids: list[int]) -> dict[int, str | None]:
    """credentials_status of each participant, asking each provider once for all where it can."""
    found: dict[int, str | None] = dict.fromkeys(participant_ids)
    pending = list(found)
    for provider in list(_providers):
        if not pending:
            break
        many = _many.get(provider)
        answers = many(session, pending) if many else {pid: provider(session, pid) for pid in pending}
        for pid in pending:
            found[pid] = answers.get(pid)
        pending = [pid for pid in pending if found[pid] is None]
    return found


def entitled_to_vote(session: Session, participant: Participant | int) -> bool:
    if isinstance(participant, int):
        participant = session.get(Participant, participant)
    if participant is None or participant.kind != "member_state":
        return False
    return may_vote(participant.kind, credentials_status(session, participant.id))


def why_not_entitled(session: Session, participant: Participant) -> str | None:
    """A sentence saying why this participant may not vote, or None when it may."""
    if participant.kind != "member_state":
        return f"{participant.name_en} may not vote ({participant.kind.replace('_', ' ')})"
    status = credentials_status(session, participant.id)
    if status is not None and status not in ENTITLED_STATUSES:
        return f"{participant.name_en} may not vote: credentials status {status}"
    return None


def voters(session: Session) -> list[Participant]:
    """Every participant entitled to vote now, in alphabetical order of the French name."""
    states = list(session.scalars(select(Participant).where(Participant.kind == "member_state")
                                  .order_by(Participant.name_fr)))
    statuses = credentials_statuses(session, [p.id for p in states])
    return [p for p in states if may_vote(p.kind, statuses[p.id])]
