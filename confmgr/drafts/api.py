"""JSON API of documents and drafts: /api/v1/documents, revisions, /api/v1/compare, negotiation state."""
from __future__ import annotations

import base64
import binascii

from flask import Blueprint, current_app, jsonify, request

from confmgr.core.errors import InvalidInput
from confmgr.core.permissions import require
from confmgr.drafts import downloads, services
from confmgr.drafts.files import Upload, read_upload
from confmgr.extensions import db
from confmgr.registry import services as registry
from confmgr.registry.models import Document
from confmgr.web.auth import current_actor
from confmgr.web.json import json_body

bp = Blueprint("drafts_api", __name__, url_prefix="/api/v1")


def document_json(doc: Document, *, with_tree: bool = True) -> dict:
    data = {"symbol": doc.symbol, "base": doc.base_symbol, "revision": doc.revision, "title": doc.title(),
            "titles": doc.titles, "date": doc.date.isoformat() if doc.date else None,
            "distribution": doc.distribution, "kind": doc.kind, "languages": doc.languages,
            "language": doc.language, "illustrative": doc.illustrative,
            "supersedes": doc.supersedes.symbol if doc.supersedes else None}
    if with_tree and doc.tree is not None:
        parsed = services.parsed(doc)
        statuses = services.statuses(db.session, doc)
        data["tree"] = doc.tree["nodes"]
        data["metadata"] = {k: v for k, v in parsed.metadata.items() if k != "lines"}
        data["paragraphs"] = [{"ref": u.ref, "un_ref": cite, "wid": u.wid, "kind": u.kind, "number": u.number,
                               "text": u.text, "status": statuses.get(u.wid)}
                              for u, cite in zip(parsed.units(), parsed.citations())]
    return data


def _max_chars() -> int:
    return current_app.config["MAX_DRAFT_CHARS"]


@bp.get("/documents")
def list_documents():
    docs = registry.list_documents(db.session, current_actor())
    return jsonify([document_json(d, with_tree=False) for d in docs])


def _body_and_upload(permission: str) -> tuple[dict, Upload | None]:
    """The request's fields and its file, if any: multipart/form-data with a `file` field, or JSON with
    "file": {"name", "content_base64"}. The file's text takes the place of "text". The role is checked
    before a file is read."""
    require(current_actor(), permission)
    if request.mimetype == "multipart/form-data":
        body = request.form.to_dict()
        sent = request.files.get("file")
        if sent is None or not sent.filename:
            return body, None
        name, data = sent.filename, sent.stream.read()
    else:
        body = json_body()
        sent = body.get("file")
        if sent is None:
            return body, None
        if not isinstance(sent, dict) or not isinstance(sent.get("content_base64"), str):
            raise InvalidInput('file: expected {"name": "...", "content_base64": "..."}', code="file_shape",
                               field="file")
        try:
            data = base64.b64decode(sent["content_base64"], validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput("file: content_base64 is not valid base64", code="file_base64", field="file") from None
        name = sent.get("name") if isinstance(sent.get("name"), str) else "upload"
    if body.get("text") not in (None, ""):
        raise InvalidInput("send the text or a file, not both", code="text_and_file", field="file")
    upload = read_upload(name, data, max_chars=_max_chars())
    body["text"] = upload.text
    return body, upload


@bp.post("/documents")
def create_document():
    body, upload = _body_and_upload("documents.manage")
    doc, seq = services.create_document(
        db.session, current_actor(), symbol=body.get("symbol"), title=body.get("title"), text=body.get("text"),
        language=body.get("language"), distribution=body.get("distribution"), kind=body.get("kind") or "draft",
        date=body.get("date"), max_chars=_max_chars())
    db.session.commit()
    reply = {**document_json(doc), "seq": seq, "parse_report": services.parsed(doc).report if doc.tree is not None else None}
    if upload is not None:
        reply["file"] = upload.report()
    return jsonify(reply), 201


@bp.get("/documents/<path:symbol>/versions")
def list_versions(symbol: str):
    family = services.versions(db.session, current_actor(), symbol)
    brackets = services.bracket_counts(db.session, family)
    return jsonify([{**document_json(d, with_tree=False), "brackets": brackets.get(d.symbol)} for d in family])


@bp.post("/documents/<path:base>/revisions")
def publish_revision(base: str):
    body, upload = _body_and_upload("drafts.publish")
    doc, seq, summary = services.publish_revision(
        db.session, current_actor(), base, body.get("text"), symbol=body.get("symbol"),
        language=body.get("language"), date=body.get("date"), max_chars=_max_chars())
    db.session.commit()
    reply = {"symbol": doc.symbol, "seq": seq, "summary": summary["text"], "counts": summary["counts"],
             "supersedes": doc.supersedes.symbol if doc.supersedes else None,
             "parse_report": services.parsed(doc).report}
    if upload is not None:
        reply["file"] = upload.report()
    return jsonify(reply), 201


@bp.get("/documents/<path:symbol>")
def get_document(symbol: str):
    doc = registry.get_document(db.session, current_actor(), symbol)
    fmt = request.args.get("format", "json")
    if fmt == "json":
        return jsonify(document_json(doc))
    return downloads.version_file(doc, fmt)


@bp.get("/compare")
def compare():
    actor = current_actor()
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "docx", "html"):
        raise InvalidInput(f"format: {fmt!r} is not one of json, docx, html", code="format", field="format")
    if fmt == "json":
        return jsonify(services.compare_versions(db.session, actor, request.args.get("from", ""),
                                                 request.args.get("to", "")))
    return downloads.redline_file(actor, request.args.get("from", ""), request.args.get("to", ""), fmt,
                                  request.args.get("changes_only") in ("1", "true", "yes"))


@bp.put("/documents/<path:symbol>/paragraphs/<wid>/status")
def set_status(symbol: str, wid: str):
    row = services.set_status(db.session, current_actor(), symbol, wid, json_body().get("status"))
    db.session.commit()
    return jsonify({"symbol": symbol, "wid": wid, "status": row.status})


@bp.post("/documents/<path:symbol>/paragraphs/<wid>/proposals")
def add_proposal(symbol: str, wid: str):
    body = json_body()
    p = services.add_proposal(db.session, current_actor(), symbol, wid, body.get("text"),
                              participant=body.get("participant"), on_behalf_of=body.get("on_behalf_of"))
    db.session.commit()
    return jsonify(proposal_json(p)), 201


def proposal_json(p) -> dict:
    return {"id": p.id, "wid": p.wid, "participant": {"id": p.participant.id, "name": p.participant.name_fr},
            "on_behalf_of": {"id": p.on_behalf_of.id, "name": p.on_behalf_of.name_fr} if p.on_behalf_of else None,
            "text": p.text, "created_at": p.created_at.isoformat()}


@bp.get("/documents/<path:symbol>/proposals")
def list_proposals(symbol: str):
    family = services.versions(db.session, current_actor(), symbol)
    by_wid = services.proposals(db.session, family)
    return jsonify({wid: [proposal_json(p) for p in items] for wid, items in by_wid.items()})


@bp.post("/documents/<path:base>/alignment-overrides")
def set_override(base: str):
    body = json_body()
    row = services.set_override(db.session, current_actor(), base, body.get("old_wid"), body.get("new_wid"),
                                body.get("kind"))
    db.session.commit()
    return jsonify({"id": row.id, "old_wid": row.old_wid, "new_wid": row.new_wid, "kind": row.kind}), 201


@bp.delete("/alignment-overrides/<int:override_id>")
def remove_override(override_id: int):
    services.remove_override(db.session, current_actor(), override_id)
    db.session.commit()
    return "", 204
