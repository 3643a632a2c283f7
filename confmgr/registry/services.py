"""Use cases of the registry. Each takes the session and the acting user; none commits."""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer, selectinload

from confmgr.core import audit
from confmgr.core.actor import Actor
from confmgr.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from confmgr.core.permissions import allowed, require
from confmgr.core.models import get_existing, in_range
from confmgr.registry.models import (
    DISTRIBUTIONS, MEETING_KINDS, MEETING_PERIODS, PARTICIPANT_KINDS, REGIONAL_GROUPS,
    AgendaItem, Conference, Document, Group, Meeting, Participant,
)
from confmgr.registry.symbols import SymbolError, parse_symbol, supersedes as _supersedes


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "item"


def _require_text(value: Any, field: str, *, max_len: int = 500) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{field}: required")
    value = value.strip()
    if len(value) > max_len:
        raise InvalidInput(f"{field}: at most {max_len} characters")
    return value


def _date(value: Any, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from None


# --- conference -------------------------------------------------------------------------------

def get_conference(session: Session) -> Conference | None:
    return session.scalar(select(Conference).order_by(Conference.id).limit(1))


CONFERENCE_FIELDS = ("symbol_prefix", "title_fr", "title_en", "short_title_fr", "short_title_en",
                     "venue_fr", "venue_en", "start_date", "end_date", "languages", "details")


def _conference_snapshot(conf: Conference) -> dict:
    return {f: (getattr(conf, f).isoformat() if isinstance(getattr(conf, f), date) else getattr(conf, f))
            for f in CONFERENCE_FIELDS}


def save_conference(session: Session, actor: Actor, **fields: Any) -> Conference:
    require(actor, "conference.manage")
    unknown = set(fields) - set(CONFERENCE_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown conference field(s): {', '.join(sorted(unknown))}")
    conf = get_conference(session)
    before = _conference_snapshot(conf) if conf else None
    if conf is None:
        conf = Conference(symbol_prefix="", title_fr="", title_en="", details={})
        session.add(conf)
    for name, value in fields.items():
        if name in ("start_date", "end_date"):
            value = _date(value, name)
        elif name == "symbol_prefix":
            value = _require_text(value, name, max_len=100)
        elif name in ("title_fr", "title_en"):
            value = _require_text(value, name, max_len=2000)
        setattr(conf, name, value)
    if conf.start_date and conf.end_date and conf.end_date < conf.start_date:
        raise InvalidInput("end_date: the conference cannot end before it starts")
    if not conf.symbol_prefix or not conf.title_fr:
        raise InvalidInput("symbol_prefix and title_fr are required")
    session.flush()
    audit.record(session, actor, "conference.save", "conference", conf.id, before=before,
                 after=_conference_snapshot(conf))
    return conf


# --- participants and groups --------------------------------------------------------------------

def find_participant(session: Session, ref: str | int) -> Participant:
    """A participant by id, key, or French or English name (case-insensitive)."""
    found = None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        found = session.get(Participant, int(ref))
    elif isinstance(ref, str) and ref.strip():
        name = ref.strip().lower()
        found = session.scalar(select(Participant).where(
            (Participant.key == name) | (func.lower(Participant.name_fr) == name)
            | (func.lower(Participant.name_en) == name)))
    if found is None:
        raise NotFound(f"participant {ref!r} not found")
    return found


def list_participants(session: Session, *, kind: str | None = None, regional_group: str | None = None,
                      query: str | None = None) -> list[Participant]:
    stmt = select(Participant).options(selectinload(Participant.groups)).order_by(Participant.name_fr)
    if kind:
        stmt = stmt.where(Participant.kind == kind)
    if regional_group:
        stmt = stmt.where(Participant.regional_group == regional_group)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(func.lower(Participant.name_fr).like(like) | func.lower(Participant.name_en).like(like))
    return list(session.scalars(stmt))


def _participant_snapshot(p: Participant) -> dict:
    return {"key": p.key, "name_fr": p.name_fr, "name_en": p.name_en, "kind": p.kind,
            "regional_group": p.regional_group}


def _check_participant_fields(kind: str, regional_group: str | None) -> None:
    if kind not in PARTICIPANT_KINDS:
        raise InvalidInput(f"kind: {kind!r} is not one of {', '.join(PARTICIPANT_KINDS)}")
    if regional_group is not None and regional_group not in REGIONAL_GROUPS:
        raise InvalidInput(f"regional_group: {regional_group!r} is not one of {', '.join(REGIONAL_GROUPS)}")
    if regional_group and kind not in ("member_state", "observer_state"):
        raise InvalidInput("regional_group: only States belong to a regional group")


def _article_en(value: Any) -> str:
    """The English definite article of a name: "the" (the Niger) or nothing (Nigeria)."""
    value = (value or "").strip() if isinstance(value, str) or value is None else value
    if value not in ("", "the"):
        raise InvalidInput("article_en: \"the\" or empty", field="article_en")
    return value


def create_participant(session: Session, actor: Actor, *, name_fr: str, kind: str, name_en: str | None = None,
                       regional_group: str | None = None, key: str | None = None,
                       article_fr: str = "", article_en: str = "") -> Participant:
    require(actor, "participants.manage")
    name_fr = _require_text(name_fr, "name_fr", max_len=200)
    name_en = (name_en or "").strip() or name_fr
    _check_participant_fields(kind, regional_group or None)
    key = _slug(key or name_en)
    clash = session.scalar(select(Participant).where(
        (Participant.key == key) | (func.lower(Participant.name_fr) == name_fr.lower())))
    if clash is not None:
        raise Conflict(f"participant {clash.name_fr!r} exists already")
    participant = Participant(key=key, name_fr=name_fr, name_en=name_en, kind=kind,
                              regional_group=regional_group or None, article_fr=article_fr,
                              article_en=_article_en(article_en))
    session.add(participant)
    session.flush()
    audit.record(session, actor, "participants.create", "participant", participant.id,
                 after=_participant_snapshot(participant))
    return participant


def update_participant(session: Session, actor: Actor, participant_id: int, **fields: Any) -> Participant:
    require(actor, "participants.manage")
    participant = get_existing(session, Participant, participant_id, "participant")
    allowed_fields = {"name_fr", "name_en", "kind", "regional_group", "article_fr", "article_en"}
    unknown = set(fields) - allowed_fields
    if unknown:
        raise InvalidInput(f"unknown participant field(s): {', '.join(sorted(unknown))}")
    before = _participant_snapshot(participant)
    kind = fields.get("kind", participant.kind)
    regional_group = fields.get("regional_group", participant.regional_group) or None
    _check_participant_fields(kind, regional_group)
    for name, value in fields.items():
        if name in ("name_fr", "name_en"):
            value = _require_text(value, name, max_len=200)
        if name == "article_en":
            value = _article_en(value)
        setattr(participant, name, value if name != "regional_group" else regional_group)
    session.flush()
    audit.record(session, actor, "participants.update", "participant", participant.id, before=before,
                 after=_participant_snapshot(participant))
    return participant


def find_group(session: Session, ref: str | int) -> Group:
    found = None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        found = session.get(Group, int(ref))
    elif isinstance(ref, str) and ref.strip():
        name = ref.strip().lower()
        found = session.scalar(select(Group).where(
            (Group.key == name) | (func.lower(Group.name_fr) == name) | (func.lower(Group.name_en) == name)))
    if found is None:
        raise NotFound(f"group {ref!r} not found")
    return found


def list_groups(session: Session) -> list[Group]:
    return list(session.scalars(select(Group).order_by(Group.name_fr)))


def create_group(session: Session, actor: Actor, *, name_fr: str, name_en: str | None = None,
                 members: list[str | int] = (), key: str | None = None, behalf_fr: str = "",
                 behalf_en: str = "") -> Group:
    require(actor, "participants.manage")
    name_fr = _require_text(name_fr, "name_fr", max_len=200)
    name_en = (name_en or "").strip() or name_fr
    key = _slug(key or name_en)
    if session.scalar(select(Group).where((Group.key == key) | (func.lower(Group.name_fr) == name_fr.lower()))):
        raise Conflict(f"group {name_fr!r} exists already")
    group = Group(key=key, name_fr=name_fr, name_en=name_en, behalf_fr=behalf_fr, behalf_en=behalf_en)
    group.members = [find_participant(session, m) for m in members]
    session.add(group)
    session.flush()
    audit.record(session, actor, "groups.create", "group", group.id,
                 after={"name_fr": name_fr, "members": [m.key for m in group.members]})
    return group


def set_group_members(session: Session, actor: Actor, group_id: int, members: list[str | int]) -> Group:
    require(actor, "participants.manage")
    group = get_existing(session, Group, group_id, "group")
    before = [m.key for m in group.members]
    group.members = [find_participant(session, m) for m in members]
    session.flush()
    audit.record(session, actor, "groups.members", "group", group.id, before={"members": before},
                 after={"members": [m.key for m in group.members]})
    return group


# --- agenda and meetings ------------------------------------------------------------------------

def list_agenda(session: Session) -> list[AgendaItem]:
    """Top-level items in order, each with its sub-items."""
    return list(session.scalars(select(AgendaItem).where(AgendaItem.parent_id.is_(None))
                                .order_by(AgendaItem.position)))


def find_agenda_item(session: Session, label: str | int) -> AgendaItem:
    """'12', '10 a', '10a' or '10 a)' -> the item."""
    m = re.fullmatch(r"\s*(\d+)\s*([a-z])?\)?\s*", str(label))
    if not m:
        raise InvalidInput(f"agenda_item: {label!r} is not an item number such as 12 or 10 a")
    stmt = select(AgendaItem).where(AgendaItem.number == m.group(1))
    stmt = stmt.where(AgendaItem.letter == m.group(2)) if m.group(2) else stmt.where(AgendaItem.letter.is_(None))
    item = session.scalar(stmt)
    if item is None:
        raise NotFound(f"agenda item {label} not found")
    return item


def add_agenda_item(session: Session, actor: Actor, *, number: str, title_fr: str, title_en: str = "",
                    letter: str | None = None) -> AgendaItem:
    require(actor, "agenda.manage")
    number = str(number).strip()
    if not number.isdigit():
        raise InvalidInput(f"number: {number!r} is not an item number")
    title_fr = _require_text(title_fr, "title_fr", max_len=2000)
    parent = None
    if letter:
        letter = letter.strip().lower().rstrip(")")
        if not re.fullmatch(r"[a-z]", letter):
            raise InvalidInput(f"letter: {letter!r} is not a sub-item letter")
        parent = find_agenda_item(session, number)
    exists = select(func.count()).select_from(AgendaItem).where(AgendaItem.number == number)
    exists = exists.where(AgendaItem.letter == letter) if letter else exists.where(AgendaItem.letter.is_(None))
    if session.scalar(exists):
        raise Conflict(f"agenda item {number}{' ' + letter if letter else ''} exists already")
    position = int(number) * 100 + (ord(letter) - 96 if letter else 0)
    item = AgendaItem(number=number, letter=letter, title_fr=title_fr, title_en=title_en or "",
                      position=position, parent_id=parent.id if parent else None)
    session.add(item)
    session.flush()
    audit.record(session, actor, "agenda.add", "agenda_item", item.label, after={"title_fr": title_fr})
    return item


def list_meetings(session: Session) -> list[Meeting]:
    return list(session.scalars(select(Meeting).order_by(Meeting.number)))


def get_meeting(session: Session, number: int | str) -> Meeting:
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise InvalidInput(f"meeting: {number!r} is not a meeting number") from None
    meeting = session.scalar(select(Meeting).where(Meeting.number == number)) if in_range(number) else None
    if meeting is None:
        raise NotFound(f"meeting {number} not found")
    return meeting


def create_meeting(session: Session, actor: Actor, *, number: int, date: Any, period: str = "morning",
                   kind: str = "plenary", agenda_items: list[str] = (), illustrative: bool = False) -> Meeting:
    require(actor, "meetings.manage")
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise InvalidInput(f"number: {number!r} is not a meeting number") from None
    if number < 1:
        raise InvalidInput("number: meetings are numbered from 1")
    when = _date(date, "date")
    if when is None:
        raise InvalidInput("date: required")
    if period not in MEETING_PERIODS:
        raise InvalidInput(f"period: {period!r} is not one of {', '.join(MEETING_PERIODS)}")
    if kind not in MEETING_KINDS:
        raise InvalidInput(f"kind: {kind!r} is not one of {', '.join(MEETING_KINDS)}")
    if session.scalar(select(func.count()).select_from(Meeting).where(Meeting.number == number)):
        raise Conflict(f"meeting {number} exists already")
    meeting = Meeting(number=number, date=when, period=period, kind=kind, illustrative=illustrative)
    meeting.agenda_items = [find_agenda_item(session, label) for label in agenda_items]
    session.add(meeting)
    session.flush()
    audit.record(session, actor, "meetings.create", "meeting", number,
                 after={"date": when.isoformat(), "period": period, "kind": kind,
                        "agenda_items": [i.label for i in meeting.agenda_items]})
    return meeting


def take_up_agenda_items(session: Session, actor: Actor, number: int, labels: list[str]) -> Meeting:
    require(actor, "meetings.manage")
    meeting = get_meeting(session, number)
    before = [i.label for i in meeting.agenda_items]
    meeting.agenda_items = [find_agenda_item(session, label) for label in labels]
    session.flush()
    audit.record(session, actor, "meetings.agenda", "meeting", number, before={"agenda_items": before},
                 after={"agenda_items": [i.label for i in meeting.agenda_items]})
    return meeting


# --- documents ------------------------------------------------------------------------------------

def parse_or_refuse(symbol: Any):
    if not isinstance(symbol, str) or not symbol.strip():
        raise InvalidInput("symbol: required", part="symbol")
    try:
        return parse_symbol(symbol)
    except SymbolError as exc:
        raise InvalidInput(f"symbol: {exc}", part=exc.part) from None


def find_document(session: Session, symbol: str) -> Document | None:
    parsed = parse_or_refuse(symbol)
    return session.scalar(select(Document).where(Document.symbol == parsed.text))


def get_document(session: Session, actor: Actor, symbol: str) -> Document:
    """A document the actor may read: Limited ones only for signed-in users."""
    doc = find_document(session, symbol)
    if doc is None:
        raise NotFound(f"document {symbol} not found")
    check_can_read(actor, doc)
    return doc


def check_can_read(actor: Actor, doc: Document) -> None:
    if doc.is_limited and not allowed(actor, "documents.read_limited"):
        raise Forbidden(f"{doc.symbol} is of limited distribution: sign in to read it")


def family(session: Session, base_symbol: str) -> list[Document]:
    """Every version of a base, oldest first.

    Texts and parsed trees are loaded only when used: a family of many revisions is listed without
    reading every version's text.
    """
    return list(session.scalars(select(Document).where(Document.base_symbol == base_symbol)
                                .options(defer(Document.text), defer(Document.tree))
                                .order_by(Document.revision, Document.symbol)))


def list_documents(session: Session, actor: Actor) -> list[Document]:
    stmt = select(Document).order_by(Document.position.is_(None), Document.position, Document.base_symbol,
                                     Document.revision)
    if not allowed(actor, "documents.read_limited"):
        stmt = stmt.where(Document.distribution == "general")
    return list(session.scalars(stmt))


def _document_snapshot(doc: Document) -> dict:
    return {"symbol": doc.symbol, "titles": doc.titles, "distribution": doc.distribution, "kind": doc.kind,
            "languages": doc.languages, "date": doc.date.isoformat() if doc.date else None}


def register_document(session: Session, actor: Actor, *, symbol: str, titles: dict[str, str],
                      date: Any = None, distribution: str | None = None, kind: str = "",
                      languages: list[str] = (), presented_by: str = "", position: int | None = None,
                      note: str = "", illustrative: bool = False, language: str | None = None,
                      text: str | None = None, tree: dict | None = None) -> Document:
    """Record a document. Its symbol must be valid and new; a revision links to what it supersedes."""
    require(actor, "documents.manage")
    parsed = parse_or_refuse(symbol)
    titles = {lang: t.strip() for lang, t in (titles or {}).items() if isinstance(t, str) and t.strip()}
    if not titles:
        raise InvalidInput("title: required")
    if any(len(t) > 2000 for t in titles.values()):
        raise InvalidInput("title: at most 2000 characters")
    distribution = distribution or parsed.distribution_hint
    if distribution not in DISTRIBUTIONS:
        raise InvalidInput(f"distribution: {distribution!r} is not general or limited")
    if session.scalar(select(func.count()).select_from(Document).where(Document.symbol == parsed.text)):
        raise Conflict(f"document {parsed.text} exists already")
    supersedes = None
    for doc_id, earlier in reversed(_family_symbols(session, parsed.base)):
        if _supersedes(parsed, earlier):
            supersedes = session.get(Document, doc_id)
            break
    doc = Document(symbol=parsed.text, base_symbol=parsed.base, revision=parsed.revision, titles=titles,
                   date=_date(date, "date"), distribution=distribution, kind=kind or "",
                   languages=list(languages or ([language] if language else [])), presented_by=presented_by,
                   position=position, note=note, illustrative=illustrative, supersedes=supersedes,
                   language=language, text=text, tree=tree, created_by=actor.user_id)
    session.add(doc)
    session.flush()
    audit.record(session, actor, "documents.register", "document", doc.symbol, after=_document_snapshot(doc))
    return doc


def _family_symbols(session: Session, base_symbol: str) -> list[tuple[int, str]]:
    """(id, symbol) of every version of a base, oldest first: the lineage without loading documents."""
    return list(session.execute(select(Document.id, Document.symbol).where(Document.base_symbol == base_symbol)
                                .order_by(Document.revision, Document.symbol)))


def is_superseded(session: Session, doc: Document) -> bool:
    return any(_supersedes(other, doc.symbol) for _id, other in _family_symbols(session, doc.base_symbol))
