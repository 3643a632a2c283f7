"""Domain events on numbered streams.

A service announces a change with `publish(session, stream, name, payload)`. The event is stored
in the same transaction as the change, with the next sequence number of its stream, so a client
that missed events can ask for everything after the last seq it saw. Only after the transaction
commits are the events handed to the sinks (the realtime layer registers one); a rolled-back
transaction announces nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, UniqueConstraint, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from confmgr.core.models import Base, utcnow

_PENDING = "confmgr.pending_events"
_sinks: list[Callable[[list[dict]], None]] = []


class StreamCounter(Base):
    """The last sequence number given on a stream; its row lock serialises publishers."""

    __tablename__ = "stream_counters"

    stream: Mapped[str] = mapped_column(String(200), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class StreamEvent(Base):
    __tablename__ = "stream_events"
    __table_args__ = (UniqueConstraint("stream", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stream: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def message(self) -> dict:
        """What a follower receives: the payload with its stream and seq."""
        return {"event": self.name, "data": {**self.payload, "stream": self.stream, "seq": self.seq}}


def _next_seq(session: Session, stream: str) -> int:
    bump = (
        update(StreamCounter)
        .where(StreamCounter.stream == stream)
        .values(last_seq=StreamCounter.last_seq + 1)
        .returning(StreamCounter.last_seq)
    )
    seq = session.execute(bump).scalar_one_or_none()
    if seq is not None:
        return seq
    try:
        with session.begin_nested():
            session.execute(insert(StreamCounter).values(stream=stream, last_seq=1))
        return 1
    except IntegrityError:  # another transaction created the counter first
        return session.execute(bump).scalar_one()


def publish(session: Session, stream: str, name: str, payload: dict[str, Any]) -> StreamEvent:
    """Store an event in the current transaction; it is delivered once the transaction commits."""
    ev = StreamEvent(stream=stream, seq=_next_seq(session, stream), name=name, payload=payload)
    session.add(ev)
    session.flush()
    session.info.setdefault(_PENDING, []).append(ev.message())
    return ev


def events_since(session: Session, stream: str, since: int | None, *, limit: int = 10_000) -> list[StreamEvent]:
    query = select(StreamEvent).where(StreamEvent.stream == stream)
    if since is not None:
        query = query.where(StreamEvent.seq > since)
    return list(session.scalars(query.order_by(StreamEvent.seq).limit(limit)))


def last_seq(session: Session, stream: str) -> int:
    return session.scalar(select(StreamCounter.last_seq).where(StreamCounter.stream == stream)) or 0


def add_sink(sink: Callable[[list[dict]], None]) -> None:
    """Register a callable that receives the messages of each committed transaction, in order."""
    if sink not in _sinks:
        _sinks.append(sink)


def remove_sink(sink: Callable[[list[dict]], None]) -> None:
    if sink in _sinks:
        _sinks.remove(sink)


@event.listens_for(Session, "after_commit")
def _deliver(session: Session) -> None:
    messages = session.info.pop(_PENDING, None)
    if messages:
        for sink in list(_sinks):
            sink(messages)


@event.listens_for(Session, "after_soft_rollback")
def _discard(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_PENDING, None)
