"""Import and export of the CSV tables (see tables.py for their columns).

An import validates every row through the domains' own services, in one transaction: each row is
created or, when it names an existing record (a participant's key, an item's number, a meeting's
number, a State's credentials), corrected. Every row's errors are collected; if there is any, or for
a dry run, the caller rolls the transaction back and nothing is stored.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from confmgr.bulk.tables import TABLES, RowError, Table, read, split, write
from confmgr.core import audit
from confmgr.core.actor import Actor
from confmgr.core.errors import DomainError, Forbidden, InvalidInput, NotFound
from confmgr.core.lang import LANGUAGE_CODES, all_texts, own_text
from confmgr.core.permissions import require
from confmgr.credentials import services as credentials
from confmgr.credentials.models import Credential
from confmgr.registry import services as registry
from confmgr.registry.models import Participant

PERMISSIONS = {"participants": "participants.manage", "agenda": "agenda.manage", "meetings": "meetings.manage",
               "credentials": "credentials.receive"}
# Where a refusal that names no column of the file belongs.
DEFAULT_FIELD = {"participants": "groups", "agenda": "number", "meetings": "agenda_items",
                 "credentials": "participant"}
FIELD_ALIASES = {"agenda_item": "agenda_items", "group": "groups", "members": "groups", "name": "name_en",
                 "title": "title_en"}


@dataclass
class Outcome:
    table: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    preview: list[dict] = field(default_factory=list)  # {"row", "line", "action", "label"} for each row

    def as_dict(self) -> dict:
        return {"table": self.table, "dry_run": self.dry_run, "rows": len(self.preview), "created": self.created,
                "updated": self.updated, "preview": self.preview}


class ImportRefused(InvalidInput):
    """Some rows are wrong: every error, by row and column; nothing is stored."""

    def __init__(self, table: str, errors: list[RowError]):
        rows = sorted({e.row for e in errors})
        super().__init__(f"{table}: {len(errors)} error(s) in {len(rows)} row(s); nothing was stored",
                         rows=[e.as_dict() for e in errors], field="file")
        self.errors = errors


def get_table(name: str) -> Table:
    table = TABLES.get(name)
    if table is None:
        raise NotFound(f"no table {name!r}; the tables are {', '.join(TABLES)}")
    return table


def import_table(session: Session, actor: Actor, name: str, data: bytes, *, dry_run: bool = False) -> Outcome:
    """Apply every row of a CSV file, or raise ImportRefused listing every row's errors."""
    table = get_table(name)
    require(actor, PERMISSIONS[name])
    languages = registry.conference_languages(session)
    parsed = read(table, data, languages)
    errors = list(parsed.errors)
    outcome = Outcome(name, dry_run)
    if not errors and not parsed.rows:
        errors.append(RowError(1, 2, None, "the file has a header but no rows"))
    handler = ROW_HANDLERS[name]
    seen: dict[Any, int] = {}  # what a row identifies -> the row that first did
    for row, line, cells in parsed.rows:
        try:
            for key, column in _identities(name, cells):
                if key in seen:
                    raise InvalidInput(f"{column}: {cells.get(column) or key!s} is already on row {seen[key]}",
                                       field=column)
            action, label = handler(session, actor, cells)
            for key, _column in _identities(name, cells):
                seen[key] = row
        except Forbidden:
            raise
        except DomainError as exc:
            errors.append(RowError(row, line, _field_of(exc, parsed.header, name), exc.message))
            for obj in list(session.new):  # what the refused row added is not kept for the next ones
                session.expunge(obj)
            continue
        outcome.preview.append({"row": row, "line": line, "action": action, "label": label})
        if action == "created":
            outcome.created += 1
        else:
            outcome.updated += 1
    if errors:
        raise ImportRefused(name, errors)
    session.flush()
    audit.record(session, actor, "bulk.import", "table", name,
                 after={"rows": len(outcome.preview), "created": outcome.created, "updated": outcome.updated,
                        "dry_run": dry_run})
    return outcome


