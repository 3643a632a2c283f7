"""The report's settings and added paragraphs through the API and the page."""
import pytest

from confmgr.core.actor import SYSTEM
from confmgr.extensions import db
from confmgr.procedure import services as procedure
from confmgr.registry import services as registry


@pytest.fixture
def tokens(app, make_user):
    s = db.session
    registry.save_conference(s, SYSTEM, symbol_prefix="ATT/CSP.11/2026", title_fr="Conference", title_en="Conference")
    registry.create_participant(s, SYSTEM, name_fr="Kenya", name_en="Kenya", kind="member_state")
    registry.add_agenda_item(s, SYSTEM, number="6", title_fr="Report", title_en="Report")
    registry.create_meeting(s, SYSTEM, number=1, date="2026-08-28", agenda_items=["6"])
    procedure.record_decision(s, SYSTEM, 1, "final_documents", "consensus", documents=["ATT/CSP.11/2026/L.6"])
    procedure.record_decision(s, SYSTEM, 1, "report", "consensus", document="ATT/CSP.11/2026/L.7")
    s.commit()
    return {role: make_user(role, participant="kenya" if role == "delegate" else None)[1]
            for role in ("secretariat", "delegate")}


def final_paragraph(client, headers, lang="en") -> str:
    blocks = client.get(f"/api/v1/report?lang={lang}", headers=headers).get_json()["blocks"]
    return next(b["text"] for b in blocks if b["key"] == "adoption.final")


def test_the_addressee_is_a_setting(client, tokens, bearer):
    sec = bearer(tokens["secretariat"])
    assert final_paragraph(client, sec).endswith("its report to the General Assembly.")
    assert "adopted by consensus the final document." in final_paragraph(client, sec)
    saved = client.put("/api/v1/report/settings", headers=sec, json={"addressee": "Meeting of States Parties"})
    assert saved.status_code == 200 and saved.get_json()["addressee"] == "meeting_of_states_parties"
    assert final_paragraph(client, sec).endswith("its report to the Meeting of States Parties.")
    assert final_paragraph(client, sec, "fr").endswith("le rapport qu’elle présentera à la Réunion des États parties.")
    client.put("/api/v1/report/settings", headers=sec, json={"addressee": None})
    assert final_paragraph(client, sec).endswith("adopted by consensus its report.")
    client.put("/api/v1/report/settings", headers=sec,
               json={"addressee": {"en": "the Review Conference", "fr": "la Conférence d’examen"}})
    assert final_paragraph(client, sec).endswith("its report to the Review Conference.")
    bad = client.put("/api/v1/report/settings", headers=sec, json={"addressee": 7})
    assert bad.status_code == 422 and bad.get_json()["field"] == "addressee"
    assert client.get("/api/v1/report/settings", headers=sec).get_json()["addressee"] == {
        "en": "the Review Conference", "fr": "la Conférence d’examen"}
    symbol = client.get("/api/v1/report?lang=en", headers=sec).get_json()["symbol"]
    assert symbol == "ATT/CSP.11/2026/1"


def test_the_secretariat_adds_a_paragraph_over_the_api_and_the_page(client, tokens, bearer):
    sec, delegate = bearer(tokens["secretariat"]), bearer(tokens["delegate"])
    added = client.post("/api/v1/report/paragraphs/en", headers=sec, json={"text": "The Conference thanked Kenya."})
    assert added.status_code == 201
    body = added.get_json()
    blocks = client.get("/api/v1/report?lang=en", headers=sec).get_json()["blocks"]
    paras = [b for b in blocks if b["kind"] == "para"]
    assert paras[-1]["key"] == body["key"] and paras[-1]["text"] == "The Conference thanked Kenya."
    assert body["label"] == paras[-1]["label"] == f"{len(paras)}."
    assert client.post("/api/v1/report/paragraphs/en", headers=delegate, json={"text": "No."}).status_code == 403
    bad = client.post("/api/v1/report/paragraphs/en", headers=sec, json={"text": "X", "after": "nowhere"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "after"
    assert client.post("/api/v1/report/paragraphs/xx", headers=sec, json={"text": "X"}).status_code == 422
    page = client.post("/report/paragraphs/add", headers=sec,
                       data={"lang": "en", "text": "Before the last one.", "after": "adoption.final"})
    assert page.status_code == 303
    keys = [b["key"] for b in client.get("/api/v1/report?lang=en", headers=sec).get_json()["blocks"]
            if b["kind"] == "para"]
    assert keys[-3:] == ["adoption.final", keys[-2], body["key"]] and keys[-2].startswith("added.")
    assert client.delete(f"/api/v1/report/paragraphs/en/{body['key']}", headers=sec).status_code == 204
    keys = [b["key"] for b in client.get("/api/v1/report?lang=en", headers=sec).get_json()["blocks"] if b["key"]]
    assert body["key"] not in keys
    page = client.get("/report?lang=en", headers=sec).get_data(as_text=True)
    assert "Add a paragraph" in page and 'name="after"' in page
    assert "Add a paragraph" not in client.get("/report?lang=en", headers=delegate).get_data(as_text=True)
