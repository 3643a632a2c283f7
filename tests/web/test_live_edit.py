"""Text on screen through the JSON API and the page: who may edit, name facilitators and issue; stale
and malformed edits are refused and change nothing."""
from __future__ import annotations

import pytest
from diff_match_patch import diff_match_patch

from confmgr.core.actor import SYSTEM
from confmgr.drafts import services as drafts
from confmgr.extensions import db

BASE = "A/CONF.192/2012/RC/CRP.3"
TEXT = "1. Les États s'engagent à coopérer.\n\n2. Les États échangent des informations."
DMP = diff_match_patch()
ROLES = ("secretariat", "president", "credentials", "delegate")


@pytest.fixture
def draft(app):
    from confmgr.registry.services import create_participant

    create_participant(db.session, SYSTEM, name_fr="Allemagne", kind="member_state", regional_group="western_european_other")
    drafts.create_document(db.session, SYSTEM, symbol=BASE, title="Projet", text=TEXT, language="fr",
                           distribution="limited")
    db.session.commit()


def _patch(old: str, new: str) -> str:
    return DMP.patch_toText(DMP.patch_make(old, new))


def _user(make_user, role):
    return make_user(role, participant="Allemagne" if role == "delegate" else None)


def _live(client, headers):
    return client.get(f"/api/v1/documents/{BASE}/live", headers=headers)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_edits_unless_it_names_a_facilitator(client, draft, make_user, bearer, role):
    _user_row, token = _user(make_user, role)
    edit = {"base_version": 0, "patch": _patch(TEXT, TEXT.replace("coopérer", "coopérer pleinement"))}
    r = client.post(f"/api/v1/documents/{BASE}/live/edits", json=edit, headers=bearer(token))
    if role == "secretariat":
        assert r.status_code == 200 and r.get_json()["version"] == 1
        assert "pleinement" in _live(client, bearer(token)).get_json()["text"]
        return
    assert r.status_code == 403
    assert _live(client, bearer(token)).get_json()["version"] == 0  # nothing changed
    # Naming facilitators is the secretariat's alone.
    user, _tok = r_user = _user(make_user, "delegate")
    named = client.post(f"/api/v1/documents/{BASE}/live/facilitators", json={"user": user.email},
                        headers=bearer(token))
    assert named.status_code == 403
    _sec, sec_token = make_user("secretariat")
    named = client.post(f"/api/v1/documents/{BASE}/live/facilitators", json={"user": _user_row.email},
                        headers=bearer(sec_token))
    assert named.status_code == 201
    r = client.post(f"/api/v1/documents/{BASE}/live/edits", json=edit, headers=bearer(token))
    assert r.status_code == 200
    issued = client.post(f"/api/v1/documents/{BASE}/live/revision", headers=bearer(token))
    assert issued.status_code == 201 and issued.get_json()["symbol"] == f"{BASE}/Rev.1"
    assert r_user


def test_public_may_not_read_the_live_text_of_a_limited_draft(client, draft):
    assert _live(client, {}).status_code == 403
    assert client.get(f"/live/{BASE}").status_code == 403


@pytest.mark.parametrize("body, status", [
    ({"base_version": 0}, 422),
    ({"base_version": "0", "patch": "@@ -1,3 +1,3 @@\n-a\n+b\n"}, 422),
    ({"base_version": 0, "patch": "not a patch"}, 422),
    ({"base_version": 0, "patch": "@@ -1,5 +1,5 @@\n-zzzzz\n+yyyyy\n"}, 409),
    ({"base_version": 3, "patch": "@@ -1,3 +1,3 @@\n-1. \n+1) \n"}, 409),
    ({"base_version": 0, "patch": "x" * 200_001}, 413),
])
def test_bad_edits_are_refused_and_store_nothing(client, draft, make_user, bearer, body, status):
    _sec, token = make_user("secretariat")
    r = client.post(f"/api/v1/documents/{BASE}/live/edits", json=body, headers=bearer(token))
    assert r.status_code == status and r.get_json()["error"]
    state = _live(client, bearer(token)).get_json()
    assert state["version"] == 0 and state["text"] == TEXT


def test_issuing_without_a_change_is_refused(client, draft, make_user, bearer):
    _sec, token = make_user("secretariat")
    r = client.post(f"/api/v1/documents/{BASE}/live/revision", headers=bearer(token))
    assert r.status_code == 422
    assert client.get(f"/api/v1/documents/{BASE}/versions", headers=bearer(token)).get_json()[-1]["symbol"] == BASE


def test_the_page_offers_the_editor_to_editors_and_the_text_to_followers(client, draft, make_user, bearer):
    _sec, sec_token = make_user("secretariat")
    _del, del_token = _user(make_user, "delegate")
    editor_page = client.get(f"/live/{BASE}", headers=bearer(sec_token)).get_data(as_text=True)
    assert 'id="live-editor"' in editor_page and f'data-live-stream="document:{BASE}"' in editor_page
    follower_page = client.get(f"/live/{BASE}", headers=bearer(del_token)).get_data(as_text=True)
    assert 'id="live-editor"' not in follower_page and 'id="live-text"' in follower_page
    assert 'id="revision-notice"' in follower_page and "data-live-since=" in follower_page
