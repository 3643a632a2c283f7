"""The registry's part of the demo: the conference, participants, groups, agenda, meetings, documents."""
from __future__ import annotations

from sqlalchemy.orm import Session

from confmgr.core.actor import SYSTEM
from confmgr.registry import services as registry


def load(session: Session, facts: dict) -> dict:
    c = facts["conference"]
    registry.save_conference(
        session, SYSTEM, symbol_prefix=c["symbol_prefix"], title_fr=c["title_fr"], title_en=c["title_en"],
        short_title_fr=c.get("short_title_fr", ""), short_title_en=c.get("short_title_en", ""),
        venue_fr=c.get("venue_fr", ""), venue_en=c.get("venue_en", ""), start_date=c["start_date"],
        end_date=c["end_date"], languages=c.get("languages", ["fr", "en"]),
        details={k: v for k, v in c.items() if k not in registry.CONFERENCE_FIELDS})
    for p in facts["participants"]:
        registry.create_participant(session, SYSTEM, key=p["key"], name_fr=p["name_fr"], name_en=p["name_en"],
                                    kind=p["kind"], regional_group=p.get("regional_group"),
                                    article_fr=p.get("article_fr", ""), article_en=p.get("article_en", ""))
    for g in facts["groups"]:
        registry.create_group(session, SYSTEM, key=g["key"], name_fr=g["name_fr"], name_en=g["name_en"],
                              members=g.get("members", []), behalf_fr=g.get("behalf_fr", ""),
                              behalf_en=g.get("behalf_en", ""))
    for item in facts["agenda"]:
        registry.add_agenda_item(session, SYSTEM, number=item["number"], title_fr=item["title_fr"],
                                 title_en=item.get("title_en", ""))
        for sub in item.get("subitems", []):
            registry.add_agenda_item(session, SYSTEM, number=item["number"], letter=sub["letter"],
                                     title_fr=sub["title_fr"], title_en=sub.get("title_en", ""))
    for m in facts["meetings"]:
        registry.create_meeting(session, SYSTEM, number=m["number"], date=m["date"], period=m["period"],
                                kind=m["kind"], agenda_items=m.get("agenda_items", []),
                                illustrative=bool(m.get("illustrative_date")))
    documents = 0
    for position, d in enumerate(facts["documents"], start=1):
        for symbol in d.get("symbols") or ([d["symbol"]] if d.get("symbol") else []):
            if registry.find_document(session, symbol) is not None:
                continue
            if is_draft_family(facts, symbol):
                continue  # entered with their texts by the drafts step
            registry.register_document(
                session, SYSTEM, symbol=symbol, titles={"fr": d["title_fr"], "en": d.get("title_en") or d["title_fr"]},
                date=d.get("date"), distribution=d.get("distribution"), kind=d.get("kind", ""),
                languages=d.get("languages", []), position=position, note=d.get("footnote_fr") or "")
            documents += 1
    return {"participants": len(facts["participants"]), "groups": len(facts["groups"]),
            "meetings": len(facts["meetings"]), "documents": documents}


def is_draft_family(facts: dict, symbol: str) -> bool:
    return any(symbol in f.get("drafts", []) for f in facts.get("final_documents", []))


# Each step takes (session, facts) and returns counts for the summary line.
