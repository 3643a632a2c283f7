"""Text on screen: the live editing page and its JSON API (thin adapters over drafts.live_editing).

Edits arrive preferably over the socket (`edit` on /live, see namespace.py); the POST route is the
same use case for scripts and for browsers without websockets.
"""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from confmgr.core import events
from confmgr.drafts import live_editing
from confmgr.drafts import services as drafts
from confmgr.extensions import db
from confmgr.web.auth import current_actor
from confmgr.web.json import json_body

bp = Blueprint("live", __name__)


def _issue_json(doc, seq, summary) -> dict:
    return {"symbol": doc.symbol, "seq": seq, "summary": summary["text"], "counts": summary["counts"]}


# --- page -------------------------------------------------------------------------------------------

@bp.get("/live/<path:base>")
def page(base: str):
    actor = current_actor()
    state = live_editing.current(db.session, actor, base)
    doc = drafts.latest(db.session, state["base"])
    # htmx asks again on each new revision: only the part that follows the server's state.
    fragment = bool(request.headers.get("HX-Request"))
    return render_template("drafts/_live_state.html" if fragment else "drafts/live_edit.html", oob=fragment,
                           state=state, document=doc,
                           can_edit=live_editing.can_edit(db.session, actor, state["base"]),
                           stream=drafts.stream_name(state["base"]))


@bp.post("/live/<path:base>/revision")
def issue_page(base: str):
    doc, _seq, summary = live_editing.issue_revision(db.session, current_actor(), base)
    db.session.commit()
    flash(_("%(symbol)s published: %(summary)s", symbol=doc.symbol, summary=summary["text"]))
    return redirect(url_for("live.page", base=doc.base_symbol))


@bp.post("/live/<path:base>/restart")
def restart_page(base: str):
    state = live_editing.restart(db.session, current_actor(), base)
    db.session.commit()
    flash(_("The live text starts again from %(symbol)s.", symbol=state["latest"]))
    return redirect(url_for("live.page", base=state["base"]))


# --- JSON API ---------------------------------------------------------------------------------------

@bp.get("/api/v1/documents/<path:base>/live")
def live_text(base: str):
    return jsonify(live_editing.current(db.session, current_actor(), base))


@bp.post("/api/v1/documents/<path:base>/live/edits")
def edit(base: str):
    body = json_body()
    state = live_editing.apply_edit(db.session, current_actor(), base, body.get("base_version"), body.get("patch"))
    db.session.commit()
    return jsonify(state)


@bp.post("/api/v1/documents/<path:base>/live/revision")
def issue(base: str):
    doc, seq, summary = live_editing.issue_revision(db.session, current_actor(), base)
    db.session.commit()
    return jsonify(_issue_json(doc, seq, summary)), 201


@bp.post("/api/v1/documents/<path:base>/live/restart")
def restart(base: str):
    state = live_editing.restart(db.session, current_actor(), base)
    db.session.commit()
    return jsonify(state)


def _facilitator_json(row) -> dict:
    return {"user_id": row.user_id, "email": row.user.email, "base": row.base_symbol}


@bp.get("/api/v1/documents/<path:base>/live/facilitators")
def list_facilitators(base: str):
    return jsonify([_facilitator_json(r) for r in live_editing.facilitators(db.session, current_actor(), base)])


@bp.post("/api/v1/documents/<path:base>/live/facilitators")
def name_facilitator(base: str):
    row = live_editing.name_facilitator(db.session, current_actor(), base, json_body().get("user"))
    db.session.commit()
    return jsonify(_facilitator_json(row)), 201


@bp.delete("/api/v1/documents/<path:base>/live/facilitators/<int:user_id>")
def remove_facilitator(base: str, user_id: int):
    live_editing.remove_facilitator(db.session, current_actor(), base, user_id)
    db.session.commit()
    return "", 204


@bp.app_context_processor
def _live_helpers():
    def live_since(stream: str) -> int:
        return events.last_seq(db.session, stream)

    return {"live_since": live_since}
