"""Rules of procedure: the parameters the engine applies, the text of the rules, motions, votes and
decisions taken at meetings."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confmgr.core.lang import in_language
from confmgr.core.models import Base, utcnow


class ProcedureSettings(Base):
    """The conference's procedure parameters (one row); frozen once the rules are adopted."""

    __tablename__ = "procedure_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    adopted: Mapped[bool] = mapped_column(Boolean, default=False)
    adopted_at_meeting: Mapped[int | None] = mapped_column(Integer)
    # The symbol of the document holding the rules (A/CONF.192/2012/RC/L.2).
    document: Mapped[str | None] = mapped_column(String(200))
    # Decisions amending the rules after adoption, each usable once.
    amendments_applied: Mapped[list] = mapped_column(JSON, default=list)


class RuleOfProcedure(Base):
    """One numbered rule of the text."""

    __tablename__ = "rules_of_procedure"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(12), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    chapter: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    title_fr: Mapped[str] = mapped_column(String(300), default="")
    text_en: Mapped[str] = mapped_column(Text, default="")
    text_fr: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)

    def title(self, lang: str) -> str:
        return in_language(lang, self.title_fr, self.title_en)

    def text(self, lang: str) -> str:
        return in_language(lang, self.text_fr, self.text_en)


class Motion(Base):
    """A proposal or a procedural motion before a meeting."""

    __tablename__ = "motions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item: Mapped[str | None] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(30))
    matter: Mapped[str] = mapped_column(String(20), default="procedural")
    subject: Mapped[str] = mapped_column(String(60), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[str | None] = mapped_column(String(200))
    moved_by_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"))
    target_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", use_alter=True))
    majority: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    consensus_exhausted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    meeting = relationship("Meeting")
    moved_by = relationship("Participant")
    speakers: Mapped[list[MotionSpeaker]] = relationship(order_by="MotionSpeaker.id", cascade="all, delete-orphan")


class MotionSpeaker(Base):
    __tablename__ = "motion_speakers"
    __table_args__ = (UniqueConstraint("motion_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    motion_id: Mapped[int] = mapped_column(ForeignKey("motions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    side: Mapped[str] = mapped_column(String(10))

    participant = relationship("Participant")


class Vote(Base):
    """A vote on a motion: recorded, non-recorded or by roll call."""

    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    motion_id: Mapped[int] = mapped_column(ForeignKey("motions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    majority: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="open")
    first_state_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"))
    order: Mapped[list] = mapped_column(JSON, default=list)  # roll-call sequence of participant ids
    present: Mapped[int | None] = mapped_column(Integer)
    yes: Mapped[int | None] = mapped_column(Integer)
    no: Mapped[int | None] = mapped_column(Integer)
    abstain: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    motion: Mapped[Motion] = relationship()
    first_state = relationship("Participant")
    entries: Mapped[list[VoteEntry]] = relationship(order_by="VoteEntry.seq", cascade="all, delete-orphan")


class VoteEntry(Base):
    """One State's vote in a recorded or roll-call vote."""

    __tablename__ = "vote_entries"
    __table_args__ = (UniqueConstraint("vote_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    position: Mapped[str] = mapped_column(String(10))
    seq: Mapped[int] = mapped_column(Integer)

    participant = relationship("Participant")


class Decision(Base):
    """A decision taken at a meeting: by consensus, acclamation or vote, with its result."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item: Mapped[str | None] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(60))
    how: Mapped[str] = mapped_column(String(20))
    documents: Mapped[list] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(String(20))
    motion_id: Mapped[int | None] = mapped_column(ForeignKey("motions.id", ondelete="SET NULL"))
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("votes.id", ondelete="SET NULL"))
    majority: Mapped[str | None] = mapped_column(String(20))  # the kind of question voted on
    yes: Mapped[int | None] = mapped_column(Integer)
    no: Mapped[int | None] = mapped_column(Integer)
    abstain: Mapped[int | None] = mapped_column(Integer)
    present: Mapped[int | None] = mapped_column(Integer)
    present_and_voting: Mapped[int | None] = mapped_column(Integer)
    required: Mapped[int | None] = mapped_column(Integer)
    # The threshold applied to a vote: {"fraction": "3/4", "rule", "base", "base_count"}.
    threshold: Mapped[dict | None] = mapped_column(JSON)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    meeting = relationship("Meeting")
