"""The live channel: the Socket.IO namespace /live and the broadcaster of committed events."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from confmgr.realtime import namespace

    namespace.init_app(app)
