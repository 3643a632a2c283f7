"""Real confmgr servers in subprocesses, for live and browser tests.

`running_server(tmp_path, prepare)` creates the schema in a fresh SQLite database, calls
`prepare(session)` inside an application context to enter data (and commits), then starts
`python app.py` with PORT and DATABASE_URL set and waits until it answers. Yields the base URL.

`Server` runs `python app.py` (gevent, websockets) with its own database (SQLite file or a fresh
PostgreSQL database), port and instance folder, optionally behind the Redis message queue; the
schema is created with a small `python -c`, the 2012 demo and users are entered through the
command line, as an operator would. It can be stopped, killed (SIGKILL) and restarted. Fixtures:
`server_factory` (servers killed at teardown), `pg_database_url` (a fresh PostgreSQL database),
`redis_queue`.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_SERVER = os.environ.get("CONFMGR_TEST_PG", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("CONFMGR_TEST_REDIS", "redis://127.0.0.1:6379/0")


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


SCHEMA = ("from confmgr import create_app; from confmgr.extensions import db; app = create_app(); "
          "ctx = app.app_context(); ctx.push(); db.create_all()")




class Server:
    """One `python app.py` process (or, with `gunicorn=True`, gunicorn with the deployment's gevent
    worker). Several may share a database and a message queue."""

    def __init__(self, database_url: str | None = None, *, message_queue: str | None = None,
                 channel: str | None = None, instance: str | None = None, port: int | None = None,
                 gunicorn: bool = False):
        self.instance = instance or tempfile.mkdtemp(prefix="confmgr-live-")
        self.database_url = database_url or f"sqlite:///{self.instance}/confmgr.db"
        self.port = port or free_port()
        self.message_queue = message_queue
        self.channel = channel
        self.gunicorn = gunicorn
        self.proc: subprocess.Popen | None = None
        self.log = Path(self.instance) / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "SOCKETIO_MESSAGE_QUEUE"))}
        env.update(DATABASE_URL=self.database_url, PORT=str(self.port), HOST="127.0.0.1",
                   CONFMGR_INSTANCE_PATH=self.instance, SECRET_KEY="live-test-secret",
                   LOGIN_RATE_LIMIT="1000 per minute", PYTHONPATH=str(ROOT))
        if self.message_queue:
            env["SOCKETIO_MESSAGE_QUEUE"] = self.message_queue
            env["SOCKETIO_CHANNEL"] = self.channel or "confmgr-test"
        return env

    def run(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(list(args), cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {done.stderr[-2000:]}")
        return done.stdout

    def create_schema(self) -> Server:
        self.run(PYTHON, "-c", SCHEMA)
        return self

    def load_demo(self) -> Server:
        self.run(PYTHON, "-m", "flask", "--app", "app", "demo", "load", timeout=300)
        return self

    def create_user(self, email: str, role: str, *, participant: str | None = None,
                    password: str | None = None) -> str:
        args = [PYTHON, "-m", "flask", "--app", "app", "users", "create", email, "--role", role]
        if participant:
            args += ["--participant", participant]
        if password:
            args += ["--password", password]
        return self.run(*args).strip().splitlines()[-1]

    def start(self, timeout: float = 30) -> Server:
        self._out = open(self.log, "ab")
        argv = [PYTHON, "app.py"]
        if self.gunicorn:
            argv = [PYTHON, "-m", "gunicorn", "-k", "gevent_worker.Worker", "-w", "1",
                    "-b", f"127.0.0.1:{self.port}", "app:app"]
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=self._out,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server did not listen on {self.port} within {timeout} s")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if getattr(self, "_out", None):
            self._out.close()
            self._out = None

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to finish anything."""
        self.stop(signal.SIGKILL)

    def restart(self) -> Server:
        self.stop()
        return self.start()


@pytest.fixture
def server_factory():
    servers: list[Server] = []

    def make(database_url: str | None = None, **kwargs) -> Server:
        server = Server(database_url, **kwargs)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def pg_database_url():
    """A fresh PostgreSQL database for the servers of one test."""
    import psycopg

    name = f"confmgr_live_{uuid.uuid4().hex[:8]}"
    conn = psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5)
    conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{PG_SERVER}/{name}"
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


@pytest.fixture
def redis_queue():
    """The Redis message queue; give servers of one test `channel=` of their own so tests never cross."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.ping()
    client.close()
    return REDIS_URL
