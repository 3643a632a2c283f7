"""JSON API of the credentials workflow under /api/v1/credentials."""
from __future__ import annotations

import os

from flask import Blueprint, current_app, jsonify, request, send_file

from confmgr.core.errors import Forbidden, InvalidInput, NotFound
from confmgr.credentials import rules, services
from confmgr.credentials.models import CommitteeMember, CommitteeReport, Credential, Memorandum
from confmgr.extensions import db
from confmgr.registry.api import MEETING_EXTENSIONS
from confmgr.registry.models import Participant
from confmgr.web.auth import current_actor
from confmgr.web.json import json_body

bp = Blueprint("credentials_api", __name__, url_prefix="/api/v1")


def store_dir() -> str:
    return os.path.join(current_app.instance_path, "uploads", "credentials")


def max_file_bytes() -> int:
    return int(current_app.config.get("CREDENTIALS_MAX_FILE_BYTES", services.DEFAULT_MAX_FILE_BYTES))


def _participant(p: Participant) -> dict:
    return {"id": p.id, "key": p.key, "name": p.name_fr, "name_fr": p.name_fr, "name_en": p.name_en,
            "kind": p.kind, "regional_group": p.regional_group}


def member_json(m: CommitteeMember) -> dict:
    return {**_participant(m.participant), "chair": m.is_chair, "appointed_at_meeting": m.appointed_at_meeting}


def credential_json(p: Participant, c: Credential | None, *, full: bool = True) -> dict:
    status = services.status_of(c) if c else "none"
    data = {"participant": _participant(p), "status": status, "category": c.category if c else "none",
            "form": c.form if c else None,
            "received_on": c.received_on.isoformat() if c and c.received_on else None,
            "examination": c.examination if c else "pending",
            "entitled_to_vote": rules.entitled_to_vote(p.kind, status),
            "illustrative": bool(c and c.illustrative)}
    if full and c is not None:
        data.update({
            "objection": c.objection or None,
            "objected_by": c.objected_by.key if c.objected_by else None,
            "note": c.note,
            "representatives": [{"name": r.name, "function": r.function} for r in c.representatives],
            "files": [{"id": f.id, "sha256": f.sha256, "size": f.size, "media_type": f.media_type,
                       "label": f.label, "uploaded_at": f.created_at.isoformat()} for f in c.files],
            "history": [{"at": h.at.isoformat(), "by": h.actor_label, "before": h.before, "after": h.after,
                         "reason": h.reason} for h in c.history],
        })
    return data


def memorandum_json(m: Memorandum) -> dict:
    return {"id": m.id, "prepared_at": m.created_at.isoformat(), "prepared_by": m.prepared_by,
            "counts": m.counts, "lists": m.lists}


def report_json(r: CommitteeReport) -> dict:
    return {"symbol": r.symbol, "counts": r.counts, "lists": r.lists, "text_fr": r.text_fr, "text_en": r.text_en,
            "resolution_fr": r.resolution_fr, "resolution_en": r.resolution_en, "edited": r.edited,
            "state": "adopted_by_conference" if r.adopted_by_conference else
                     "adopted_by_committee" if r.adopted_by_committee else "draft",
            "adopted_by_committee": r.adopted_by_committee,
            "committee_adopted_at": r.committee_adopted_at.isoformat() if r.committee_adopted_at else None,
            "conference_meeting": r.conference_meeting, "conference_how": r.conference_how,
            "conference_decision_id": r.conference_decision_id, "illustrative": r.illustrative}


