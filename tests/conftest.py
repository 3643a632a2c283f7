"""Fixtures shared by the suite.

`app` is a fresh application on a fresh database for each test: SQLite by default; tests that
take `any_db_app` run on SQLite and on the PostgreSQL server of the machine (CONFMGR_TEST_PG, by
default postgresql://postgres@127.0.0.1:5432).
"""
from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("CONFMGR_INSTANCE_PATH", tempfile.mkdtemp(prefix="confmgr-test-instance-"))
os.environ.pop("DATABASE_URL", None)
os.environ.pop("SOCKETIO_MESSAGE_QUEUE", None)

from confmgr import create_app  # noqa: E402
from confmgr.config import TestConfig  # noqa: E402
from confmgr.core.actor import SYSTEM  # noqa: E402
from confmgr.extensions import db as _db  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "A_CONF.192_2012_RC_4.fr.txt"
PG_SERVER = os.environ.get("CONFMGR_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")


def make_app(database_uri: str, **extra):
    return create_app({**{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
                       "SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": "test-secret", **extra})


def _sqlite_uri(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'confmgr.db'}"


@pytest.fixture(scope="session")
def pg_database():
    """A PostgreSQL database of its own for this test session, dropped at the end."""
    import psycopg

    name = f"confmgr_test_{uuid.uuid4().hex[:8]}"
    admin = PG_SERVER.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {PG_SERVER} ({exc}); .ci/run starts it")
    conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{PG_SERVER}/{name}"
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def _fresh_app(uri: str):
    app = make_app(uri)
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    return app


@pytest.fixture
def app(tmp_path):
    app = _fresh_app(_sqlite_uri(tmp_path))
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_db_app(request, tmp_path):
    uri = _sqlite_uri(tmp_path) if request.param == "sqlite" else request.getfixturevalue("pg_database")
    app = _fresh_app(uri)
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def session(app):
    return _db.session


@pytest.fixture
def make_user(app):
    """make_user(role, participant=None) -> (user, token)."""
    from confmgr.accounts.services import create_user

    counter = iter(range(1, 10_000))

    def make(role: str, participant=None, password: str | None = None):
        created = create_user(_db.session, SYSTEM, f"{role}{next(counter)}@example.org", role,
                              participant=participant, password=password)
        _db.session.commit()
        return created.user, created.token

    return make


@pytest.fixture
def bearer():
    def headers(token: str) -> dict:
        return {"Authorization": f"Bearer {token}"}

    return headers
