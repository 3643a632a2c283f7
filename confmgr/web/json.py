"""Reading JSON request bodies for the API."""
from __future__ import annotations

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge

from confmgr.core.errors import DomainError, InvalidInput


class BadRequest(DomainError):
    status = 400


def json_body() -> dict:
    """The request's JSON object, or a 400 that says what is wrong with it."""
    if not request.is_json:
        raise BadRequest("expected a JSON body (Content-Type: application/json)")
    try:
        data = request.get_json(force=False, silent=False)
    except RequestEntityTooLarge:
        raise
    except Exception:  # werkzeug raises BadRequest with an HTML description; say it plainly
        raise BadRequest("the body is not valid JSON (or not UTF-8)") from None
    if not isinstance(data, dict):
        raise InvalidInput("expected a JSON object")
    return data
