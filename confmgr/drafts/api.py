"""JSON API of documents and drafts: /api/v1/documents, revisions, /api/v1/compare, negotiation state."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from confmgr.drafts import services
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


@bp.post("/documents")
def create_document():
    body = json_body()
    doc, seq = services.create_document(
        db.session, current_actor(), symbol=body.get("symbol"), title=body.get("title"), text=body.get("text"),
        language=body.get("language"), distribution=body.get("distribution"), kind=body.get("kind") or "draft",
        date=body.get("date"), max_chars=_max_chars())
    db.session.commit()
    return jsonify({**document_json(doc), "seq": seq, "parse_report": services.parsed(doc).report}), 201


@bp.get("/documents/<path:symbol>/versions")
def list_versions(symbol: str):
    family = services.versions(db.session, current_actor(), symbol)
    brackets = services.bracket_counts(db.session, family)
    return jsonify([{**document_json(d, with_tree=False), "brackets": brackets.get(d.symbol)} for d in family])


@bp.post("/documents/<path:base>/revisions")
def publish_revision(base: str):
    body = json_body()
    doc, seq, summary = services.publish_revision(
        db.session, current_actor(), base, body.get("text"), symbol=body.get("symbol"),
        language=body.get("language"), date=body.get("date"), max_chars=_max_chars())
    db.session.commit()
    return jsonify({"symbol": doc.symbol, "seq": seq, "summary": summary["text"], "counts": summary["counts"],
                    "supersedes": doc.supersedes.symbol if doc.supersedes else None,
                    "parse_report": services.parsed(doc).report}), 201


@bp.get("/documents/<path:symbol>")
def get_document(symbol: str):
    return jsonify(document_json(registry.get_document(db.session, current_actor(), symbol)))


@bp.get("/compare")
def compare():
    return jsonify(services.compare_versions(db.session, current_actor(), request.args.get("from", ""),
                                             request.args.get("to", "")))


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
