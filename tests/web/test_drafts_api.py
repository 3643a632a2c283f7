"""The draft API: round trip, refusals that store nothing, the role matrix and reading rights."""
import pytest

from confmgr.core.actor import SYSTEM
from confmgr.core.audit import AuditEntry
from confmgr.drafts.models import AlignmentOverride, ParagraphStatus, Proposal
from confmgr.extensions import db
from confmgr.registry import services as registry
from confmgr.registry.models import Document

from tests.unit.drafts.english_drafts import ORIGINAL, REVISED

BASE = "A/CONF.192/2012/RC/L.9"  # an L. document: Limited distribution
GENERAL = "A/CONF.192/2012/RC/CRP.9"
ROLES = ("secretariat", "president", "credentials", "delegate")


@pytest.fixture
def tokens(make_user, session):
    for name in ("Kenya", "Ghana"):
        registry.create_participant(session, SYSTEM, name_fr=name, name_en=name, kind="member_state",
                                    regional_group="african")
    session.commit()
    made = {role: make_user(role, participant="kenya" if role == "delegate" else None)[1] for role in ROLES}
    made["ghana delegate"] = make_user("delegate", participant="ghana")[1]
    return made


@pytest.fixture
def draft(client, tokens, bearer):
    headers = bearer(tokens["secretariat"])
    for symbol, distribution in ((BASE, None), (GENERAL, "general")):
        response = client.post("/api/v1/documents", json={"symbol": symbol, "title": "Draft outcome", "text": ORIGINAL,
                                                          "language": "en", "distribution": distribution},
                               headers=headers)
        assert response.status_code == 201, response.get_json()
    return client.get(f"/api/v1/documents/{BASE}", headers=headers).get_json()


def wid_of(draft, ref):
    return next(p["wid"] for p in draft["paragraphs"] if p["ref"] == ref)


def stored():
    return tuple(db.session.query(m).count() for m in (Document, AuditEntry, ParagraphStatus, Proposal,
                                                        AlignmentOverride))


def test_create_revise_compare_round_trip(client, tokens, bearer, draft):
    headers = bearer(tokens["secretariat"])
    assert draft["tree"][0]["kind"] == "heading" and draft["distribution"] == "limited"
    assert {"ref": "I.PP2", "kind": "preamble"}.items() <= next(p for p in draft["paragraphs"]
                                                               if p["ref"] == "I.PP2").items()
    response = client.post(f"/api/v1/documents/{BASE}/revisions", json={"text": REVISED}, headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert body["symbol"] == BASE + "/Rev.1" and body["seq"] == 2
    assert body["summary"].startswith("3 paragraphs changed")
    response = client.get(f"/api/v1/compare?from={BASE}&to={BASE}/Rev.1", headers=headers)
    assert response.status_code == 200
    comparison = response.get_json()
    assert comparison["from"] == BASE and comparison["to"] == BASE + "/Rev.1"
    ops = {e["op"] for e in comparison["paragraphs"]}
    assert ops == {"equal", "changed", "inserted", "deleted", "moved"}
    assert all(e["diff"] for e in comparison["paragraphs"])
    assert any(e.get("split_from") == "I.4" for e in comparison["paragraphs"])
    assert any(e.get("merged_into") == "II.B.3" for e in comparison["paragraphs"])
    versions = client.get(f"/api/v1/documents/{BASE}/versions", headers=headers).get_json()
    assert [(v["symbol"], v["brackets"]) for v in versions] == [(BASE, 2), (BASE + "/Rev.1", 0)]


@pytest.mark.parametrize("body, status", [
    ({"text": "Draft outcome document\n\nImplementation plan"}, 422),  # no paragraph
    ({"text": ""}, 422),
    ({}, 422),
    ({"text": 42}, 422),
    ({"text": "1. A lone \ud800 surrogate."}, 422),
    ({"text": REVISED, "symbol": BASE + "/Rev.3"}, 409),  # not the next revision
    ({"text": REVISED, "symbol": BASE + "/Rev.0"}, 422),
])
def test_bad_revisions_are_refused_and_store_nothing(client, tokens, bearer, draft, body, status):
    before = stored()
    response = client.post(f"/api/v1/documents/{BASE}/revisions", json=body, headers=bearer(tokens["secretariat"]))
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]
    assert stored() == before


def test_a_revision_of_an_unknown_base_is_not_found(client, tokens, bearer, draft):
    before = stored()
    response = client.post("/api/v1/documents/A/CONF.192/2012/RC/L.77/revisions", json={"text": REVISED},
                           headers=bearer(tokens["secretariat"]))
    assert response.status_code == 404 and "L.77" in response.get_json()["error"]
    assert stored() == before


def test_a_text_over_the_size_limit_is_refused(app, client, tokens, bearer, draft):
    app.config["MAX_DRAFT_CHARS"] = 500
    before = stored()
    response = client.post(f"/api/v1/documents/{BASE}/revisions", json={"text": REVISED},
                           headers=bearer(tokens["secretariat"]))
    assert response.status_code == 413 and "500" in response.get_json()["error"]
    response = client.post("/api/v1/documents", json={"symbol": "A/CONF.192/2012/RC/L.10", "title": "T",
                                                      "text": REVISED}, headers=bearer(tokens["secretariat"]))
    assert response.status_code == 413
    assert stored() == before


