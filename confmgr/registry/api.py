"""JSON API of the registry under /api/v1: conference, participants, groups, meetings, agenda."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from confmgr.core.errors import InvalidInput
from confmgr.core.lang import LANGUAGE_CODES, all_texts, text_in
from confmgr.extensions import db
from confmgr.registry import services
from confmgr.registry.models import AgendaItem, Conference, Group, Meeting, Participant
from confmgr.web.auth import current_actor
from confmgr.web.json import json_body

bp = Blueprint("registry_api", __name__, url_prefix="/api/v1")

# Other domains add what they record on a meeting (statements, decisions...) by appending a
# function meeting -> dict to this list.
MEETING_EXTENSIONS: list = []


def _texts(obj, *fields: str) -> dict:
    """`<field>_<lang>` for every language the record has the text in, French and English always."""
    data = {}
    for field in fields:
        data[f"{field}_fr"], data[f"{field}_en"] = "", ""
        data.update({f"{field}_{code}": text for code, text in all_texts(obj, field).items()})
    return data


def _reader_language() -> str:
    lang = request.args.get("lang", "")
    return lang if lang in LANGUAGE_CODES else "fr"


def participant_json(p: Participant) -> dict:
    return {"id": p.id, "key": p.key, "name": text_in(p, "name", _reader_language()), **_texts(p, "name"),
            "article_fr": p.article_fr, "article_en": p.article_en, "kind": p.kind, "regional_group": p.regional_group, "groups": [g.id for g in p.groups]}


def group_json(g: Group) -> dict:
    lang = _reader_language()
    return {"id": g.id, "key": g.key, "name": text_in(g, "name", lang), **_texts(g, "name", "behalf"),
            "members": [{"id": m.id, "name": text_in(m, "name", lang)} for m in g.members]}


def agenda_item_json(item: AgendaItem) -> dict:
    return {"id": item.id, "number": item.number, "letter": item.letter, "label": item.label,
            "title": text_in(item, "title", _reader_language()), **_texts(item, "title"),
            "subitems": [agenda_item_json(s) for s in item.subitems]}


def meeting_json(m: Meeting, *, full: bool = False) -> dict:
    data = {"number": m.number, "date": m.date.isoformat(), "period": m.period, "kind": m.kind,
            "agenda_items": [{"label": i.label, "title": text_in(i, "title", _reader_language()),
                              **_texts(i, "title")} for i in m.agenda_items]}
    if full:
        data.setdefault("statements", [])
        data.setdefault("decisions", [])
        for extend in MEETING_EXTENSIONS:
            data.update(extend(m))
    return data


def conference_json(c: Conference | None) -> dict:
    if c is None:
        return {}
    return {"symbol_prefix": c.symbol_prefix, **_texts(c, *services.CONFERENCE_TEXTS),
            "start_date": c.start_date.isoformat() if c.start_date else None,
            "end_date": c.end_date.isoformat() if c.end_date else None, "languages": c.languages}


def _first_language_name(body: dict, field: str) -> dict:
    """`<field>_<lang>` entries of a request; a bare `<field>` counts for the conference's first language."""
    given = services.texts_given_any(body, field)
    if field in body and not given:
        languages = services.conference_languages(db.session) or ["en"]
        given[languages[0]] = body[field]
    return given


@bp.get("/conference")
def get_conference():
    return jsonify(conference_json(services.get_conference(db.session)))


@bp.put("/conference")
def put_conference():
    conf = services.save_conference(db.session, current_actor(), **json_body())
    db.session.commit()
    return jsonify(conference_json(conf))


@bp.get("/participants")
def list_participants():
    from flask import request

    found = services.list_participants(db.session, kind=request.args.get("kind") or None,
                                       regional_group=request.args.get("regional_group") or None,
                                       query=request.args.get("q") or None)
    return jsonify([participant_json(p) for p in found])


@bp.post("/participants")
def create_participant():
    body = json_body()
    p = services.create_participant(
        db.session, current_actor(), names=_first_language_name(body, "name"), kind=body.get("kind"),
        regional_group=body.get("regional_group"), key=body.get("key"), article_fr=body.get("article_fr") or "",
        article_en=body.get("article_en") or "")
    db.session.commit()
    return jsonify(participant_json(p)), 201


@bp.get("/participants/<ref>")
def get_participant(ref: str):
    return jsonify(participant_json(services.find_participant(db.session, ref)))


@bp.patch("/participants/<int:participant_id>")
def update_participant(participant_id: int):
    p = services.update_participant(db.session, current_actor(), participant_id, **json_body())
    db.session.commit()
    return jsonify(participant_json(p))


@bp.get("/groups")
def list_groups():
    return jsonify([group_json(g) for g in services.list_groups(db.session)])


@bp.post("/groups")
def create_group():
    body = json_body()
    members = body.get("members") or []
    if not isinstance(members, list):
        raise InvalidInput("members: a list of participant ids or names", field="members")
    g = services.create_group(db.session, current_actor(), names=_first_language_name(body, "name"),
                              behalf=_first_language_name(body, "behalf"), members=members, key=body.get("key"))
    db.session.commit()
    return jsonify(group_json(g)), 201


@bp.patch("/groups/<int:group_id>")
def update_group(group_id: int):
    g = services.update_group(db.session, current_actor(), group_id, **json_body())
    db.session.commit()
    return jsonify(group_json(g))


@bp.put("/groups/<int:group_id>/members")
def set_group_members(group_id: int):
    members = json_body().get("members")
    if not isinstance(members, list):
        from confmgr.core.errors import InvalidInput

        raise InvalidInput("members: a list of participant ids or names")
    g = services.set_group_members(db.session, current_actor(), group_id, members)
    db.session.commit()
    return jsonify(group_json(g))


@bp.get("/agenda")
def list_agenda():
    return jsonify([agenda_item_json(i) for i in services.list_agenda(db.session)])


@bp.post("/agenda")
def add_agenda_item():
    body = json_body()
    item = services.add_agenda_item(db.session, current_actor(), number=body.get("number"),
                                    titles=_first_language_name(body, "title"), letter=body.get("letter"))
    db.session.commit()
    return jsonify(agenda_item_json(item)), 201


@bp.patch("/agenda/<path:label>")
def update_agenda_item(label: str):
    item = services.update_agenda_item(db.session, current_actor(), label, **json_body())
    db.session.commit()
    return jsonify(agenda_item_json(item))


@bp.delete("/agenda/<path:label>")
def delete_agenda_item(label: str):
    services.delete_agenda_item(db.session, current_actor(), label)
    db.session.commit()
    return "", 204


@bp.get("/meetings")
def list_meetings():
    return jsonify([meeting_json(m) for m in services.list_meetings(db.session)])


@bp.post("/meetings")
def create_meeting():
    body = json_body()
    m = services.create_meeting(db.session, current_actor(), number=body.get("number"), date=body.get("date"),
                                period=body.get("period") or "morning", kind=body.get("kind") or "plenary",
                                agenda_items=body.get("agenda_items") or [])
    db.session.commit()
    return jsonify(meeting_json(m, full=True)), 201


@bp.get("/meetings/<number>")
def get_meeting(number: str):
    return jsonify(meeting_json(services.get_meeting(db.session, number), full=True))


@bp.patch("/meetings/<number>")
def update_meeting(number: str):
    m = services.update_meeting(db.session, current_actor(), number, **json_body())
    db.session.commit()
    return jsonify(meeting_json(m, full=True))


@bp.delete("/meetings/<number>")
def delete_meeting(number: str):
    services.delete_meeting(db.session, current_actor(), number)
    db.session.commit()
    return "", 204
