"""Pages of the registry: the conference home, participants, meetings, agenda, documents, audit log."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from confmgr.core import audit
from confmgr.core.errors import DomainError, Forbidden
from confmgr.core.lang import LANGUAGE_CODES, all_texts, meeting_name
from confmgr.core.models import get_existing
from confmgr.core.permissions import allowed, require
from confmgr.extensions import db
from confmgr.registry import services
from confmgr.registry.models import MEETING_KINDS, MEETING_PERIODS, PARTICIPANT_KINDS, REGIONAL_GROUPS, Participant
from confmgr.web.auth import current_actor
from confmgr.web.i18n import current_language
from confmgr.web.labels import label
from confmgr.web.labels import register as register_labels

bp = Blueprint("registry", __name__)

IN_LANGUAGE = {"ar": _l("in Arabic"), "zh": _l("in Chinese"), "en": _l("in English"), "fr": _l("in French"),
               "ru": _l("in Russian"), "es": _l("in Spanish")}


@bp.app_context_processor
def _language_labels():
    return {"in_language": lambda code: IN_LANGUAGE.get(code, code)}


def _languages() -> list[str]:
    """The languages whose fields the set-up forms show: the conference's (French and English before one is set)."""
    return services.conference_languages(db.session) or ["fr", "en"]


def _texts_of(form, field: str) -> dict[str, str]:
    return {code: form.get(f"{field}_{code}", "") for code in LANGUAGE_CODES if f"{field}_{code}" in form}


def _text_values(obj, *fields: str) -> dict[str, str]:
    return {f"{field}_{code}": text for field in fields for code, text in all_texts(obj, field).items()}


@bp.app_template_filter("texts_of")
def _texts_filter(obj, *fields: str) -> dict[str, str]:
    """A record's texts as form values: {"name_en": ..., "behalf_en": ...}."""
    return _text_values(obj, *fields)


def _names(field: str) -> tuple[str, ...]:
    return tuple(f"{field}_{code}" for code in LANGUAGE_CODES)


@bp.get("/")
def home():
    return render_template("registry/home.html", conference=services.get_conference(db.session),
                           meetings=services.list_meetings(db.session))


@bp.get("/participants")
def participants():
    kind = request.args.get("kind") or None
    group = request.args.get("regional_group") or None
    return _participants_page(kind=kind if kind in PARTICIPANT_KINDS else None,
                              regional_group=group if group in REGIONAL_GROUPS else None,
                              query=request.args.get("q") or None, fragment=bool(request.headers.get("HX-Request")))


@bp.get("/meetings")
def meetings():
    return render_template("registry/meetings.html", meetings=services.list_meetings(db.session), errors={},
                           values={}, agenda_choices=_agenda_choices(), periods=MEETING_PERIODS,
                           meeting_kinds=MEETING_KINDS)


@bp.get("/meetings/<int:number>")
def meeting(number: int):
    return _meeting_page(number)


def _meeting_page(number: int, *, errors: dict | None = None, which: str | None = None,
                  values: dict | None = None, status: int = 200):
    found = services.get_meeting(db.session, number)
    values = values or {"agenda_items": [i.label for i in found.agenda_items], "date": found.date.isoformat(),
                        "period": found.period, "kind": found.kind}
    manage = allowed(current_actor(), "meetings.manage")
    return render_template("registry/meeting.html", meeting=found, errors=errors or {}, which=which, values=values,
                           agenda_choices=_agenda_choices(), periods=MEETING_PERIODS, meeting_kinds=MEETING_KINDS,
                           speakers=services.list_participants(db.session) if manage else [],
                           groups=services.list_groups(db.session) if manage else []), status


@bp.post("/meetings/<int:number>/edit")
def edit_meeting(number: int):
    actor = current_actor()
    require(actor, "meetings.manage")
    form = request.form
    fields = {name: form.get(name, "") for name in ("date", "period", "kind")}
    meeting, errors = _attempt(lambda: services.update_meeting(db.session, actor, number, **fields), MEETING_FIELDS)
    if errors:
        return _meeting_page(number, errors=errors, which="edit", values=_form_values("agenda_items"), status=422)
    flash(_("%(meeting)s saved.", meeting=meeting_name(meeting.number, current_language())))
    return redirect(url_for("registry.meeting", number=number))


