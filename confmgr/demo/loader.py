"""Enter the 2012 review conference through the services, from `data/conference_2012.json`.

The file is a conference file (docs/CONFERENCE_FILE.md) and loads as `flask conference import`
loads one: each domain contributes its part as `confmgr.<domain>.demo.load(session, facts) ->
counts`, using the domain's own services, so the demo goes through the same rules and audit trail
as a secretariat at work.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from confmgr.bulk import conference_file
from confmgr.registry import services as registry

DATA = Path(__file__).resolve().parent / "data"


@cache
def data() -> dict:
    return json.loads((DATA / "conference_2012.json").read_text(encoding="utf-8"))


def is_loaded(session: Session) -> bool:
    return registry.get_conference(session) is not None


def load(session: Session) -> dict:
    return conference_file.import_conference(session, data())
