"""The pages of the 2012 demo conference, in French and in English."""
import pytest

from confmgr.demo import loader
from confmgr.extensions import db


@pytest.fixture
def demo(app):
    loader.load(db.session)
    db.session.commit()


@pytest.mark.parametrize("lang, words", [
    ("fr", ["Séances", "Ordre du jour", "Documents", "1re séance"]),
    ("en", ["Meetings", "Agenda", "Documents", "1st meeting"]),
])
def test_the_home_page_speaks_french_and_english(client, demo, lang, words):
    page = client.get(f"/?lang={lang}").get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    for word in words:
        assert word in page


def test_the_language_switch_is_remembered(client, demo):
    token = client.get("/").get_data(as_text=True).split('name="csrf-token" content="')[1].split('"')[0]
    client.post("/language", data={"lang": "en", "next": "/agenda", "csrf_token": token})
    page = client.get("/agenda").get_data(as_text=True)
    assert '<html lang="en">' in page and "General debate" in page


def test_participants_filter_by_kind_and_group_with_htmx(client, demo):
    page = client.get("/participants?kind=ngo&lang=en", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in page  # a fragment for htmx
    assert "6 participants" in page and "Second Amendment Foundation" in page
    page = client.get("/participants?regional_group=eastern_european&lang=fr",
                      headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Hongrie" in page and "Kenya" not in page


def test_documents_show_their_lineage_and_hide_limited_ones_from_the_public(client, demo):
    page = client.get("/documents?lang=en").get_data(as_text=True)
    assert "A/CONF.192/2012/RC/INF/2" in page
    assert "A/CONF.192/2012/RC/CRP.3/Rev.3" not in page  # Limited: signed-in users only


def test_the_audit_log_is_for_the_secretariat(client, demo, make_user, bearer):
    _, token = make_user("secretariat")
    for action in ("participants.create", "drafts.publish_revision", "bureau.appoint"):
        page = client.get(f"/audit?lang=en&action={action}", headers=bearer(token)).get_data(as_text=True)
        assert action in page
    _, delegate = make_user("delegate", participant="kenya")
    assert client.get("/audit", headers=bearer(delegate)).status_code == 403


def test_user_text_is_escaped(client, make_user, bearer):
    _, token = make_user("secretariat")
    client.post("/api/v1/participants", json={"name_fr": "<script>alert(1)</script>", "kind": "ngo"},
                headers=bearer(token))
    page = client.get("/participants").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
