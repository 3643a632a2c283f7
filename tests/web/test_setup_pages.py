"""Setting up the conference from the pages: each form creates its object for the secretariat (with an
audit entry), is refused to other roles without storing anything, and shows a service's refusal on the
form with 422."""
import re

import pytest
from sqlalchemy import func, select

from confmgr.accounts.models import User
from confmgr.core.actor import SYSTEM
from confmgr.core.audit import AuditEntry
from confmgr.extensions import db
from confmgr.registry import services as registry
from confmgr.registry.models import AgendaItem, Document, Group, Meeting, Participant
from tests.web.test_french_interface import WORD, visible_text


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def audited(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action))


@pytest.fixture
def base(app, make_user, bearer):
    registry.save_conference(db.session, SYSTEM, symbol_prefix="A/CONF.192/2012/RC", title_fr="Conférence",
                             title_en="Conference")
    cuba = registry.create_participant(db.session, SYSTEM, name_fr="Cuba", name_en="Cuba", kind="member_state",
                                       regional_group="latin_american_caribbean")
    registry.create_participant(db.session, SYSTEM, name_fr="France", name_en="France", kind="member_state")
    registry.add_agenda_item(db.session, SYSTEM, number="1", title_fr="Ouverture", title_en="Opening")
    registry.add_agenda_item(db.session, SYSTEM, number="10", title_fr="Examen", title_en="Review")
    registry.create_meeting(db.session, SYSTEM, number=1, date="2012-08-27", agenda_items=["1"])
    registry.create_group(db.session, SYSTEM, name_fr="Groupe des États d’Afrique", name_en="African Group")
    db.session.commit()
    return {"secretariat": bearer(make_user("secretariat")[1]), "president": bearer(make_user("president")[1]),
            "delegate": bearer(make_user("delegate", participant="cuba")[1]), "cuba": cuba.id}


def forms(base):
    """(method, url, data, model, audit action) for every mutation form."""
    group_id = db.session.scalar(select(Group.id))
    return [
        ("/participants", {"name_fr": "Égypte", "name_en": "Egypt", "kind": "member_state",
                           "regional_group": "african"}, Participant, "participants.create"),
        (f"/participants/{base['cuba']}/edit", {"name_fr": "Cuba (République de)", "name_en": "Cuba",
                                                "kind": "member_state", "regional_group": "latin_american_caribbean"},
         None, "participants.update"),
        ("/groups", {"name_fr": "MERCOSUR", "name_en": "MERCOSUR", "members": [str(base["cuba"])]}, Group,
         "groups.create"),
        (f"/groups/{group_id}/members", {"members": [str(base["cuba"])]}, None, "groups.members"),
        ("/agenda", {"number": "10", "letter": "a", "title_fr": "Sous-point", "title_en": "Sub-item"}, AgendaItem,
         "agenda.add"),
        ("/meetings", {"number": "2", "date": "2012-08-27", "period": "afternoon", "kind": "plenary",
                       "agenda_items": ["1", "10"]}, Meeting, "meetings.create"),
        ("/meetings/1/agenda-items", {"agenda_items": ["10"]}, None, "meetings.agenda"),
        ("/documents", {"symbol": "A/CONF.192/2012/RC/L.4", "title_fr": "Projet", "title_en": "Draft",
                        "date": "2012-09-05", "kind": "draft", "languages": ["fr", "en"]}, Document,
         "documents.register"),
        ("/conference/edit", {"title_fr": "Deuxième Conférence", "title_en": "Second Conference",
                              "symbol_prefix": "A/CONF.192/2012/RC", "venue_fr": "New York", "venue_en": "New York",
                              "start_date": "2012-08-27", "end_date": "2012-09-07"}, None, "conference.save"),
        ("/users", {"email": "new@example.org", "role": "delegate", "participant": str(base["cuba"])}, User,
         "users.create"),
    ]


