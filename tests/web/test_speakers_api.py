import re

import pytest
from flask import g
from sqlalchemy import func, select

from confmgr.core.audit import AuditEntry
from confmgr.extensions import db
from confmgr.speakers.models import Inscription
from tests.services.speakers_setup import small_conference


def _forget_actor():
    g.pop("actor", None)


@pytest.fixture
def world(app, make_user, bearer):
    # The `app` fixture keeps one application context for the whole test, so requests of the test
    # client share `g`; forget the actor at each request so each one is taken from its own token.
    app.before_request_funcs.setdefault(None, []).insert(0, _forget_actor)
    ids = small_conference(db.session)
    tokens = {role: make_user(role)[1] for role in ("secretariat", "president", "credentials")}
    tokens["delegate"] = make_user("delegate", participant="State 05")[1]
    h = {role: bearer(t) for role, t in tokens.items()}
    h["public"] = {}
    return {"ids": ids, "h": h}


def new_list(client, h, meeting=1):
    r = client.post(f"/api/v1/meetings/{meeting}/speakers-lists", json={"kind": "states", "agenda_item": "12"},
                    headers=h["secretariat"])
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def test_contract_shapes_and_order(client, world):
    h, ids = world["h"], world["ids"]
    lid = new_list(client, h)
    assert client.get("/api/v1/meetings/1/speakers-lists").get_json()[0]["id"] == lid
    for body in ({"participant": ids["State 07"], "level": "head_of_delegation"},
                 {"participant": "State 08", "level": "minister"},
                 {"participant": ids["State 01"], "level": "head_of_delegation", "on_behalf_of": "african_group"}):
        assert client.post(f"/api/v1/speakers-lists/{lid}/inscriptions", json=body, headers=h["secretariat"]).status_code == 201
    state = client.get(f"/api/v1/speakers-lists/{lid}").get_json()  # public reads
    assert state["state"] == "open" and state["current"] is None
    assert [s["participant"]["name"] for s in state["speakers"]] == ["State 01", "State 08", "State 07"]
    assert state["speakers"][0]["on_behalf_of"]["name"] == "Groupe africain"
    assert client.post(f"/api/v1/speakers-lists/{lid}/next", headers=h["president"]).status_code == 200
    current = client.get(f"/api/v1/speakers-lists/{lid}").get_json()["current"]
    assert current["participant"]["id"] == ids["State 01"]
    for action in ("start", "pause", "resume", "end"):
        r = client.post(f"/api/v1/speakers-lists/{lid}/{action}", headers=h["president"])
        assert r.status_code == 200, (action, r.get_json())
    meeting = client.get("/api/v1/meetings/1").get_json()
    assert [s["participant"]["name"] for s in meeting["statements"]] == ["State 01"]
    assert meeting["statements"][0]["on_behalf_of"]["name"] == "Groupe africain"
    assert "duration" in meeting["statements"][0]
    stats = client.get("/api/v1/meetings/1/statements/stats").get_json()
    assert stats["groups"][0]["count"] == 1
    csv_text = client.get("/api/v1/meetings/1/statements.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("meeting,list") and "State 01" in csv_text


@pytest.mark.parametrize("body, status, message", [
    ({"participant": "ngo_peace"}, 422, "NGO list"),
    ({"participant": "State 07", "level": "king"}, 422, "level"),
    ({"participant": "Nowhere"}, 404, "not found"),
    ({"participant": ["State 07"]}, 422, "participant"),
    ({"participant": "State 07", "on_behalf_of": "african_group"}, 422, "not a member"),
])
def test_bad_inscriptions_are_refused_and_store_nothing(client, world, body, status, message):
    lid = new_list(client, world["h"])
    r = client.post(f"/api/v1/speakers-lists/{lid}/inscriptions", json=body, headers=world["h"]["secretariat"])
    assert r.status_code == status and message in r.get_json()["error"]
    assert db.session.scalar(select(func.count()).select_from(Inscription)) == 0


def test_clear_errors_for_bad_requests(client, world):
    h = world["h"]
    lid = new_list(client, h)
    assert client.post("/api/v1/meetings/1/speakers-lists", json={"kind": "states", "agenda_item": "12"},
                       headers=h["secretariat"]).status_code == 409
    assert client.post("/api/v1/meetings/2/speakers-lists", json={"kind": "ngo", "agenda_item": "14"},
                       headers=h["secretariat"]).status_code == 422  # item 14 is not taken up at meeting 2
    assert client.post("/api/v1/meetings/1/speakers-lists", json={"kind": "plenary", "agenda_item": "12"},
                       headers=h["secretariat"]).status_code == 422
    r = client.post(f"/api/v1/speakers-lists/{lid}/next", headers=h["president"])
    assert r.status_code == 409 and "no one is waiting" in r.get_json()["error"]
    r = client.post(f"/api/v1/meetings/2/speakers-lists/{lid}/inscriptions", json={"participant": "State 07"},
                    headers=h["secretariat"])
    assert r.status_code == 404 and "meeting 1" in r.get_json()["error"]
    assert client.get("/api/v1/speakers-lists/999").status_code == 404
    assert client.post(f"/api/v1/speakers-lists/{lid}/inscriptions", data="x", headers=h["secretariat"]).status_code == 400
    client.post(f"/api/v1/speakers-lists/{lid}/close", headers=h["president"])
    r = client.post(f"/api/v1/speakers-lists/{lid}/inscriptions", json={"participant": "State 07"},
                    headers=h["secretariat"])
    assert r.status_code == 409 and "closed" in r.get_json()["error"]
    r = client.post(f"/api/v1/speakers-lists/{lid}/right-of-reply", json={"participant": "State 05"},
                    headers=h["delegate"])
    assert r.status_code == 201 and r.get_json()["reply"] == 1


def test_delegate_inscribes_only_its_own_delegation(client, world):
    h = world["h"]
    lid = new_list(client, h)
    r = client.post(f"/api/v1/speakers-lists/{lid}/inscriptions", json={"participant": "State 07"}, headers=h["delegate"])
    assert r.status_code == 403
    r = client.post(f"/api/v1/speakers-lists/{lid}/inscriptions", json={"participant": "State 05", "level": "minister"},
                    headers=h["delegate"])
    assert r.status_code == 201
    r = client.post(f"/api/v1/speakers-lists/{lid}/point-of-order", json={"participant": "State 07"}, headers=h["delegate"])
    assert r.status_code == 403
    r = client.post(f"/api/v1/speakers-lists/{lid}/point-of-order", json={"participant": "State 05"}, headers=h["delegate"])
    assert r.status_code == 201 and r.get_json()["point_of_order"]["participant"]["name"] == "State 05"
    r = client.post(f"/api/v1/speakers-lists/{lid}/point-of-order/ruling", json={"ruling": "Noted."}, headers=h["president"])
    assert r.status_code == 200 and r.get_json()["point_of_order"] is None


ROLES = ("secretariat", "president", "credentials", "delegate", "public")
# action -> (body, roles allowed)
MATRIX = {
    "create": (None, {"secretariat"}),
    "inscriptions": ({"participant": "State 05"}, {"secretariat", "delegate"}),
    "close": ({}, {"secretariat", "president"}),
    "next": ({}, {"secretariat", "president"}),
    "move": ({"participant": "State 06", "before": "State 05"}, {"secretariat", "president"}),
    "swap": ({"a": "State 05", "b": "State 06"}, {"secretariat", "president", "delegate"}),
    "withdraw": ({"participant": "State 05"}, {"secretariat", "delegate"}),
    "right-of-reply": ({"participant": "State 05"}, {"secretariat", "president", "delegate"}),
    "point-of-order": ({"participant": "State 05"}, {"secretariat", "president", "delegate"}),
    "window": ({"opens_at": None, "closes_at": "2999-01-01T10:00"}, {"secretariat"}),
}


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, world, action, role):
    h = world["h"]
    body, allowed = MATRIX[action]
    lid = new_list(client, h)
    if action != "inscriptions":
        for name in ("State 06", "State 05"):
            client.post(f"/api/v1/speakers-lists/{lid}/inscriptions", json={"participant": name}, headers=h["secretariat"])
    before = client.get(f"/api/v1/speakers-lists/{lid}").get_json()
    audits = db.session.scalar(select(func.count()).select_from(AuditEntry))
    if action == "create":
        r = client.post("/api/v1/meetings/2/speakers-lists", json={"kind": "states", "agenda_item": "12"}, headers=h[role])
    else:
        r = client.post(f"/api/v1/speakers-lists/{lid}/{action}", json=body, headers=h[role])
    if role in allowed:
        assert r.status_code in (200, 201), (role, action, r.get_json())
    else:
        assert r.status_code in (400, 403), (role, action, r.status_code)
        if role != "public":
            assert r.status_code == 403
        after = client.get(f"/api/v1/speakers-lists/{lid}").get_json()
        assert {k: v for k, v in after.items() if k not in ("server_time", "clock")} == \
            {k: v for k, v in before.items() if k not in ("server_time", "clock")}
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audits


