"""Pages of the rules of procedure: the rules (searchable), the parameters form, the President's
console of motions and decisions for a meeting, and the voting screen."""
from __future__ import annotations

from fractions import Fraction

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from confmgr.core.errors import InvalidInput
from confmgr.extensions import db
from confmgr.procedure import rules as engine
from confmgr.procedure import services
from confmgr.procedure.parameters import ABSTENTIONS, BASES, THRESHOLD_RULES
from confmgr.procedure.settings import current_parameters
from confmgr.procedure.voting_rights import voters
from confmgr.registry import services as registry
from confmgr.web import labels
from confmgr.web.auth import current_actor
from confmgr.web.forms import whole_number

bp = Blueprint("procedure", __name__)

# Labels, in the interface language, of the codes this domain stores.
labels.register({
    "proposal": _l("proposal"),
    "suspend_meeting": _l("suspension of the meeting"),
    "adjourn_meeting": _l("adjournment of the meeting"),
    "adjourn_debate": _l("adjournment of the debate"),
    "close_debate": _l("closure of the debate"),
    "reconsideration": _l("reconsideration"),
    "suspend meeting": _l("suspension of the meeting"),
    "adjourn meeting": _l("adjournment of the meeting"),
    "adjourn debate": _l("adjournment of the debate"),
    "close debate": _l("closure of the debate"),
    "consensus": _l("consensus"),
    "acclamation": _l("acclamation"),
    "without_vote": _l("without a vote"),
    "recorded_vote": _l("recorded vote"),
    "non_recorded_vote": _l("non-recorded vote"),
    "roll_call": _l("roll-call vote"),
    "secret_ballot": _l("secret ballot"),
    "vote": _l("vote"),
    "recorded": _l("recorded"),
    "non_recorded": _l("non-recorded"),
    "yes": _l("yes"),
    "no": _l("no"),
    "abstain": _l("abstention"),
    "absent": _l("absent"),
    "simple": _l("simple majority of the members present and voting"),
    "two_thirds": _l("two-thirds majority of the members present and voting"),
    "procedural": _l("procedural matters"),
    "substance": _l("matters of substance"),
    "election": _l("elections"),
    "rules_amendment": _l("amendment of the rules of procedure"),
    "more_than": _l("more than"),
    "at_least": _l("at least"),
    "present_and_voting": _l("of the members present and voting"),
    "present": _l("of the members present"),
    "members": _l("of the members of the Conference"),
    "states_parties": _l("of the States parties"),
    "not_counted": _l("abstentions are not counted as voting"),
    "counted": _l("abstentions are counted as voting"),
    "pending": _l("pending"),
    "voting": _l("voting"),
    "adopted": _l("adopted"),
    "rejected": _l("rejected"),
    "withdrawn": _l("withdrawn"),
    "open": _l("open"),
    "closed": _l("closed"),
    "elected": _l("elected"),
    "appointed": _l("appointed"),
    "agenda": _l("adoption of the agenda"),
    "rules_of_procedure": _l("adoption of the rules of procedure"),
    "amendment_of_rules": _l("amendment of the rules of procedure"),
    "appointment_of_credentials_committee": _l("appointment of the Credentials Committee"),
    "confirmation_of_secretary_general": _l("confirmation of the Secretary-General of the Conference"),
    "credentials_report": _l("report of the Credentials Committee"),
    "election_of_president": _l("election of the President"),
    "election_of_vice_presidents": _l("election of the Vice-Presidents"),
    "final_documents": _l("adoption of the final documents"),
    "report": _l("adoption of the report"),
    "national": _l("national statement"),
    "group": _l("statement on behalf of a group"),
    "right_of_reply_first": _l("right of reply (first)"),
    "right_of_reply_second": _l("right of reply (second)"),
    "point_of_order": _l("point of order"),
})


@bp.app_template_filter("fraction")
def fraction_filter(value: float) -> str:
    """A stored quorum (0.333...) as the fraction the secretariat entered (1/3)."""
    f = Fraction(value).limit_denominator(1000)
    return f"{f.numerator}/{f.denominator}"


@bp.app_template_filter("threshold")
def threshold_filter(question: str) -> str:
    """ "at least 3/4 of the members present and voting": the conference's threshold for a kind of question."""
    threshold = current_parameters(db.session).majorities.get(question)
    if threshold is None:
        return labels.label(question)
    data = threshold.to_dict()
    colon = "\u00a0:" if str(get_locale() or "en").startswith("fr") else ":"
    return f"{labels.label(question)}{colon} {labels.label(data['rule'])} {data['fraction']} {labels.label(data['base'])}"


