"""Errors become a JSON body under /api, an error page or fragment elsewhere; never a traceback."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from confmgr.core.errors import DomainError
from confmgr.extensions import db


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json" and not request.headers.get("HX-Request"))


def error_response(message: str, status: int, **details):
    db.session.rollback()
    if wants_json():
        return jsonify({"error": message, **details}), status
    template = "_error_fragment.html" if request.headers.get("HX-Request") else "error.html"
    return render_template(template, message=message, status=status), status


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError):
        return error_response(exc.message, exc.status, **exc.details)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        return error_response(f"CSRF check failed: {exc.description}", 400)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        messages = {
            413: f"request body too large (limit {app.config['MAX_CONTENT_LENGTH']} bytes)",
            429: "too many attempts; wait a minute and try again",
        }
        return error_response(messages.get(exc.code, exc.description or exc.name), exc.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response("internal error; it has been logged", 500)
