"""Who may vote: member States whose credentials allow it.

The credentials domain registers a provider `fn(session, participant_id) -> str | None` that gives a
State's credentials status ("formal", "provisional", "none", "accepted", "challenged", "rejected").
A member State votes with formal, provisional, accepted or challenged credentials (a challenged
representative sits provisionally with full rights until the conference decides); with none or
rejected it does not. Until a provider is registered, every member State votes.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

StatusProvider = Callable[[Session, int], "str | None"]
VOTING_STATUSES = frozenset({"formal", "provisional", "accepted", "challenged"})
_providers: list[StatusProvider] = []


def register_credentials_status_provider(fn: StatusProvider) -> None:
    if fn not in _providers:
        _providers.append(fn)


def credentials_status(session: Session, participant_id: int) -> str | None:
    """The State's credentials status from the registered provider, or None without one."""
    for provider in _providers:
        status = provider(session, participant_id)
        if status is not None:
            return status
    return None


def entitled_to_vote(session: Session, participant) -> bool:
    """A member State whose credentials status allows it to vote."""
    if participant.kind != "member_state":
        return False
    if not _providers:
        return True
    return credentials_status(session, participant.id) in VOTING_STATUSES
