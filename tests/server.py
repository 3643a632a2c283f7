"""A real confmgr server in a subprocess, for live and browser tests.

`running_server(tmp_path, prepare)` creates the schema in a fresh SQLite database, calls
`prepare(session)` inside an application context to enter data (and commits), then starts
`python app.py` with PORT and DATABASE_URL set and waits until it answers. Yields the base URL.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_database(database_url: str, prepare: Callable | None = None):
    from confmgr.extensions import db
    from tests.conftest import make_app

    app = make_app(database_url)
    result = None
    with app.app_context():
        db.create_all()
        if prepare is not None:
            result = prepare(db.session)
            db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return result


@contextlib.contextmanager
def running_server(tmp_path: Path, prepare: Callable | None = None, *, env: dict | None = None) -> Iterator[tuple[str, object]]:
    database_url = f"sqlite:///{tmp_path / 'server.db'}"
    result = prepare_database(database_url, prepare)
    port = free_port()
    environ = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "DATABASE_URL": database_url,
               "CONFMGR_INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "server-test-secret",
               **(env or {})}
    log = open(tmp_path / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(url + "/api/v1/conference", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError("the server did not start:\n" + (tmp_path / "server.log").read_text()[-3000:])
                time.sleep(0.1)
        yield url, result
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
