"""The credentials workflow through /api/v1, with the role matrix and bad input."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from confmgr.core.actor import SYSTEM
from confmgr.core.audit import AuditEntry
from confmgr.credentials.models import Credential, CredentialFile
from confmgr.extensions import db
from confmgr.registry import services as registry

COMMITTEE = ["china", "costa_rica", "egypt", "italy", "maldives", "panama", "russian_federation", "senegal",
             "united_states"]
OTHERS = ["algeria", "argentina", "australia", "brazil", "cuba", "france", "germany", "ghana", "india",
          "japan", "mexico"]
FORMAL = COMMITTEE[:5] + OTHERS[:7]
PROVISIONAL = COMMITTEE[5:] + OTHERS[7:8]
NOTHING = OTHERS[8:]
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def conference(app):
    registry.save_conference(db.session, SYSTEM, symbol_prefix="A/CONF.192/2012/RC",
                             title_fr="Conférence d’examen", title_en="Review Conference")
    for key in COMMITTEE + OTHERS:
        name = key.replace("_", " ").title()
        registry.create_participant(db.session, SYSTEM, key=key, name_fr=name, name_en=name, kind="member_state")
    registry.create_meeting(db.session, SYSTEM, number=1, date="2012-08-27")
    registry.create_meeting(db.session, SYSTEM, number=14, date="2012-09-07")
    db.session.commit()


@pytest.fixture
def users(conference, make_user):
    return {"secretariat": make_user("secretariat")[1], "president": make_user("president")[1],
            "member": make_user("credentials", participant="china")[1],
            "outsider": make_user("credentials", participant="cuba")[1],
            "delegate": make_user("delegate", participant="cuba")[1]}


def ok(response, status=200):
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_the_whole_workflow_over_the_api(client, users, bearer):
    sec, member, pres = bearer(users["secretariat"]), bearer(users["member"]), bearer(users["president"])
    ok(client.post("/api/v1/credentials/committee", json={"meeting": 1, "members": COMMITTEE}, headers=sec), 201)
    ok(client.put("/api/v1/credentials/settings", json={"deadline": "2012-08-27"}, headers=sec))
    for key in FORMAL:
        ok(client.post(f"/api/v1/credentials/states/{key}/receipt", headers=sec, json={
            "category": "formal", "form": "head_of_state_or_government", "received_on": "2012-08-20",
            "representatives": [{"name": "A. Person", "function": "head_of_delegation"}]}), 201)
    for key in PROVISIONAL:
        ok(client.post(f"/api/v1/credentials/states/{key}/receipt", headers=sec,
                       json={"category": "provisional", "form": "copy", "received_on": "2012-08-21"}), 201)
    for key in NOTHING:
        ok(client.post(f"/api/v1/credentials/states/{key}/receipt", headers=sec, json={"category": "none"}), 201)
    upload = client.post("/api/v1/credentials/states/france/files", headers=sec,
                         data={"file": (io.BytesIO(PDF), "credentials.pdf")}, content_type="multipart/form-data")
    file_id = ok(upload, 201)["id"]
    memo = ok(client.post("/api/v1/credentials/memorandum", headers=sec), 201)
    assert memo["counts"]["formal"] == 12 and memo["counts"]["provisional"] == 5 and memo["counts"]["none"] == 3

    challenged = ok(client.post("/api/v1/credentials/states/germany/objection", headers=member,
                                json={"reason": "Not signed by a competent authority"}))
    assert challenged["status"] == "challenged" and challenged["entitled_to_vote"] is True
    assert challenged["objected_by"] == "china"
    assert len(ok(client.post("/api/v1/credentials/examine-all", headers=member))["examined"]) == 16
    draft = ok(client.post("/api/v1/credentials/report", headers=member), 201)
    assert draft["symbol"] == "A/CONF.192/2012/RC/2" and draft["state"] == "draft"
    edited = ok(client.patch("/api/v1/credentials/report", headers=member,
                             json={"resolution_en": draft["resolution_en"] + "\nAs edited."}))
    assert edited["edited"] and edited["resolution_en"].endswith("As edited.")
    ok(client.post("/api/v1/credentials/report/adopt", headers=member))
    public_before = ok(client.get("/api/v1/credentials"))
    assert public_before["states_shown"] is False and public_before["states"] == []
    adopted = ok(client.post("/api/v1/credentials/report/conference-adoption", headers=pres, json={"meeting": 14}))
    assert adopted["state"] == "adopted_by_conference" and adopted["conference_meeting"] == 14

    public = ok(client.get("/api/v1/credentials"))
    assert len(public["committee"]["members"]) == 9
    statuses = {s["key"]: s["status"] for s in public["states"]}
    voters = ok(client.get("/api/v1/credentials/voting-rights"))
    assert statuses["germany"] == "challenged" and statuses["japan"] == "none"
    assert sum(s["entitled_to_vote"] for s in public["states"]) == voters["count"] == 17
    assert adopted["counts"]["formal"] + adopted["counts"]["provisional"] == voters["count"]
    assert adopted["counts"]["entitled_to_vote"] == memo["counts"]["entitled_to_vote"] == voters["count"]
    assert adopted["counts"]["none"] == memo["counts"]["none"] == 3
    meeting = ok(client.get("/api/v1/meetings/14"))
    assert meeting["credentials"]["resolution_adopted"]["report"] == "A/CONF.192/2012/RC/2"

    again = client.post("/api/v1/credentials/report/adopt", headers=member)
    assert again.status_code == 409 and "already" in again.get_json()["error"]
    download = client.get(f"/api/v1/credentials/files/{file_id}", headers=sec)
    assert download.status_code == 200 and download.data == PDF and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    download.close()
    assert client.get(f"/api/v1/credentials/files/{file_id}").status_code == 403
    audit = {e.action for e in db.session.scalars(select(AuditEntry))}
    assert {"credentials.upload", "credentials.conference_adopt", "credentials.settings"} <= audit


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("role,allowed", [("secretariat", True), ("president", False), ("member", False),
                                          ("delegate", False), (None, False)])
def test_receipt_role_matrix(client, users, bearer, role, allowed):
    headers = bearer(users[role]) if role else {}
    response = client.post("/api/v1/credentials/states/cuba/receipt", headers=headers,
                           json={"category": "formal", "form": "minister_for_foreign_affairs",
                                 "received_on": "2012-08-01"})
    assert response.status_code == (201 if allowed else 403 if role else 400)
    assert _count(Credential) == (1 if allowed else 0)


@pytest.mark.parametrize("role,allowed", [("secretariat", True), ("president", False), ("member", True),
                                          ("outsider", False), ("delegate", False)])
def test_objection_role_matrix(client, users, bearer, role, allowed):
    sec = bearer(users["secretariat"])
    ok(client.post("/api/v1/credentials/committee", json={"meeting": 1, "members": COMMITTEE}, headers=sec), 201)
    ok(client.post("/api/v1/credentials/states/france/receipt", headers=sec,
                   json={"category": "formal", "form": "minister_for_foreign_affairs", "received_on": "2012-08-01"}),
       201)
    response = client.post("/api/v1/credentials/states/france/objection", headers=bearer(users[role]),
                           json={"reason": "doubt", "by": "egypt"})
    assert response.status_code == (200 if allowed else 403), response.get_json()
    status = ok(client.get("/api/v1/credentials/states/france", headers=sec))["status"]
    assert status == ("challenged" if allowed else "formal")


@pytest.mark.parametrize("role,allowed", [("secretariat", True), ("president", True), ("member", False),
                                          ("delegate", False)])
def test_conference_adoption_role_matrix(client, users, bearer, role, allowed):
    sec = bearer(users["secretariat"])
    ok(client.post("/api/v1/credentials/committee", json={"meeting": 1, "members": COMMITTEE}, headers=sec), 201)
    ok(client.post("/api/v1/credentials/states/france/receipt", headers=sec,
                   json={"category": "formal", "form": "minister_for_foreign_affairs", "received_on": "2012-08-01"}),
       201)
    ok(client.post("/api/v1/credentials/report", headers=sec), 201)
    ok(client.post("/api/v1/credentials/report/adopt", headers=sec))
    response = client.post("/api/v1/credentials/report/conference-adoption", headers=bearer(users[role]),
                           json={"meeting": 14})
    assert response.status_code == (200 if allowed else 403)
    assert ok(client.get("/api/v1/credentials/report", headers=sec))["conference_meeting"] == (14 if allowed else None)


@pytest.mark.parametrize("role,allowed", [("secretariat", True), ("member", True), ("outsider", False),
                                          ("president", False), ("delegate", False)])
def test_report_drafting_and_adoption_role_matrix(client, users, bearer, role, allowed):
    sec = bearer(users["secretariat"])
    ok(client.post("/api/v1/credentials/committee", json={"meeting": 1, "members": COMMITTEE}, headers=sec), 201)
    ok(client.post("/api/v1/credentials/states/france/receipt", headers=sec, json={"category": "none"}), 201)
    headers = bearer(users[role])
    assert client.post("/api/v1/credentials/report", headers=headers).status_code == (201 if allowed else 403)
    if not allowed:
        ok(client.post("/api/v1/credentials/report", headers=sec), 201)
    assert client.post("/api/v1/credentials/report/adopt", headers=headers).status_code == (200 if allowed else 403)
    assert ok(client.get("/api/v1/credentials/report", headers=sec))["adopted_by_committee"] is allowed


def test_a_delegate_sees_its_own_file_only(client, users, bearer):
    sec = bearer(users["secretariat"])
    ok(client.post("/api/v1/credentials/states/cuba/receipt", headers=sec,
                   json={"category": "provisional", "form": "letter", "received_on": "2012-08-01"}), 201)
    ok(client.post("/api/v1/credentials/states/france/receipt", headers=sec, json={"category": "none"}), 201)
    delegate = bearer(users["delegate"])
    assert ok(client.get("/api/v1/credentials/states/cuba", headers=delegate))["status"] == "provisional"
    assert client.get("/api/v1/credentials/states/france", headers=delegate).status_code == 403
    assert client.get("/api/v1/credentials/states", headers=delegate).status_code == 403
    assert ok(client.get("/api/v1/credentials", headers=delegate))["states"] == []


@pytest.mark.parametrize("payload,name,status,message", [
    (b"", "empty.pdf", 422, "empty"),
    (b"<html><script>alert(1)</script></html>", "credentials.pdf", 422, "not a PDF"),
    (PDF + b"x" * 2000, "big.pdf", 413, "over the limit"),
])
def test_bad_uploads_are_refused_and_nothing_is_kept(app, client, users, bearer, payload, name, status, message):
    app.config["CREDENTIALS_MAX_FILE_BYTES"] = 1000
    sec = bearer(users["secretariat"])
    ok(client.post("/api/v1/credentials/states/cuba/receipt", headers=sec,
                   json={"category": "formal", "form": "minister_for_foreign_affairs", "received_on": "2012-08-01"}),
       201)
    response = client.post("/api/v1/credentials/states/cuba/files", headers=sec,
                           data={"file": (io.BytesIO(payload), name)}, content_type="multipart/form-data")
    assert response.status_code == status and message in response.get_json()["error"]
    assert _count(CredentialFile) == 0


def test_image_upload_and_missing_field(client, users, bearer):
    sec = bearer(users["secretariat"])
    ok(client.post("/api/v1/credentials/states/cuba/receipt", headers=sec,
                   json={"category": "formal", "form": "minister_for_foreign_affairs", "received_on": "2012-08-01"}),
       201)
    kept = ok(client.post("/api/v1/credentials/states/cuba/files", headers=sec,
                          data={"file": (io.BytesIO(PNG), "scan.exe")}, content_type="multipart/form-data"), 201)
    assert kept["media_type"] == "image/png"
    missing = client.post("/api/v1/credentials/states/cuba/files", headers=sec, data={},
                          content_type="multipart/form-data")
    assert missing.status_code == 422 and "file" in missing.get_json()["error"]
    delegate = client.post("/api/v1/credentials/states/cuba/files", headers=bearer(users["delegate"]),
                           data={"file": (io.BytesIO(PDF), "c.pdf")}, content_type="multipart/form-data")
    assert delegate.status_code == 403 and _count(CredentialFile) == 1


def test_bad_receipts_get_clear_errors(client, users, bearer):
    sec = bearer(users["secretariat"])
    cases = [({"category": "formal"}, "form"), ({"category": "maybe"}, "category"),
             ({"category": "formal", "form": "copy", "received_on": "2012-08-01"}, "form"),
             ({"category": "provisional", "form": "copy"}, "received_on"),
             ({"category": "provisional", "form": "copy", "received_on": "2999-01-01"}, "future"),
             ({"category": "none", "representatives": "someone"}, "representatives")]
    for body, word in cases:
        response = client.post("/api/v1/credentials/states/cuba/receipt", headers=sec, json=body)
        assert response.status_code == 422 and word in response.get_json()["error"], body
    assert client.post("/api/v1/credentials/states/atlantis/receipt", headers=sec,
                       json={"category": "none"}).status_code == 404
    assert _count(Credential) == 0


def test_committee_size_is_the_conference_s_and_none_is_assumed(client, users, bearer):
    sec = bearer(users["secretariat"])
    for body in ({"meeting": 1}, {"meeting": 1, "members": []}):
        refused = client.post("/api/v1/credentials/committee", json=body, headers=sec)
        assert refused.status_code == 422 and refused.get_json()["field"] == "members"
    assert "0 members" in client.post("/api/v1/credentials/committee", json={"meeting": 1, "members": []},
                                      headers=sec).get_json()["error"]
    assert ok(client.get("/api/v1/credentials", headers=sec))["committee"]["members"] == []
    three = ok(client.post("/api/v1/credentials/committee", json={"meeting": 1, "members": COMMITTEE[:3]},
                           headers=sec), 201)
    assert len(three["members"]) == 3
    saved = ok(client.put("/api/v1/credentials/settings", headers=sec,
                          json={"committee_meeting_date": "2012-09-04", "presenting_kinds": ["member_state"]}))
    assert saved["committee_meeting_date"] == "2012-09-04" and saved["deadline"] is None
    bad = client.put("/api/v1/credentials/settings", headers=sec, json={"presenting_kinds": ["ngo"]})
    assert bad.status_code == 422 and bad.get_json()["field"] == "presenting_kinds"
