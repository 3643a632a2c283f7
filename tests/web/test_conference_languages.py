"""A conference declares its languages: only those are required, and a missing one falls back."""
import pytest

from confmgr.accounts.services import create_user
from confmgr.core.actor import SYSTEM
from confmgr.core.lang import text_in
from confmgr.extensions import db
from confmgr.registry.models import Conference, Group, Participant


@pytest.fixture
def api(any_db_app):
    token = create_user(db.session, SYSTEM, "sg@example.org", "secretariat").token
    db.session.commit()
    client = any_db_app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def call(method, url, body=None):
        return getattr(client, method)(url, json=body, headers=headers)

    return call


ENGLISH_ONLY = {"symbol_prefix": "TPNW/MSP/2026", "languages": ["en"],
                "title_en": "First Meeting of States Parties", "venue_en": "Vienna",
                "start_date": "2026-06-21", "end_date": "2026-06-23"}


def test_an_english_only_conference_needs_no_french_field_anywhere(api):
    assert api("put", "/api/v1/conference", ENGLISH_ONLY).status_code == 200
    austria = api("post", "/api/v1/participants", {"name_en": "Austria", "kind": "member_state",
                                                    "regional_group": "western_european_other"})
    assert austria.status_code == 201, austria.get_json()
    chile = api("post", "/api/v1/participants", {"name": "Chile", "kind": "member_state"})
    assert chile.status_code == 201, chile.get_json()
    assert chile.get_json()["name_en"] == "Chile"
    group = api("post", "/api/v1/groups", {"name_en": "Core Group", "behalf_en": "on behalf of the Core Group",
                                           "members": ["Austria", "Chile"]})
    assert group.status_code == 201, group.get_json()
    assert group.get_json()["behalf_en"] == "on behalf of the Core Group"
    assert api("post", "/api/v1/agenda", {"number": "1", "title_en": "Opening"}).status_code == 201
    assert api("post", "/api/v1/meetings", {"number": 1, "date": "2026-06-21", "agenda_items": ["1"]}).status_code == 201
    office = api("post", "/api/v1/bureau/offices", {"key": "president", "title_en": "President"})
    assert office.status_code == 201, office.get_json()
    # A French reader gets the English names: nothing is stored in French.
    listing = api("get", "/api/v1/participants?lang=fr").get_json()
    assert sorted(p["name"] for p in listing) == ["Austria", "Chile"]
    assert all(p["name_fr"] == "" for p in listing)
    conf = db.session.query(Conference).one()
    assert conf.title("fr") == "First Meeting of States Parties" and conf.title_fr == ""


def test_a_language_of_the_conference_is_required_and_named(api):
    assert api("put", "/api/v1/conference", {**ENGLISH_ONLY, "languages": ["en", "es"],
                                              "title_es": "Primera Reunión"}).status_code == 200
    refused = api("post", "/api/v1/participants", {"name_en": "Austria", "kind": "member_state"})
    assert refused.status_code == 422 and refused.get_json()["field"] == "name_es"
    assert "name_es" in refused.get_json()["error"]
    assert db.session.query(Participant).count() == 0
    made = api("post", "/api/v1/participants", {"name_en": "Austria", "name_es": "Austria", "kind": "member_state"})
    assert made.status_code == 201 and made.get_json()["name_es"] == "Austria"
    spanish = api("post", "/api/v1/participants", {"name_en": "Germany", "name_es": "Alemania", "kind": "member_state"})
    assert api("get", "/api/v1/participants/Alemania").get_json()["id"] == spanish.get_json()["id"]
    assert api("get", "/api/v1/participants?lang=es").get_json()[1]["name"] == "Alemania"
    # A conference title missing in one of its languages is refused too.
    refused = api("put", "/api/v1/conference", {"languages": ["en", "ru"]})
    assert refused.status_code == 422 and refused.get_json()["field"] == "title_ru"
    assert db.session.query(Conference).one().languages == ["en", "es"]


@pytest.mark.parametrize("languages", [["xx", 3], ["xx"], [3], [], "en", ["en", "en"]])
def test_unknown_language_codes_are_refused_naming_the_field(api, languages):
    refused = api("put", "/api/v1/conference", {**ENGLISH_ONLY, "languages": languages})
    assert refused.status_code == 422
    assert refused.get_json()["field"] == "languages" and "languages" in refused.get_json()["error"]
    assert db.session.query(Conference).count() == 0


def test_group_names_and_behalf_wordings_are_corrected_per_language(api):
    api("put", "/api/v1/conference", {**ENGLISH_ONLY, "languages": ["en", "fr"], "title_fr": "Première Réunion"})
    made = api("post", "/api/v1/groups", {"name_en": "Core Group", "name_fr": "Groupe central"}).get_json()
    changed = api("patch", f"/api/v1/groups/{made['id']}", {"behalf_fr": "au nom du Groupe central",
                                                             "behalf_en": "on behalf of the Core Group"})
    assert changed.status_code == 200, changed.get_json()
    group = db.session.get(Group, made["id"])
    assert group.behalf("fr") == "au nom du Groupe central" and group.behalf("en") == "on behalf of the Core Group"
    assert api("patch", f"/api/v1/groups/{made['id']}", {"name_fr": ""}).get_json()["field"] == "name_fr"
    assert db.session.get(Group, made["id"]).name_fr == "Groupe central"


def test_the_fallback_order_of_a_missing_language():
    class Named:
        name_fr, name_en, translations = "", "", {"name": {"es": "Alemania", "ru": "Германия"}}

    assert text_in(Named, "name", "ru") == "Германия"
    assert text_in(Named, "name", "fr") == "Alemania"  # no English: Spanish comes next
    Named.name_en = "Germany"
    assert text_in(Named, "name", "fr") == "Germany" and text_in(Named, "name", "zh") == "Germany"
