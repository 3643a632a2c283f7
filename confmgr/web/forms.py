"""Reading submitted form fields for the pages."""
from __future__ import annotations

from flask import request

from confmgr.core.errors import InvalidInput


def whole_number(name: str, *, optional: bool = False, raw: str | None = None,
                 message: str = "a whole number") -> int | None:
    """The form field `name` (or the given `raw` text) as a whole number; blank gives None when
    `optional`, anything else is refused with "<name>: <message>"."""
    raw = (request.form.get(name) if raw is None else raw) or ""
    raw = raw.strip()
    if not raw and optional:
        return None
    if not raw.isdigit():
        raise InvalidInput(f"{name}: {message}")
    return int(raw)
