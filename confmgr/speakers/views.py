"""Pages of the speakers' lists: the lists, a list as delegations and the public see it, the
President's console, the projector, and the record of statements.

Each page renders its live part from one `_partial` template; `?fragment=1` or an htmx request
returns that part alone, which the browser fetches again on every `speakers` event.
"""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _

from confmgr.core import events
from confmgr.core.errors import InvalidInput
from confmgr.core.permissions import allowed, require
from confmgr.extensions import db
from confmgr.procedure.settings import current_parameters
from confmgr.registry import services as registry
from confmgr.registry.models import Participant
from confmgr.speakers import rules, services
from confmgr.web.auth import current_actor
from confmgr.web.i18n import current_language

bp = Blueprint("speakers", __name__)


def _partial() -> bool:
    return bool(request.headers.get("HX-Request") or request.args.get("fragment"))


def _context(sl) -> dict:
    actor = current_actor()
    state = services.list_state(db.session, sl)
    me = db.session.get(Participant, actor.participant_id) if actor.participant_id else None
    mine = [s for s in state["speakers"] if me is not None and s["participant"]["id"] == me.id]
    return {"sl": sl, "state": state, "me": me, "mine": mine, "levels": current_parameters(db.session).levels,
            "my_groups": list(me.groups) if me is not None else [],
            "eligible": me is not None and rules.eligibility_error(sl.kind, me.kind) is None,
            "can_reply": me is not None and me.kind in rules.REPLY_KINDS,
            "seq": events.last_seq(db.session, services.stream_name(sl.id)),
            "is_chair": allowed(actor, "speakers.chair"), "is_secretariat": allowed(actor, "speakers.inscribe_any")}


@bp.get("/speakers")
def index():
    return render_template("speakers/index.html", lists=services.all_lists(db.session),
                           meetings=registry.list_meetings(db.session), kinds=rules.LIST_KINDS)


@bp.post("/speakers")
def create():
    form = request.form
    sl = services.create_list(db.session, current_actor(), form.get("meeting"), kind=form.get("kind"),
                              agenda_item=form.get("agenda_item"), opens_at=form.get("opens_at") or None,
                              closes_at=form.get("closes_at") or None)
    db.session.commit()
    return redirect(url_for("speakers.show", list_id=sl.id))


@bp.get("/speakers/<int:list_id>")
def show(list_id: int):
    sl = services.get_list(db.session, list_id)
    ctx = _context(sl)
    if ctx["is_secretariat"]:
        ctx["participants"] = [p for p in registry.list_participants(db.session)
                               if rules.eligibility_error(sl.kind, p.kind) is None]
        ctx["groups"] = registry.list_groups(db.session)
    template = "speakers/_list.html" if _partial() else "speakers/list.html"
    return render_template(template, **ctx)


@bp.get("/speakers/<int:list_id>/console")
def console(list_id: int):
    require(current_actor(), "speakers.chair")
    sl = services.get_list(db.session, list_id)
    template = "speakers/_console.html" if _partial() else "speakers/console.html"
    return render_template(template, **_context(sl))


@bp.get("/speakers/<int:list_id>/projector")
def projector(list_id: int):
    sl = services.get_list(db.session, list_id)
    template = "speakers/_projector.html" if _partial() else "speakers/projector.html"
    return render_template(template, **_context(sl))


FORM_ACTIONS = ("inscribe", "withdraw", "swap", "move", "next", "start", "pause", "resume", "end", "close", "reopen",
                "point-of-order", "ruling", "right-of-reply")


