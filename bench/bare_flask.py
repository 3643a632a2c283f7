"""The reference for bench_reads: a bare Flask app serving the same JSON from the same database.

`python -m bench.bare_flask PORT EMAIL` (DATABASE_URL from the environment): Flask and
Flask-SQLAlchemy only, on gevent's stock WSGI server (with TCP_NODELAY, as confmgr's); none of confmgr's extensions, hooks, token
check or Socket.IO. The routes call the same domain functions as confmgr's API, acting as the user
EMAIL, so the bodies are the same JSON (the benchmark checks it).
"""
from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import importlib  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402
from gevent import pywsgi  # noqa: E402
from sqlalchemy import select  # noqa: E402

from confmgr import DOMAINS  # noqa: E402
from confmgr.config import database_url  # noqa: E402
from confmgr.extensions import db  # noqa: E402

for _domain in DOMAINS:
    try:
        importlib.import_module(f"confmgr.{_domain}.models")
    except ModuleNotFoundError:
        pass

from confmgr.accounts.models import User  # noqa: E402
from confmgr.drafts import services as drafts  # noqa: E402
from confmgr.drafts.api import document_json  # noqa: E402
from confmgr.registry import services as registry  # noqa: E402
from confmgr.speakers import services as speakers  # noqa: E402


def create(email: str) -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(os.environ["DATABASE_URL"], "/nonexistent")
    db.init_app(app)
    with app.app_context():
        actor = db.session.scalar(select(User).where(User.email == email)).actor()

    @app.get("/api/v1/speakers-lists/<int:list_id>")
    def speakers_list(list_id: int):
        return jsonify(speakers.list_state(db.session, speakers.get_list(db.session, list_id)))

    @app.get("/api/v1/documents/<path:symbol>")
    def document(symbol: str):
        return jsonify(document_json(registry.get_document(db.session, actor, symbol)))

    @app.get("/api/v1/compare")
    def compare():
        return jsonify(drafts.compare_versions(db.session, actor, request.args["from"], request.args["to"]))

    return app


class Server(pywsgi.WSGIServer):
    def handle(self, sock, address):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().handle(sock, address)


if __name__ == "__main__":
    Server(("127.0.0.1", int(sys.argv[1])), create(sys.argv[2]), log=None, backlog=2048).serve_forever()
