"""Offices of the Bureau, the agreed regional distribution, candidacies, elections and their ballots,
the holders of each office, and the facilitators and moderators the President appoints."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confmgr.core.lang import in_language, text_in
from confmgr.core.models import Base, utcnow


class Office(Base):
    __tablename__ = "bureau_offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    title_en: Mapped[str] = mapped_column(String(200))
    title_fr: Mapped[str] = mapped_column(String(200))
    seats: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer, default=0)
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    holders: Mapped[list[OfficeHolder]] = relationship(back_populates="office", order_by="OfficeHolder.id",
                                                       cascade="all, delete-orphan")

    def title(self, lang: str) -> str:
        return text_in(self, "title", lang)


class RegionalSeat(Base):
    """The agreed distribution of the Bureau's seats among the regional groups."""

    __tablename__ = "bureau_distribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    regional_group: Mapped[str] = mapped_column(String(40), unique=True)
    seats: Mapped[int] = mapped_column(Integer)


class Candidacy(Base):
    __tablename__ = "bureau_candidacies"
    __table_args__ = (UniqueConstraint("office_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("bureau_offices.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    person: Mapped[str] = mapped_column(String(200), default="")
    endorsed_by: Mapped[str | None] = mapped_column(String(40))       # a regional group
    recommended_by_en: Mapped[str] = mapped_column(String(300), default="")
    recommended_by_fr: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default="candidate")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    office: Mapped[Office] = relationship()
    participant = relationship("Participant")


class Election(Base):
    __tablename__ = "bureau_elections"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("bureau_offices.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    agenda_item: Mapped[str | None] = mapped_column(String(10))
    seats: Mapped[int] = mapped_column(Integer)
    method: Mapped[str | None] = mapped_column(String(20))   # acclamation | secret_ballot
    status: Mapped[str] = mapped_column(String(20), default="open")
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"))
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    office: Mapped[Office] = relationship()
    meeting = relationship("Meeting")
    rounds: Mapped[list[BallotRound]] = relationship(order_by="BallotRound.number", cascade="all, delete-orphan")


class BallotRound(Base):
    """One ballot of an election, as counted: votes per candidacy, and what followed."""

    __tablename__ = "bureau_ballots"
    __table_args__ = (UniqueConstraint("election_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("bureau_elections.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    candidates: Mapped[list] = mapped_column(JSON, default=list)  # candidacy ids on this ballot
    seats: Mapped[int] = mapped_column(Integer)
    ballots_cast: Mapped[int] = mapped_column(Integer)
    invalid: Mapped[int] = mapped_column(Integer, default=0)
    abstentions: Mapped[int] = mapped_column(Integer, default=0)
    present: Mapped[int | None] = mapped_column(Integer)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)      # str(candidacy id) -> votes
    outcome: Mapped[dict] = mapped_column(JSON, default=dict)     # RoundOutcome.to_dict() + drawn by lot


class OfficeHolder(Base):
    __tablename__ = "bureau_holders"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("bureau_offices.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    person: Mapped[str] = mapped_column(String(200), default="")
    election_id: Mapped[int | None] = mapped_column(ForeignKey("bureau_elections.id", ondelete="SET NULL"))
    since_meeting: Mapped[int | None] = mapped_column(Integer)
    how: Mapped[str] = mapped_column(String(20), default="acclamation")

    office: Mapped[Office] = relationship(back_populates="holders")
    participant = relationship("Participant")


class Appointment(Base):
    """A facilitator or moderator appointed by the President."""

    __tablename__ = "bureau_appointments"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    person: Mapped[str] = mapped_column(String(200))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"))
    topic_en: Mapped[str] = mapped_column(Text, default="")
    topic_fr: Mapped[str] = mapped_column(Text, default="")
    appointed_by_en: Mapped[str] = mapped_column(String(200), default="")
    appointed_by_fr: Mapped[str] = mapped_column(String(200), default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)

    participant = relationship("Participant")

    def topic(self, lang: str) -> str:
        return in_language(lang, self.topic_fr, self.topic_en)
