"""Enter the 2012 review conference through the services, from `data/conference_2012.json`.

Each domain contributes its part, in the order of STEPS, as `confmgr.<domain>.demo.load(session,
facts) -> counts`; every step uses the domain's own services, so the demo goes through the same
rules and audit trail as a secretariat at work.
"""
from __future__ import annotations

import importlib
import json
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from confmgr.registry import services as registry

DATA = Path(__file__).resolve().parent / "data"

STEPS = ("registry", "drafts", "procedure", "bureau", "speakers", "credentials", "report")


@cache
def data() -> dict:
    return json.loads((DATA / "conference_2012.json").read_text(encoding="utf-8"))


def is_loaded(session: Session) -> bool:
    return registry.get_conference(session) is not None


def load(session: Session) -> dict:
    facts = data()
    summary: dict = {}
    for domain in STEPS:
        summary.update(importlib.import_module(f"confmgr.{domain}.demo").load(session, facts))
    return summary
