"""Pages of the draft engine: a version's structure with statuses and proposals, new families and
revisions, comparison of any two versions, the concordance of numbering and the family's timeline."""
from __future__ import annotations

import csv
import hashlib
import io
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from confmgr.core import events
from confmgr.core.errors import DomainError, InvalidInput, TooLarge
from confmgr.core.permissions import allowed
from confmgr.drafts import downloads, export, services
from confmgr.drafts.files import FileRefused, Upload, read_upload, sniff
from confmgr.drafts.models import PARAGRAPH_STATUSES
from confmgr.drafts.structure import count_brackets, label_of
from confmgr.extensions import db
from confmgr.registry import services as registry
from confmgr.registry.models import Document, Participant
from confmgr.web.auth import current_actor
from confmgr.web.i18n import current_language

bp = Blueprint("drafts", __name__)

UNIT_KINDS_WITH_CONTROLS = ("preamble", "paragraph", "subparagraph", "item")


def _is_htmx() -> bool:
    return bool(request.headers.get("HX-Request"))


def _max_chars() -> int:
    return current_app.config["MAX_DRAFT_CHARS"]


# --- the draft page -----------------------------------------------------------------------------

def _proposal_context(doc: Document) -> dict:
    """Who may propose from this page, and for whom."""
    actor = current_actor()
    context: dict = {"own_participant": None, "own_groups": [], "all_participants": [], "all_groups": []}
    if not allowed(actor, "drafts.propose"):
        return context
    if actor.participant_id is not None:
        own = db.session.get(Participant, actor.participant_id)
        context["own_participant"] = own
        context["own_groups"] = list(own.groups) if own else []
    if allowed(actor, "drafts.annotate"):
        context["all_participants"] = registry.list_participants(db.session)
        context["all_groups"] = registry.list_groups(db.session)
    return context


def _unit_lookup(doc: Document) -> dict:
    return {u.wid: u for u in services.parsed(doc).units()} if doc.tree is not None else {}


@bp.get("/documents/<path:symbol>")
def document(symbol: str):
    actor = current_actor()
    doc = registry.get_document(db.session, actor, symbol)
    family = registry.family(db.session, doc.base_symbol)
    readable = [d for d in family if not d.is_limited or allowed(actor, "documents.read_limited")]
    latest = family[-1]
    previous = next((d for d in reversed(family) if d.revision < doc.revision and d.tree is not None), None)
    stream = services.stream_name(doc.base_symbol)
    context = {"doc": doc, "family": readable, "latest": latest, "previous": previous, "stream": stream,
               "since": events.last_seq(db.session, stream), "statuses": {}, "proposals": {}, "brackets": None,
               "unit_brackets": {}, "symbols_by_id": {d.id: d.symbol for d in family}, "citations": {},
               "title_block": []}
    if doc.tree is not None:
        tree = services.parsed(doc)
        context["nodes"] = tree.nodes
        context["language"] = tree.language
        context["brackets"] = count_brackets(tree)
        context["unit_brackets"] = {u.wid: count_brackets(u.text) for u in tree.units()}
        context["citations"] = {u.wid: cite for u, cite in zip(tree.units(), tree.citations())}
        context["title_block"] = [(label, tree.metadata[key]) for key, label in METADATA_FIELDS.items()
                                  if tree.metadata.get(key)]
        context["statuses"] = services.statuses(db.session, doc)
        context["proposals"] = services.proposals(db.session, family)
        context["status_counts"] = _status_counts(tree, context["statuses"])
    context.update(_proposal_context(doc))
    return render_template("drafts/document.html", **context)


def _status_counts(tree, statuses: dict) -> dict:
    counts = {status: 0 for status in PARAGRAPH_STATUSES}
    for unit in tree.units():
        status = statuses.get(unit.wid)
        if status:
            counts[status] += 1
    return counts


def _attempt(change) -> DomainError | None:
    """Make the change and commit it. A refusal is rolled back and returned to an htmx request (its
    fragment shows it) or raised for a plain form post (the error page)."""
    try:
        change()
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        if not _is_htmx():
            raise
        return exc
    return None