@bp.app_template_filter("explanation")
def explanation_filter(decision) -> str:
    return services.decision_explanation(decision, str(get_locale() or "en")[:2]) or ""


def _fragment(page: str, partial: str) -> str:
    return partial if request.headers.get("HX-Request") else page


@bp.get("/rules")
def rules_page():
    q = request.args.get("q") or ""
    found = services.list_rules(db.session, q or None)
    return render_template(_fragment("procedure/rules.html", "procedure/_rules_list.html"), rules=found, q=q,
                           settings=services.settings_dict(db.session))


@bp.post("/rules")
def save_rule():
    form = request.form
    services.save_rule(db.session, current_actor(), number=form.get("number"), title_en=form.get("title_en"),
                       text_en=form.get("text_en"), title_fr=form.get("title_fr"), text_fr=form.get("text_fr"),
                       chapter=form.get("chapter"), illustrative=bool(form.get("illustrative")),
                       decision=form.get("decision") or None)
    db.session.commit()
    return redirect(url_for("procedure.rules_page") + f"#rule-{form.get('number', '').strip()}", 303)


@bp.post("/rules/import")
def import_rules():
    form = request.form
    services.import_rules(db.session, current_actor(), form.get("text"), language=form.get("language") or "en",
                          illustrative=bool(form.get("illustrative")), decision=form.get("decision") or None)
    db.session.commit()
    return redirect(url_for("procedure.rules_page"), 303)


PARAMETER_FIELDS = {
    "quorum_open": str, "quorum_decide": str, "abstentions_count_as_voting": bool,
    "tie_means_rejection": bool, "speakers_for_against_on_motions": int, "restricted_ballot_factor": int,
    "election_tie": str, "roll_call_language": str, "roll_call_first_state": str,
}
TIME_LIMITS = ("national", "group", "right_of_reply_first", "right_of_reply_second", "point_of_order")


@bp.get("/procedure/parameters")
def parameters_page():
    return render_template("procedure/parameters.html", settings=services.settings_dict(db.session),
                           params=current_parameters(db.session), rules=THRESHOLD_RULES, bases=BASES,
                           abstentions=ABSTENTIONS, time_limits=TIME_LIMITS,
                           states=voters(db.session))


def _form_changes() -> dict:
    form = request.form
    changes: dict = {}
    for name, kind in PARAMETER_FIELDS.items():
        if kind is bool:
            changes[name] = form.get(name) == "on"
            continue
        raw = (form.get(name) or "").strip()
        if name == "roll_call_first_state":
            changes[name] = raw or None
        elif kind is int:
            changes[name] = whole_number(name, raw=raw)
        elif raw:
            changes[name] = raw
    limits = {}
    for name in TIME_LIMITS:
        limits[name] = whole_number(f"time_limits.{name}", message="whole seconds")
    changes["time_limits"] = limits
    changes["majorities"] = _form_majorities(form)
    precedence = [m.strip() for m in (form.get("motion_precedence") or "").split(",") if m.strip()]
    if precedence:
        changes["motion_precedence"] = precedence
    return changes


def _form_majorities(form) -> dict:
    """One threshold per kind of question shown, plus the new kind the secretariat may add."""
    majorities = {}
    for question in current_parameters(db.session).majorities:
        majorities[question] = _form_threshold(form, question)
    new = (form.get("new_question") or "").strip()
    if new:
        majorities[new] = _form_threshold(form, "new")
    return majorities


def _form_threshold(form, prefix: str) -> dict:
    threshold = {name: (form.get(f"majorities.{prefix}.{name}") or "").strip()
                 for name in ("fraction", "rule", "base", "abstentions")}
    if not threshold["abstentions"]:
        del threshold["abstentions"]
    return threshold


@bp.post("/procedure/parameters")
def save_parameters():
    services.update_parameters(db.session, current_actor(), _form_changes(),
                               decision=request.form.get("decision") or None)
    document = (request.form.get("document") or "").strip()
    if document and document != services.settings_dict(db.session)["document"]:
        services.set_rules_document(db.session, current_actor(), document)
    db.session.commit()
    return redirect(url_for("procedure.parameters_page"), 303)


# --- the President's console -------------------------------------------------------------------