@bp.get("/credentials")
def overview():
    data = services.overview(db.session, current_actor())
    deadline = data["settings"].deadline
    report = data["report"]
    return jsonify({
        "committee": {"members": [member_json(m) for m in data["members"]],
                      "chair": data["chair"].participant.key if data["chair"] else None,
                      "aligned_with_ga_session": data["settings"].aligned_with_ga_session},
        "deadline": deadline.isoformat() if deadline else None,
        "states_shown": data["states_shown"],
        "states": [{**_participant(s["participant"]), "status": s["status"], "category": s["category"],
                    "form": s["form"], "received_on": s["received_on"].isoformat() if s["received_on"] else None,
                    "entitled_to_vote": s["votes"], "illustrative": s["illustrative"]} for s in data["states"]],
        "report": ({"symbol": report.symbol, "adopted_by_committee": report.adopted_by_committee,
                    "conference_meeting": report.conference_meeting, "counts": report.counts}
                   if report is not None and (data["states_shown"] or report.adopted_by_conference) else None),
    })


@bp.post("/credentials/committee")
def appoint_committee():
    body = json_body()
    seats = services.appoint_committee(db.session, current_actor(), meeting_number=body.get("meeting"),
                                       members_refs=body.get("members"), ga_session=body.get("ga_session"))
    db.session.commit()
    return jsonify({"members": [member_json(m) for m in seats]}), 201


@bp.post("/credentials/committee/chair")
def elect_chair():
    seat = services.elect_chair(db.session, current_actor(), json_body().get("participant"))
    db.session.commit()
    return jsonify(member_json(seat))


@bp.post("/credentials/committee/users")
def add_committee_user():
    body = json_body()
    created = services.add_committee_user(db.session, current_actor(), body.get("participant"), body.get("email"),
                                          name=body.get("name") or "")
    db.session.commit()
    return jsonify({"id": created.user.id, "email": created.user.email, "role": created.user.role,
                    "participant": created.user.participant_id, "token": created.token}), 201


@bp.put("/credentials/settings")
def put_settings():
    row = services.update_settings(db.session, current_actor(), **json_body())
    db.session.commit()
    return jsonify(services.settings_dict(row))


@bp.get("/credentials/states")
def board():
    args = request.args
    status = args.get("status") or None
    if status and status not in rules.STATUSES:
        raise InvalidInput(f"status: one of {', '.join(rules.STATUSES)}")
    data = services.board(db.session, current_actor(), status=status, category=args.get("category") or None,
                          regional_group=args.get("regional_group") or None, query=args.get("q") or None)
    return jsonify({"counts": data["counts"], "warnings": data["warnings"], "total": data["total"],
                    "deadline": data["deadline"].isoformat() if data["deadline"] else None,
                    "states": [{**credential_json(r["participant"], r["credential"], full=False),
                                "warning": r["warning"]} for r in data["rows"]]})


@bp.get("/credentials/states/<ref>")
def get_state(ref: str):
    participant, cred = services.get_state(db.session, current_actor(), ref)
    return jsonify(credential_json(participant, cred))


@bp.post("/credentials/states/<ref>/receipt")
def record_receipt(ref: str):
    body = json_body()
    cred = services.record_receipt(db.session, current_actor(), ref, category=body.get("category"),
                                   form=body.get("form"), received_on=body.get("received_on"),
                                   representatives=body.get("representatives"), note=body.get("note") or "")
    db.session.commit()
    return jsonify(credential_json(cred.participant, cred)), 201


@bp.post("/credentials/states/<ref>/files")
def upload(ref: str):
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInput("file: send the file as multipart/form-data in the field 'file'")
    data = upload.read(max_file_bytes() + 1)
    kept = services.upload_file(db.session, current_actor(), ref, data, label=upload.filename or "",
                                store_dir=store_dir(), max_bytes=max_file_bytes())
    db.session.commit()
    return jsonify({"id": kept.id, "sha256": kept.sha256, "size": kept.size, "media_type": kept.media_type,
                    "label": kept.label}), 201


@bp.get("/credentials/files/<int:file_id>")
def download(file_id: int):
    return send_kept_file(file_id)


