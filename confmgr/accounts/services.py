"""Creating users, checking passwords and tokens.

Passwords are kept under Argon2 (a deliberately slow hash); API tokens are long random strings,
so a SHA-256 of them is enough to store and look them up.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from confmgr.accounts.models import ApiToken, User
from confmgr.core import audit
from confmgr.core.actor import Actor, Role
from confmgr.core.errors import Conflict, InvalidInput
from confmgr.core.models import get_existing, utcnow
from confmgr.core.permissions import require

_hasher = PasswordHasher()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_PREFIX = "cm_"


@dataclass(frozen=True)
class NewUser:
    user: User
    token: str  # shown once, never stored


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _find_participant(session: Session, name_or_id: str | int | None):
    from confmgr.registry.services import find_participant

    if name_or_id in (None, ""):
        return None
    return find_participant(session, name_or_id)


def create_user(
    session: Session,
    actor: Actor,
    email: str,
    role: str,
    *,
    participant: str | int | None = None,
    password: str | None = None,
    name: str = "",
) -> NewUser:
    require(actor, "users.manage")
    email = (email or "").strip().lower()
    if not _EMAIL.match(email):
        raise InvalidInput(f"email: {email!r} is not an email address")
    try:
        role_enum = Role(role)
    except ValueError:
        raise InvalidInput(f"role: {role!r} is not one of secretariat, president, credentials, delegate") from None
    if role_enum is Role.PUBLIC:
        raise InvalidInput("role: the public needs no account")
    found = _find_participant(session, participant)
    if role_enum is Role.DELEGATE and found is None:
        raise InvalidInput("participant: a delegate represents one participant; name it")
    if session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise Conflict(f"email: a user {email} exists already")
    if password is not None and len(password) < 10:
        raise InvalidInput("password: at least 10 characters")
    user = User(email=email, role=role_enum.value, name=name, participant=found,
                password_hash=_hasher.hash(password) if password else None)
    session.add(user)
    session.flush()
    token = issue_token(session, user, label="created with the account")
    audit.record(session, actor, "users.create", "user", user.id,
                 after={"email": email, "role": role_enum.value, "participant": found.name if found else None})
    return NewUser(user=user, token=token)


def issue_token(session: Session, user: User, *, label: str = "") -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user=user, token_hash=hash_token(token), prefix=token[:10], label=label))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    if not token:
        return None
    # One query: every API call authenticates, so the token and its user are read together.
    return session.scalar(select(User).join(ApiToken).where(
        ApiToken.token_hash == hash_token(token), ApiToken.revoked.is_(False), User.active.is_(True)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None or not user.active or not user.password_hash:
        _hasher.hash(password or "x")  # spend the same time whether or not the user exists
        return None
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def set_password(session: Session, actor: Actor, user_id: int, password: str) -> None:
    if actor.user_id != user_id:
        require(actor, "users.manage")
    user = get_existing(session, User, user_id, "user")
    if len(password or "") < 10:
        raise InvalidInput("password: at least 10 characters")
    user.password_hash = _hasher.hash(password)
    audit.record(session, actor, "users.set_password", "user", user.id)


def list_users(session: Session, actor: Actor) -> list[User]:
    require(actor, "users.manage")
    return list(session.scalars(select(User).order_by(User.role, User.email)))


def touch_token(session: Session, token: str) -> None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is not None:
        row.last_used_at = utcnow()


def issue_new_token(session: Session, actor: Actor, user_id: int, *, label: str = "issued by the secretariat") -> str:
    """A new API token for a user, shown once; the earlier ones keep working until revoked."""
    require(actor, "users.manage")
    user = get_existing(session, User, user_id, "user")
    token = issue_token(session, user, label=label)
    audit.record(session, actor, "users.issue_token", "user", user.id, after={"prefix": token[:10]})
    return token