def _field_of(exc: DomainError, header: list[str], table: str) -> str | None:
    named = exc.details.get("field")
    head, sep, _rest = exc.message.partition(":")
    for candidate in (named, head.strip() if sep else None):
        if candidate in header:
            return candidate
        if candidate in FIELD_ALIASES and FIELD_ALIASES[candidate] in header:
            return FIELD_ALIASES[candidate]
        if candidate and candidate.split("[")[0] in header:
            return candidate.split("[")[0]
    if named:
        return named
    return DEFAULT_FIELD[table] if isinstance(exc, NotFound) else None


def _identities(table: str, cells: dict[str, str]) -> list[tuple[Any, str]]:
    """What a row names that no other row of the same file may name again, with its column."""
    if table == "participants":
        found = [(("key", cells["key"].lower()), "key")] if cells.get("key") else []
        return found + [(("name", cells[c].casefold()), c) for c in cells if c.startswith("name_") and cells[c]]
    if table == "agenda":
        return [((cells.get("number"), (cells.get("letter") or "").lower().rstrip(")")), "number")]
    if table == "meetings":
        return [(cells.get("number"), "number")]
    return [(cells.get("participant", "").casefold(), "participant")]


# --- one row of each table -----------------------------------------------------------------------

def _participant_row(session: Session, actor: Actor, cells: dict[str, str]) -> tuple[str, str]:
    names = {code: cells[f"name_{code}"] for code in LANGUAGE_CODES if f"name_{code}" in cells}
    regional_group = cells.get("regional_group") or None
    existing = None
    if cells.get("key"):
        existing = session.scalar(select(Participant).where(Participant.key == cells["key"].strip().lower()))
    if existing is not None:
        fields: dict[str, Any] = {f"name_{code}": text for code, text in names.items()}
        fields.update(kind=cells["kind"], regional_group=regional_group)
        if "article_fr" in cells:
            fields["article_fr"] = cells["article_fr"]
        participant = registry.update_participant(session, actor, existing.id, **fields)
        action = "updated"
    else:
        participant = registry.create_participant(
            session, actor, kind=cells["kind"], names=names, regional_group=regional_group,
            key=cells.get("key") or None, article_fr=cells.get("article_fr", ""))
        action = "created"
    if "groups" in cells:
        registry.set_participant_groups(session, actor, participant.id, split(cells["groups"]))
    return action, participant.display("en")


def _agenda_row(session: Session, actor: Actor, cells: dict[str, str]) -> tuple[str, str]:
    titles = {code: cells[f"title_{code}"] for code in LANGUAGE_CODES if f"title_{code}" in cells}
    label = f"{cells['number']} {cells['letter']}" if cells.get("letter") else cells["number"]
    try:
        existing = registry.find_agenda_item(session, label)
    except NotFound:
        existing = None
    except InvalidInput as exc:
        raise InvalidInput(exc.message.replace("agenda_item:", "number:", 1), field="number") from None
    if existing is not None:
        item = registry.update_agenda_item(session, actor, existing.label,
                                           **{f"title_{code}": t for code, t in titles.items()})
        return "updated", item.label
    item = registry.add_agenda_item(session, actor, number=cells["number"], letter=cells.get("letter") or None,
                                    titles=titles)
    return "created", item.label


def _meeting_row(session: Session, actor: Actor, cells: dict[str, str]) -> tuple[str, str]:
    fields: dict[str, Any] = {"date": cells["date"]}
    for column in ("period", "kind"):
        if cells.get(column):
            fields[column] = cells[column]
    if "agenda_items" in cells:
        fields["agenda_items"] = split(cells["agenda_items"])
    try:
        number = int(cells["number"])
    except ValueError:
        raise InvalidInput(f"number: {cells['number']!r} is not a meeting number", field="number") from None
    try:
        registry.get_meeting(session, number)
    except NotFound:
        meeting = registry.create_meeting(session, actor, number=number, **fields)
        return "created", str(meeting.number)
    meeting = registry.update_meeting(session, actor, number, **fields)
    return "updated", str(meeting.number)


