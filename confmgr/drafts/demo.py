"""The final documents of 2012 as families with illustrative earlier versions.

The seed reproduces only the adopted texts (its annexes); the earlier versions are derived from
them by confmgr.drafts.chain and marked illustrative.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from confmgr.core.actor import SYSTEM
from confmgr.drafts import services
from confmgr.drafts.chain import build_demo_chain

DATA = Path(__file__).resolve().parent.parent / "demo" / "data"
ANNEX_TEXTS = {"I": "annex1.fr.txt", "II": "annex2.fr.txt"}


def load(session: Session, facts: dict) -> dict:
    versions = 0
    for final in facts.get("final_documents", []):
        symbols = final["drafts"]
        if final["annex"] not in ANNEX_TEXTS:
            continue
        text = (DATA / ANNEX_TEXTS[final["annex"]]).read_text(encoding="utf-8")
        texts = build_demo_chain(text, symbols[0], len(symbols) - 1)
        titles = {"fr": final["title_fr"], "en": final.get("title_en") or final["title_fr"]}
        services.create_document(session, SYSTEM, symbol=symbols[0], title=titles, text=texts[0], language="fr",
                                 kind="draft", illustrative=True)
        for symbol, revision_text in zip(symbols[1:], texts[1:]):
            services.publish_revision(session, SYSTEM, symbols[0], revision_text, symbol=symbol, language="fr",
                                      illustrative=True)
        versions += len(symbols)
    return {"draft versions": versions}