def _csrf(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def test_pages_for_each_audience(client, world, make_user):
    h = world["h"]
    lid = new_list(client, h)
    client.post(f"/api/v1/speakers-lists/{lid}/inscriptions", json={"participant": "State 06"}, headers=h["secretariat"])
    assert client.get("/speakers").status_code == 200
    assert client.get(f"/speakers/{lid}/console").status_code == 403
    page = client.get(f"/speakers/{lid}/projector?lang=en").get_data(as_text=True)
    assert "Now speaking" in page and "State 06" in page
    user, _token = make_user("delegate", participant="State 07", password="correct horse battery")
    token = _csrf(client.get("/login").get_data(as_text=True))
    r = client.post("/login", data={"email": user.email, "password": "correct horse battery",
                                    "csrf_token": token})
    assert r.status_code == 302, r.get_data(as_text=True)[:300]
    page = client.get(f"/speakers/{lid}").get_data(as_text=True)
    assert "data-action=\"inscribe\"" in page
    token = _csrf(page)
    r = client.post(f"/speakers/{lid}/do/inscribe", data={"level": "minister", "csrf_token": token})
    assert r.status_code == 302
    page = client.get(f"/speakers/{lid}?fragment=1").get_data(as_text=True)
    assert 'data-my-place="1"' in page  # a minister goes ahead of a head of delegation
    r = client.post(f"/speakers/{lid}/do/inscribe", data={"participant": "State 08", "csrf_token": token},
                    headers={"HX-Request": "true"})
    assert r.status_code == 403 and "own delegation" in r.get_data(as_text=True)
    r = client.post(f"/speakers/{lid}/do/withdraw", data={}, headers={"HX-Request": "true"})
    assert r.status_code == 400  # no CSRF token
    assert client.get("/meetings/1/statements").status_code == 200
