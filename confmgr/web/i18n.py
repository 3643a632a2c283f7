"""Interface language: French and English, chosen by the switch, else the browser's preference."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_babel import get_locale

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "fr")


@bp.post("/language")
def switch_language():
    lang = request.form.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    target = request.form.get("next") or url_for("registry.home")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("registry.home")
    return redirect(target)
