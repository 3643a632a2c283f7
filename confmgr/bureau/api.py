"""JSON API of the Bureau under /api/v1: offices and holders, distribution, candidacies, elections,
ballots and appointments."""
from __future__ import annotations

from flask import Blueprint, jsonify

from confmgr.bureau import services
from confmgr.extensions import db
from confmgr.registry import services as registry
from confmgr.web.auth import current_actor
from confmgr.web.json import json_body

bp = Blueprint("bureau_api", __name__, url_prefix="/api/v1")


def candidacy_json(c) -> dict:
    return {"id": c.id, "office": c.office.key, "participant": c.participant.name_en, "key": c.participant.key,
            "person": c.person, "endorsed_by": c.endorsed_by, "recommended_by_en": c.recommended_by_en,
            "recommended_by_fr": c.recommended_by_fr, "status": c.status}


def _election_json(election_id: int):
    return jsonify(services.election_dict(db.session, services.get_election(db.session, election_id)))


@bp.get("/bureau")
def bureau():
    return jsonify(services.bureau_dict(db.session))


@bp.get("/bureau/offices")
def offices():
    return jsonify(services.bureau_dict(db.session)["offices"])


@bp.post("/bureau/offices")
def save_office():
    body = json_body()
    office = services.save_office(db.session, current_actor(), key=body.get("key"),
                                  titles=registry.texts_given_any(body, "title"), seats=body.get("seats", 1),
                                  position=body.get("position"))
    db.session.commit()
    return jsonify({"key": office.key, "title_en": office.title_en, "title_fr": office.title_fr,
                    "seats": office.seats}), 201


@bp.put("/bureau/distribution")
def put_distribution():
    body = json_body()
    services.set_distribution(db.session, current_actor(), body.get("distribution", body))
    db.session.commit()
    return jsonify({"distribution": services.distribution(db.session), "balance": services.balance(db.session)})


@bp.get("/bureau/candidacies")
def list_candidacies():
    return jsonify([candidacy_json(c) for c in services.candidacies(db.session)])


@bp.post("/bureau/candidacies")
def add_candidacy():
    body = json_body()
    c = services.add_candidacy(db.session, current_actor(), office=body.get("office"),
                               participant=body.get("participant"), person=body.get("person") or "",
                               endorsed_by=body.get("endorsed_by"), recommended_by_en=body.get("recommended_by_en") or "",
                               recommended_by_fr=body.get("recommended_by_fr") or "")
    db.session.commit()
    return jsonify(candidacy_json(c)), 201


@bp.post("/bureau/candidacies/<int:candidacy_id>/withdraw")
def withdraw_candidacy(candidacy_id: int):
    c = services.withdraw_candidacy(db.session, current_actor(), candidacy_id)
    db.session.commit()
    return jsonify(candidacy_json(c))


@bp.get("/elections")
def list_elections():
    return jsonify([services.election_dict(db.session, e) for e in services.list_elections(db.session)])


@bp.post("/elections")
def open_election():
    body = json_body()
    e = services.open_election(db.session, current_actor(), office=body.get("office"), meeting=body.get("meeting"),
                               seats=body.get("seats"), agenda_item=body.get("agenda_item"))
    db.session.commit()
    return jsonify(services.election_dict(db.session, e)), 201


@bp.get("/elections/<int:election_id>")
def get_election(election_id: int):
    return _election_json(election_id)


@bp.post("/elections/<int:election_id>/acclamation")
def acclamation(election_id: int):
    e = services.elect_by_acclamation(db.session, current_actor(), election_id)
    db.session.commit()
    return jsonify(services.election_dict(db.session, e))


@bp.post("/elections/<int:election_id>/ballots")
def ballot(election_id: int):
    body = json_body()
    services.enter_ballot(db.session, current_actor(), election_id, votes=body.get("votes"),
                          ballots_cast=body.get("ballots_cast"), invalid=body.get("invalid", 0),
                          abstentions=body.get("abstentions", 0), present=body.get("present"),
                          drawn=body.get("drawn"))
    db.session.commit()
    return _election_json(election_id), 201


@bp.get("/bureau/appointments")
def list_appointments():
    return jsonify([services.appointment_dict(a) for a in services.list_appointments(db.session)])


@bp.post("/bureau/appointments")
def appoint():
    body = json_body()
    a = services.appoint(db.session, current_actor(), role=body.get("role"), person=body.get("person"),
                         participant=body.get("participant"), topic_en=body.get("topic_en") or "",
                         topic_fr=body.get("topic_fr") or "", appointed_by_en=body.get("appointed_by_en") or "",
                         appointed_by_fr=body.get("appointed_by_fr") or "")
    db.session.commit()
    return jsonify(services.appointment_dict(a)), 201


@bp.delete("/bureau/appointments/<int:appointment_id>")
def unappoint(appointment_id: int):
    services.remove_appointment(db.session, current_actor(), appointment_id)
    db.session.commit()
    return "", 204
