"""The users page: the secretariat lists accounts, creates them and issues API tokens.

A new token is shown once, in the response to the POST that made it; it is never put in a URL, a
flash message or the session.
"""
from __future__ import annotations

from flask import Blueprint, render_template, request

from confmgr.accounts import services
from confmgr.accounts.models import User
from confmgr.core.actor import Role
from confmgr.core.errors import DomainError, Forbidden
from confmgr.core.models import get_existing
from confmgr.core.permissions import require
from confmgr.extensions import db
from confmgr.registry.services import list_participants
from confmgr.web.auth import current_actor

bp = Blueprint("accounts", __name__)

ROLES = tuple(r.value for r in Role if r is not Role.PUBLIC)
USER_FIELDS = ("email", "role", "participant", "password")


def _page(*, errors: dict | None = None, values: dict | None = None, new_token: str | None = None,
          token_user: User | None = None, status: int = 200):
    response = render_template("accounts/users.html", users=services.list_users(db.session, current_actor()),
                               participants=list_participants(db.session), roles=ROLES, errors=errors or {},
                               values=values or {}, new_token=new_token, token_user=token_user)
    headers = {"Cache-Control": "no-store"} if new_token else {}
    return response, status, headers


@bp.get("/users")
def users():
    require(current_actor(), "users.manage")
    return _page()


@bp.post("/users")
def create_user():
    actor = current_actor()
    require(actor, "users.manage")
    form = request.form
    try:
        created = services.create_user(db.session, actor, form.get("email", ""), form.get("role", ""),
                                       participant=form.get("participant") or None,
                                       password=form.get("password") or None)
        db.session.commit()
    except Forbidden:
        raise
    except DomainError as exc:
        db.session.rollback()
        head, sep, _rest = exc.message.partition(":")
        field = head.strip() if sep and head.strip() in USER_FIELDS else "form"
        values = {k: v for k, v in form.items() if k != "password"}
        return _page(errors={field: exc.message}, values=values, status=422)
    return _page(new_token=created.token, token_user=created.user, status=201)


@bp.post("/users/<int:user_id>/token")
def new_token(user_id: int):
    actor = current_actor()
    require(actor, "users.manage")
    user = get_existing(db.session, User, user_id, "user")
    token = services.issue_new_token(db.session, actor, user.id)
    db.session.commit()
    return _page(new_token=token, token_user=user)