def test_each_form_creates_its_object_for_the_secretariat(client, base):
    for url, data, model, action in forms(base):
        before = count(model) if model else None
        response = client.post(url, data=data, headers=base["secretariat"])
        assert response.status_code in (302, 201), (url, response.get_data(as_text=True)[:2000])
        if model:
            assert count(model) == before + 1, url
        assert audited(action) >= 1, url
    db.session.expire_all()
    assert db.session.get(Participant, base["cuba"]).name_fr == "Cuba (République de)"
    assert [p.key for p in registry.find_group(db.session, "mercosur").members] == ["cuba"]
    assert [i.label for i in registry.get_meeting(db.session, 1).agenda_items] == ["10"]
    assert [i.label for i in registry.get_meeting(db.session, 2).agenda_items] == ["1", "10"]
    assert registry.find_agenda_item(db.session, "10 a").title_en == "Sub-item"
    doc = registry.find_document(db.session, "A/CONF.192/2012/RC/L.4")
    assert doc.titles == {"fr": "Projet", "en": "Draft"} and doc.distribution == "limited"
    assert registry.get_conference(db.session).venue_en == "New York"
    # the redirect lands on a page that says what was done
    page = client.get("/participants", headers=base["secretariat"]).get_data(as_text=True)
    assert "Égypte" in page and 'href="/participants/' in page


@pytest.mark.parametrize("role", ["delegate", "president"])
def test_other_roles_are_refused_and_nothing_is_stored(client, base, role):
    entries = count(AuditEntry)
    for url, data, model, _action in forms(base):
        before = count(model) if model else None
        response = client.post(url, data=data, headers=base[role])
        assert response.status_code == 403, url
        if model:
            assert count(model) == before, url
    assert count(AuditEntry) == entries
    assert db.session.get(Participant, base["cuba"]).name_fr == "Cuba"
    for url in ("/conference/edit", "/users", f"/participants/{base['cuba']}/edit"):
        assert client.get(url, headers=base[role]).status_code == 403, url
    # and the pages show them no form
    for url in ("/participants", "/agenda", "/meetings", "/meetings/1", "/documents", "/"):
        page = client.get(url, headers=base[role]).get_data(as_text=True)
        for action in ("/participants", "/groups", "/agenda", "/meetings", "/meetings/1/agenda-items", "/documents"):
            assert f'method="post" action="{action}"' not in page, url
        assert "/conference/edit" not in page and 'href="/users"' not in page