@bp.post("/meetings/<int:number>/delete")
def delete_meeting(number: int):
    actor = current_actor()
    require(actor, "meetings.manage")
    services.get_meeting(db.session, number)
    _done, errors = _attempt(lambda: services.delete_meeting(db.session, actor, number), MEETING_FIELDS)
    if errors:
        return _meeting_page(number, errors=errors, which="delete", status=409)
    flash(_("%(meeting)s deleted.", meeting=meeting_name(number, current_language())))
    return redirect(url_for("registry.meetings"))


@bp.post("/meetings/<int:number>/statements")
def record_statement(number: int):
    """A statement heard, entered after the fact by the secretariat."""
    from confmgr.speakers import services as speakers

    actor = current_actor()
    require(actor, "speakers.record")
    form = request.form
    seconds = form.get("minutes", "").strip(), form.get("seconds", "").strip()
    try:
        duration = int(seconds[0] or 0) * 60 + int(seconds[1] or 0)
    except ValueError:
        duration = -1
    _done, errors = _attempt(lambda: speakers.record_statement(
        db.session, actor, meeting=number, participant=form.get("participant") or None,
        on_behalf_of=form.get("on_behalf_of") or None, agenda_item=form.get("agenda_item") or None,
        duration=duration), MEETING_FIELDS)
    if errors:
        if "duration_seconds" in errors:
            errors["minutes"] = errors.pop("duration_seconds")
        return _meeting_page(number, errors=errors, which="statement", values=_form_values(), status=422)
    flash(_("The statement is recorded."))
    return redirect(url_for("registry.meeting", number=number, _anchor="statement-add-h"))


@bp.get("/agenda")
def agenda():
    return render_template("registry/agenda.html", items=services.list_agenda(db.session), errors={}, values={},
                           languages=_languages())


@bp.get("/documents")
def documents():
    return _documents_page()


def _documents_page(*, errors: dict | None = None, values: dict | None = None, status: int = 200):
    docs = services.list_documents(db.session, current_actor())
    families: dict[str, list] = {}
    for doc in docs:
        families.setdefault(doc.base_symbol, []).append(doc)
    return render_template("registry/documents.html", families=families, errors=errors or {},
                           values=values or {"languages": ["fr", "en"]}, document_kinds=DOCUMENT_KINDS,
                           document_languages=DOCUMENT_LANGUAGES), status


@bp.get("/audit")
def audit_log():
    actor = current_actor()
    require(actor, "audit.read")
    page = max(int(request.args.get("page", "1") or 1), 1) if request.args.get("page", "1").isdigit() else 1
    entries = audit.recent(db.session, limit=100, offset=(page - 1) * 100,
                           action=request.args.get("action") or None)
    return render_template("registry/audit.html", entries=entries, page=page)


# --- setting up the conference: forms for the secretariat -------------------------------------------
#
# Each form posts to its page. A refusal by the service is shown on the form (422) and nothing is
# stored; a success redirects with a flash message. Services check the permission again.

DOCUMENT_KINDS = ("agenda", "rules", "working_paper", "conference_room_paper", "draft", "draft_report",
                  "report", "information", "letter")
DOCUMENT_LANGUAGES = ("fr", "en", "es", "ar", "ru", "zh")
register_labels({
    "agenda": _l("agenda"),
    "rules": _l("rules of procedure"),
    "working_paper": _l("working paper"),
    "conference_room_paper": _l("conference room paper"),
    "draft": _l("draft"),
    "draft_report": _l("draft report"),
    "report": _l("report"),
    "information": _l("information document"),
    "letter": _l("letter"),
    "es": _l("Spanish"), "ar": _l("Arabic"), "ru": _l("Russian"), "zh": _l("Chinese"),
    "fr": _l("French"), "en": _l("English"),
})


@bp.app_template_filter("pair_label")
def _pair_label(code: str) -> tuple[str, str]:
    """A stored code as a (value, translated label) choice."""
    return code, label(code)


@bp.app_template_filter("id_name")
def _id_name(obj) -> tuple[str, str]:
    """A participant or group as an (id, name in the interface language) choice."""
    return str(obj.id), obj.display(current_language())


@bp.app_template_filter("agenda_choice")
def _agenda_choice(item) -> tuple[str, str]:
    return item.label, f"{item.label}. {item.title(current_language())}"


def _is_htmx() -> bool:
    return bool(request.headers.get("HX-Request"))


