"""JSON API of the speakers' lists under /api/v1.

Every action on a list answers with the list's state (as GET /api/v1/speakers-lists/<id>). Each
route on /speakers-lists/<id>/... also exists as /meetings/<number>/speakers-lists/<id>/..., which
refuses a list of another meeting.
"""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from confmgr.extensions import db
from confmgr.registry.api import MEETING_EXTENSIONS
from confmgr.registry.models import Meeting
from confmgr.speakers import services
from confmgr.web.auth import current_actor
from confmgr.web.json import json_body

bp = Blueprint("speakers_api", __name__, url_prefix="/api/v1")


def _body() -> dict:
    """The JSON object of the request; an empty body counts as {} for actions that need nothing."""
    if not request.get_data(cache=True):
        return {}
    return json_body()


def _state(list_id: int, status: int = 200, **extra):
    sl = services.get_list(db.session, list_id)
    return jsonify({**services.list_state(db.session, sl), **extra}), status


def summary_json(sl) -> dict:
    return {"id": sl.id, "meeting": sl.meeting.number, "agenda_item": sl.agenda_item.label, "kind": sl.kind,
            "state": sl.state, "opens_at": services._iso(sl.opens_at), "closes_at": services._iso(sl.closes_at)}


@bp.post("/meetings/<number>/speakers-lists")
def create_list(number: str):
    body = json_body()
    sl = services.create_list(db.session, current_actor(), number, kind=body.get("kind"),
                              agenda_item=body.get("agenda_item"), opens_at=body.get("opens_at"),
                              closes_at=body.get("closes_at"))
    db.session.commit()
    return _state(sl.id, 201)


@bp.get("/meetings/<number>/speakers-lists")
def meeting_lists(number: str):
    return jsonify([summary_json(sl) for sl in services.lists_for_meeting(db.session, number)])


@bp.get("/speakers-lists")
def all_lists():
    return jsonify([summary_json(sl) for sl in services.all_lists(db.session)])


@bp.get("/speakers-lists/<list_id>")
@bp.get("/meetings/<meeting>/speakers-lists/<list_id>")
def get_list(list_id: str, meeting: str | None = None):
    sl = services.get_list(db.session, list_id, meeting=meeting)
    return jsonify(services.list_state(db.session, sl))


def _action(name: str, list_id: str, meeting: str | None, body: dict):
    """Run one action on a list for the current actor; returns (status, extra fields of the reply)."""
    actor, s = current_actor(), db.session
    if name == "inscriptions":
        ins = services.inscribe(s, actor, list_id, participant=body.get("participant"), level=body.get("level"),
                                on_behalf_of=body.get("on_behalf_of"), additional=body.get("additional") is True,
                                meeting=meeting)
        return 201, {"inscription": ins.id}
    if name == "withdraw":
        services.withdraw(s, actor, list_id, participant=body.get("participant"), meeting=meeting)
    elif name == "swap":
        return 200, {"swap": services.swap(s, actor, list_id, a=body.get("a"), b=body.get("b"), meeting=meeting)}
    elif name == "move":
        services.move(s, actor, list_id, participant=body.get("participant"), before=body.get("before"),
                      meeting=meeting)
    elif name == "next":
        services.call_next(s, actor, list_id, version=body.get("version"), meeting=meeting)
    elif name == "start":
        services.start(s, actor, list_id, meeting=meeting)
    elif name == "pause":
        services.pause(s, actor, list_id, meeting=meeting)
    elif name == "resume":
        services.resume(s, actor, list_id, meeting=meeting)
    elif name == "end":
        statement = services.end(s, actor, list_id, meeting=meeting)
        return 200, {"statement": services.statement_json(statement)}
    elif name == "close":
        services.close_list(s, actor, list_id, meeting=meeting)
    elif name == "reopen":
        services.reopen_list(s, actor, list_id, meeting=meeting)
    elif name == "window":
        services.set_window(s, actor, list_id, opens_at=body.get("opens_at"), closes_at=body.get("closes_at"),
                            meeting=meeting)
    elif name == "point-of-order":
        services.raise_point_of_order(s, actor, list_id, participant=body.get("participant"), meeting=meeting)
        return 201, {}
    elif name == "ruling":
        services.rule_point_of_order(s, actor, list_id, ruling=body.get("ruling", ""), meeting=meeting)
    elif name == "right-of-reply":
        ins = services.request_reply(s, actor, list_id, participant=body.get("participant"), meeting=meeting)
        return 201, {"inscription": ins.id, "reply": ins.reply}
    return 200, {}


