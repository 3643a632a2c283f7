"""The sections of a conference file that record what was heard and received as such: statements
(each with its duration, group and agenda item) and credentials receipts."""
from __future__ import annotations

from sqlalchemy.orm import Session

from confmgr.core.actor import SYSTEM
from confmgr.credentials import services as credentials
from confmgr.speakers import services as speakers


def load(session: Session, facts: dict) -> dict:
    for s in facts.get("statements", []):
        speakers.record_statement(session, SYSTEM, meeting=s["meeting"], participant=s["participant"],
                                  on_behalf_of=s.get("on_behalf_of"), agenda_item=s.get("agenda_item"),
                                  duration=s.get("duration_seconds", 0), list_kind=s.get("list_kind"),
                                  level=s.get("level"))
    for r in facts.get("credentials_receipts", []):
        credentials.record_receipt(session, SYSTEM, r["participant"], category=r["category"], form=r.get("form"),
                                   received_on=r.get("received_on"), representatives=r.get("representatives"),
                                   note=r.get("note") or "")
    return {"statements": len(facts.get("statements", [])),
            "credentials receipts": len(facts.get("credentials_receipts", []))}