def _attempt(change, fields: tuple[str, ...]):
    """Run the change and commit. A domain refusal (other than Forbidden) is rolled back and returned
    as {field: message}, the field being the one the message names, else "form"."""
    try:
        result = change()
        db.session.commit()
        return result, {}
    except Forbidden:
        raise
    except DomainError as exc:
        db.session.rollback()
        head, sep, _rest = exc.message.partition(":")
        return None, {head.strip() if sep and head.strip() in fields else "form": exc.message}


def _form_values(*multi: str) -> dict:
    values = {k: v for k, v in request.form.items()}
    for name in multi:
        values[name] = request.form.getlist(name)
    return values


# participants and groups

PARTICIPANT_FIELDS = (*_names("name"), "name", "kind", "regional_group")
GROUP_FIELDS = (*_names("name"), *_names("behalf"), "name", "members", "groups")


def _participants_page(*, kind: str | None = None, regional_group: str | None = None, query: str | None = None,
                       fragment: bool = False, errors: dict | None = None, which: str | None = None,
                       values: dict | None = None, status: int = 200):
    """The participants page (or, for htmx, its table), filtered, with the set-up forms' state."""
    found = services.list_participants(db.session, kind=kind, regional_group=regional_group, query=query)
    everyone: list = []
    if allowed(current_actor(), "participants.manage"):  # the group forms offer every participant
        filtered = kind or regional_group or query
        everyone = services.list_participants(db.session) if filtered else found
    template = "registry/_participants_table.html" if fragment else "registry/participants.html"
    return render_template(template, participants=found, kinds=PARTICIPANT_KINDS, regional_groups=REGIONAL_GROUPS,
                           kind=kind, regional_group=regional_group, groups=services.list_groups(db.session),
                           all_participants=everyone, errors=errors or {}, which=which,
                           values=values or {}, languages=_languages()), status


@bp.post("/participants")
def add_participant():
    actor = current_actor()
    require(actor, "participants.manage")
    form = request.form
    created, errors = _attempt(lambda: services.create_participant(
        db.session, actor, names=_texts_of(form, "name"),
        kind=form.get("kind", ""), regional_group=form.get("regional_group") or None), PARTICIPANT_FIELDS)
    if _is_htmx():
        context = dict(kinds=PARTICIPANT_KINDS, regional_groups=REGIONAL_GROUPS, errors=errors, languages=_languages(),
                       values=_form_values() if errors else {},
                       added=created.display(current_language()) if created else None)
        if errors:
            return render_template("registry/_participant_add.html", **context), 422
        return render_template("registry/_participant_add.html", oob_table=True,
                               participants=services.list_participants(db.session), **context)
    if errors:
        return _participants_page(errors=errors, which="participant", values=_form_values(), status=422)
    flash(_("Participant %(name)s added.", name=created.display(current_language())))
    return redirect(url_for("registry.participants"))


@bp.route("/participants/<int:participant_id>/edit", methods=["GET", "POST"])
def edit_participant(participant_id: int):
    actor = current_actor()
    require(actor, "participants.manage")
    participant = get_existing(db.session, Participant, participant_id, "participant")
    errors: dict = {}
    values = {**_text_values(participant, "name"), "kind": participant.kind,
              "regional_group": participant.regional_group or ""}
    if request.method == "POST":
        form = request.form
        fields = {f"name_{code}": text for code, text in _texts_of(form, "name").items()}
        fields["kind"] = form.get("kind", "")
        fields["regional_group"] = form.get("regional_group") or None
        updated, errors = _attempt(lambda: services.update_participant(db.session, actor, participant_id, **fields),
                                   PARTICIPANT_FIELDS)
        if not errors:
            flash(_("Participant %(name)s saved.", name=updated.display(current_language())))
            return redirect(url_for("registry.participants"))
        values = _form_values()
        participant = get_existing(db.session, Participant, participant_id, "participant")
    return render_template("registry/participant_edit.html", participant=participant, values=values, errors=errors,
                           kinds=PARTICIPANT_KINDS, regional_groups=REGIONAL_GROUPS,
                           languages=_languages()), 422 if errors else 200


