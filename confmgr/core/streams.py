"""Who may follow which live stream.

A stream is named `<kind>:<key>` (`document:A/CONF.192/2012/RC/CRP.3`, `speakers:7`). Each domain
registers, for its kinds, a check that raises NotFound for an unknown stream and Forbidden for one
the actor may not see.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from confmgr.core.actor import Actor
from confmgr.core.errors import InvalidInput, NotFound

StreamCheck = Callable[[Session, Actor, str], None]
_checks: dict[str, StreamCheck] = {}


def register(kind: str, check: StreamCheck) -> None:
    _checks[kind] = check


def check_follow(session: Session, actor: Actor, stream: object) -> str:
    """Validate a stream name for this actor; returns it, or raises a domain error saying why not."""
    if not isinstance(stream, str) or ":" not in stream:
        raise InvalidInput("stream: expected '<kind>:<key>', e.g. 'document:A/CONF.192/2012/RC/CRP.3'")
    kind, _sep, key = stream.partition(":")
    check = _checks.get(kind)
    if check is None:
        raise NotFound(f"unknown stream kind {kind!r}")
    check(session, actor, key)
    return stream