@bp.post("/speakers/<int:list_id>/do/<action>")
def act(list_id: int, action: str):
    """The forms of the console and of the delegation's view. Answers an htmx request with an
    empty message (the page follows the change live), a plain form with a redirect."""
    if action not in FORM_ACTIONS:
        raise InvalidInput(f"unknown action {action!r}")
    actor, s, form = current_actor(), db.session, request.form
    own = actor.participant_id
    participant = form.get("participant") or own
    before = services.list_state(s, services.get_list(s, list_id))["current"] if action == "end" else None
    swapped = None
    if action == "inscribe":
        services.inscribe(s, actor, list_id, participant=participant, level=form.get("level"),
                          on_behalf_of=form.get("on_behalf_of") or None)
    elif action == "withdraw":
        services.withdraw(s, actor, list_id, participant=participant)
    elif action == "swap":
        swapped = services.swap(s, actor, list_id, a=form.get("a") or own, b=form.get("b"))
    elif action == "move":
        services.move(s, actor, list_id, participant=participant, before=form.get("before") or None)
    elif action == "next":
        services.call_next(s, actor, list_id, version=form.get("version"))
    elif action in ("start", "pause", "resume", "end", "close", "reopen"):
        fn = {"start": services.start, "pause": services.pause, "resume": services.resume, "end": services.end,
              "close": services.close_list, "reopen": services.reopen_list}[action]
        fn(s, actor, list_id)
    elif action == "point-of-order":
        services.raise_point_of_order(s, actor, list_id, participant=participant)
    elif action == "ruling":
        services.rule_point_of_order(s, actor, list_id, ruling=form.get("ruling", ""))
    elif action == "right-of-reply":
        services.request_reply(s, actor, list_id, participant=participant)
    db.session.commit()
    if request.headers.get("HX-Request"):
        state = services.list_state(s, services.get_list(s, list_id))
        return render_template("speakers/_done.html", message=_what_happened(
            action, state, before=before, participant=participant, a=form.get("a") or own, b=form.get("b"),
            swapped=swapped))
    back = request.form.get("next") or ""
    if not back.startswith("/") or back.startswith("//"):
        back = url_for("speakers.show", list_id=list_id)
    return redirect(back)


def _participant_name(ref) -> str:
    """The name of a participant given by id (as the forms send it), in the interface language."""
    if isinstance(ref, dict):
        ref = ref.get("id")
    try:
        found = db.session.get(Participant, int(ref))
    except (TypeError, ValueError):
        found = None
    return found.display(current_language()) if found is not None else ""


def _what_happened(action: str, state: dict, *, before, participant, a, b, swapped) -> str:
    """One sentence for the console's live region: what the action just done changed."""
    now = _participant_name(state["current"]["participant"]) if state["current"] else ""
    who = _participant_name(participant)
    place = next((x["position"] for x in state["speakers"] if str(x["participant"]["id"]) == str(participant)), None)
    if action == "next":
        return _("%(name)s has the floor.", name=now) if now else _("No one is waiting.")
    if action == "start":
        return _("%(name)s has the floor; clock started.", name=now)
    if action == "pause":
        return _("Clock paused; %(name)s keeps the floor.", name=now)
    if action == "resume":
        return _("Clock resumed; %(name)s has the floor.", name=now)
    if action == "end":
        return _("Statement by %(name)s ended; no one has the floor.",
                 name=_participant_name(before["participant"]) if before else "")
    if action == "close":
        return _("The list of speakers is closed.")
    if action == "reopen":
        return _("The list of speakers is open again.")
    if action == "move":
        return _("%(name)s moved up to place %(n)s.", name=who, n=place)
    if action == "swap":
        if swapped == "pending":
            return _("Exchange with %(name)s asked; awaiting their agreement.", name=_participant_name(b))
        return _("%(a)s and %(b)s exchanged places.", a=_participant_name(a), b=_participant_name(b))
    if action == "inscribe":
        return _("%(name)s is inscribed in place %(n)s.", name=who, n=place)
    if action == "withdraw":
        return _("%(name)s withdrew from the list.", name=who)
    if action == "point-of-order":
        return _("Point of order raised by %(name)s; the clock is paused.", name=who)
    if action == "ruling":
        return _("Ruling given; %(name)s resumes.", name=now) if now else _("Ruling given.")
    return _("Right of reply asked for %(name)s.", name=who)


@bp.get("/meetings/<int:number>/statements")
def record(number: int):
    meeting = registry.get_meeting(db.session, number)
    return render_template("speakers/record.html", meeting=meeting,
                           statements=services.statements(db.session, meeting=number),
                           stats=services.statistics(db.session, meeting=number),
                           lists=services.lists_for_meeting(db.session, number))


@bp.get("/statements")
def record_all():
    return render_template("speakers/record.html", meeting=None, statements=services.statements(db.session),
                           stats=services.statistics(db.session), lists=services.all_lists(db.session))