@bp.post("/groups")
def add_group():
    actor = current_actor()
    require(actor, "participants.manage")
    form = request.form
    created, errors = _attempt(lambda: services.create_group(
        db.session, actor, names=_texts_of(form, "name"), behalf=_texts_of(form, "behalf"),
        members=form.getlist("members")), GROUP_FIELDS)
    if errors:
        return _participants_page(errors=errors, which="group", values=_form_values("members"), status=422)
    flash(_("Group %(name)s created.", name=created.display(current_language())))
    return redirect(url_for("registry.participants", _anchor="groups-h"))


@bp.post("/groups/<int:group_id>/members")
def set_group_members(group_id: int):
    actor = current_actor()
    require(actor, "participants.manage")
    group, errors = _attempt(lambda: services.set_group_members(db.session, actor, group_id,
                                                                request.form.getlist("members")), GROUP_FIELDS)
    if errors:
        return _participants_page(errors=errors, which=f"members-{group_id}", values=_form_values("members"),
                                  status=422)
    flash(_("Members of %(name)s saved.", name=group.display(current_language())))
    return redirect(url_for("registry.participants", _anchor=f"group-{group_id}"))


@bp.post("/groups/<int:group_id>/edit")
def edit_group(group_id: int):
    """A group's names and "on behalf of" wordings in the conference's languages."""
    actor = current_actor()
    require(actor, "participants.manage")
    fields = {f"{field}_{code}": text for field in ("name", "behalf")
              for code, text in _texts_of(request.form, field).items()}
    group, errors = _attempt(lambda: services.update_group(db.session, actor, group_id, **fields), GROUP_FIELDS)
    if errors:
        return _participants_page(errors=errors, which=f"edit-{group_id}", values=_form_values(), status=422)
    flash(_("Group %(name)s saved.", name=group.display(current_language())))
    return redirect(url_for("registry.participants", _anchor=f"group-{group_id}"))


# agenda

AGENDA_FIELDS = ("number", "letter", *_names("title"), "title")


@bp.post("/agenda")
def add_agenda_item():
    actor = current_actor()
    require(actor, "agenda.manage")
    form = request.form
    item, errors = _attempt(lambda: services.add_agenda_item(
        db.session, actor, number=form.get("number", ""), letter=form.get("letter") or None,
        titles=_texts_of(form, "title")), AGENDA_FIELDS)
    if errors:
        return render_template("registry/agenda.html", items=services.list_agenda(db.session), errors=errors,
                               values=_form_values(), languages=_languages()), 422
    flash(_("Agenda item %(label)s added.", label=item.label))
    return redirect(url_for("registry.agenda"))


@bp.route("/agenda/<path:label>/edit", methods=["GET", "POST"])
def edit_agenda_item(label: str):
    actor = current_actor()
    require(actor, "agenda.manage")
    item = services.find_agenda_item(db.session, label)
    errors: dict = {}
    values = _text_values(item, "title")
    if request.method == "POST":
        fields = {f"title_{code}": text for code, text in _texts_of(request.form, "title").items()}
        updated, errors = _attempt(lambda: services.update_agenda_item(db.session, actor, label, **fields),
                                   AGENDA_FIELDS)
        if not errors:
            flash(_("Agenda item %(label)s saved.", label=updated.label))
            return redirect(url_for("registry.agenda"))
        values = _form_values()
        item = services.find_agenda_item(db.session, label)
    return render_template("registry/agenda_item_edit.html", item=item, values=values, errors=errors,
                           languages=_languages()), 422 if errors else 200


@bp.post("/agenda/<path:label>/delete")
def delete_agenda_item(label: str):
    actor = current_actor()
    require(actor, "agenda.manage")
    item = services.find_agenda_item(db.session, label)
    _done, errors = _attempt(lambda: services.delete_agenda_item(db.session, actor, label), AGENDA_FIELDS)
    if errors:
        item = services.find_agenda_item(db.session, label)
        return render_template("registry/agenda_item_edit.html", item=item, values=_text_values(item, "title"),
                               errors=errors, languages=_languages()), 409
    flash(_("Agenda item %(label)s deleted.", label=label))
    return redirect(url_for("registry.agenda"))


# meetings

MEETING_FIELDS = ("number", "date", "period", "kind", "agenda_items", "agenda_item", "participant", "on_behalf_of",
                  "duration_seconds", "list_kind", "level")


def _agenda_choices() -> list:
    choices = []
    for item in services.list_agenda(db.session):
        choices.append(item)
        choices.extend(item.subitems)
    return choices


