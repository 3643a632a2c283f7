"""Pages of the registry: the conference home, participants, meetings, agenda, documents, audit log."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from confmgr.core import audit
from confmgr.core.permissions import require
from confmgr.extensions import db
from confmgr.registry import services
from confmgr.registry.models import PARTICIPANT_KINDS, REGIONAL_GROUPS
from confmgr.web.auth import current_actor

bp = Blueprint("registry", __name__)


@bp.get("/")
def home():
    return render_template("registry/home.html", conference=services.get_conference(db.session),
                           meetings=services.list_meetings(db.session))


@bp.get("/participants")
def participants():
    kind = request.args.get("kind") or None
    group = request.args.get("regional_group") or None
    found = services.list_participants(db.session, kind=kind if kind in PARTICIPANT_KINDS else None,
                                       regional_group=group if group in REGIONAL_GROUPS else None,
                                       query=request.args.get("q") or None)
    template = "registry/_participants_table.html" if request.headers.get("HX-Request") else "registry/participants.html"
    return render_template(template, participants=found, kinds=PARTICIPANT_KINDS, regional_groups=REGIONAL_GROUPS,
                           kind=kind, regional_group=group, groups=services.list_groups(db.session))


@bp.get("/meetings")
def meetings():
    return render_template("registry/meetings.html", meetings=services.list_meetings(db.session))


@bp.get("/meetings/<int:number>")
def meeting(number: int):
    return render_template("registry/meeting.html", meeting=services.get_meeting(db.session, number))


@bp.get("/agenda")
def agenda():
    return render_template("registry/agenda.html", items=services.list_agenda(db.session))


@bp.get("/documents")
def documents():
    docs = services.list_documents(db.session, current_actor())
    families: dict[str, list] = {}
    for doc in docs:
        families.setdefault(doc.base_symbol, []).append(doc)
    return render_template("registry/documents.html", families=families)


@bp.get("/audit")
def audit_log():
    actor = current_actor()
    require(actor, "audit.read")
    page = max(int(request.args.get("page", "1") or 1), 1) if request.args.get("page", "1").isdigit() else 1
    entries = audit.recent(db.session, limit=100, offset=(page - 1) * 100,
                           action=request.args.get("action") or None)
    return render_template("registry/audit.html", entries=entries, page=page)
