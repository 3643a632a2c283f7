"""JSON API of the report: read it (JSON, HTML, text or DOCX), edit a paragraph, revert it, settings.

GET /api/v1/report is readable by anyone signed in while the report is a draft, and by the public
once the conference has adopted it; edits are the secretariat's.
"""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request

from confmgr.core.errors import InvalidInput
from confmgr.extensions import db
from confmgr.report import export, rules, services
from confmgr.web.auth import current_actor
from confmgr.web.json import json_body

bp = Blueprint("report_api", __name__, url_prefix="/api/v1")

MEDIA = {"html": "text/html; charset=utf-8", "text": "text/plain; charset=utf-8",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def filename(report, fmt: str) -> str:
    stem = report.symbol.replace("/", "_") + f".{report.lang}"
    return f"{stem}.{'txt' if fmt == 'text' else fmt}"


def export_response(report, fmt: str) -> Response:
    if fmt == "html":
        body = render_template("report/export.html", report=report)
    elif fmt == "text":
        body = rules.render_text(report)
    else:
        body = export.render_docx(report)
    response = Response(body, mimetype=MEDIA[fmt].split(";")[0], content_type=MEDIA[fmt])
    if fmt == "html":  # a standalone document: its own style sheet, no script at all
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    disposition = "attachment" if fmt == "docx" or request.args.get("download") else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename(report, fmt)}"'
    return response


@bp.get("/report")
def get_report():
    lang = request.args.get("lang", "fr")
    fmt = request.args.get("format", "json")
    if fmt not in ("json", *services.FORMATS):
        raise InvalidInput(f"format: {fmt!r} is not one of json, {', '.join(services.FORMATS)}")
    if fmt == "json":
        return jsonify(services.report_json(db.session, current_actor(), lang))
    return export_response(services.build(db.session, current_actor(), lang), fmt)


@bp.post("/report/paragraphs/<lang>")
def add_paragraph(lang: str):
    body = json_body()
    unknown = set(body) - {"text", "after"}
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))} (send text and, optionally, after)")
    added = services.add_paragraph(db.session, current_actor(), lang, body.get("text"), after=body.get("after"))
    db.session.commit()
    key = f"{services.ADDED_PREFIX}{added.id}"
    block = next(b for b in services.build(db.session, current_actor(), lang).blocks if b.key == key)
    return jsonify({"key": key, "lang": added.lang, "after": added.after, "text": added.text,
                    "label": block.label}), 201


@bp.put("/report/paragraphs/<lang>/<path:key>")
def edit_paragraph(lang: str, key: str):
    body = json_body()
    edit = services.edit_paragraph(db.session, current_actor(), lang, key, body.get("text"))
    db.session.commit()
    return jsonify({"key": edit.key, "lang": edit.lang, "text": edit.text, "generated": edit.generated,
                    "edited_by": edit.edited_by})


@bp.delete("/report/paragraphs/<lang>/<path:key>")
def revert_paragraph(lang: str, key: str):
    services.revert_paragraph(db.session, current_actor(), lang, key)
    db.session.commit()
    return "", 204


@bp.get("/report/settings")
def get_settings():
    services.check_can_read(db.session, current_actor())
    return jsonify(services.settings_json(services.settings(db.session)))


@bp.put("/report/settings")
def put_settings():
    body = json_body()
    fields = ("documentation", "facts", "addressee", "high_level_debate")
    unknown = set(body) - set(fields)
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))} (send {', '.join(fields)})")
    kwargs = {k: body[k] for k in fields if k in body}
    if not kwargs:
        raise InvalidInput(f"give {', '.join(fields)}")
    row = services.save_settings(db.session, current_actor(), **kwargs)
    db.session.commit()
    return jsonify(services.settings_json(row))
