"""The set-up pages of an English-only conference: only English fields, the CSV preview listing every
row's error before anything is stored, corrections and deletions, statements entered after the fact."""
import io
import re

import pytest
from sqlalchemy import func, select

from confmgr.core.actor import SYSTEM
from confmgr.extensions import db
from confmgr.registry import services as registry
from confmgr.registry.models import AgendaItem, Group, Meeting, Participant
from confmgr.speakers.models import Statement


def count(model):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def sec(app, make_user, bearer):
    registry.save_conference(db.session, SYSTEM, symbol_prefix="MSP/2026", languages=["en"],
                             title_en="Meeting of States Parties")
    registry.create_participant(db.session, SYSTEM, names={"en": "Austria"}, kind="member_state")
    registry.create_group(db.session, SYSTEM, names={"en": "Core Group"})
    registry.add_agenda_item(db.session, SYSTEM, number="1", titles={"en": "Opening"})
    registry.create_meeting(db.session, SYSTEM, number=1, date="2026-06-21", agenda_items=["1"])
    registry.create_meeting(db.session, SYSTEM, number=2, date="2026-06-22")
    db.session.commit()
    return bearer(make_user("secretariat")[1])


def test_the_forms_ask_only_for_the_conference_languages(client, sec):
    for url in ("/conference/edit", "/participants", "/agenda", "/agenda/1/edit"):
        page = client.get(url, headers=sec).get_data(as_text=True)
        assert 'name="name_fr"' not in page and 'name="title_fr"' not in page, url
    assert 'name="title_en"' in client.get("/conference/edit", headers=sec).get_data(as_text=True)
    assert 'name="behalf_en"' in client.get("/participants", headers=sec).get_data(as_text=True)
    added = client.post("/participants", headers=sec, data={"name_en": "Chile", "kind": "member_state"})
    assert added.status_code == 302 and count(Participant) == 2
    group = db.session.scalar(select(Group))
    saved = client.post(f"/groups/{group.id}/edit", headers=sec,
                        data={"name_en": "Core Group", "behalf_en": "on behalf of the Core Group"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Group, group.id).behalf("fr") == "on behalf of the Core Group"
    refused = client.post("/conference/edit", headers=sec, data={"symbol_prefix": "MSP/2026", "title_en": "M",
                                                                 "languages": ["en", "es"]})
    assert refused.status_code == 422 and 'name="title_es"' in refused.get_data(as_text=True)


def test_the_preview_lists_every_error_and_stores_nothing(client, sec):
    rows = "\n".join(f"State {i},member_state,african" for i in range(1, 60))
    bad = "name_en,kind,regional_group\n" + rows.replace("State 12,member_state,african",
                                                         "State 12,member_state,europe") + "\nState 3,member_state,african\n"
    page = client.post("/import", headers=sec, content_type="multipart/form-data", data={
        "table": "participants", "action": "preview", "file": (io.BytesIO(bad.encode()), "p.csv")})
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "europe" in text and "row 3" in text and re.search(r"<td>60</td><td>61</td><td>name_en</td>", text)
    assert count(Participant) == 1
    good = "name_en,kind,regional_group\n" + rows + "\n"
    preview = client.post("/import", headers=sec, content_type="multipart/form-data", data={
        "table": "participants", "action": "preview", "file": (io.BytesIO(good.encode()), "p.csv")})
    assert preview.status_code == 200 and count(Participant) == 1
    content = re.search(r'<textarea name="content"[^>]*>(.*?)</textarea>', preview.get_data(as_text=True), re.S).group(1)
    done = client.post("/import", headers=sec, data={"table": "participants", "action": "import",
                                                     "content": content.replace("&#34;", '"')})
    assert done.status_code == 302 and count(Participant) == 60


def test_items_and_meetings_are_corrected_and_deleted_from_their_pages(client, sec):
    busy = client.post("/agenda/1/delete", headers=sec)
    assert busy.status_code == 409 and "meeting" in busy.get_data(as_text=True) and count(AgendaItem) == 1
    assert client.post("/agenda/1/edit", headers=sec, data={"title_en": "Opening of the meeting"}).status_code == 302
    assert registry.find_agenda_item(db.session, "1").title("en") == "Opening of the meeting"
    assert client.post("/meetings/2/edit", headers=sec, data={"date": "2026-06-23", "period": "afternoon",
                                                              "kind": "informal"}).status_code == 302
    assert registry.get_meeting(db.session, 2).kind == "informal"
    austria = db.session.scalar(select(Participant).where(Participant.key == "austria"))
    group = db.session.scalar(select(Group))
    recorded = client.post("/meetings/1/statements", headers=sec, data={
        "participant": str(austria.id), "on_behalf_of": str(group.id), "agenda_item": "1", "minutes": "6",
        "seconds": "30"})
    assert recorded.status_code == 302
    statement = db.session.scalar(select(Statement))
    assert (statement.duration, statement.on_behalf_of_id, statement.agenda_item.label) == (390, group.id, "1")
    refused = client.post("/meetings/1/statements", headers=sec, data={"participant": "", "minutes": "x"})
    assert refused.status_code == 422 and count(Statement) == 1
    busy = client.post("/meetings/1/delete", headers=sec)
    assert busy.status_code == 409 and "statement" in busy.get_data(as_text=True)
    assert client.post("/meetings/2/delete", headers=sec).status_code == 302 and count(Meeting) == 1


def test_other_roles_cannot_import(client, sec, make_user, bearer):
    president = bearer(make_user("president")[1])
    assert client.get("/import", headers=president).status_code == 403
    refused = client.post("/import", headers=president, data={"table": "participants", "content": "name_en,kind\nX,ngo\n"})
    assert refused.status_code == 403 and count(Participant) == 1
