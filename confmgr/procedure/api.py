"""JSON API of the rules of procedure under /api/v1: the text and parameters of the rules, motions,
votes (recorded, non-recorded, roll call) and decisions."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from confmgr.core.errors import InvalidInput
from confmgr.extensions import db
from confmgr.procedure import services
from confmgr.registry.api import MEETING_EXTENSIONS
from confmgr.registry.models import Meeting
from confmgr.web.auth import current_actor
from confmgr.web.json import json_body

bp = Blueprint("procedure_api", __name__, url_prefix="/api/v1")


def _meeting_decisions(meeting: Meeting) -> dict:
    return {"decisions": [services.decision_dict(d) for d in services.list_decisions(db.session, meeting.number)],
            "motions": [services.motion_dict(db.session, m) for m in services.list_motions(db.session, meeting.number)]}


MEETING_EXTENSIONS.append(_meeting_decisions)


def _int(value, field: str) -> int:
    if isinstance(value, bool):
        raise InvalidInput(f"{field}: a whole number")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{field}: a whole number") from None


def _motion_json(motion_id: int):
    return jsonify(services.motion_dict(db.session, services.get_motion(db.session, motion_id)))


def _vote_json(vote_id: int):
    return jsonify(services.vote_dict(db.session, services.get_vote(db.session, vote_id)))


# --- rules text and parameters ------------------------------------------------------------------

@bp.get("/rules")
def list_rules():
    rules = services.list_rules(db.session, request.args.get("q") or None)
    return jsonify({"document": services.settings_dict(db.session)["document"],
                    "rules": [services.rule_dict(r) for r in rules]})


@bp.get("/rules/<number>")
def get_rule(number: str):
    return jsonify(services.rule_dict(services.get_rule(db.session, number)))


@bp.put("/rules/<number>")
def put_rule(number: str):
    body = json_body()
    rule = services.save_rule(db.session, current_actor(), number=number, title_en=body.get("title_en"),
                              text_en=body.get("text_en"), title_fr=body.get("title_fr"),
                              text_fr=body.get("text_fr"), chapter=body.get("chapter"),
                              illustrative=bool(body.get("illustrative")), decision=body.get("decision"))
    db.session.commit()
    return jsonify(services.rule_dict(rule))


@bp.delete("/rules/<number>")
def delete_rule(number: str):
    services.delete_rule(db.session, current_actor(), number, decision=request.args.get("decision"))
    db.session.commit()
    return "", 204


@bp.post("/rules/import")
def import_rules():
    body = json_body()
    stored = services.import_rules(db.session, current_actor(), body.get("text"), language=body.get("language") or "en",
                                   illustrative=bool(body.get("illustrative")), decision=body.get("decision"))
    db.session.commit()
    return jsonify({"imported": [services.rule_dict(r) for r in stored]}), 201


@bp.get("/procedure")
def get_parameters():
    return jsonify(services.settings_dict(db.session))


@bp.patch("/procedure")
def patch_parameters():
    body = json_body()
    decision = body.pop("decision", None)
    if "document" in body:
        services.set_rules_document(db.session, current_actor(), body.pop("document"))
    changes = body.pop("parameters", None)
    if body:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(body))} (send parameters, document, decision)")
    if changes is not None:
        services.update_parameters(db.session, current_actor(), changes, decision=decision)
    db.session.commit()
    return jsonify(services.settings_dict(db.session))


# --- motions --------------------------------------------------------------------------------------

@bp.get("/meetings/<int:number>/motions")
def list_motions(number: int):
    return jsonify([services.motion_dict(db.session, m) for m in services.list_motions(db.session, number)])


@bp.get("/meetings/<int:number>/motions/in-order")
def in_order(number: int):
    ruling = services.rule_on(db.session, number, request.args.get("kind", ""),
                              agenda_item=request.args.get("agenda_item") or None,
                              matter=request.args.get("matter") or "procedural",
                              target_decision=request.args.get("target_decision") or None)
    return jsonify(ruling.to_dict())


@bp.post("/meetings/<int:number>/motions")
def propose(number: int):
    body = json_body()
    motion, ruling = services.propose_motion(
        db.session, current_actor(), number, body.get("kind"), agenda_item=body.get("agenda_item"),
        matter=body.get("matter") or "procedural", subject=body.get("subject") or "", text=body.get("text") or "",
        document=body.get("document"), moved_by=body.get("moved_by"), target_decision=body.get("target_decision"))
    db.session.commit()
    return jsonify({**services.motion_dict(db.session, motion), "ruling": ruling.to_dict()}), 201


@bp.get("/motions/<int:motion_id>")
def get_motion(motion_id: int):
    return _motion_json(motion_id)


@bp.post("/motions/<int:motion_id>/speakers")
def motion_speaker(motion_id: int):
    body = json_body()
    services.add_motion_speaker(db.session, current_actor(), motion_id, body.get("participant"), body.get("side"))
    db.session.commit()
    return _motion_json(motion_id), 201


@bp.post("/motions/<int:motion_id>/consensus-exhausted")
def consensus_exhausted(motion_id: int):
    motion = services.declare_consensus_exhausted(db.session, current_actor(), motion_id)
    db.session.commit()
    return jsonify(services.motion_dict(db.session, motion))


@bp.post("/motions/<int:motion_id>/withdraw")
def withdraw(motion_id: int):
    motion = services.withdraw_motion(db.session, current_actor(), motion_id)
    db.session.commit()
    return jsonify(services.motion_dict(db.session, motion))


@bp.post("/motions/<int:motion_id>/decide")
def decide(motion_id: int):
    body = json_body()
    decision = services.decide_without_vote(db.session, current_actor(), motion_id, body.get("how") or "consensus")
    db.session.commit()
    return jsonify(services.decision_dict(decision)), 201


@bp.post("/motions/<int:motion_id>/votes")
def open_vote(motion_id: int):
    body = json_body()
    vote = services.open_vote(db.session, current_actor(), motion_id, body.get("kind"),
                              first_state=body.get("first_state"))
    db.session.commit()
    return jsonify(services.vote_dict(db.session, vote)), 201


# --- votes ----------------------------------------------------------------------------------------

@bp.get("/votes/<int:vote_id>")
def get_vote(vote_id: int):
    return _vote_json(vote_id)


@bp.post("/votes/<int:vote_id>/entries")
def cast(vote_id: int):
    body = json_body()
    services.cast_vote(db.session, current_actor(), vote_id, body.get("participant"), body.get("position"))
    db.session.commit()
    return _vote_json(vote_id), 201


@bp.post("/votes/<int:vote_id>/close")
def close(vote_id: int):
    body = json_body()
    decision = services.close_vote(db.session, current_actor(), vote_id, yes=body.get("yes"), no=body.get("no"),
                                   abstain=body.get("abstain"), present=body.get("present"))
    db.session.commit()
    return jsonify(services.decision_dict(decision)), 201


# --- decisions ------------------------------------------------------------------------------------

@bp.get("/decisions")
def list_decisions():
    meeting = request.args.get("meeting")
    found = services.list_decisions(db.session, _int(meeting, "meeting") if meeting else None)
    return jsonify([services.decision_dict(d) for d in found])


@bp.get("/decisions/<int:decision_id>")
def get_decision(decision_id: int):
    return jsonify(services.decision_dict(services.get_decision(db.session, decision_id)))


@bp.post("/meetings/<int:number>/decisions")
def record_decision(number: int):
    """A decision taken without a motion before the meeting (consensus, acclamation, without a vote)."""
    body = json_body()
    documents = body.get("documents")
    if documents is not None and not (isinstance(documents, list) and all(isinstance(s, str) for s in documents)):
        raise InvalidInput("documents: a list of symbols")
    decision = services.record_decision_without_vote(
        db.session, current_actor(), number, body.get("subject"), body.get("how") or "consensus",
        document=body.get("document"), agenda_item=body.get("agenda_item"), result=body.get("result"),
        text=body.get("text") or "", documents=documents)
    db.session.commit()
    return jsonify(services.decision_dict(decision)), 201
