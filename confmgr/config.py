"""Configuration read from the environment.

Every setting a deployment changes comes from an environment variable; the defaults give a
zero-setup instance with SQLite in the instance folder.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def database_url(raw: str | None, instance_path: str) -> str:
    """The SQLAlchemy URL for DATABASE_URL, defaulting to SQLite in the instance folder.

    `postgres://` and `postgresql://` URLs are pointed at psycopg 3, the driver we ship.
    """
    if not raw:
        return "sqlite:///" + os.path.join(instance_path, "confmgr.db")
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the instance folder."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


class Config:
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None
    # Deployments (or test runs) sharing one Redis keep apart by channel.
    SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL") or "flask-socketio"
    # Bodies above this are refused with 413 before any handler runs.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024))
    # Draft texts are limited separately (characters of text, after decoding).
    MAX_DRAFT_CHARS = int(os.environ.get("MAX_DRAFT_CHARS", 1_000_000))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_CHECK_DEFAULT = False  # checked in before_request, except for bearer-token API calls
    WTF_CSRF_TIME_LIMIT = None
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    BABEL_DEFAULT_LOCALE = "fr"
    LANGUAGES = ("fr", "en")
    TESTING = False


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = True
    LOGIN_RATE_LIMIT = "5 per minute"
    SERVER_NAME = None
