"""The report's part of the 2012 demo: the list of documentation as the seed gives it (II.E) and the
facts only the report states. The statements it reports are the speakers' step's."""
from __future__ import annotations

from sqlalchemy.orm import Session

from confmgr.core.actor import SYSTEM
from confmgr.report import services


def load(session: Session, facts: dict) -> dict:
    documentation = []
    for d in facts.get("documents", []):
        symbols = d.get("symbols") or ([d["symbol"]] if d.get("symbol") else [])
        documentation.append({"title_fr": d.get("title_fr") or "", "title_en": d.get("title_en") or "",
                              "symbols": symbols, "note_fr": d.get("note_fr") or "", "note_en": d.get("note_en") or "",
                              "footnote_fr": d.get("footnote_fr") or "", "footnote_en": d.get("footnote_en") or ""})
    president = facts.get("bureau", {}).get("president", {})
    committee = facts.get("credentials_committee", {})
    report_facts = {"president_form": "f" if president.get("title_fr") == "Présidente" else "m"}
    if committee.get("rule"):
        report_facts["credentials_rule"] = str(committee["rule"])
    if committee.get("resolution_paragraph"):
        report_facts["resolution_paragraph"] = committee["resolution_paragraph"]
    services.save_settings(session, SYSTEM, documentation=documentation, facts=report_facts)
    return {"report documentation entries": len(documentation)}
