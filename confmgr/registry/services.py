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
from confmgr.core.lang import COLUMN_LANGUAGES, LANGUAGE_CODES, all_texts, check_languages, own_text, set_text
from confmgr.core.permissions import allowed, require
from confmgr.core.models import Base, get_existing, in_range
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
# Texts of the conference given per language as `<field>_<lang>` (title_en, venue_es...).
CONFERENCE_TEXTS = ("title", "short_title", "venue")


def conference_languages(session: Session) -> list[str]:
    """The languages the conference works in; none yet when no conference is recorded."""
    conf = get_conference(session)
    return list(conf.languages or []) if conf else []


def _text_fields(texts: tuple[str, ...]) -> set[str]:
    return {f"{t}_{code}" for t in texts for code in LANGUAGE_CODES}


def apply_texts(obj: Any, field: str, given: dict[str, Any], languages: list[str], *, max_len: int = 500,
                required: bool = True) -> None:
    """Store the texts of `field` given per language and check that the record has one in every language
    of the conference (in at least one when no conference declares any). The message names the field."""
    for code, value in given.items():
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise InvalidInput(f"{field}_{code}: text expected", field=f"{field}_{code}")
        value = value.strip()
        if len(value) > max_len:
            raise InvalidInput(f"{field}_{code}: at most {max_len} characters", field=f"{field}_{code}")
        set_text(obj, field, code, value)
    if not required:
        return
    for code in languages:
        if not own_text(obj, field, code):
            raise InvalidInput(f"{field}_{code}: required (the conference works in {', '.join(languages)})",
                               field=f"{field}_{code}")
    if not all_texts(obj, field):
        first = languages[0] if languages else next(iter(given), "en")
        raise InvalidInput(f"{field}_{first}: required", field=f"{field}_{first}")


def texts_snapshot(obj: Any, *fields: str) -> dict:
    return {f"{field}_{code}": text for field in fields for code, text in all_texts(obj, field).items()}


def _conference_snapshot(conf: Conference) -> dict:
    data = {f: (getattr(conf, f).isoformat() if isinstance(getattr(conf, f), date) else getattr(conf, f))
            for f in CONFERENCE_FIELDS}
    data.update(texts_snapshot(conf, *CONFERENCE_TEXTS))
    return data


