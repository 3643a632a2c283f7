"""A bearer token is accepted while it is neither revoked nor its user deactivated (SQLite and PostgreSQL)."""
from __future__ import annotations

from sqlalchemy import select

from confmgr.accounts.models import ApiToken
from confmgr.accounts.services import create_user, issue_token
from confmgr.core.actor import SYSTEM
from confmgr.extensions import db


def _get(app, token):
    return app.test_client().get("/api/v1/documents", headers={"Authorization": f"Bearer {token}"})


def test_a_token_works_until_revoked_or_its_user_is_deactivated(any_db_app):
    created = create_user(db.session, SYSTEM, "sg@example.org", "secretariat")
    user, token = created.user, created.token
    other = issue_token(db.session, user, label="second")
    db.session.commit()
    assert _get(any_db_app, token).status_code == 200

    db.session.scalar(select(ApiToken).where(ApiToken.prefix == token[:10])).revoked = True
    db.session.commit()
    refused = _get(any_db_app, token)
    assert refused.status_code == 401 and "revoked" in refused.get_json()["error"]
    assert _get(any_db_app, other).status_code == 200  # the user's other token still works

    user.active = False
    db.session.commit()
    assert _get(any_db_app, other).status_code == 401
