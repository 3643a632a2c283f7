"""confmgr: conference management and negotiation tracking for UN-style diplomatic conferences."""
from __future__ import annotations

import importlib
import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from confmgr.config import Config, database_url, secret_key
from confmgr.extensions import babel, csrf, db, limiter, login_manager, migrate, socketio

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# One package per domain. For each, create_app imports `models` (tables), registers the blueprints
# `views.bp` (pages) and `api.bp` (JSON under /api/v1) when they exist, and `cli.register(app)`.
DOMAINS = ("accounts", "registry", "procedure", "bureau", "drafts", "speakers", "credentials", "report", "bulk",
           "demo")


def create_app(config: dict | type | None = None) -> Flask:
    instance = os.environ.get("CONFMGR_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")
    app = Flask(__name__, instance_path=instance, template_folder=str(PROJECT_ROOT / "templates"),
                static_folder=str(PROJECT_ROOT / "static"))
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(Config)
    app.config["SECRET_KEY"] = secret_key(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(os.environ.get("DATABASE_URL"), app.instance_path)
    if isinstance(config, dict):
        app.config.from_mapping(config)
    elif config is not None:
        app.config.from_object(config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    csrf.init_app(app)
    limiter.init_app(app)

    from confmgr.web import i18n

    babel.init_app(app, locale_selector=i18n.select_locale,
                   default_translation_directories=str(PROJECT_ROOT / "translations"))
    socketio.init_app(app, async_mode=app.config.get("SOCKETIO_ASYNC_MODE", "gevent"),
                      message_queue=app.config.get("SOCKETIO_MESSAGE_QUEUE"),
                      logger=False, engineio_logger=False)

    from confmgr.web import auth, errors, routing, security, templating

    routing.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(i18n.bp)
    for domain in DOMAINS:
        _load_domain(app, domain)

    from confmgr import realtime

    realtime.init_app(app)
    return app


def _load_domain(app: Flask, domain: str) -> None:
    for part in ("models", "views", "api", "cli"):
        try:
            module = importlib.import_module(f"confmgr.{domain}.{part}")
        except ModuleNotFoundError as exc:
            if not f"confmgr.{domain}.{part}".startswith(exc.name or "?"):
                raise  # a missing dependency inside the module, not a missing module
            continue
        if part in ("views", "api") and hasattr(module, "bp"):
            app.register_blueprint(module.bp)
        if part == "cli":
            module.register(app)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: enforce foreign keys, let readers run beside the writer, wait rather than fail on a lock."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()