def save_conference(session: Session, actor: Actor, **fields: Any) -> Conference:
    """Create or change the conference. Its titles are required in each of its languages, no other."""
    require(actor, "conference.manage")
    unknown = set(fields) - set(CONFERENCE_FIELDS) - _text_fields(CONFERENCE_TEXTS)
    if unknown:
        raise InvalidInput(f"unknown conference field(s): {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    conf = get_conference(session)
    before = _conference_snapshot(conf) if conf else None
    if conf is None:
        conf = Conference(symbol_prefix="", title_fr="", title_en="", details={}, languages=["fr", "en"],
                          translations={})
        session.add(conf)
    if "languages" in fields:
        conf.languages = check_languages(fields["languages"])
    for name, value in fields.items():
        if name in ("start_date", "end_date"):
            setattr(conf, name, _date(value, name))
        elif name == "symbol_prefix":
            conf.symbol_prefix = _require_text(value, name, max_len=100)
        elif name == "details":
            if not isinstance(value, dict):
                raise InvalidInput("details: an object expected", field="details")
            conf.details = value
    for text in CONFERENCE_TEXTS:
        apply_texts(conf, text, texts_given_any(fields, text), conf.languages, max_len=2000,
                    required=text == "title")
    if conf.start_date and conf.end_date and conf.end_date < conf.start_date:
        raise InvalidInput("end_date: the conference cannot end before it starts", field="end_date")
    if not conf.symbol_prefix:
        raise InvalidInput("symbol_prefix: required", field="symbol_prefix")
    session.flush()
    audit.record(session, actor, "conference.save", "conference", conf.id, before=before,
                 after=_conference_snapshot(conf))
    return conf


def texts_given_any(fields: dict, field: str) -> dict[str, Any]:
    """The `<field>_<lang>` entries present in a request, whatever their type (checked by apply_texts)."""
    return {code: fields[f"{field}_{code}"] for code in LANGUAGE_CODES if f"{field}_{code}" in fields}


# --- participants and groups --------------------------------------------------------------------

def find_participant(session: Session, ref: str | int) -> Participant:
    """A participant by id, key, or name in any language (case-insensitive)."""
    found = None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        found = session.get(Participant, int(ref)) if in_range(int(ref)) else None
    elif isinstance(ref, str) and ref.strip():
        found = _by_name(session, Participant, ref)
    if found is None:
        raise NotFound(f"participant {ref!r} not found")
    return found


def _by_name(session: Session, model: type, ref: str):
    """A participant or group by key or name: French and English by query, other languages by a scan."""
    name = ref.strip().lower()
    found = session.scalar(select(model).where(
        (model.key == name) | (func.lower(model.name_fr) == name) | (func.lower(model.name_en) == name)).limit(1))
    if found is None and _other_languages(session):
        found = next((row for row in session.scalars(select(model))
                      if any(t.lower() == name for t in all_texts(row, "name").values())), None)
    return found


def _other_languages(session: Session) -> bool:
    """Whether the conference keeps texts in languages without a column (names are then also searched there)."""
    return any(code not in COLUMN_LANGUAGES for code in conference_languages(session))


def list_participants(session: Session, *, kind: str | None = None, regional_group: str | None = None,
                      query: str | None = None) -> list[Participant]:
    stmt = (select(Participant).options(selectinload(Participant.groups))
            .order_by(Participant.name_fr, Participant.name_en))
    if kind:
        stmt = stmt.where(Participant.kind == kind)
    if regional_group:
        stmt = stmt.where(Participant.regional_group == regional_group)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(func.lower(Participant.name_fr).like(like) | func.lower(Participant.name_en).like(like))
    return list(session.scalars(stmt))


def _participant_snapshot(p: Participant) -> dict:
    return {"key": p.key, **texts_snapshot(p, "name"), "kind": p.kind, "regional_group": p.regional_group}


def _check_participant_fields(kind: str, regional_group: str | None) -> None:
    if kind not in PARTICIPANT_KINDS:
        raise InvalidInput(f"kind: {kind!r} is not one of {', '.join(PARTICIPANT_KINDS)}", field="kind")
    if regional_group is not None and regional_group not in REGIONAL_GROUPS:
        raise InvalidInput(f"regional_group: {regional_group!r} is not one of {', '.join(REGIONAL_GROUPS)}",
                           field="regional_group")
    if regional_group and kind not in ("member_state", "observer_state"):
        raise InvalidInput("regional_group: only States belong to a regional group", field="regional_group")


def _article_en(value: Any) -> str:
    """The English definite article of a name: "the" (the Niger) or nothing (Nigeria)."""
    value = (value or "").strip() if isinstance(value, str) or value is None else value
    if value not in ("", "the"):
        raise InvalidInput("article_en: \"the\" or empty", field="article_en")
    return value


def _names(name_fr: Any, name_en: Any, names: dict | None) -> dict[str, Any]:
    given = dict(names or {})
    if name_fr is not None:
        given["fr"] = name_fr
    if name_en is not None:
        given["en"] = name_en
    unknown = set(given) - set(LANGUAGE_CODES)
    if unknown:
        raise InvalidInput(f"name_{sorted(unknown)[0]}: not a language code", field="name")
    return given


def _name_clash(session: Session, model: type, names: dict[str, str], *, key: str | None = None,
                other_than: int | None = None):
    """The participant or group (of `model`) that already bears one of these names or this key."""
    wanted = {n.lower() for n in names.values() if n}
    stmt = select(model).where(func.lower(model.name_fr).in_(wanted) | func.lower(model.name_en).in_(wanted)
                               | (model.key == (key or "")))
    if other_than is not None:
        stmt = stmt.where(model.id != other_than)
    clash = session.scalar(stmt.limit(1))
    if clash is None and _other_languages(session):
        stmt = select(model) if other_than is None else select(model).where(model.id != other_than)
        clash = next((row for row in session.scalars(stmt)
                      if any(t.lower() in wanted for t in all_texts(row, "name").values())), None)
    return clash


def create_participant(session: Session, actor: Actor, *, kind: str, name_fr: str | None = None,
                       name_en: str | None = None, regional_group: str | None = None, key: str | None = None,
                       article_fr: str = "", article_en: str = "",
                       names: dict | None = None) -> Participant:
    """A participant with its name in each language of the conference (`names` for languages other
    than French and English)."""
    require(actor, "participants.manage")
    _check_participant_fields(kind, regional_group or None)
    participant = Participant(key="", name_fr="", name_en="", kind=kind, regional_group=regional_group or None,
                              article_fr=article_fr or "", article_en=_article_en(article_en),
                              translations={})
    apply_texts(participant, "name", _names(name_fr, name_en, names), conference_languages(session), max_len=200)
    given = all_texts(participant, "name")
    participant.key = _slug(key or given.get("en") or next(iter(given.values())))
    clash = _name_clash(session, Participant, given, key=participant.key)
    if clash is not None:
        raise Conflict(f"participant {clash.display('en')!r} exists already", field="name")
    session.add(participant)
    session.flush()
    audit.record(session, actor, "participants.create", "participant", participant.id,
                 after=_participant_snapshot(participant))
    return participant


def update_participant(session: Session, actor: Actor, participant_id: int, **fields: Any) -> Participant:
    require(actor, "participants.manage")
    participant = get_existing(session, Participant, participant_id, "participant")
    allowed_fields = {"kind", "regional_group", "article_fr", "article_en"} | _text_fields(("name",))
    unknown = set(fields) - allowed_fields
    if unknown:
        raise InvalidInput(f"unknown participant field(s): {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    before = _participant_snapshot(participant)
    kind = fields.get("kind", participant.kind)
    regional_group = fields.get("regional_group", participant.regional_group) or None
    _check_participant_fields(kind, regional_group)
    participant.kind, participant.regional_group = kind, regional_group
    if "article_fr" in fields:
        participant.article_fr = fields["article_fr"] or ""
    if "article_en" in fields:
        participant.article_en = _article_en(fields["article_en"])
    apply_texts(participant, "name", texts_given_any(fields, "name"), conference_languages(session), max_len=200)
    clash = _name_clash(session, Participant, all_texts(participant, "name"), other_than=participant.id)
    if clash is not None:
        raise Conflict(f"participant {clash.display('en')!r} exists already", field="name")
    session.flush()
    audit.record(session, actor, "participants.update", "participant", participant.id, before=before,
                 after=_participant_snapshot(participant))
    return participant


def find_group(session: Session, ref: str | int) -> Group:
    found = None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        found = session.get(Group, int(ref)) if in_range(int(ref)) else None
    elif isinstance(ref, str) and ref.strip():
        found = _by_name(session, Group, ref)
    if found is None:
        raise NotFound(f"group {ref!r} not found")
    return found


def list_groups(session: Session) -> list[Group]:
    return list(session.scalars(select(Group).order_by(Group.name_fr, Group.name_en)))


def _group_snapshot(g: Group) -> dict:
    return {"key": g.key, **texts_snapshot(g, "name", "behalf"), "members": [m.key for m in g.members]}


def create_group(session: Session, actor: Actor, *, name_fr: str | None = None, name_en: str | None = None,
                 members: list[str | int] = (), key: str | None = None, behalf_fr: str | None = None,
                 behalf_en: str | None = None, names: dict | None = None, behalf: dict | None = None) -> Group:
    """A group with its name in each language of the conference and, optionally, the wording that
    follows "on behalf of" ("the Group of African States") per language."""
    require(actor, "participants.manage")
    group = Group(key="", name_fr="", name_en="", behalf_fr="", behalf_en="", translations={})
    languages = conference_languages(session)
    apply_texts(group, "name", _names(name_fr, name_en, names), languages, max_len=200)
    apply_texts(group, "behalf", _names(behalf_fr, behalf_en, behalf), languages, max_len=250, required=False)
    given = all_texts(group, "name")
    group.key = _slug(key or given.get("en") or next(iter(given.values())))
    clash = _name_clash(session, Group, given, key=group.key)
    if clash is not None:
        raise Conflict(f"group {clash.display('en')!r} exists already", field="name")
    group.members = [find_participant(session, m) for m in members]
    session.add(group)
    session.flush()
    audit.record(session, actor, "groups.create", "group", group.id, after=_group_snapshot(group))
    return group


def update_group(session: Session, actor: Actor, group_id: int, **fields: Any) -> Group:
    """Change a group's names or "on behalf of" wordings (`name_<lang>`, `behalf_<lang>`), or its members."""
    require(actor, "participants.manage")
    group = get_existing(session, Group, group_id, "group")
    unknown = set(fields) - _text_fields(("name", "behalf")) - {"members"}
    if unknown:
        raise InvalidInput(f"unknown group field(s): {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    before = _group_snapshot(group)
    languages = conference_languages(session)
    apply_texts(group, "name", texts_given_any(fields, "name"), languages, max_len=200)
    apply_texts(group, "behalf", texts_given_any(fields, "behalf"), languages, max_len=250, required=False)
    clash = _name_clash(session, Group, all_texts(group, "name"), other_than=group.id)
    if clash is not None:
        raise Conflict(f"group {clash.display('en')!r} exists already", field="name")
    if "members" in fields:
        if not isinstance(fields["members"], list):
            raise InvalidInput("members: a list of participant ids or names", field="members")
        group.members = [find_participant(session, m) for m in fields["members"]]
    session.flush()
    audit.record(session, actor, "groups.update", "group", group.id, before=before, after=_group_snapshot(group))
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


def set_participant_groups(session: Session, actor: Actor, participant_id: int, groups: list[str | int]) -> Participant:
    """The groups a participant belongs to, exactly these (by id, key or name)."""
    require(actor, "participants.manage")
    participant = get_existing(session, Participant, participant_id, "participant")
    before = sorted(g.key for g in participant.groups)
    found = []
    for ref in groups:
        try:
            found.append(find_group(session, ref))
        except NotFound:
            raise NotFound(f"groups: no group {ref!r}", field="groups") from None
    participant.groups = found
    session.flush()
    after = sorted(g.key for g in participant.groups)
    if after != before:
        audit.record(session, actor, "participants.groups", "participant", participant.id,
                     before={"groups": before}, after={"groups": after})
    return participant


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


def _item_number(number: Any, letter: Any) -> tuple[str, str | None]:
    number = str(number if number is not None else "").strip()
    if not number.isdigit() or len(number) > 4:
        raise InvalidInput(f"number: {number!r} is not an item number", field="number")
    if letter in (None, ""):
        return number, None
    letter = str(letter).strip().lower().rstrip(")")
    if not re.fullmatch(r"[a-z]", letter):
        raise InvalidInput(f"letter: {letter!r} is not a sub-item letter", field="letter")
    return number, letter


def _agenda_snapshot(item: AgendaItem) -> dict:
    return {"label": item.label, **texts_snapshot(item, "title")}


def add_agenda_item(session: Session, actor: Actor, *, number: str, title_fr: str | None = None,
                    title_en: str | None = None, letter: str | None = None,
                    titles: dict | None = None) -> AgendaItem:
    """An item, or a sub-item when a letter is given, titled in each language of the conference."""
    require(actor, "agenda.manage")
    number, letter = _item_number(number, letter)
    parent = find_agenda_item(session, number) if letter else None
    exists = select(func.count()).select_from(AgendaItem).where(AgendaItem.number == number)
    exists = exists.where(AgendaItem.letter == letter) if letter else exists.where(AgendaItem.letter.is_(None))
    if session.scalar(exists):
        raise Conflict(f"agenda item {number}{' ' + letter if letter else ''} exists already", field="number")
    position = int(number) * 100 + (ord(letter) - 96 if letter else 0)
    item = AgendaItem(number=number, letter=letter, title_fr="", title_en="", translations={},
                      position=position, parent_id=parent.id if parent else None)
    given = dict(titles or {})
    if title_fr is not None:
        given["fr"] = title_fr
    if title_en is not None:
        given["en"] = title_en
    apply_texts(item, "title", given, conference_languages(session), max_len=2000)
    session.add(item)
    session.flush()
    audit.record(session, actor, "agenda.add", "agenda_item", item.label, after=_agenda_snapshot(item))
    return item


# What refers to a meeting or an agenda item, so that neither is deleted (or renumbered) under it.
# Foreign keys to meetings.id and agenda_items.id are found in the metadata; the tables below also
# name them by meeting number or item label.
MEETING_NUMBER_COLUMNS = (("rules_of_procedure", "adopted_at_meeting"), ("credentials_reports", "conference_meeting"),
                          ("credentials_committee_members", "appointed_at_meeting"),
                          ("bureau_holders", "since_meeting"))
AGENDA_LABEL_COLUMNS = (("motions", "agenda_item"), ("decisions", "agenda_item"), ("bureau_elections", "agenda_item"))
_OWN_TABLES = {"meeting_agenda_items"}
REFERRING_WORDS = {
    "meeting_agenda_items": "meeting(s) that take it up", "speakers_lists": "speakers' list(s)",
    "statements": "statement(s)", "decisions": "decision(s)", "motions": "motion(s)", "votes": "vote(s)",
    "bureau_elections": "election(s)", "bureau_holders": "officer(s) elected there",
    "rules_of_procedure": "the rules of procedure adopted there",
    "credentials_reports": "the credentials report adopted there",
    "credentials_committee_members": "Committee member(s) appointed there", "agenda_items": "sub-item(s)",
}


def _references(session: Session, table_name: str, row_id: int, *, extra: tuple = (), values: list = (),
                own: set[str] = frozenset()) -> list[str]:
    """'3 statement(s)', ... : what rows of other tables point to this row (by key or by number/label)."""
    from sqlalchemy import Table

    counts: dict[str, int] = {}
    for table in Base.metadata.tables.values():
        if table.name in own:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == table_name and fk.column.name == "id":
                n = session.scalar(select(func.count()).select_from(table).where(fk.parent == row_id)) or 0
                if n:
                    counts[table.name] = counts.get(table.name, 0) + n
    for name, column in extra:
        table: Table | None = Base.metadata.tables.get(name)
        if table is not None and column in table.c:
            n = session.scalar(select(func.count()).select_from(table).where(table.c[column].in_(values))) or 0
            if n:
                counts[name] = counts.get(name, 0) + n
    return [f"{n} {REFERRING_WORDS.get(name, name.replace('_', ' '))}" for name, n in sorted(counts.items())]


def agenda_item_references(session: Session, item: AgendaItem) -> list[str]:
    labels = sorted({item.label, item.label.replace(" ", "")})  # decisions write "10 a" or "10a"
    return _references(session, "agenda_items", item.id, extra=AGENDA_LABEL_COLUMNS, values=labels)


def meeting_references(session: Session, meeting: Meeting) -> list[str]:
    return _references(session, "meetings", meeting.id, extra=MEETING_NUMBER_COLUMNS, values=[meeting.number],
                       own=_OWN_TABLES)


def update_agenda_item(session: Session, actor: Actor, label: str, /, **fields: Any) -> AgendaItem:
    """Correct an item's titles (`title_<lang>`), or its number and letter while nothing refers to it."""
    require(actor, "agenda.manage")
    item = find_agenda_item(session, label)
    unknown = set(fields) - _text_fields(("title",)) - {"number", "letter"}
    if unknown:
        raise InvalidInput(f"unknown agenda item field(s): {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    before = _agenda_snapshot(item)
    if "number" in fields or "letter" in fields:
        number, letter = _item_number(fields.get("number", item.number), fields.get("letter", item.letter))
        if (number, letter) != (item.number, item.letter):
            refs = agenda_item_references(session, item)
            if refs:
                raise Conflict(f"agenda item {item.label} cannot be renumbered: {', '.join(refs)} refer to it")
            if letter and item.subitems:
                raise InvalidInput("letter: an item with sub-items cannot become a sub-item", field="letter")
            clash = session.scalar(select(AgendaItem).where(
                AgendaItem.number == number, AgendaItem.letter == letter if letter else AgendaItem.letter.is_(None)))
            if clash is not None:
                raise Conflict(f"agenda item {clash.label} exists already", field="number")
            item.parent_id = find_agenda_item(session, number).id if letter else None
            item.number, item.letter = number, letter
            item.position = int(number) * 100 + (ord(letter) - 96 if letter else 0)
            for sub in item.subitems:
                sub.number = number
                sub.position = int(number) * 100 + ord(sub.letter) - 96
    apply_texts(item, "title", texts_given_any(fields, "title"), conference_languages(session), max_len=2000)
    session.flush()
    audit.record(session, actor, "agenda.update", "agenda_item", item.label, before=before,
                 after=_agenda_snapshot(item))
    return item


def delete_agenda_item(session: Session, actor: Actor, label: str) -> None:
    """Remove an item nothing refers to (no sub-item, meeting, list, statement or decision)."""
    require(actor, "agenda.manage")
    item = find_agenda_item(session, label)
    refs = agenda_item_references(session, item)
    if refs:
        raise Conflict(f"agenda item {item.label} cannot be deleted: {', '.join(refs)} refer to it")
    before = _agenda_snapshot(item)
    session.delete(item)
    session.flush()
    audit.record(session, actor, "agenda.delete", "agenda_item", before["label"], before=before)


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


def _meeting_snapshot(m: Meeting) -> dict:
    return {"number": m.number, "date": m.date.isoformat(), "period": m.period, "kind": m.kind,
            "agenda_items": [i.label for i in m.agenda_items]}


def update_meeting(session: Session, actor: Actor, number: Any, /, **fields: Any) -> Meeting:
    """Correct a meeting's date, period, kind or agenda items; its number only while nothing refers to it."""
    require(actor, "meetings.manage")
    meeting = get_meeting(session, number)
    unknown = set(fields) - {"number", "date", "period", "kind", "agenda_items"}
    if unknown:
        raise InvalidInput(f"unknown meeting field(s): {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    before = _meeting_snapshot(meeting)
    if "number" in fields:
        try:
            new_number = int(fields["number"])
        except (TypeError, ValueError):
            raise InvalidInput(f"number: {fields['number']!r} is not a meeting number", field="number") from None
        if new_number < 1 or not in_range(new_number):
            raise InvalidInput("number: meetings are numbered from 1", field="number")
        if new_number != meeting.number:
            refs = meeting_references(session, meeting)
            if refs:
                raise Conflict(f"meeting {meeting.number} cannot be renumbered: {', '.join(refs)} refer to it")
            if session.scalar(select(func.count()).select_from(Meeting).where(Meeting.number == new_number)):
                raise Conflict(f"meeting {new_number} exists already", field="number")
            meeting.number = new_number
    if "date" in fields:
        when = _date(fields["date"], "date")
        if when is None:
            raise InvalidInput("date: required", field="date")
        meeting.date = when
    if "period" in fields:
        if fields["period"] not in MEETING_PERIODS:
            raise InvalidInput(f"period: {fields['period']!r} is not one of {', '.join(MEETING_PERIODS)}",
                               field="period")
        meeting.period = fields["period"]
    if "kind" in fields:
        if fields["kind"] not in MEETING_KINDS:
            raise InvalidInput(f"kind: {fields['kind']!r} is not one of {', '.join(MEETING_KINDS)}", field="kind")
        meeting.kind = fields["kind"]
    if "agenda_items" in fields:
        if not isinstance(fields["agenda_items"], list):
            raise InvalidInput("agenda_items: a list of item numbers such as 12 or 10 a", field="agenda_items")
        meeting.agenda_items = [find_agenda_item(session, label) for label in fields["agenda_items"]]
    session.flush()
    audit.record(session, actor, "meetings.update", "meeting", meeting.number, before=before,
                 after=_meeting_snapshot(meeting))
    return meeting


def delete_meeting(session: Session, actor: Actor, number: Any) -> None:
    """Remove a meeting nothing was recorded at (no list, statement, motion, decision or election)."""
    require(actor, "meetings.manage")
    meeting = get_meeting(session, number)
    refs = meeting_references(session, meeting)
    if refs:
        raise Conflict(f"meeting {meeting.number} cannot be deleted: {', '.join(refs)} refer to it")
    before = _meeting_snapshot(meeting)
    session.delete(meeting)
    session.flush()
    audit.record(session, actor, "meetings.delete", "meeting", before["number"], before=before)


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