ACTIONS = ("inscriptions", "withdraw", "swap", "move", "next", "start", "pause", "resume", "end", "close", "reopen",
           "window", "point-of-order", "ruling", "right-of-reply")


def _make_route(name: str):
    def view(list_id: str, meeting: str | None = None):
        status, extra = _action(name, list_id, meeting, _body())
        db.session.commit()
        return _state(int(list_id), status, **extra)

    view.__name__ = "action_" + name.replace("-", "_")
    bp.add_url_rule(f"/speakers-lists/<list_id>/{name}", view_func=view, methods=["POST"])
    bp.add_url_rule(f"/meetings/<meeting>/speakers-lists/<list_id>/{name}", view_func=view, methods=["POST"])


for _name in ACTIONS:
    _make_route(_name)


@bp.post("/speakers-lists/<list_id>/point-of-order/ruling")
@bp.post("/meetings/<meeting>/speakers-lists/<list_id>/point-of-order/ruling")
def point_of_order_ruling(list_id: str, meeting: str | None = None):
    """The President's ruling on the point of order raised (same as .../ruling)."""
    status, extra = _action("ruling", list_id, meeting, _body())
    db.session.commit()
    return _state(int(list_id), status, **extra)


@bp.get("/speakers-lists/<list_id>/statements")
def list_statements(list_id: str):
    sl = services.get_list(db.session, list_id)
    return jsonify([services.statement_json(s) for s in services.statements(db.session, list_id=sl.id)])


@bp.get("/statements")
@bp.get("/meetings/<meeting>/statements")
def all_statements(meeting: str | None = None):
    meeting = meeting or request.args.get("meeting") or None
    return jsonify([services.statement_json(s) for s in services.statements(db.session, meeting=meeting)])


@bp.post("/meetings/<meeting>/statements")
def record_statement(meeting: str):
    """A statement heard after the fact: {"participant", "on_behalf_of", "agenda_item", "duration_seconds"}."""
    body = json_body()
    unknown = set(body) - {"participant", "on_behalf_of", "agenda_item", "duration_seconds", "level", "list_kind",
                           "note", "started_at"}
    if unknown:
        from confmgr.core.errors import InvalidInput

        raise InvalidInput(f"unknown statement field(s): {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    statement = services.record_statement(
        db.session, current_actor(), meeting=meeting, participant=body.get("participant"),
        on_behalf_of=body.get("on_behalf_of"), agenda_item=body.get("agenda_item"),
        duration=body.get("duration_seconds", 0), level=body.get("level"), list_kind=body.get("list_kind"),
        note=body.get("note") or "", started_at=body.get("started_at"))
    db.session.commit()
    return jsonify(services.statement_json(statement)), 201


@bp.get("/statements/stats")
@bp.get("/meetings/<meeting>/statements/stats")
def stats(meeting: str | None = None):
    meeting = meeting or request.args.get("meeting") or None
    return jsonify(services.statistics(db.session, meeting=meeting))


@bp.get("/statements.csv")
@bp.get("/meetings/<meeting>/statements.csv")
def statements_csv(meeting: str | None = None):
    meeting = meeting or request.args.get("meeting") or None
    lang = request.args.get("lang") if request.args.get("lang") in ("fr", "en") else "fr"
    text = services.statements_csv(db.session, meeting=meeting, lang=lang)
    name = f"statements-meeting-{meeting}.csv" if meeting else "statements.csv"
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _meeting_statements(meeting: Meeting) -> dict:
    return {"statements": [services.statement_json(s) for s in services.statements(db.session, meeting=meeting.number)]}


if _meeting_statements not in MEETING_EXTENSIONS:
    MEETING_EXTENSIONS.append(_meeting_statements)