@bp.post("/drafts/status")
def set_status():
    actor = current_actor()
    symbol, wid, status = request.form.get("symbol", ""), request.form.get("wid", ""), request.form.get("status", "")
    doc = registry.get_document(db.session, actor, symbol)
    error = _attempt(lambda: services.set_status(db.session, actor, symbol, wid, status))
    if not _is_htmx():
        return redirect(url_for("drafts.document", symbol=doc.symbol, _anchor=f"p-{wid}"))
    unit = _unit_lookup(doc).get(wid)
    statuses = services.statuses(db.session, doc)
    return render_template("drafts/_status.html", doc=doc, unit=unit, wid=wid, status=statuses.get(wid),
                           error=error.message if error else None), (error.status if error else 200)


@bp.post("/drafts/proposals")
def add_proposal():
    actor = current_actor()
    form = request.form
    symbol, wid = form.get("symbol", ""), form.get("wid", "")
    doc = registry.get_document(db.session, actor, symbol)
    error = _attempt(lambda: services.add_proposal(db.session, actor, symbol, wid, form.get("text", ""),
                                                   participant=form.get("participant") or None,
                                                   on_behalf_of=form.get("on_behalf_of") or None))
    if not _is_htmx():
        return redirect(url_for("drafts.document", symbol=doc.symbol, _anchor=f"p-{wid}"))
    family = registry.family(db.session, doc.base_symbol)
    unit = _unit_lookup(doc).get(wid)
    return render_template(
        "drafts/_proposals.html", doc=doc, unit=unit, wid=wid,
        items=services.proposals(db.session, family).get(wid, []),
        symbols_by_id={d.id: d.symbol for d in family}, error=error.message if error else None,
        draft_text=form.get("text", "") if error else "", **_proposal_context(doc)), (error.status if error else 201)


# --- new families and revisions -------------------------------------------------------------------

def _file_error(exc: FileRefused) -> str:
    """The refusal of an uploaded file in the reader's language."""
    name = request.files["file"].filename
    messages = {
        "file_empty": _("The file %(name)s is empty.", name=name),
        "file_type": _("%(name)s is not a Word (.docx), PDF or UTF-8 text file.", name=name),
        "file_too_large": _("The file is too large (at most %(n)s characters).", n=_max_chars()),
        "file_encrypted_or_doc": _("%(name)s is an encrypted Word file or an old .doc file: remove the password "
                                   "or save it as .docx.", name=name),
        "docx_not_zip": _("%(name)s looks like a Word file but is damaged (not a valid zip archive): save it "
                          "again as .docx.", name=name),
        "docx_not_word": _("%(name)s is a zip archive but not a Word document.", name=name),
        "docx_too_many_members": _("%(name)s holds too many parts for a Word document.", name=name),
        "docx_unpacked_too_large": _("%(name)s unpacks to more than a Word document may hold.", name=name),
        "docx_unreadable": _("%(name)s could not be read as a Word document: open it in Word and save it "
                             "again.", name=name),
        "pdf_encrypted": _("%(name)s is an encrypted PDF whose text cannot be read: upload the Word file "
                           "instead.", name=name),
        "pdf_no_text": _("%(name)s has no text layer (a scanned or image-only PDF): upload the Word file "
                         "instead.", name=name),
        "pdf_unreadable": _("%(name)s is not a readable PDF (damaged or truncated): upload the Word file "
                            "instead.", name=name),
        "file_no_text": _("The file %(name)s holds no text.", name=name),
    }
    return messages.get(exc.details.get("code"), exc.message)


