"""The live channel: the Socket.IO namespace /live, the broadcaster of committed events, and the
text-on-screen page and API that ride on it."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from confmgr.realtime import live_edit, namespace

    namespace.init_app(app)
    app.register_blueprint(live_edit.bp)
