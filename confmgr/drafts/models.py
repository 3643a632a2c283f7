"""Negotiation state kept beside the immutable versions (the versions are registry Documents)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confmgr.core.models import Base, Timestamped, utcnow

PARAGRAPH_STATUSES = ("agreed_ad_ref", "bracketed", "pending", "deleted")


class ParagraphStatus(Base):
    """The status of one paragraph (by identity) in one version."""

    __tablename__ = "paragraph_statuses"
    __table_args__ = (UniqueConstraint("document_id", "wid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    wid: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    set_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Proposal(Timestamped, Base):
    """A change a delegation (or a group through one) proposed to a paragraph of a version."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    wid: Mapped[str] = mapped_column(String(200))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    participant = relationship("Participant")
    on_behalf_of = relationship("Group")


class AlignmentOverride(Timestamped, Base):
    """A match the secretariat confirmed ("force") or refused ("forbid") between two identities of a family."""

    __tablename__ = "alignment_overrides"
    __table_args__ = (UniqueConstraint("base_symbol", "old_wid", "new_wid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    base_symbol: Mapped[str] = mapped_column(String(200), index=True)
    old_wid: Mapped[str] = mapped_column(String(200))
    new_wid: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))  # force | forbid
    created_by: Mapped[int | None] = mapped_column(Integer)


class LiveText(Base):
    """The text on screen of a draft in informal consultations: edited patch by patch, versioned."""

    __tablename__ = "live_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    base_symbol: Mapped[str] = mapped_column(String(200), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    checksum: Mapped[str] = mapped_column(String(64))  # sha256 of the UTF-8 text
    from_symbol: Mapped[str] = mapped_column(String(200))  # the version the editing started from
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class LiveFacilitator(Timestamped, Base):
    """A user the secretariat named to edit the text on screen of one draft."""

    __tablename__ = "live_facilitators"
    __table_args__ = (UniqueConstraint("base_symbol", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    base_symbol: Mapped[str] = mapped_column(String(200), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user = relationship("User", foreign_keys=[user_id])
