"""The report page: preview in French or English, paragraph edits with badges, exports."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from confmgr.core.errors import InvalidInput
from confmgr.extensions import db
from confmgr.report import services
from confmgr.report.api import export_response
from confmgr.web.auth import current_actor
from confmgr.web.i18n import current_language

bp = Blueprint("report", __name__)


def _lang() -> str:
    lang = request.values.get("lang") or current_language()
    if lang not in services.LANGUAGES:
        raise InvalidInput(f"lang: {lang!r} is not one of fr, en")
    return lang


def _page(lang: str, editing: str | None = None):
    report = services.build(db.session, current_actor(), lang)
    template = "report/_report.html" if request.headers.get("HX-Request") else "report/report.html"
    return render_template(template, report=report, report_lang=lang, editing=editing,
                           adopted=services.adopted(db.session))


@bp.get("/report")
def report_page():
    return _page(_lang(), request.args.get("edit"))


@bp.get("/report/export")
def export():
    fmt = request.args.get("format", "html")
    if fmt not in services.FORMATS:
        raise InvalidInput(f"format: {fmt!r} is not one of {', '.join(services.FORMATS)}")
    return export_response(services.build(db.session, current_actor(), _lang()), fmt)


@bp.post("/report/paragraphs")
def edit_paragraph():
    lang, key = _lang(), request.form.get("key")
    services.edit_paragraph(db.session, current_actor(), lang, key, request.form.get("text"))
    db.session.commit()
    return redirect(url_for("report.report_page", lang=lang, _anchor=f"p-{key}"), 303)


@bp.post("/report/paragraphs/add")
def add_paragraph():
    lang = _lang()
    added = services.add_paragraph(db.session, current_actor(), lang, request.form.get("text"),
                                   after=request.form.get("after") or None)
    db.session.commit()
    return redirect(url_for("report.report_page", lang=lang, _anchor=f"p-{services.ADDED_PREFIX}{added.id}"), 303)


@bp.post("/report/paragraphs/revert")
def revert_paragraph():
    lang, key = _lang(), request.form.get("key")
    services.revert_paragraph(db.session, current_actor(), lang, key)
    db.session.commit()
    return redirect(url_for("report.report_page", lang=lang, _anchor=f"p-{key}"), 303)