def _submitted_text(form_errors: dict) -> tuple[str | None, Upload | None]:
    """The draft text from the form: an uploaded Word, PDF or UTF-8 text file, or the pasted text."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        if (request.form.get("text") or "").strip():
            form_errors["text"] = _("Paste the text or upload a file, not both.")
            return None, None
        raw = upload.stream.read()
        if sniff(raw) is None and b"\x00" not in raw[:8192]:  # text, but not UTF-8
            form_errors["file"] = _("The file is not valid UTF-8 text. Save it as UTF-8 and try again.")
            return None, None
        try:
            read = read_upload(upload.filename, raw, max_chars=_max_chars())
        except FileRefused as exc:
            form_errors["file"] = _file_error(exc)
            return None, None
        return read.text, read
    text = request.form.get("text") or ""
    if not text.strip():
        form_errors["text"] = _("Paste the text of the draft or upload a Word, PDF or text file.")
        return None, None
    return text, None


def _flash_upload(upload: Upload | None) -> None:
    if upload is None:
        return
    changes = upload.tracked_changes.get("insertions", 0) + upload.tracked_changes.get("deletions", 0)
    flash(_("Read from %(name)s.", name=upload.name))
    if changes:
        flash(_("%(n)s tracked changes in the Word file were read as accepted.", n=changes))


# The parse report's words, as the secretariat reads them (the parser reports in stable English terms).
ARTEFACT_KINDS = {"page number": _l("page number"), "job number": _l("job number"),
                  "document symbol": _l("document symbol"), "barcode": _l("barcode"),
                  "recycling mark": _l("recycling mark"), "running header or footer": _l("running header or footer")}
NUMBERING_SCHEMES = {"continuous": _l("continuous across sections"), "restarting": _l("restarting in each section"),
                     "single": _l("one sequence"), "mixed": _l("continuous in some sections, restarting in others")}
METADATA_FIELDS = {"organization": _l("Organization"), "organ": _l("Organ"), "symbol": _l("Symbol"),
                   "distribution": _l("Distribution"), "date": _l("Date"), "original": _l("Original language"),
                   "session": _l("Session"), "agenda_item": _l("Agenda item")}


def _text_digest(text: str) -> str:
    # a browser sends a text area's line breaks as CRLF and drops a newline that opens it
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _preview_or_confirm(text: str, errors: dict, *, base: str | None = None) -> dict | None:
    """The two steps of the forms: "preview" parses and shows the report; "publish" after a preview
    goes on only with the very text that was checked. A form sent without a step publishes at once
    (scripts posting the form). Returns the preview context to show, or None to go on publishing."""
    step = request.form.get("step")
    if step == "publish" and request.form.get("checked") != _text_digest(text):
        errors["text"] = _("The text changed since it was checked: check it again before publishing.")
        step = "preview"
    if step != "preview":
        return None
    try:
        result = services.preview(db.session, current_actor(), text, base_symbol=base,
                                  language=request.form.get("language") or None, max_chars=_max_chars())
    except DomainError as exc:
        errors[_field_of(exc)] = exc.message
        return None
    if result["comparison"] is not None:
        result["summary"] = services.summary(result["comparison"], current_language())
    return {"preview": result, "checked": _text_digest(text), "checked_text": text,
            "artefact_kinds": ARTEFACT_KINDS, "numbering_schemes": NUMBERING_SCHEMES,
            "metadata_fields": METADATA_FIELDS}


def _field_of(exc: DomainError) -> str:
    message = exc.message
    for field in ("symbol", "title", "language", "distribution", "text"):
        if message.startswith(f"{field}:"):
            return field
    return "text" if isinstance(exc, TooLarge) else "form"


@bp.route("/drafts/new", methods=["GET", "POST"])
def new_family():
    actor = current_actor()
    from confmgr.core.permissions import require

    require(actor, "documents.manage")
    errors: dict = {}
    form = request.form
    if request.method == "POST":
        text, upload = _submitted_text(errors)
        preview = _preview_or_confirm(text, errors) if not errors else None
        if preview is not None or request.form.get("step") == "preview":
            return render_template("drafts/new.html", errors=errors, form=form, languages=services.LANGUAGES,
                                   **(preview or {})), (422 if errors else 200)
        if not errors:
            try:
                doc, _seq = services.create_document(
                    db.session, actor, symbol=form.get("symbol", ""), title=form.get("title", ""), text=text,
                    language=form.get("language") or None, distribution=form.get("distribution") or None,
                    kind="draft", date=form.get("date") or None, max_chars=_max_chars())
                db.session.commit()
                _flash_upload(upload)
                return redirect(url_for("drafts.document", symbol=doc.symbol))
            except DomainError as exc:
                db.session.rollback()
                errors[_field_of(exc)] = exc.message
                status = exc.status
        else:
            status = 422
        return render_template("drafts/new.html", errors=errors, form=form,
                               languages=services.LANGUAGES), status
    return render_template("drafts/new.html", errors=errors, form=form, languages=services.LANGUAGES)


@bp.route("/drafts/publish/<path:base>", methods=["GET", "POST"])
def publish(base: str):
    actor = current_actor()
    from confmgr.core.permissions import require

    require(actor, "drafts.publish")
    family = services.versions(db.session, actor, base)
    latest = family[-1]
    errors: dict = {}
    status = 200
    preview = None
    if request.method == "POST":
        text, upload = _submitted_text(errors)
        status = 422
        preview = _preview_or_confirm(text, errors, base=latest.base_symbol) if not errors else None
        if preview is not None:
            status = 422 if errors else 200
        elif not errors and request.form.get("step") != "preview":
            try:
                doc, _seq, _summary = services.publish_revision(
                    db.session, actor, latest.base_symbol, text, symbol=request.form.get("symbol") or None,
                    date=request.form.get("date") or None, max_chars=_max_chars())
                db.session.commit()
                _flash_upload(upload)
                return redirect(url_for("drafts.compare_page", **{"from": latest.symbol, "to": doc.symbol}))
            except DomainError as exc:
                db.session.rollback()
                errors[_field_of(exc)] = exc.message
                status = exc.status
    next_symbol = None
    if latest.tree is not None:
        from confmgr.registry.symbols import next_revision_symbol

        next_symbol = next_revision_symbol(latest.base_symbol, latest.revision)
    form = request.form
    if request.method == "GET" and request.args.get("prefill") and latest.tree is not None:
        form = {"text": export.render_text(services.parsed(latest))}
    return render_template("drafts/publish.html", latest=latest, next_symbol=next_symbol, errors=errors,
                           form=form, prefilled=request.method == "GET" and "text" in form,
                           **(preview or {})), status


# --- comparison -------------------------------------------------------------------------------------

VIEWS = ("side", "inline", "changed", "concordance")


def _versions_to_pick() -> dict[str, list[Document]]:
    families: dict[str, list[Document]] = {}
    for doc in registry.list_documents(db.session, current_actor()):
        if doc.tree is not None:
            families.setdefault(doc.base_symbol, []).append(doc)
    return families


def _describe(entry: dict) -> dict:
    """What changed, in words a delegate reads (the template translates the keys)."""
    op = entry["op"]
    changed_text = any(o != 0 for o, _t in entry["diff"])
    if op == "equal":
        kind = "renumbered" if entry["from_ref"] != entry["to_ref"] else "unchanged"
    elif op == "changed" and entry.get("split_into"):
        kind = "split"
    elif op == "changed" and entry.get("merged_from"):
        kind = "merged"
    elif op == "inserted" and entry.get("split_from"):
        kind = "split_piece"
    elif op == "deleted" and entry.get("merged_into"):
        kind = "merged_piece"
    elif op == "moved":
        kind = "moved_changed" if changed_text else "moved"
    else:
        kind = op
    return {**entry, "what": kind, "changed_text": changed_text,
            "renumbered": bool(entry["from_ref"] and entry["to_ref"] and entry["from_ref"] != entry["to_ref"])}


def _with_placeholders(entries: list[dict]) -> list[dict]:
    """The entries with, for each moved paragraph, a placeholder where it stood in the old text (after
    the old unit it followed), so that a reader looking for it there is sent to its new place."""
    for k, e in enumerate(entries):
        e["anchor"] = f"c-{k + 1}"
    moved = [e for e in entries if e["op"] == "moved"]
    if not moved:
        return entries
    after: dict = {}
    for e in moved:
        after.setdefault(e.get("was_after"), []).append(e)
    out: list[dict] = []

    def placeholders_after(ref):
        for e in after.get(ref, ()):
            e["placeholder_anchor"] = f"was-{e['anchor']}"
            out.append({"op": "placeholder", "what": "moved_away", "from_ref": e["from_ref"], "to_ref": e["to_ref"],
                        "from_un_ref": e.get("from_un_ref"), "to_un_ref": e.get("to_un_ref"), "diff": [],
                        "anchor": e["placeholder_anchor"], "target": e["anchor"], "changed_text": False,
                        "renumbered": False})

    placeholders_after(None)
    for e in entries:
        out.append(e)
        if e["from_ref"] and e["op"] != "moved":
            placeholders_after(e["from_ref"])
    return out


def _comparison_context(from_symbol: str, to_symbol: str) -> dict:
    actor = current_actor()
    comparison = services.compare_versions(db.session, actor, from_symbol, to_symbol)
    old = registry.get_document(db.session, actor, comparison["from"])
    new = registry.get_document(db.session, actor, comparison["to"])
    entries = _with_placeholders([_describe(e) for e in comparison["paragraphs"]])
    same_family = old.base_symbol == new.base_symbol
    return {"comparison": comparison, "entries": entries, "old": old, "new": new, "same_family": same_family,
            "stats": comparison["stats"],
            "summary": services.summary(comparison, current_language())["text"],
            "overrides": services.list_overrides(db.session, new.base_symbol) if same_family else [],
            "old_units": {u.wid: u for u in services.parsed(old).units()},
            "new_units": {u.wid: u for u in services.parsed(new).units()}}


@bp.get("/compare")
def compare_page():
    view = request.args.get("view") if request.args.get("view") in VIEWS else "side"
    from_symbol, to_symbol = request.args.get("from", "").strip(), request.args.get("to", "").strip()
    families = _versions_to_pick()
    context = {"families": families, "view": view, "from_symbol": from_symbol, "to_symbol": to_symbol,
               "views": VIEWS}
    if not from_symbol and not to_symbol and request.args.get("family") in families:
        versions = families[request.args["family"]]
        if len(versions) >= 2:
            return redirect(url_for("drafts.compare_page", **{"from": versions[-2].symbol,
                                                              "to": versions[-1].symbol}))
    if from_symbol or to_symbol:
        if not from_symbol or not to_symbol:
            raise InvalidInput(_("Choose two versions to compare."))
        context.update(_comparison_context(from_symbol, to_symbol))
    template = "drafts/_comparison.html" if _is_htmx() and "entries" in context else "drafts/compare.html"
    return render_template(template, **context)


CSV_WHAT = {
    "unchanged": "unchanged", "renumbered": "renumbered", "changed": "changed", "inserted": "new",
    "deleted": "deleted", "moved": "moved", "moved_changed": "moved and changed", "split": "split",
    "split_piece": "new piece of a split", "merged": "merged", "merged_piece": "merged into another",
}


@bp.get("/compare/concordance.csv")
def concordance_csv():
    context = _comparison_context(request.args.get("from", "").strip(), request.args.get("to", "").strip())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([context["old"].symbol, context["new"].symbol, "change", "kind", "related"])
    for e in context["entries"]:
        if e["op"] == "placeholder":
            continue  # the concordance lists each paragraph once
        related = e.get("split_from") or e.get("merged_into") or ", ".join(e.get("split_into") or
                                                                          e.get("merged_from") or [])
        writer.writerow([e["from_ref"] or "", e["to_ref"] or "", CSV_WHAT[e["what"]], e["kind"], related])
    name = f"concordance_{context['old'].symbol}_{context['new'].symbol}".replace("/", "_").replace("*", "")
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@bp.get("/compare/redline.<fmt>")
def redline_download(fmt: str):
    return downloads.redline_file(current_actor(), request.args.get("from", "").strip(),
                                  request.args.get("to", "").strip(), fmt, request.args.get("changes_only") == "1")


@bp.get("/documents/<path:symbol>/download.<fmt>")
def version_download(symbol: str, fmt: str):
    return downloads.version_file(registry.get_document(db.session, current_actor(), symbol), fmt)


def _compare_url(from_symbol: str, to_symbol: str, view: str) -> str:
    return url_for("drafts.compare_page") + "?" + urlencode({"from": from_symbol, "to": to_symbol, "view": view})


@bp.post("/drafts/overrides")
def set_override():
    form = request.form
    services.set_override(db.session, current_actor(), form.get("base", ""), form.get("old_wid", ""),
                          form.get("new_wid", ""), form.get("kind", ""))
    db.session.commit()
    return redirect(_compare_url(form.get("from", ""), form.get("to", ""), form.get("view", "side")))


@bp.post("/drafts/overrides/<int:override_id>/remove")
def remove_override(override_id: int):
    form = request.form
    services.remove_override(db.session, current_actor(), override_id)
    db.session.commit()
    return redirect(_compare_url(form.get("from", ""), form.get("to", ""), form.get("view", "side")))


# --- timeline ---------------------------------------------------------------------------------------

@bp.get("/timeline/<path:base>")
def timeline(base: str):
    actor = current_actor()
    rows = services.timeline(db.session, actor, base, current_language())
    family = services.versions(db.session, actor, base)
    return render_template("drafts/timeline.html", rows=rows, base=family[-1].base_symbol, latest=family[-1])


@bp.app_template_global()
def unit_label(node, language: str = "fr") -> str:
    return label_of(node, language)
