"""Who may vote: member States whose credentials are formal, accepted or provisional.

The credentials domain tells the status of a participant's credentials through a provider it
registers here: `register_credentials_status_provider(fn)` with `fn(session, participant_id) ->
str | None` ("accepted", "provisional", "challenged", "none"... or None when it knows nothing).
A representative whose credentials are challenged sits provisionally with full rights, so
"challenged" entitles as "provisional" does. With no provider registered (credentials not
installed), or when no provider knows the State, every member State votes. Observer States, the Holy See, the European Union,
intergovernmental and non-governmental organizations never vote.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from confmgr.procedure.rules import ENTITLED_STATUSES
from confmgr.registry.models import Participant

StatusProvider = Callable[[Session, int], "str | None"]
_providers: list[StatusProvider] = []


def register_credentials_status_provider(fn: StatusProvider) -> None:
    if fn not in _providers:
        _providers.append(fn)


def unregister_credentials_status_provider(fn: StatusProvider) -> None:
    if fn in _providers:
        _providers.remove(fn)


def credentials_status(session: Session, participant_id: int) -> str | None:
    """The first answer of the registered providers, or None."""
    for provider in list(_providers):
        status = provider(session, participant_id)
        if status is not None:
            return status
    return None


def entitled_to_vote(session: Session, participant: Participant | int) -> bool:
    if isinstance(participant, int):
        participant = session.get(Participant, participant)
    if participant is None or participant.kind != "member_state":
        return False
    status = credentials_status(session, participant.id)
    return status is None or status in ENTITLED_STATUSES


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
    states = session.scalars(select(Participant).where(Participant.kind == "member_state")
                             .order_by(Participant.name_fr))
    return [p for p in states if entitled_to_vote(session, p)]