@pytest.mark.parametrize("raw", [b'{"symbol": "A/CONF.192/2012/RC/L.10", "title": "T", "text": "1. Caf\xe9."}',
                                 b'{"symbol": "A/CONF.192/2012/RC/L.10", "title": "T", "text": "1. ok.'])
def test_a_body_that_is_not_utf8_json_is_refused(client, tokens, bearer, draft, raw):
    before = stored()
    response = client.post("/api/v1/documents", data=raw, headers={**bearer(tokens["secretariat"]),
                                                                   "Content-Type": "application/json"})
    assert response.status_code == 400 and "UTF-8" in response.get_json()["error"]
    assert stored() == before


def test_a_text_that_yields_no_paragraph_creates_nothing(client, tokens, bearer):
    before = stored()
    response = client.post("/api/v1/documents", json={"symbol": "A/CONF.192/2012/RC/L.10", "title": "T",
                                                      "text": "Draft outcome\n\nAnnex"},
                           headers=bearer(tokens["secretariat"]))
    assert response.status_code == 422 and "no paragraph" in response.get_json()["error"]
    assert stored() == before


def mutations(draft):
    wid = wid_of(draft, "I.3")
    return {
        "publish": ("post", f"/api/v1/documents/{BASE}/revisions", {"text": REVISED}),
        "status": ("put", f"/api/v1/documents/{BASE}/paragraphs/{wid}/status", {"status": "bracketed"}),
        "proposal": ("post", f"/api/v1/documents/{BASE}/paragraphs/{wid}/proposals", {"text": "Say 'call upon'."}),
        "override": ("post", f"/api/v1/documents/{BASE}/alignment-overrides",
                     {"old_wid": wid, "new_wid": wid_of(draft, "I.4"), "kind": "forbid"}),
    }


ALLOWED = {"publish": {"secretariat"}, "status": {"secretariat"}, "override": {"secretariat"},
           "proposal": {"secretariat", "delegate"}}


@pytest.mark.parametrize("route", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES + ("public",))
def test_role_matrix_of_draft_mutations(client, tokens, bearer, draft, route, role):
    method, url, body = mutations(draft)[route]
    if route == "proposal" and role == "secretariat":
        body = {**body, "participant": "kenya"}
    headers = bearer(tokens[role]) if role != "public" else {}
    before = stored()
    response = getattr(client, method)(url, json=body, headers=headers)
    if role in ALLOWED[route]:
        assert response.status_code in (200, 201), response.get_json()
        assert stored() != before
    else:
        assert response.status_code in (400, 403), response.get_json()  # the public is stopped by CSRF
        assert "error" in response.get_json()
        assert stored() == before


def test_a_delegate_proposes_only_for_its_own_delegation(client, tokens, bearer, draft):
    url = f"/api/v1/documents/{BASE}/paragraphs/{wid_of(draft, 'I.3')}/proposals"
    before = stored()
    response = client.post(url, json={"text": "x", "participant": "ghana"}, headers=bearer(tokens["delegate"]))
    assert response.status_code == 403
    assert stored() == before
    response = client.post(url, json={"text": "Use 'call upon'."}, headers=bearer(tokens["ghana delegate"]))
    assert response.status_code == 201 and response.get_json()["participant"]["name"] == "Ghana"
    listed = client.get(f"/api/v1/documents/{BASE}/proposals", headers=bearer(tokens["delegate"])).get_json()
    assert [p["participant"]["name"] for p in listed[wid_of(draft, "I.3")]] == ["Ghana"]


def test_public_reads_general_documents_only(client, tokens, bearer, draft):
    assert client.get(f"/api/v1/documents/{GENERAL}").status_code == 200
    assert client.get(f"/api/v1/compare?from={GENERAL}&to={GENERAL}").status_code == 200
    for url in (f"/api/v1/documents/{BASE}", f"/api/v1/compare?from={BASE}&to={BASE}",
                f"/api/v1/documents/{BASE}/versions", f"/api/v1/compare?from={GENERAL}&to={BASE}"):
        response = client.get(url)
        assert response.status_code == 403 and "sign in" in response.get_json()["error"], url
        assert client.get(url, headers=bearer(tokens["delegate"])).status_code == 200
    assert [d["symbol"] for d in client.get("/api/v1/documents").get_json()] == [GENERAL]


def test_compare_needs_two_known_symbols(client, tokens, bearer, draft):
    headers = bearer(tokens["delegate"])
    assert client.get(f"/api/v1/compare?from={BASE}", headers=headers).status_code == 422
    assert client.get(f"/api/v1/compare?from={BASE}&to={BASE}/Rev.4", headers=headers).status_code == 404
    assert client.get(f"/api/v1/compare?from={BASE}&to=not a symbol", headers=headers).status_code == 422