def send_kept_file(file_id: int):
    kept = services.get_file(db.session, current_actor(), file_id)
    path = services.store_path(store_dir(), kept.sha256)
    if not path.is_file():
        raise NotFound(f"the stored file {kept.sha256} is missing from the instance folder")
    ext = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[kept.media_type]
    response = send_file(path, mimetype=kept.media_type, as_attachment=True,
                         download_name=f"credentials-{kept.credential_id}-{kept.id}.{ext}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/credentials/states/<ref>/examine")
def examine(ref: str):
    cred = services.examine(db.session, current_actor(), ref)
    db.session.commit()
    return jsonify(credential_json(cred.participant, cred))


@bp.post("/credentials/examine-all")
def examine_all():
    done = services.examine_all(db.session, current_actor())
    db.session.commit()
    return jsonify({"examined": [c.participant.key for c in done]})


@bp.post("/credentials/states/<ref>/objection")
def objection(ref: str):
    body = json_body()
    cred = services.raise_objection(db.session, current_actor(), ref, reason=body.get("reason"), by=body.get("by"))
    db.session.commit()
    return jsonify(credential_json(cred.participant, cred))


@bp.post("/credentials/states/<ref>/decision")
def decision(ref: str):
    body = json_body()
    cred = services.decide_challenge(db.session, current_actor(), ref, outcome=body.get("outcome"),
                                     meeting_number=body.get("meeting"))
    db.session.commit()
    return jsonify(credential_json(cred.participant, cred))


@bp.get("/credentials/memorandum")
def memorandum():
    """The latest memorandum the secretariat prepared, and the counts as they stand now."""
    actor = current_actor()
    if not services.can_read_board(db.session, actor):
        raise Forbidden("the memorandum is for the secretariat, the President and the Committee")
    memo = services.latest_memorandum(db.session)
    now = services.current_tally(db.session)
    return jsonify({"prepared": memorandum_json(memo) if memo else None,
                    "current": {"counts": now.counts(), "lists": now.lists()}})


@bp.post("/credentials/memorandum")
def prepare_memorandum():
    memo = services.prepare_memorandum(db.session, current_actor())
    db.session.commit()
    return jsonify(memorandum_json(memo)), 201


@bp.get("/credentials/report")
def get_report():
    actor = current_actor()
    report = services.current_report(db.session)
    if report is None or not (services.can_read_board(db.session, actor) or report.adopted_by_committee):
        raise NotFound("no report of the Credentials Committee is available")
    return jsonify(report_json(report))


@bp.post("/credentials/report")
def draft_report():
    body = request.get_json(silent=True) if request.is_json else None
    body = body if isinstance(body, dict) else {}
    report = services.draft_report(db.session, current_actor(), symbol=body.get("symbol"))
    db.session.commit()
    return jsonify(report_json(report)), 201


@bp.patch("/credentials/report")
def edit_report():
    report = services.edit_report(db.session, current_actor(), **json_body())
    db.session.commit()
    return jsonify(report_json(report))


@bp.post("/credentials/report/adopt")
def adopt_report():
    report = services.adopt_report(db.session, current_actor())
    db.session.commit()
    return jsonify(report_json(report))


@bp.post("/credentials/report/conference-adoption")
def conference_adoption():
    body = json_body()
    report = services.adopt_by_conference(db.session, current_actor(), meeting_number=body.get("meeting"),
                                          how=body.get("how") or "consensus", agenda_item=body.get("agenda_item"))
    db.session.commit()
    return jsonify(report_json(report))


@bp.get("/credentials/voting-rights")
def voting_rights():
    """Which participating States may vote, as their credentials status allows."""
    actor = current_actor()
    if not (services.can_read_board(db.session, actor) or services.published(db.session)):
        raise Forbidden("voting rights by credentials are public once the conference has adopted the resolution")
    voters = services.voting_states(db.session)
    return jsonify({"count": len(voters), "states": [p.key for p in voters]})


def _meeting_extension(meeting) -> dict:
    record = services.meeting_record(db.session, meeting.number)
    return {"credentials": record} if record else {}


MEETING_EXTENSIONS.append(_meeting_extension)
