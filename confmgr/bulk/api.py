"""`POST /api/v1/import/<table>` (a CSV as multipart `file`, `?dry_run=1`) and `GET /api/v1/export/<table>.csv`."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from confmgr.bulk import services
from confmgr.core.errors import InvalidInput
from confmgr.extensions import db
from confmgr.web.auth import current_actor

bp = Blueprint("bulk_api", __name__, url_prefix="/api/v1")


def is_dry_run() -> bool:
    return (request.args.get("dry_run") or request.form.get("dry_run") or "").lower() in ("1", "true", "yes")


def uploaded_csv() -> bytes:
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInput("file: a CSV file is expected as the multipart field 'file'", field="file")
    return upload.read()


@bp.post("/import/<table>")
def import_table(table: str):
    services.get_table(table)
    outcome = services.import_table(db.session, current_actor(), table, uploaded_csv(), dry_run=is_dry_run())
    if outcome.dry_run:
        db.session.rollback()
        return jsonify(outcome.as_dict()), 200
    db.session.commit()
    return jsonify(outcome.as_dict()), 201


@bp.get("/export/<table>.csv")
def export_table(table: str):
    text = services.export_table(db.session, current_actor(), table)
    return Response(text, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{table}.csv"'})
