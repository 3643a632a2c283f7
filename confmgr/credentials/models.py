"""Tables of the credentials workflow."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confmgr.core.models import Base, Timestamped, utcnow
from confmgr.registry.models import Participant


class CommitteeMember(Base):
    """A State sitting on the Credentials Committee."""

    __tablename__ = "credentials_committee_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    appointed_at_meeting: Mapped[int | None] = mapped_column(Integer)
    is_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)

    participant: Mapped[Participant] = relationship()


class CredentialsSettings(Base):
    """One row: the deadline for credentials and where the Committee's composition came from."""

    __tablename__ = "credentials_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline: Mapped[date | None] = mapped_column(Date)
    aligned_with_ga_session: Mapped[int | None] = mapped_column(Integer)
    committee_meeting_date: Mapped[date | None] = mapped_column(Date)
    # Kinds of participant that present credentials (None: member States only).
    presenting_kinds: Mapped[list | None] = mapped_column(JSON)


class Credential(Timestamped, Base):
    """What the secretariat holds for one participating State."""

    __tablename__ = "credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    category: Mapped[str] = mapped_column(String(20), default="none")
    form: Mapped[str | None] = mapped_column(String(40))
    received_on: Mapped[date | None] = mapped_column(Date)
    examination: Mapped[str] = mapped_column(String(20), default="pending")
    objection: Mapped[str] = mapped_column(Text, default="")
    objected_by_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    participant: Mapped[Participant] = relationship(foreign_keys=[participant_id])
    objected_by: Mapped[Participant | None] = relationship(foreign_keys=[objected_by_id])
    representatives: Mapped[list[Representative]] = relationship(
        order_by="Representative.position", cascade="all, delete-orphan")
    files: Mapped[list[CredentialFile]] = relationship(order_by="CredentialFile.id", cascade="all, delete-orphan")
    history: Mapped[list[StatusChange]] = relationship(order_by="StatusChange.id", cascade="all, delete-orphan")


class Representative(Base):
    """A person the credentials cover: head of delegation, alternate or adviser."""

    __tablename__ = "credentials_representatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(ForeignKey("credentials.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(Integer, default=0)


class CredentialFile(Timestamped, Base):
    """An uploaded scan or PDF, stored under the instance folder by its SHA-256."""

    __tablename__ = "credentials_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(ForeignKey("credentials.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200), default="")  # the client's name, shown, never used as a path
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class StatusChange(Base):
    """The history of a State's credentials status: every change of category or examination."""

    __tablename__ = "credentials_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(ForeignKey("credentials.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_label: Mapped[str] = mapped_column(String(200))
    before: Mapped[str | None] = mapped_column(String(20))
    after: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")


class Memorandum(Timestamped, Base):
    """The secretariat's memorandum to the Committee: counts and lists per category, as prepared."""

    __tablename__ = "credentials_memoranda"

    id: Mapped[int] = mapped_column(primary_key=True)
    counts: Mapped[dict] = mapped_column(JSON)
    lists: Mapped[dict] = mapped_column(JSON)
    prepared_by: Mapped[str] = mapped_column(String(200))


class CommitteeReport(Timestamped, Base):
    """The Committee's report with its draft resolution; frozen once adopted."""

    __tablename__ = "credentials_reports"
    __table_args__ = (UniqueConstraint("symbol"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    symbol: Mapped[str] = mapped_column(String(200))
    text_fr: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    resolution_fr: Mapped[str] = mapped_column(Text)
    resolution_en: Mapped[str] = mapped_column(Text)
    counts: Mapped[dict] = mapped_column(JSON)
    lists: Mapped[dict] = mapped_column(JSON)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    adopted_by_committee: Mapped[bool] = mapped_column(Boolean, default=False)
    committee_adopted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The conference's decision (a plenary meeting) on the draft resolution.
    conference_meeting: Mapped[int | None] = mapped_column(Integer)
    conference_how: Mapped[str | None] = mapped_column(String(20))
    conference_decision_id: Mapped[int | None] = mapped_column(Integer)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def adopted_by_conference(self) -> bool:
        return self.conference_meeting is not None
