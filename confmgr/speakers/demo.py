"""The speakers' part of the demo: the general debate, IGO and NGO statements of 2012 as heard.

Who spoke, on whose behalf and at which meeting come from the seed (see the data file's
general_debate, igo_statements and ngo_statements; entries marked illustrative there say which of
their fields are). Times of day and durations are illustrative: the report records neither, and
every statement entered here is marked illustrative.

The seed (A/CONF.192/2012/RC/4, para. 12) says Indonesia, Nigeria and New Zealand spoke on behalf
of a group "and in their national capacity" ("au nom de … et au nom de son pays"): the general
debate list holds the group statement, and the national one is recorded at the same meeting
(illustrative: no duration is known).
"""
from __future__ import annotations

import zlib
from datetime import datetime, time, timezone

from sqlalchemy.orm import Session

from confmgr.core.actor import SYSTEM
from confmgr.registry import services as registry
from confmgr.speakers import services

# (data key, list kind, agenda item)
SOURCES = (("general_debate", "states", "12"), ("igo_statements", "igo", "13"), ("ngo_statements", "ngo", "14"))
START = {"morning": time(10, 0), "afternoon": time(15, 0), "evening": time(18, 0)}


def _duration(key: str, kind: str, group: bool) -> int:
    """An illustrative duration, the same from one load to the next."""
    spread = zlib.crc32(key.encode()) % 9
    if group:
        return 540 + spread * 30
    return (300 if kind == "states" else 240) + spread * 25


def load(session: Session, facts: dict) -> dict:
    lists = heard = 0
    for data_key, kind, item in SOURCES:
        by_meeting: dict[int, list[dict]] = {}
        for entry in facts.get(data_key, []):
            by_meeting.setdefault(int(entry["meeting"]), []).append(entry)
        for number, entries in sorted(by_meeting.items()):
            meeting = registry.get_meeting(session, number)
            start = datetime.combine(meeting.date, START.get(meeting.period, time(10, 0)), tzinfo=timezone.utc)
            services.enter_heard_list(
                session, SYSTEM, number, kind=kind, agenda_item=item, started_at=start, illustrative=True,
                heard=[{"participant": e["participant"], "level": e.get("level") or "head_of_delegation",
                        "on_behalf_of": e.get("on_behalf_of"),
                        "duration": _duration(e["participant"], kind, bool(e.get("on_behalf_of")))}
                       for e in entries])
            lists += 1
            heard += len(entries)
    national = 0
    for entry in facts.get("general_debate", []):
        if entry.get("on_behalf_of") and entry.get("also_national"):
            services.record_statement(session, SYSTEM, meeting=entry["meeting"], participant=entry["participant"],
                                      list_kind="states", level=entry.get("level"), illustrative=True,
                                      note="national capacity, delivered with the group statement")
            national += 1
    return {"speakers' lists": lists, "statements heard": heard, "national statements": national}
