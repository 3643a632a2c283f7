"""Pages of the Bureau: who holds each office with the regional balance, and the elections."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from confmgr.bureau import services
from confmgr.extensions import db
from confmgr.procedure.voting_rights import voters
from confmgr.registry import services as registry
from confmgr.registry.models import REGIONAL_GROUPS
from confmgr.web import labels
from confmgr.web.auth import current_actor
from confmgr.web.forms import whole_number

bp = Blueprint("bureau", __name__)

# Labels, in the interface language, of the codes this domain stores.
labels.register({
    "acclamation": _l("acclamation"),
    "secret_ballot": _l("secret ballot"),
    "open": _l("open"),
    "completed": _l("completed"),
    "candidate": _l("candidate"),
    "elected": _l("elected"),
    "not_elected": _l("not elected"),
    "withdrawn": _l("withdrawn"),
    "ok": _l("as agreed"),
    "over": _l("above the agreed number"),
    "under": _l("below the agreed number"),
    "facilitator": _l("facilitator"),
    "moderator": _l("moderator"),
})


@bp.get("/bureau")
def bureau_page():
    return render_template("bureau/bureau.html", offices=services.list_offices(db.session),
                           balance=services.balance(db.session), appointments=services.list_appointments(db.session),
                           distribution=services.distribution(db.session), regional_groups=REGIONAL_GROUPS,
                           states=voters(db.session))


@bp.post("/bureau/offices")
def save_office():
    f = request.form
    services.save_office(db.session, current_actor(), key=f.get("key"), title_en=f.get("title_en"),
                         title_fr=f.get("title_fr"), seats=whole_number("seats"))
    db.session.commit()
    return redirect(url_for("bureau.bureau_page"), 303)


@bp.post("/bureau/distribution")
def save_distribution():
    seats = {g: whole_number(g) for g in REGIONAL_GROUPS if (request.form.get(g) or "").strip()}
    services.set_distribution(db.session, current_actor(), seats)
    db.session.commit()
    return redirect(url_for("bureau.bureau_page"), 303)


@bp.post("/bureau/appointments")
def appoint():
    f = request.form
    services.appoint(db.session, current_actor(), role=f.get("role"), person=f.get("person"),
                     participant=f.get("participant") or None, topic_en=f.get("topic_en") or "",
                     topic_fr=f.get("topic_fr") or "")
    db.session.commit()
    return redirect(url_for("bureau.bureau_page"), 303)


@bp.get("/elections")
def elections_page():
    return render_template("bureau/elections.html", elections=services.list_elections(db.session),
                           offices=services.list_offices(db.session), candidacies=services.candidacies(db.session),
                           states=voters(db.session), regional_groups=REGIONAL_GROUPS,
                           meetings=registry.list_meetings(db.session))


@bp.post("/elections/candidacies")
def add_candidacy():
    f = request.form
    services.add_candidacy(db.session, current_actor(), office=f.get("office"), participant=f.get("participant"),
                           person=f.get("person") or "", endorsed_by=f.get("endorsed_by") or None,
                           recommended_by_en=f.get("recommended_by_en") or "")
    db.session.commit()
    return redirect(url_for("bureau.elections_page"), 303)


@bp.post("/elections")
def open_election():
    f = request.form
    e = services.open_election(db.session, current_actor(), office=f.get("office"), meeting=f.get("meeting"),
                               seats=whole_number("seats", optional=True), agenda_item=f.get("agenda_item") or None)
    db.session.commit()
    return redirect(url_for("bureau.election_page", election_id=e.id), 303)


@bp.get("/elections/<int:election_id>")
def election_page(election_id: int):
    e = services.get_election(db.session, election_id)
    data = services.election_dict(db.session, e)
    last = e.rounds[-1] if e.rounds else None
    restricted_to = set(last.outcome.get("next_candidates", [])) if last else set()
    on_ballot = [c for c in services.candidacies(db.session, e.office)
                 if (c.id in restricted_to) or (not restricted_to and c.status == "candidate")]
    template = "bureau/_election.html" if request.headers.get("HX-Request") else "bureau/election.html"
    return render_template(template, election=e, data=data, on_ballot=on_ballot, restricted=bool(restricted_to))


@bp.post("/elections/<int:election_id>/acclamation")
def acclamation(election_id: int):
    services.elect_by_acclamation(db.session, current_actor(), election_id)
    db.session.commit()
    return redirect(url_for("bureau.election_page", election_id=election_id), 303)


@bp.post("/elections/<int:election_id>/ballots")
def ballot(election_id: int):
    votes = {}
    for key, raw in request.form.items():
        if key.startswith("votes."):
            n = whole_number("votes", raw=raw, optional=True, message="whole numbers")
            if n is not None:
                votes[key.removeprefix("votes.")] = n
    services.enter_ballot(db.session, current_actor(), election_id, votes=votes, ballots_cast=whole_number("ballots_cast"),
                          invalid=whole_number("invalid", optional=True) or 0,
                          abstentions=whole_number("abstentions", optional=True) or 0,
                          present=whole_number("present", optional=True))
    db.session.commit()
    return redirect(url_for("bureau.election_page", election_id=election_id), 303)