@bp.post("/meetings")
def add_meeting():
    actor = current_actor()
    require(actor, "meetings.manage")
    form = request.form
    meeting, errors = _attempt(lambda: services.create_meeting(
        db.session, actor, number=form.get("number", ""), date=form.get("date", ""),
        period=form.get("period", ""), kind=form.get("kind", ""), agenda_items=form.getlist("agenda_items")),
        MEETING_FIELDS)
    if errors:
        return render_template("registry/meetings.html", meetings=services.list_meetings(db.session),
                               errors=errors, values=_form_values("agenda_items"), agenda_choices=_agenda_choices(),
                               periods=MEETING_PERIODS, meeting_kinds=MEETING_KINDS), 422
    flash(_("%(meeting)s created.", meeting=meeting_name(meeting.number, current_language())))
    return redirect(url_for("registry.meeting", number=meeting.number))


@bp.post("/meetings/<int:number>/agenda-items")
def meeting_agenda_items(number: int):
    actor = current_actor()
    require(actor, "meetings.manage")
    services.get_meeting(db.session, number)
    meeting, errors = _attempt(lambda: services.take_up_agenda_items(db.session, actor, number,
                                                                     request.form.getlist("agenda_items")),
                               MEETING_FIELDS)
    if errors:
        return _meeting_page(number, errors=errors, which="agenda", values=_form_values("agenda_items"), status=422)
    flash(_("Agenda items of %(meeting)s saved.", meeting=meeting_name(number, current_language())))
    return redirect(url_for("registry.meeting", number=number))


# documents

DOCUMENT_FIELDS = ("symbol", "title", "date", "distribution", "kind", "languages")


@bp.post("/documents")
def add_document():
    actor = current_actor()
    require(actor, "documents.manage")
    form = request.form
    doc, errors = _attempt(lambda: services.register_document(
        db.session, actor, symbol=form.get("symbol", ""),
        titles={"fr": form.get("title_fr", ""), "en": form.get("title_en", "")}, date=form.get("date") or None,
        distribution=form.get("distribution") or None, kind=form.get("kind", ""),
        languages=[code for code in form.getlist("languages") if code in DOCUMENT_LANGUAGES]), DOCUMENT_FIELDS)
    if errors:
        return _documents_page(errors=errors, values=_form_values("languages"), status=422)
    flash(_("Document %(symbol)s registered.", symbol=doc.symbol))
    return redirect(url_for("registry.documents"))


# the conference

CONFERENCE_FORM_FIELDS = ("start_date", "end_date", "symbol_prefix", "languages",
                          *(f"{t}_{code}" for t in services.CONFERENCE_TEXTS for code in LANGUAGE_CODES))


@bp.route("/conference/edit", methods=["GET", "POST"])
def edit_conference():
    actor = current_actor()
    require(actor, "conference.manage")
    conference = services.get_conference(db.session)
    errors: dict = {}
    if request.method == "POST":
        form = request.form
        chosen = [code for code in form.getlist("languages")] or (list(conference.languages) if conference else [])
        fields = {name: form.get(name, "") for name in ("start_date", "end_date", "symbol_prefix")}
        for text in services.CONFERENCE_TEXTS:
            fields.update({f"{text}_{code}": value for code, value in _texts_of(form, text).items()})
        if form.getlist("languages"):
            fields["languages"] = chosen
        _conf, errors = _attempt(lambda: services.save_conference(db.session, actor, **fields),
                                 CONFERENCE_FORM_FIELDS)
        if not errors:
            flash(_("The conference is saved."))
            return redirect(url_for("registry.home"))
        values = _form_values("languages")
        shown = [c for c in LANGUAGE_CODES if c in chosen or c in (conference.languages if conference else [])]
    else:
        values = {name: "" for name in ("start_date", "end_date", "symbol_prefix")}
        if conference:
            values.update(symbol_prefix=conference.symbol_prefix,
                          start_date=conference.start_date.isoformat() if conference.start_date else "",
                          end_date=conference.end_date.isoformat() if conference.end_date else "",
                          languages=list(conference.languages), **_text_values(conference, *services.CONFERENCE_TEXTS))
        else:
            values["languages"] = ["fr", "en"]
        shown = [c for c in LANGUAGE_CODES if c in values["languages"]]
    language_options = [(code, label(code)) for code in LANGUAGE_CODES]
    return render_template("registry/conference_edit.html", values=values, errors=errors, languages=shown,
                           language_options=language_options), 422 if errors else 200
