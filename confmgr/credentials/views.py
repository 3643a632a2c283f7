"""Pages of the credentials workflow: the secretariat's board, the Committee's view, a State's file,
the delegate's own file and the public list once the conference has adopted the resolution."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from confmgr.core.errors import Forbidden, InvalidInput, NotFound
from confmgr.core.permissions import allowed
from confmgr.credentials import api, rules, services
from confmgr.extensions import db
from confmgr.registry import services as registry
from confmgr.registry.models import REGIONAL_GROUPS
from confmgr.web.auth import current_actor
from confmgr.web.labels import register as register_labels

bp = Blueprint("credentials", __name__, url_prefix="/credentials")

register_labels({
    "formal": _l("formal credentials"),
    "provisional": _l("provisional information"),
    "none": _l("nothing received"),
    "pending": _l("not yet examined"),
    "accepted": _l("accepted"),
    "challenged": _l("challenged (seated provisionally)"),
    "rejected": _l("rejected"),
    "head_of_state_or_government": _l("Head of State or Government"),
    "minister_for_foreign_affairs": _l("Minister for Foreign Affairs"),
    "other_authority": _l("other authority"),
    "copy": _l("copy"),
    "note_verbale": _l("note verbale"),
    "letter": _l("letter"),
    "alternate": _l("alternate"),
    "adviser": _l("adviser"),
    "total": _l("total"),
    "entitled_to_vote": _l("entitled to vote"),
    "consensus": _l("consensus"),
    "vote": _l("vote"),
    # reasons in the history of a State's credentials
    "receipt": _l("receipt"),
    "examined by the Committee": _l("examined by the Committee"),
})


def _representatives(text: str) -> list[dict] | None:
    """One representative a line, 'function: name' (function: head_of_delegation, alternate, adviser)."""
    if not text.strip():
        return []
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        function, sep, name = line.partition(":")
        if not sep:
            function, name = "adviser", line
        out.append({"function": function.strip(), "name": name.strip()})
    return out


@bp.get("/")
def board():
    actor = current_actor()
    args = request.args
    status = args.get("status") if args.get("status") in rules.STATUSES else None
    category = args.get("category") if args.get("category") in rules.CATEGORIES else None
    group = args.get("regional_group") if args.get("regional_group") in REGIONAL_GROUPS else None
    data = services.board(db.session, actor, status=status, category=category, regional_group=group,
                          query=args.get("q") or None)
    template = "credentials/_board.html" if request.headers.get("HX-Request") else "credentials/board.html"
    return render_template(template, data=data, status=status, category=category, regional_group=group,
                           statuses=rules.STATUSES, categories=rules.CATEGORIES, regional_groups=REGIONAL_GROUPS,
                           states=services.participating_states(db.session), formal_issuers=rules.FORMAL_ISSUERS,
                           provisional_forms=rules.PROVISIONAL_FORMS, report=services.current_report(db.session),
                           members=services.members(db.session), meetings=registry.list_meetings(db.session))


@bp.get("/committee")
def committee():
    actor = current_actor()
    if not services.can_read_board(db.session, actor):
        raise Forbidden(_("The Committee's view is for its members, the secretariat and the President."))
    data = services.board(db.session, actor)
    return render_template("credentials/committee.html", data=data, members=services.members(db.session),
                           chair=services.chair(db.session), memo=services.latest_memorandum(db.session),
                           tally=services.current_tally(db.session), report=services.current_report(db.session),
                           meetings=registry.list_meetings(db.session))


@bp.get("/states/<key>")
def state(key: str):
    participant, cred = services.get_state(db.session, current_actor(), key)
    return render_template("credentials/state.html", participant=participant, cred=cred,
                           status=services.status_of(cred) if cred else "none",
                           can_upload=allowed(current_actor(), "credentials.receive"))


@bp.get("/mine")
def mine():
    actor = current_actor()
    if actor.participant_id is None:
        raise NotFound(_("Your account does not represent a State."))
    participant = registry.find_participant(db.session, actor.participant_id)
    return redirect(url_for("credentials.state", key=participant.key))


@bp.get("/list")
def public_list():
    data = services.overview(db.session, current_actor())
    return render_template("credentials/public.html", data=data, published=services.published(db.session))


@bp.get("/files/<int:file_id>")
def download(file_id: int):
    return api.send_kept_file(file_id)


def _back(default: str = "credentials.board", **values):
    target = request.form.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(url_for(default, **values))


@bp.post("/committee/appoint")
def appoint():
    members = [m.strip() for m in request.form.get("members", "").split(",") if m.strip()]
    services.appoint_committee(db.session, current_actor(), meeting_number=request.form.get("meeting"),
                               members_refs=members)
    db.session.commit()
    flash(_("The Credentials Committee is appointed."))
    return _back("credentials.committee")


@bp.post("/committee/chair")
def elect_chair():
    services.elect_chair(db.session, current_actor(), request.form.get("participant"))
    db.session.commit()
    flash(_("The Committee's chair is recorded."))
    return _back("credentials.committee")


@bp.post("/settings")
def deadline():
    form = request.form
    services.update_settings(db.session, current_actor(), deadline=form.get("deadline"),
                             committee_meeting_date=form.get("committee_meeting_date"),
                             presenting_kinds=["member_state", *form.getlist("observers")])
    db.session.commit()
    flash(_("The credentials settings are saved."))
    return _back()


@bp.post("/receipt")
def receipt():
    form = request.form
    cred = services.record_receipt(db.session, current_actor(), form.get("participant"),
                                   category=form.get("category"), form=form.get("form") or None,
                                   received_on=form.get("received_on") or None,
                                   representatives=_representatives(form.get("representatives", "")),
                                   note=form.get("note", ""))
    db.session.commit()
    flash(_("Credentials of %(name)s recorded.", name=cred.participant.display("en" if _is_en() else "fr")))
    return _back()


def _is_en() -> bool:
    from confmgr.web.i18n import current_language

    return current_language() == "en"


@bp.post("/states/<key>/files")
def upload(key: str):
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInput(_("file: choose the PDF or scan of the credentials"))
    data = upload.read(api.max_file_bytes() + 1)
    services.upload_file(db.session, current_actor(), key, data, label=upload.filename or "",
                         store_dir=api.store_dir(), max_bytes=api.max_file_bytes())
    db.session.commit()
    flash(_("The file is kept."))
    return redirect(url_for("credentials.state", key=key))


@bp.post("/states/<key>/examine")
def examine(key: str):
    services.examine(db.session, current_actor(), key)
    db.session.commit()
    flash(_("Credentials found in order."))
    return _back("credentials.committee")


@bp.post("/examine-all")
def examine_all():
    done = services.examine_all(db.session, current_actor())
    db.session.commit()
    flash(_("%(n)s credentials found in order.", n=len(done)))
    return _back("credentials.committee")


@bp.post("/states/<key>/objection")
def objection(key: str):
    services.raise_objection(db.session, current_actor(), key, reason=request.form.get("reason"),
                             by=request.form.get("by") or None)
    db.session.commit()
    flash(_("The objection is recorded; the representatives remain seated provisionally."))
    return _back("credentials.committee")


@bp.post("/states/<key>/decision")
def decision(key: str):
    services.decide_challenge(db.session, current_actor(), key, outcome=request.form.get("outcome"),
                              meeting_number=request.form.get("meeting"))
    db.session.commit()
    flash(_("The conference's decision is recorded."))
    return _back("credentials.committee")


@bp.post("/memorandum")
def memorandum():
    services.prepare_memorandum(db.session, current_actor())
    db.session.commit()
    flash(_("The memorandum is prepared."))
    return _back("credentials.committee")


@bp.post("/report")
def draft_report():
    services.draft_report(db.session, current_actor(), symbol=request.form.get("symbol") or None)
    db.session.commit()
    flash(_("The report is drafted from the record."))
    return _back("credentials.committee")


@bp.post("/report/edit")
def edit_report():
    fields = ("text_fr", "text_en", "resolution_fr", "resolution_en")
    services.edit_report(db.session, current_actor(), **{f: request.form[f] for f in fields if f in request.form})
    db.session.commit()
    flash(_("The report is saved."))
    return _back("credentials.committee")


@bp.post("/report/adopt")
def adopt_report():
    services.adopt_report(db.session, current_actor())
    db.session.commit()
    flash(_("The Committee adopted its report."))
    return _back("credentials.committee")


@bp.post("/report/conference-adoption")
def conference_adoption():
    services.adopt_by_conference(db.session, current_actor(), meeting_number=request.form.get("meeting"),
                                 how=request.form.get("how") or "consensus",
                                 agenda_item=request.form.get("agenda_item") or None)
    db.session.commit()
    flash(_("The conference adopted the resolution."))
    return _back("credentials.committee")
