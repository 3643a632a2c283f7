"""The registry's part of the demo: the conference, participants, groups, agenda, meetings, documents."""
from __future__ import annotations

from sqlalchemy.orm import Session

from confmgr.core.actor import SYSTEM
from confmgr.core.lang import LANGUAGE_CODES
from confmgr.registry import services as registry


def _texts(record: dict, field: str) -> dict[str, str]:
    """{lang: text} of the `<field>_<lang>` entries of a record of the file."""
    return {code: record[f"{field}_{code}"] for code in LANGUAGE_CODES
            if isinstance(record.get(f"{field}_{code}"), str)}


def load(session: Session, facts: dict) -> dict:
    c = facts["conference"]
    texts = registry._text_fields(registry.CONFERENCE_TEXTS)
    registry.save_conference(
        session, SYSTEM, symbol_prefix=c["symbol_prefix"], start_date=c.get("start_date"),
        end_date=c.get("end_date"), languages=c.get("languages", ["fr", "en"]),
        **{k: v for k, v in c.items() if k in texts and v is not None},
        details={k: v for k, v in c.items() if k not in registry.CONFERENCE_FIELDS and k not in texts})
    for p in facts.get("participants", []):
        registry.create_participant(session, SYSTEM, key=p["key"], names=_texts(p, "name"), kind=p["kind"],
                                    regional_group=p.get("regional_group"), article_fr=p.get("article_fr", ""),
                                    article_en=p.get("article_en", ""))
    for g in facts.get("groups", []):
        registry.create_group(session, SYSTEM, key=g["key"], names=_texts(g, "name"), behalf=_texts(g, "behalf"),
                              members=g.get("members", []))
    for item in facts.get("agenda", []):
        registry.add_agenda_item(session, SYSTEM, number=item["number"], titles=_texts(item, "title"))
        for sub in item.get("subitems", []):
            registry.add_agenda_item(session, SYSTEM, number=item["number"], letter=sub["letter"],
                                     titles=_texts(sub, "title"))
    for m in facts.get("meetings", []):
        registry.create_meeting(session, SYSTEM, number=m["number"], date=m["date"], period=m.get("period", "morning"),
                                kind=m.get("kind", "plenary"), agenda_items=m.get("agenda_items", []),
                                illustrative=bool(m.get("illustrative_date")))
    documents = 0
    for position, d in enumerate(facts.get("documents", []), start=1):
        for symbol in d.get("symbols") or ([d["symbol"]] if d.get("symbol") else []):
            if registry.find_document(session, symbol) is not None:
                continue
            if is_draft_family(facts, symbol):
                continue  # entered with their texts by the drafts step
            titles = {code: t for code, t in _texts(d, "title").items() if t}
            if "fr" in titles and "en" not in titles:
                titles["en"] = titles["fr"]
            registry.register_document(
                session, SYSTEM, symbol=symbol, titles=titles,
                date=d.get("date"), distribution=d.get("distribution"), kind=d.get("kind", ""),
                languages=d.get("languages", []), position=position, note=d.get("footnote_fr") or "")
            documents += 1
    return {"participants": len(facts.get("participants", [])), "groups": len(facts.get("groups", [])),
            "meetings": len(facts.get("meetings", [])), "documents": documents}


def is_draft_family(facts: dict, symbol: str) -> bool:
    return any(symbol in f.get("drafts", []) for f in facts.get("final_documents", []))


# Each step takes (session, facts) and returns counts for the summary line.
