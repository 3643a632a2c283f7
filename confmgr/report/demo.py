"""The report's part of the 2012 demo: the list of documentation as the seed gives it (II.E), the
facts only the report states, and the national statements the three group speakers also made.

The seed (A/CONF.192/2012/RC/4, para. 12) says Indonesia, Nigeria and New Zealand spoke on behalf
of a group "and in their national capacity"; the speakers' step records the group statement, this
step records the national one at the same meeting (illustrative: no duration is known).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from confmgr.core.actor import SYSTEM
from confmgr.report import services
from confmgr.speakers import services as speakers


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
    national = 0
    for entry in facts.get("general_debate", []):
        if entry.get("on_behalf_of") and entry.get("also_national"):
            speakers.record_statement(session, SYSTEM, meeting=entry["meeting"], participant=entry["participant"],
                                      list_kind="states", level=entry.get("level"), illustrative=True,
                                      note="national capacity, delivered with the group statement")
            national += 1
    return {"report documentation entries": len(documentation), "national statements": national}