def test_a_malformed_symbol_is_named_on_the_form_and_nothing_is_stored(client, base):
    response = client.post("/documents", headers=base["secretariat"], data={
        "symbol": "A/CONF.192/2012/RC/L.4/Rev.x", "title_fr": "Projet", "languages": ["fr"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    alert = re.search(r'<p class="error" id="d-symbol-error" role="alert">(.*?)</p>', page, re.S)
    assert alert and alert.group(1).startswith("symbol:") and "Rev.x" in alert.group(1)
    assert 'value="A/CONF.192/2012/RC/L.4/Rev.x"' in page and 'value="Projet"' in page
    assert count(Document) == 0 and audited("documents.register") == 0


def test_a_duplicate_participant_is_refused_on_the_form(client, base):
    entries = count(AuditEntry)
    response = client.post("/participants", headers=base["secretariat"], data={
        "name_fr": "Cuba", "name_en": "Cuba", "kind": "member_state"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'role="alert">participant &#39;Cuba&#39; exists already<', page)
    assert count(Participant) == 2 and count(AuditEntry) == entries
    # an htmx post gets the form back with the message, and on success the table out of band
    fragment = client.post("/participants", headers={**base["secretariat"], "HX-Request": "true"}, data={
        "name_fr": "Saint-Siège", "name_en": "Holy See", "kind": "holy_see", "regional_group": "african"})
    text = fragment.get_data(as_text=True)
    assert fragment.status_code == 422 and "<html" not in text and "only States belong" in text
    assert 'id="p-regional_group-error"' in text and count(Participant) == 2
    fragment = client.post("/participants", headers={**base["secretariat"], "HX-Request": "true"}, data={
        "name_fr": "Saint-Siège", "name_en": "Holy See", "kind": "holy_see"})
    text = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and 'hx-swap-oob="true"' in text and "Saint-Siège" in text
    assert count(Participant) == 3


def test_errors_of_other_forms_stay_on_their_form(client, base):
    sec = base["secretariat"]
    response = client.post("/agenda", headers=sec, data={"number": "1", "title_fr": "Encore"})
    assert response.status_code == 422 and "agenda item 1 exists already" in response.get_data(as_text=True)
    response = client.post("/meetings", headers=sec, data={"number": "3", "date": "27/08/2012",
                                                           "period": "morning", "kind": "plenary"})
    assert response.status_code == 422 and 'id="date-error"' in response.get_data(as_text=True)
    response = client.post("/conference/edit", headers=sec, data={
        "title_fr": "Conférence", "title_en": "Conference", "symbol_prefix": "A/CONF", "start_date": "2012-09-07", "end_date": "2012-08-27"})
    assert response.status_code == 422 and 'id="end_date-error"' in response.get_data(as_text=True)
    response = client.post("/users", headers=sec, data={"email": "d@example.org", "role": "delegate"})
    assert response.status_code == 422 and 'id="u-participant-error"' in response.get_data(as_text=True)
    group_id = db.session.scalar(select(Group.id))
    response = client.post(f"/groups/{group_id}/members", headers=sec, data={"members": [str(base["cuba"]), "9999"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "participant &#39;9999&#39; not found" in page
    assert '<details open>' in page and registry.find_group(db.session, group_id).members == []
    assert count(AgendaItem) == 2 and count(Meeting) == 1 and registry.get_conference(db.session).end_date is None
    assert db.session.scalar(select(User).where(User.email == "d@example.org")) is None


def test_the_token_is_shown_once_and_works_on_the_api(client, base, bearer):
    response = client.post("/users", headers=base["secretariat"], data={
        "email": "Ana@example.org", "role": "secretariat", "participant": "", "password": ""})
    assert response.status_code == 201 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    token = re.search(r'id="new-token"[^>]*value="(cm_[^"]+)"', page).group(1)
    assert "will not be shown again" in page or "ne sera plus affiché" in page
    assert audited("users.create") >= 1
    assert client.post("/api/v1/agenda", json={"number": "20", "title_fr": "Vingt", "title_en": "Twenty"},
                       headers=bearer(token + "x")).status_code == 401
    added = client.post("/api/v1/agenda", json={"number": "20", "title_fr": "Vingt", "title_en": "Twenty"}, headers=bearer(token))
    assert added.status_code == 201, added.get_data(as_text=True)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "agenda.add")
                              .order_by(AuditEntry.id.desc()).limit(1))
    assert "ana@example.org" in entry.actor_label
    listing = client.get("/users", headers=base["secretariat"]).get_data(as_text=True)
    assert "ana@example.org" in listing and token not in listing
    # a new token for the same user, shown once the same way; both work
    user_id = db.session.scalar(select(User.id).where(User.email == "ana@example.org"))
    again = client.post(f"/users/{user_id}/token", headers=base["secretariat"])
    second = re.search(r'id="new-token"[^>]*value="(cm_[^"]+)"', again.get_data(as_text=True)).group(1)
    assert again.status_code == 200 and second != token and audited("users.issue_token") == 1
    assert client.post("/api/v1/agenda", json={"number": "21", "title_fr": "Vingt et un", "title_en": "Twenty-one"},
                       headers=bearer(second)).status_code == 201
    assert token not in client.get("/users", headers=base["secretariat"]).get_data(as_text=True)
    assert client.post(f"/users/{user_id}/token", headers=base["delegate"]).status_code == 403
    assert audited("users.issue_token") == 1


def test_the_forms_in_french_have_no_english_labels(client, base):
    found = {}
    for url in ("/participants", f"/participants/{base['cuba']}/edit", "/agenda", "/meetings", "/meetings/1",
                "/documents", "/conference/edit", "/users", "/"):
        page = client.get(url + "?lang=fr", headers=base["secretariat"])
        assert page.status_code == 200, url
        words = set(WORD.findall(visible_text(page.get_data(as_text=True))))
        words |= {w for w in ("Add", "Create", "Register", "Name in", "Title in", "Users", "Languages", "Email")
                  if re.search(rf"(?<![\w-]){w}(?![\w-])", visible_text(page.get_data(as_text=True)))}
        if words:
            found[url] = sorted(words)
    assert found == {}
    english = visible_text(client.get("/participants?lang=en", headers=base["secretariat"]).get_data(as_text=True), "en")
    assert "Add a participant" in english and "Create a group" in english


def test_every_field_has_a_label(client, base):
    for url in ("/participants", "/agenda", "/meetings", "/meetings/1", "/documents", "/conference/edit", "/users"):
        page = client.get(url, headers=base["secretariat"]).get_data(as_text=True)
        ids = re.findall(r'<(?:input|select)\b(?![^>]*type="(?:hidden|checkbox)")[^>]*\bid="([^"]+)"', page)
        for field_id in ids:
            assert f'for="{field_id}"' in page, (url, field_id)
