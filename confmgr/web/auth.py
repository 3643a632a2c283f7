"""Resolving the acting user of a request, and the login pages.

An API client sends `Authorization: Bearer <token>`; a browser has a Flask-Login session. Both
become an `Actor` that views hand to services.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from confmgr.accounts import services as accounts
from confmgr.accounts.models import User
from confmgr.core.actor import PUBLIC, Actor
from confmgr.core.errors import DomainError
from confmgr.extensions import db, limiter, login_manager

bp = Blueprint("auth", __name__)


class SessionUser(UserMixin):
    """What Flask-Login keeps for a signed-in browser: the user's id and their actor."""

    def __init__(self, user: User):
        self.id = user.id
        self.email = user.email
        self.actor = user.actor()
        self.participant = user.participant

    def get_id(self) -> str:
        return str(self.id)


@login_manager.user_loader
def _load_user(user_id: str) -> SessionUser | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return SessionUser(user) if user is not None and user.active else None


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class InvalidToken(DomainError):
    status = 401


def actor_for_token(token: str) -> Actor | None:
    user = accounts.user_for_token(db.session, token)
    return user.actor() if user is not None else None


def current_actor() -> Actor:
    """The actor of this request: the bearer token's user, else the signed-in user, else the public."""
    if "actor" not in g:
        token = bearer_token()
        if token is not None:
            actor = actor_for_token(token)
            if actor is None:
                raise InvalidToken("invalid or revoked API token")
            g.actor = actor
        elif current_user.is_authenticated:
            g.actor = current_user.actor
        else:
            g.actor = PUBLIC
    return g.actor


def displayed_actor() -> Actor:
    """The actor a page shows in its header: the public when the request's token is refused, so the
    page that says so can still be drawn."""
    try:
        return current_actor()
    except InvalidToken:
        return PUBLIC


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("registry.home")


def _login_limit() -> str:
    from flask import current_app

    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    # Sign-in is a browser form: a JSON body is not read as its fields.
    form = LoginForm(formdata=request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        user = accounts.authenticate(db.session, form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Unknown email or wrong password."))
        else:
            db.session.commit()  # a password rehash, if any
            login_user(SessionUser(user))
            return redirect(_safe_next(request.args.get("next")))
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are signed out."))
    return redirect(url_for("registry.home"))


@login_manager.unauthorized_handler
def _unauthorized():
    if request.path.startswith("/api/"):
        abort(401)
    return redirect(url_for("auth.login", next=request.full_path))
