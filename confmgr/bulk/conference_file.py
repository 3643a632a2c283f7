"""The whole conference as one JSON file (format: docs/CONFERENCE_FILE.md).

Importing runs each domain's loader (`confmgr.<domain>.demo.load(session, facts)`) on the sections
it reads, through the domains' own services, in one transaction; the 2012 demo is such a file and
loads through this same path. Exporting writes the set-up sections from the record.
"""
from __future__ import annotations

import importlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from confmgr.core.errors import Conflict, InvalidInput
from confmgr.core.lang import LANGUAGE_CODES, own_text
from confmgr.credentials.models import Credential
from confmgr.registry import services as registry
from confmgr.registry.models import Document, Participant
from confmgr.speakers import services as speakers

FORMAT = "confmgr-conference/1"

# Domain loaders in the order they run, with the sections that make each run.
STEPS = (
    ("registry", ("conference",)),
    ("drafts", ("final_documents",)),
    ("procedure", ("decisions",)),
    ("bureau", ("bureau",)),
    ("speakers", ("general_debate", "igo_statements", "ngo_statements")),
    ("credentials", ("credentials", "credentials_committee")),
    ("report", ("documents", "bureau", "credentials_committee")),
    ("bulk", ("statements", "credentials_receipts")),
)


def import_conference(session: Session, facts: dict) -> dict:
    """Enter a conference from its file into an empty database; the counts of what was entered."""
    if not isinstance(facts, dict) or not isinstance(facts.get("conference"), dict):
        raise InvalidInput("conference: the file must be a JSON object with a \"conference\" object", field="conference")
    if registry.get_conference(session) is not None:
        raise Conflict("a conference is already recorded; import into an empty database")
    summary: dict = {}
    for domain, sections in STEPS:
        if any(facts.get(section) for section in sections):
            try:
                summary.update(importlib.import_module(f"confmgr.{domain}.demo").load(session, facts))
            except (KeyError, TypeError) as exc:
                raise InvalidInput(f"{'/'.join(sections)}: an entry lacks or mistypes {exc}") from None
    return summary


def _texts(obj, *fields: str) -> dict:
    return {f"{field}_{code}": own_text(obj, field, code) for field in fields for code in LANGUAGE_CODES
            if own_text(obj, field, code)}


def export_conference(session: Session) -> dict:
    """The set-up sections of the recorded conference, in the format import_conference reads."""
    conf = registry.get_conference(session)
    if conf is None:
        raise InvalidInput("conference: none is recorded, there is nothing to export")
    conference = {**(conf.details or {}), "symbol_prefix": conf.symbol_prefix, "languages": list(conf.languages),
                  **_texts(conf, *registry.CONFERENCE_TEXTS),
                  "start_date": conf.start_date.isoformat() if conf.start_date else None,
                  "end_date": conf.end_date.isoformat() if conf.end_date else None}
    participants = [{"key": p.key, **_texts(p, "name"), **({"article_fr": p.article_fr} if p.article_fr else {}),
                     **({"article_en": p.article_en} if p.article_en else {}),
                     "kind": p.kind, **({"regional_group": p.regional_group} if p.regional_group else {})}
                    for p in session.scalars(select(Participant).order_by(Participant.id))]
    groups = [{"key": g.key, **_texts(g, "name", "behalf"), "members": [m.key for m in g.members]}
              for g in registry.list_groups(session)]
    agenda = [{"number": item.number, **_texts(item, "title"),
               **({"subitems": [{"letter": s.letter, **_texts(s, "title")} for s in item.subitems]}
                  if item.subitems else {})} for item in registry.list_agenda(session)]
    meetings = [{"number": m.number, "date": m.date.isoformat(), "period": m.period, "kind": m.kind,
                 "agenda_items": [i.label for i in m.agenda_items],
                 **({"illustrative_date": True} if m.illustrative else {})} for m in registry.list_meetings(session)]
    documents = [{"symbol": d.symbol, **{f"title_{code}": t for code, t in d.titles.items()},
                  "date": d.date.isoformat() if d.date else None, "distribution": d.distribution, "kind": d.kind,
                  "languages": list(d.languages or [])}
                 for d in session.scalars(select(Document).where(Document.text.is_(None))
                                          .order_by(Document.position.is_(None), Document.position, Document.id))]
    statements = []
    for s in speakers.statements(session):
        if s.kind != "statement":
            continue
        item = speakers.statement_agenda_item(s)
        statements.append({"meeting": s.meeting.number, "participant": s.participant.key,
                           "on_behalf_of": s.on_behalf_of.key if s.on_behalf_of else None,
                           "agenda_item": item.label if item else None, "duration_seconds": s.duration,
                           "list_kind": s.list_kind, "level": s.level})
    receipts = [{"participant": c.participant.key, "category": c.category, "form": c.form,
                 "received_on": c.received_on.isoformat() if c.received_on else None,
                 "representatives": [{"name": r.name, "function": r.function} for r in c.representatives],
                 "note": c.note}
                for c in session.scalars(select(Credential).order_by(Credential.id))]
    return {"format": FORMAT, "conference": conference, "participants": participants, "groups": groups,
            "agenda": agenda, "meetings": meetings, "documents": documents, "statements": statements,
            "credentials_receipts": receipts}
