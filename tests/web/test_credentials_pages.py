"""The credentials pages: board, Committee view, a State's file, the delegate's own file, the public list."""
from __future__ import annotations

import io

import pytest

from confmgr.core.actor import SYSTEM
from confmgr.credentials import services
from confmgr.extensions import db
from confmgr.registry import services as registry

COMMITTEE = ["china", "costa_rica", "egypt", "italy", "maldives", "panama", "russian_federation", "senegal",
             "united_states"]


@pytest.fixture
def setup(app, make_user):
    registry.save_conference(db.session, SYSTEM, symbol_prefix="A/CONF.192/2012/RC", title_fr="Conférence",
                             title_en="Conference")
    for key in COMMITTEE + ["cuba", "france"]:
        name = key.replace("_", " ").title()
        registry.create_participant(db.session, SYSTEM, key=key, name_fr=name, name_en=name, kind="member_state")
    registry.create_meeting(db.session, SYSTEM, number=1, date="2012-08-27")
    registry.create_meeting(db.session, SYSTEM, number=14, date="2012-09-07")
    services.appoint_committee(db.session, SYSTEM, meeting_number=1, members_refs=COMMITTEE)
    services.update_settings(db.session, SYSTEM, deadline="2012-08-20")
    db.session.commit()
    return {"secretariat": make_user("secretariat")[1], "member": make_user("credentials", participant="egypt")[1],
            "delegate": make_user("delegate", participant="cuba")[1]}


def test_board_with_counts_deadline_warnings_and_fragment(client, setup, bearer):
    sec = bearer(setup["secretariat"])
    response = client.post("/credentials/receipt", headers=sec, data={
        "participant": "cuba", "category": "provisional", "form": "note_verbale", "received_on": "2012-08-10",
        "representatives": "head_of_delegation: Ana <b>Pérez</b>\nadviser: Luis Gómez"})
    assert response.status_code == 302
    page = client.get("/credentials/", headers=sec)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Cuba" in html and 'id="credentials-board"' in html
    assert "overdue" in html or "retard" in html
    fragment = client.get("/credentials/?status=provisional", headers={**sec, "HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and "Cuba" in text and "France" not in text
    state = client.get("/credentials/states/cuba", headers=sec).get_data(as_text=True)
    assert "Ana &lt;b&gt;Pérez&lt;/b&gt;" in state and "<b>Pérez" not in state


def test_committee_view_and_the_workflow_through_forms(client, setup, bearer):
    sec, member = bearer(setup["secretariat"]), bearer(setup["member"])
    for key in ("cuba", "france"):
        client.post("/credentials/receipt", headers=sec, data={
            "participant": key, "category": "formal", "form": "minister_for_foreign_affairs",
            "received_on": "2012-08-10"})
    assert client.post("/credentials/memorandum", headers=sec).status_code == 302
    assert client.post("/credentials/states/france/objection", headers=member, data={"reason": "doubt"}).status_code == 302
    assert client.post("/credentials/examine-all", headers=member).status_code == 302
    assert client.post("/credentials/report", headers=member, data={}).status_code == 302
    assert client.post("/credentials/report/adopt", headers=member).status_code == 302
    again = client.post("/credentials/report/adopt", headers=member)
    assert again.status_code == 409
    assert client.post("/credentials/report/conference-adoption", headers=sec, data={"meeting": "14"}).status_code == 302
    html = client.get("/credentials/committee", headers=member).get_data(as_text=True)
    assert "A/CONF.192/2012/RC/2" in html and "France" in html
    public = client.get("/credentials/list").get_data(as_text=True)
    assert "Cuba" in public and "Egypt" in public


def test_delegate_sees_its_own_file_and_nothing_else(client, setup, bearer):
    delegate = bearer(setup["delegate"])
    services.record_receipt(db.session, SYSTEM, "cuba", category="none")
    db.session.commit()
    mine = client.get("/credentials/mine", headers=delegate)
    assert mine.status_code == 302 and mine.headers["Location"].endswith("/credentials/states/cuba")
    assert client.get("/credentials/states/cuba", headers=delegate).status_code == 200
    assert client.get("/credentials/states/france", headers=delegate).status_code == 403
    assert client.get("/credentials/", headers=delegate).status_code == 403
    assert client.get("/credentials/committee", headers=delegate).status_code == 403
    denied = client.post("/credentials/receipt", headers=delegate, data={"participant": "cuba", "category": "formal",
                                                                         "form": "copy"})
    assert denied.status_code == 403
    assert services.credentials_status(db.session, registry.find_participant(db.session, "cuba").id) == "none"


def test_public_list_waits_for_the_conference(client, setup):
    services.record_receipt(db.session, SYSTEM, "cuba", category="none")
    db.session.commit()
    html = client.get("/credentials/list").get_data(as_text=True)
    assert "Egypt" in html and "Cuba" not in html


def test_page_upload_refuses_a_disguised_file(client, setup, bearer):
    sec = bearer(setup["secretariat"])
    services.record_receipt(db.session, SYSTEM, "cuba", category="formal",
                            form="minister_for_foreign_affairs", received_on="2012-08-01")
    db.session.commit()
    bad = client.post("/credentials/states/cuba/files", headers=sec, content_type="multipart/form-data",
                      data={"file": (io.BytesIO(b"GIF89a..."), "scan.pdf")})
    assert bad.status_code == 422 and "PDF" in bad.get_data(as_text=True)
    good = client.post("/credentials/states/cuba/files", headers=sec, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(b"\xff\xd8\xff\xe0 jpeg"), "scan.jpg")})
    assert good.status_code == 302
    page = client.get("/credentials/states/cuba", headers=sec).get_data(as_text=True)
    assert "image/jpeg" in page and page.count("scan.") == 1
