"""The report's own tables: editorial facts no other domain records, and the secretariat's edits."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from confmgr.core.models import Base, utcnow


class ReportSettings(Base):
    """One row. `documentation` is the list of documents before the conference as the report gives it
    (entries grouping a family of drafts, or naming papers issued without a symbol); None derives it
    from the registry. `facts` holds what the report says and no other table records (the President's
    form of address, the rule that sets the Credentials Committee, the paragraph of its report that
    carries the draft resolution)."""

    __tablename__ = "report_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    documentation: Mapped[list | None] = mapped_column(JSON)
    facts: Mapped[dict] = mapped_column(JSON, default=dict)


class AddedParagraph(Base):
    """A paragraph the secretariat adds to the generated report in one language, after the paragraph
    `after` (a generated or added paragraph's key; None: at the end of the report proper)."""

    __tablename__ = "report_added_paragraphs"

    id: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(5))
    after: Mapped[str | None] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ParagraphEdit(Base):
    """The secretariat's wording of one generated paragraph in one language.

    `generated` is the generated text the edit was made against: when the record later generates
    something else, the report flags that the generated text changed since the edit.
    """

    __tablename__ = "report_paragraph_edits"
    __table_args__ = (UniqueConstraint("key", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120))
    lang: Mapped[str] = mapped_column(String(5))
    text: Mapped[str] = mapped_column(Text)
    generated: Mapped[str] = mapped_column(Text)
    edited_by: Mapped[str] = mapped_column(String(200))
    edited_by_id: Mapped[int | None] = mapped_column(Integer)
    edited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
