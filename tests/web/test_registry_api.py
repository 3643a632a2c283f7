"""The registry API: the role matrix of every mutation and the refusals of bad input."""
import pytest

from confmgr.core.audit import AuditEntry
from confmgr.extensions import db
from confmgr.registry.models import Document, Meeting, Participant

ROLES = ("secretariat", "president", "credentials", "delegate")


@pytest.fixture
def tokens(make_user, session):
    from confmgr.core.actor import SYSTEM
    from confmgr.registry import services

    services.create_participant(session, SYSTEM, name_fr="Kenya", name_en="Kenya", kind="member_state",
                                regional_group="african")
    services.add_agenda_item(session, SYSTEM, number="12", title_fr="Débat général")
    session.commit()
    return {role: make_user(role, participant="kenya" if role == "delegate" else None)[1] for role in ROLES}


MUTATIONS = [
    ("post", "/api/v1/participants", {"name_fr": "Chine", "name_en": "China", "kind": "member_state"}, Participant),
    ("post", "/api/v1/meetings", {"number": 1, "date": "2012-08-27", "agenda_items": ["12"]}, Meeting),
    ("post", "/api/v1/documents", {"symbol": "A/CONF.192/2012/RC/1", "title": "Rapport"}, Document),
]


@pytest.mark.parametrize("method, url, body, model", MUTATIONS)
@pytest.mark.parametrize("role", ROLES + ("public",))
def test_role_matrix_of_registry_mutations(client, tokens, bearer, role, method, url, body, model):
    headers = bearer(tokens[role]) if role != "public" else {}
    before = db.session.query(model).count()
    response = getattr(client, method)(url, json=body, headers=headers)
    if role == "secretariat":
        assert response.status_code == 201, response.get_json()
        assert db.session.query(model).count() == before + 1
    else:
        assert response.status_code in (400, 403)  # the public has no token: refused before the service
        assert "error" in response.get_json()
        assert db.session.query(model).count() == before


def test_a_malformed_symbol_is_refused_naming_the_wrong_part(client, tokens, bearer):
    response = client.post("/api/v1/documents", json={"symbol": "A/CONF.192/2012/RC/L.4/Rev.0", "title": "x"},
                           headers=bearer(tokens["secretariat"]))
    assert response.status_code == 422
    body = response.get_json()
    assert body["part"] == "modifier" and "Rev.0" in body["error"]
    assert db.session.query(Document).count() == 0


def test_a_duplicate_symbol_is_a_conflict_and_changes_nothing(client, tokens, bearer):
    headers = bearer(tokens["secretariat"])
    body = {"symbol": "A/CONF.192/2012/RC/INF/2", "title": "Liste des participants"}
    assert client.post("/api/v1/documents", json=body, headers=headers).status_code == 201
    response = client.post("/api/v1/documents", json={**body, "title": "Autre"}, headers=headers)
    assert response.status_code == 409
    assert db.session.query(Document).one().title() == "Liste des participants"


def test_unknown_objects_are_404(client, tokens, bearer):
    headers = bearer(tokens["secretariat"])
    assert client.get("/api/v1/meetings/99", headers=headers).status_code == 404
    assert client.get("/api/v1/documents/A/CONF.192/2012/RC/L.99", headers=headers).status_code == 404
    assert client.get("/api/v1/participants/atlantis", headers=headers).get_json()["error"]


def test_a_body_over_the_limit_is_413_and_stores_nothing(app, client, tokens, bearer):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = client.post("/api/v1/participants", data='{"name_fr": "' + "x" * 20_000 + '"}',
                           content_type="application/json", headers=bearer(tokens["secretariat"]))
    assert response.status_code == 413
    assert "too large" in response.get_json()["error"]
    assert db.session.query(Participant).count() == 1


def test_invalid_json_and_a_bad_token_get_clear_errors(client, tokens, bearer):
    response = client.post("/api/v1/participants", data=b"\xff\xfe{", content_type="application/json",
                           headers=bearer(tokens["secretariat"]))
    assert response.status_code == 400 and "JSON" in response.get_json()["error"]
    response = client.post("/api/v1/participants", json={}, headers=bearer("cm_not-a-token"))
    assert response.status_code == 401 and "token" in response.get_json()["error"]


def test_every_accepted_mutation_is_in_the_audit_log(client, tokens, bearer):
    client.post("/api/v1/participants", json={"name_fr": "Chine", "name_en": "China", "kind": "member_state"},
                headers=bearer(tokens["secretariat"]))
    entry = db.session.query(AuditEntry).filter_by(action="participants.create").order_by(AuditEntry.id.desc()).first()
    assert entry.after["name_fr"] == "Chine" and entry.actor_role == "secretariat"


def test_participants_filter_by_kind_and_regional_group(client, tokens, bearer):
    headers = bearer(tokens["secretariat"])
    client.post("/api/v1/participants", json={"name_fr": "Amnesty", "kind": "ngo"}, headers=headers)
    kinds = {p["name"]: p["kind"] for p in client.get("/api/v1/participants").get_json()}
    assert kinds == {"Kenya": "member_state", "Amnesty": "ngo"}
    african = client.get("/api/v1/participants?regional_group=african").get_json()
    assert [p["name"] for p in african] == ["Kenya"]
