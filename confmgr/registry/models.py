from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confmgr.core.lang import text_in
from confmgr.core.models import Base, Timestamped

PARTICIPANT_KINDS = ("member_state", "observer_state", "holy_see", "european_union", "igo", "ngo")
REGIONAL_GROUPS = ("african", "asia_pacific", "eastern_european", "latin_american_caribbean",
                   "western_european_other")
MEETING_PERIODS = ("morning", "afternoon", "evening")
MEETING_KINDS = ("plenary", "informal")
DISTRIBUTIONS = ("general", "limited")


class Conference(Base):
    """The conference this instance serves (one per database)."""

    __tablename__ = "conferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    symbol_prefix: Mapped[str] = mapped_column(String(100))
    title_fr: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    short_title_fr: Mapped[str] = mapped_column(String(200), default="")
    short_title_en: Mapped[str] = mapped_column(String(200), default="")
    venue_fr: Mapped[str] = mapped_column(String(200), default="")
    venue_en: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    languages: Mapped[list] = mapped_column(JSON, default=lambda: ["fr", "en"])
    # Facts the report needs that no other table holds (mandates, preparatory committee...).
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    # Texts in languages without a column of their own: {"title": {"es": "..."}} (see core.lang).
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    def title(self, lang: str) -> str:
        return text_in(self, "title", lang)

    def short_title(self, lang: str) -> str:
        return text_in(self, "short_title", lang) or self.title(lang)

    def venue(self, lang: str) -> str:
        return text_in(self, "venue", lang)


group_members = Table(
    "group_members",
    Base.metadata,
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
)


class Participant(Timestamped, Base):
    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name_fr: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    article_fr: Mapped[str] = mapped_column(String(10), default="")
    # "the" where English uses the definite article before the name (the Niger, the Holy See).
    article_en: Mapped[str] = mapped_column(String(10), default="")
    kind: Mapped[str] = mapped_column(String(20))
    regional_group: Mapped[str | None] = mapped_column(String(40))
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    groups: Mapped[list[Group]] = relationship(secondary=group_members, back_populates="members")

    @property
    def name(self) -> str:
        return text_in(self, "name", "fr")

    def display(self, lang: str) -> str:
        return text_in(self, "name", lang)

    @property
    def is_state(self) -> bool:
        return self.kind in ("member_state", "observer_state")


class Group(Base):
    """A set of participants one of them may speak for (African Group, MERCOSUR, the EU...)."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name_fr: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    behalf_fr: Mapped[str] = mapped_column(String(250), default="")
    behalf_en: Mapped[str] = mapped_column(String(250), default="")
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    members: Mapped[list[Participant]] = relationship(secondary=group_members, back_populates="groups",
                                                      order_by="[Participant.name_fr, Participant.name_en]")

    @property
    def name(self) -> str:
        return text_in(self, "name", "fr")

    def display(self, lang: str) -> str:
        return text_in(self, "name", lang)

    def behalf(self, lang: str) -> str:
        """The wording after "on behalf of" ("the African Group"), or '' when none is set."""
        return text_in(self, "behalf", lang)


meeting_agenda_items = Table(
    "meeting_agenda_items",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("agenda_item_id", ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True),
)


class AgendaItem(Base):
    """An agenda item ("10") or a lettered sub-item ("10 a")."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(10))
    letter: Mapped[str | None] = mapped_column(String(4))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_fr: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text, default="")
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    subitems: Mapped[list[AgendaItem]] = relationship(order_by="AgendaItem.position", cascade="all, delete-orphan")

    @property
    def label(self) -> str:
        return f"{self.number} {self.letter}" if self.letter else self.number

    def title(self, lang: str) -> str:
        return text_in(self, "title", lang)


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    date: Mapped[date] = mapped_column(Date)
    period: Mapped[str] = mapped_column(String(20), default="morning")
    kind: Mapped[str] = mapped_column(String(20), default="plenary")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)

    agenda_items: Mapped[list[AgendaItem]] = relationship(secondary=meeting_agenda_items,
                                                          order_by="AgendaItem.position")


class Document(Timestamped, Base):
    """A document by its UN symbol. Versions of one base (L.4, L.4/Rev.1) are rows of their own.

    A draft outcome document also carries its text and the parsed tree (see confmgr.drafts);
    once stored a version's text never changes.
    """

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    symbol: Mapped[str] = mapped_column(String(200), unique=True)
    base_symbol: Mapped[str] = mapped_column(String(200), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    titles: Mapped[dict] = mapped_column(JSON, default=dict)  # language -> title
    date: Mapped[date | None] = mapped_column(Date)
    distribution: Mapped[str] = mapped_column(String(10), default="general")
    kind: Mapped[str] = mapped_column(String(40), default="")
    languages: Mapped[list] = mapped_column(JSON, default=list)
    presented_by: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int | None] = mapped_column(Integer)  # order in the list of documentation
    note: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    language: Mapped[str | None] = mapped_column(String(5))  # language of the stored text
    text: Mapped[str | None] = mapped_column(Text)
    tree: Mapped[dict | None] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    supersedes: Mapped[Document | None] = relationship(remote_side=[id])

    def title(self, lang: str = "fr") -> str:
        return self.titles.get(lang) or next(iter(self.titles.values()), "")

    @property
    def is_limited(self) -> bool:
        return self.distribution == "limited"
