"""The import page: choose a table and a CSV file, see every row's error (or what each row would do)
before anything is stored, then import; and the links to export each table."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from confmgr.bulk import services
from confmgr.bulk.tables import TABLES
from confmgr.core.errors import InvalidInput
from confmgr.core.permissions import require
from confmgr.extensions import db
from confmgr.web.auth import current_actor

bp = Blueprint("bulk", __name__)

TABLE_LABELS = {"participants": _l("Participants"), "agenda": _l("Agenda items"), "meetings": _l("Meetings"),
                "credentials": _l("Credentials received")}
MAX_PREVIEW_TEXT = 2_000_000


def _page(*, table: str = "participants", outcome=None, errors=None, content: str = "", message: str = "",
          status: int = 200):
    return render_template("bulk/import.html", tables=[(name, TABLE_LABELS[name]) for name in TABLES],
                           columns={name: t.columns for name, t in TABLES.items()}, table=table, outcome=outcome,
                           errors=errors or [], content=content, message=message), status


@bp.get("/import")
def import_page():
    require(current_actor(), "participants.manage")
    return _page()


@bp.post("/import")
def import_file():
    actor = current_actor()
    require(actor, "participants.manage")
    table = request.form.get("table", "")
    if table not in TABLES:
        return _page(message=_("Choose a table to import."), status=422)
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data = upload.read()
    else:
        data = request.form.get("content", "").encode("utf-8")
    if not data:
        return _page(table=table, message=_("Choose a CSV file."), status=422)
    preview = request.form.get("action") != "import"
    try:
        outcome = services.import_table(db.session, actor, table, data, dry_run=preview)
    except services.ImportRefused as exc:
        db.session.rollback()
        return _page(table=table, errors=[e.as_dict() for e in exc.errors], message=exc.message, status=422)
    except InvalidInput as exc:
        db.session.rollback()
        return _page(table=table, message=exc.message, status=422)
    if preview:
        db.session.rollback()
        try:
            content = data.decode("utf-8-sig") if len(data) <= MAX_PREVIEW_TEXT else ""
        except UnicodeDecodeError:
            content = ""
        return _page(table=table, outcome=outcome, content=content)
    db.session.commit()
    flash(_("%(count)s rows imported: %(created)s created, %(updated)s corrected.", count=len(outcome.preview),
            created=outcome.created, updated=outcome.updated))
    return redirect(url_for("bulk.import_page"))
