"""Speakers' lists, inscriptions and the record of statements heard."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confmgr.core.models import Base, Timestamped
from confmgr.registry.models import AgendaItem, Group, Meeting, Participant

INSCRIPTION_STATUSES = ("waiting", "current", "heard", "skipped")


class SpeakersList(Timestamped, Base):
    """One list per meeting, agenda item and kind (general debate of States, IGOs, NGOs).

    The row is also the list's lock: every change first bumps `version`, which serialises writers
    on every backend and lets a client say which state it acted on.
    """

    __tablename__ = "speakers_lists"
    __table_args__ = (UniqueConstraint("meeting_id", "agenda_item_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"))
    kind: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10), default="open")
    opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=0)
    inscription_counter: Mapped[int] = mapped_column(Integer, default=0)
    # The President's moves and agreed exchanges of places, applied in turn to the rule's order.
    adjustments: Mapped[list] = mapped_column(JSON, default=list)
    # Exchanges asked by one delegation and awaiting the other's agreement: [{"a", "b", "by"}].
    pending_swaps: Mapped[list] = mapped_column(JSON, default=list)
    # The inscription now holding the floor (an id of speakers_inscriptions, kept without a foreign
    # key so the two tables do not depend on each other).
    current_id: Mapped[int | None] = mapped_column(Integer)
    # The clock of the current speaker: idle (called, not started), running, paused.
    clock_state: Mapped[str] = mapped_column(String(10), default="idle")
    clock_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # first start
    clock_running_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    clock_elapsed: Mapped[float] = mapped_column(Float, default=0.0)  # banked before the current run
    clock_limit: Mapped[int] = mapped_column(Integer, default=0)
    # A point of order being raised: who, when, and whether the clock ran when it was raised.
    poo_participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"))
    poo_raised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    poo_resume: Mapped[bool] = mapped_column(Boolean, default=False)

    meeting: Mapped[Meeting] = relationship()
    agenda_item: Mapped[AgendaItem] = relationship()
    poo_participant: Mapped[Participant | None] = relationship(foreign_keys=[poo_participant_id])
    inscriptions: Mapped[list[Inscription]] = relationship(
        back_populates="speakers_list", foreign_keys="Inscription.list_id", cascade="all, delete-orphan",
        order_by="Inscription.seq")


class Inscription(Timestamped, Base):
    """A delegation on a list. `slot` is 0 for its first statement, 1.. for more the secretariat
    allowed; `reply` is 0 for a statement, 1 or 2 for a right of reply."""

    __tablename__ = "speakers_inscriptions"
    __table_args__ = (UniqueConstraint("list_id", "participant_id", "reply", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("speakers_lists.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    level: Mapped[str] = mapped_column(String(30))
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    seq: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer, default=0)
    reply: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="waiting")

    speakers_list: Mapped[SpeakersList] = relationship(back_populates="inscriptions", foreign_keys=[list_id])
    participant: Mapped[Participant] = relationship()
    on_behalf_of: Mapped[Group | None] = relationship()


class Statement(Base):
    """A statement heard at a meeting: who, on behalf of whom, at which level, when and how long."""

    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    list_id: Mapped[int | None] = mapped_column(ForeignKey("speakers_lists.id", ondelete="SET NULL"))
    list_kind: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20), default="statement")  # statement, reply, point_of_order
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    # The item under which it was heard, for a statement entered without a list (a list has its own).
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    level: Mapped[str | None] = mapped_column(String(30))
    reply: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration: Mapped[int] = mapped_column(Integer, default=0)  # seconds spoken (pauses excluded)
    time_limit: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)

    meeting: Mapped[Meeting] = relationship()
    participant: Mapped[Participant] = relationship()
    on_behalf_of: Mapped[Group | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    speakers_list: Mapped[SpeakersList | None] = relationship()
