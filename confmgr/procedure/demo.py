"""The 2012 demo: the rules of procedure (L.2) and the decisions taken at the 1st and 14th meetings.

The seed report gives the symbol of the rules, not their text: the numbered text entered here is
a subset of typical review-conference rules, marked illustrative. Elections are run by the Bureau
domain, in the order the decisions were taken.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from confmgr.core.actor import SYSTEM
from confmgr.procedure import services

RULES_TEXT = Path(__file__).resolve().parent / "data" / "rules_illustrative.en.txt"
RULES_SYMBOL_KIND = "rules_of_procedure"
# Decisions the credentials domain records itself.
OTHER_DOMAINS = ("appointment_of_credentials_committee", "credentials_report")


def load(session: Session, facts: dict) -> dict:
    from confmgr.bureau import demo as bureau_demo

    rules_doc = next((d["document"] for d in facts.get("decisions", []) if d["subject"] == RULES_SYMBOL_KIND), None)
    services.import_rules(session, SYSTEM, RULES_TEXT.read_text(encoding="utf-8"), language="en", illustrative=True)
    if rules_doc:
        services.set_rules_document(session, SYSTEM, rules_doc)
    bureau_demo.prepare(session, facts)
    decisions = elections = 0
    for fact in facts.get("decisions", []):
        subject = fact["subject"]
        if subject in OTHER_DOMAINS:
            continue
        if subject.startswith("election_of_"):
            elections += bureau_demo.elect(session, facts, fact)
            continue
        illustrative = bool(fact.get("illustrative"))
        documents = fact.get("documents") or []
        if fact.get("document") and not documents:
            motion, _ruling = services.propose_motion(
                session, SYSTEM, fact["meeting"], "proposal", agenda_item=fact.get("agenda_item"),
                subject=subject, document=fact["document"])
            decision = services.decide_without_vote(session, SYSTEM, motion.id, fact.get("how") or "consensus")
        else:
            decision = services.record_decision(
                session, SYSTEM, fact["meeting"], subject, fact.get("how") or "consensus",
                document=fact.get("document"), documents=documents, agenda_item=fact.get("agenda_item"))
        decision.illustrative = illustrative
        decisions += 1
    session.flush()
    return {"rules of procedure": len(services.list_rules(session)), "decisions": decisions,
            "elections": elections}
