"""URL converters of the pages and the API."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

from confmgr.core.models import MAX_INT


class IdConverter(IntegerConverter):
    """`<int:...>` in a route: a number too large for an id column matches no route (404), rather
    than reaching the database."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def init_app(app) -> None:
    app.url_map.converters["int"] = IdConverter
