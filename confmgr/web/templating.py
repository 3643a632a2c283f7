"""What every template can use: the actor, the language, formatting of dates and names."""
from __future__ import annotations

from datetime import date

from flask import Flask
from flask_babel import format_date

from confmgr.core.lang import meeting_name
from confmgr.core.permissions import allowed
from confmgr.web.auth import displayed_actor
from confmgr.web.i18n import current_language
from confmgr.web.labels import label


def init_app(app: Flask) -> None:
    @app.context_processor
    def _globals():
        lang = current_language()
        # French typography puts a no-break space before a colon.
        actor = displayed_actor()
        return {"actor": actor, "lang": lang, "can": lambda p: allowed(actor, p),
                "colon": "\u00a0:" if lang == "fr" else ":"}

    app.add_template_filter(label, "label")

    @app.template_filter("meeting_name")
    def _meeting_name(number: int) -> str:
        return meeting_name(number, current_language())

    @app.template_filter("day")
    def _day(value: date | None, fmt: str = "long") -> str:
        return format_date(value, fmt) if value else ""

    @app.template_filter("name")
    def _name(obj) -> str:
        """The object's name in the interface language (participants, groups, agenda items...)."""
        return obj.display(current_language()) if obj is not None else ""