def _representatives(cell: str) -> list[dict] | None:
    """'head_of_delegation: Jane Doe; adviser: John Roe' -> [{"function", "name"}, ...]."""
    if not cell:
        return None
    found = []
    for part in split(cell):
        function, sep, name = part.partition(":")
        if not sep:
            raise InvalidInput(f"representatives: {part!r} is not 'function: name'", field="representatives")
        found.append({"function": function.strip(), "name": name.strip()})
    return found


def _credential_row(session: Session, actor: Actor, cells: dict[str, str]) -> tuple[str, str]:
    participant = credentials._state(session, cells["participant"])
    action = "updated" if credentials.find_credential(session, participant.id) else "created"
    credentials.record_receipt(session, actor, participant.id, category=cells["category"],
                               form=cells.get("form") or None, received_on=cells.get("received_on") or None,
                               representatives=_representatives(cells.get("representatives", "")),
                               note=cells.get("note", ""))
    return action, participant.display("en")


ROW_HANDLERS: dict[str, Callable[[Session, Actor, dict], tuple[str, str]]] = {
    "participants": _participant_row, "agenda": _agenda_row, "meetings": _meeting_row,
    "credentials": _credential_row,
}


# --- export ----------------------------------------------------------------------------------------

def _languages_in(session: Session, records: list, text: str) -> list[str]:
    """The conference's languages, then any other one some record has a text in (nothing is lost)."""
    languages = registry.conference_languages(session) or ["fr", "en"]
    extra = {code for r in records for code in all_texts(r, text)} - set(languages)
    return languages + [code for code in LANGUAGE_CODES if code in extra]


def export_table(session: Session, actor: Actor, name: str) -> str:
    """The table as CSV, in the columns its import reads: importing it again changes nothing."""
    get_table(name)
    if name == "participants":
        people = registry.list_participants(session)
        languages = _languages_in(session, people, "name")
        columns = ["key", *(f"name_{c}" for c in languages), *(["article_fr"] if "fr" in languages else []),
                   "kind", "regional_group", "groups"]
        rows = [{"key": p.key, **{f"name_{c}": own_text(p, "name", c) for c in languages},
                 "article_fr": p.article_fr, "kind": p.kind, "regional_group": p.regional_group or "",
                 "groups": "; ".join(sorted(g.key for g in p.groups))} for p in people]
    elif name == "agenda":
        items = [i for top in registry.list_agenda(session) for i in (top, *top.subitems)]
        languages = _languages_in(session, items, "title")
        columns = ["number", "letter", *(f"title_{c}" for c in languages)]
        rows = [{"number": i.number, "letter": i.letter or "", **{f"title_{c}": own_text(i, "title", c)
                                                                  for c in languages}} for i in items]
    elif name == "meetings":
        columns = ["number", "date", "period", "kind", "agenda_items"]
        rows = [{"number": str(m.number), "date": m.date.isoformat(), "period": m.period, "kind": m.kind,
                 "agenda_items": "; ".join(i.label for i in m.agenda_items)} for m in registry.list_meetings(session)]
    else:
        if not credentials.can_read_board(session, actor):
            raise Forbidden("the credentials are read by the secretariat and the Credentials Committee")
        columns = ["participant", "category", "form", "received_on", "representatives", "note"]
        found = session.scalars(select(Credential).join(Participant, Credential.participant_id == Participant.id)
                                .order_by(Participant.key))
        rows = [{"participant": c.participant.key, "category": c.category, "form": c.form or "",
                 "received_on": c.received_on.isoformat() if c.received_on else "",
                 "representatives": "; ".join(f"{r.function}: {r.name}" for r in c.representatives),
                 "note": c.note} for c in found]
    return write(columns, rows)