def _console_context(number: int) -> dict:
    meeting = registry.get_meeting(db.session, number)
    motions = services.list_motions(db.session, number)
    pending = services.pending_in_order(db.session, number)
    params = current_parameters(db.session)
    rulings = {kind: services.rule_on(db.session, number, kind) for kind in params.motion_precedence
               if kind not in engine.ON_AN_ITEM}
    open_votes = [v for m in motions for v in db.session.scalars(
        db.select(services.Vote).where(services.Vote.motion_id == m.id, services.Vote.status == "open"))]
    return {"meeting": meeting, "motions": motions, "pending": pending, "params": params, "rulings": rulings,
            "decisions": services.list_decisions(db.session, number), "open_votes": open_votes,
            "agenda": registry.list_agenda(db.session), "kinds": engine.MOTION_KINDS, "vote_kinds": engine.VOTE_KINDS,
            "states": voters(db.session), "takes_precedence_over": engine.takes_precedence_over,
            "first_in_turn": pending[0].id if pending else None, "hows": ("consensus", "acclamation", "without_vote")}


@bp.get("/meetings/<int:number>/decisions")
def console(number: int):
    return render_template(_fragment("procedure/console.html", "procedure/_decisions.html"), **_console_context(number))


def _back(number: int):
    return redirect(url_for("procedure.console", number=number), 303)


@bp.post("/meetings/<int:number>/motions")
def propose(number: int):
    form = request.form
    services.propose_motion(db.session, current_actor(), number, form.get("kind"),
                            agenda_item=form.get("agenda_item") or None, matter=form.get("matter") or "procedural",
                            subject=form.get("subject") or "", text=form.get("text") or "",
                            document=form.get("document") or None, moved_by=form.get("moved_by") or None,
                            target_decision=form.get("target_decision") or None)
    db.session.commit()
    return _back(number)


@bp.post("/motions/<int:motion_id>/<action>")
def motion_action(motion_id: int, action: str):
    actor = current_actor()
    motion = services.get_motion(db.session, motion_id)
    number = motion.meeting.number
    if action == "speaker":
        services.add_motion_speaker(db.session, actor, motion_id, request.form.get("participant"),
                                    request.form.get("side"))
    elif action == "consensus-exhausted":
        services.declare_consensus_exhausted(db.session, actor, motion_id)
    elif action == "withdraw":
        services.withdraw_motion(db.session, actor, motion_id)
    elif action == "decide":
        services.decide_without_vote(db.session, actor, motion_id, request.form.get("how") or "consensus")
    elif action == "vote":
        vote = services.open_vote(db.session, actor, motion_id, request.form.get("kind"),
                                  first_state=request.form.get("first_state") or None)
        db.session.commit()
        return redirect(url_for("procedure.vote_page", vote_id=vote.id), 303)
    else:
        raise InvalidInput(f"unknown action {action!r}")
    db.session.commit()
    return _back(number)


@bp.post("/meetings/<int:number>/decisions")
def record(number: int):
    form = request.form
    services.record_decision_without_vote(
        db.session, current_actor(), number, form.get("subject"), form.get("how") or "consensus",
        document=form.get("document") or None, agenda_item=form.get("agenda_item") or None,
        text=form.get("text") or "")
    db.session.commit()
    return _back(number)


# --- the voting screen -------------------------------------------------------------------------

@bp.get("/votes/<int:vote_id>")
def vote_page(vote_id: int):
    vote = services.get_vote(db.session, vote_id)
    data = services.vote_dict(db.session, vote)
    answered = {e.participant_id: e.position for e in vote.entries}
    return render_template(_fragment("procedure/vote.html", "procedure/_vote.html"), vote=vote, data=data,
                           answered=answered, next_id=services.next_on_roll_call(vote) if vote.kind == "roll_call" else None,
                           states=voters(db.session), positions=engine.POSITIONS,
                           decision=db.session.scalar(db.select(services.Decision).where(services.Decision.vote_id == vote.id)))


@bp.post("/votes/<int:vote_id>/entries")
def cast(vote_id: int):
    services.cast_vote(db.session, current_actor(), vote_id, request.form.get("participant"), request.form.get("position"))
    db.session.commit()
    return redirect(url_for("procedure.vote_page", vote_id=vote_id), 303)


@bp.post("/votes/<int:vote_id>/close")
def close(vote_id: int):
    form = request.form
    vote = services.get_vote(db.session, vote_id)
    if vote.kind == "non_recorded":
        services.close_vote(db.session, current_actor(), vote_id, yes=whole_number("yes"), no=whole_number("no"),
                            abstain=whole_number("abstain", optional=True) or 0,
                            present=whole_number("present", optional=True))
    else:
        services.close_vote(db.session, current_actor(), vote_id, present=whole_number("present", optional=True))
    db.session.commit()
    return redirect(url_for("procedure.vote_page", vote_id=vote_id), 303)
