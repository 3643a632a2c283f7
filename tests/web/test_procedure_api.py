"""The procedure and Bureau API and pages: role matrix, refusals that store nothing, the Bureau, the meeting."""
import pytest
from sqlalchemy import func, select

from confmgr.core.actor import SYSTEM
from confmgr.core.audit import AuditEntry
from confmgr.extensions import db
from confmgr.registry import services as registry

ROLES = ("secretariat", "president", "credentials", "delegate")


@pytest.fixture
def setup(app, make_user):
    s = db.session
    for name, group in (("Algeria", "african"), ("Egypt", "african"), ("Ghana", "african"), ("Brazil", "latin_american_caribbean")):
        registry.create_participant(s, SYSTEM, name_fr=name, name_en=name, kind="member_state", regional_group=group)
    registry.create_participant(s, SYSTEM, name_fr="Saint-Siège", name_en="Holy See", kind="holy_see")
    registry.add_agenda_item(s, SYSTEM, number="7", title_fr="Ordre du jour", title_en="Agenda")
    registry.create_meeting(s, SYSTEM, number=1, date="2012-08-27", agenda_items=["7"])
    s.commit()
    algeria = registry.find_participant(s, "Algeria")
    return {role: make_user(role, participant=algeria.id if role == "delegate" else None)[1] for role in ROLES}


def _audit_count():
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


MUTATIONS = [
    ("post", "/api/v1/rules/import", {"text": "Rule 1\nQuorum\nOne third."}, {"secretariat"}),
    ("patch", "/api/v1/procedure", {"parameters": {"quorum_open": 0.25}}, {"secretariat"}),
    ("post", "/api/v1/meetings/1/motions", {"kind": "proposal", "subject": "agenda"}, {"secretariat", "president"}),
    ("post", "/api/v1/meetings/1/decisions", {"subject": "agenda", "agenda_item": "7"}, {"secretariat", "president"}),
    ("post", "/api/v1/bureau/offices", {"key": "rapporteur", "title_en": "Rapporteur"}, {"secretariat"}),
    ("post", "/api/v1/bureau/appointments", {"role": "facilitator", "person": "A. B."}, {"secretariat", "president"}),
]


@pytest.mark.parametrize("method, url, body, allowed", MUTATIONS)
def test_role_matrix(client, setup, bearer, method, url, body, allowed):
    for role in ROLES:
        before = _audit_count()
        response = getattr(client, method)(url, json=body, headers=bearer(setup[role]))
        if role in allowed:
            assert response.status_code in (200, 201), (role, response.get_json())
        else:
            assert response.status_code == 403, role
            assert _audit_count() == before
    public = getattr(client, method)(url, json=body)
    assert public.status_code in (400, 403)


def test_president_runs_a_procedural_vote_and_the_meeting_shows_it(client, setup, bearer):
    h = bearer(setup["president"])
    motion = client.post("/api/v1/meetings/1/motions", json={"kind": "adjourn_debate", "agenda_item": "7"}, headers=h)
    assert motion.status_code == 201 and motion.get_json()["ruling"]["majority"] == "procedural"
    assert motion.get_json()["ruling"]["threshold"] == {"fraction": "1/2", "rule": "more_than",
                                                        "base": "present_and_voting"}
    mid = motion.get_json()["id"]
    for who, side in (("Algeria", "for"), ("Egypt", "for"), ("Ghana", "against"), ("Brazil", "against")):
        assert client.post(f"/api/v1/motions/{mid}/speakers", json={"participant": who, "side": side}, headers=h).status_code == 201
    third = client.post(f"/api/v1/motions/{mid}/speakers", json={"participant": "Holy See", "side": "for"}, headers=h)
    assert third.status_code == 422
    vote = client.post(f"/api/v1/motions/{mid}/votes", json={"kind": "recorded"}, headers=h).get_json()
    observer = client.post(f"/api/v1/votes/{vote['id']}/entries", json={"participant": "Holy See", "position": "yes"}, headers=h)
    assert observer.status_code == 422 and "may not vote" in observer.get_json()["error"]
    for who, pos in (("Algeria", "yes"), ("Egypt", "yes"), ("Ghana", "no"), ("Brazil", "abstain")):
        client.post(f"/api/v1/votes/{vote['id']}/entries", json={"participant": who, "position": pos}, headers=h)
    result = client.post(f"/api/v1/votes/{vote['id']}/close", json={}, headers=h)
    assert result.status_code == 201
    assert result.get_json()["votes"] == {
        "majority": "procedural", "yes": 2, "no": 1, "abstain": 1, "present": 4, "present_and_voting": 3,
        "required": 2, "result": "adopted",
        "threshold": {"fraction": "1/2", "rule": "more_than", "base": "present_and_voting", "base_count": 3},
        "explanation": "More than half of 3 present and voting: 2 required; 2 in favour: adopted"}
    meeting = client.get("/api/v1/meetings/1").get_json()
    assert meeting["decisions"][0]["result"] == "adopted" and meeting["decisions"][0]["how"] == "recorded_vote"
    page = client.get("/meetings/1/decisions")
    assert page.status_code == 200 and "ajournement du débat" in page.get_data(as_text=True)


def test_motion_out_of_order_is_refused_and_nothing_stored(client, setup, bearer):
    h = bearer(setup["president"])
    before = _audit_count()
    response = client.post("/api/v1/meetings/1/motions", json={"kind": "close_debate"}, headers=h)
    assert response.status_code == 409 and "out of order" in response.get_json()["error"]
    assert _audit_count() == before
    assert client.get("/api/v1/meetings/1/motions").get_json() == []


def test_frozen_rules_refuse_a_change_without_a_decision(client, setup, bearer):
    h = bearer(setup["secretariat"])
    client.post("/api/v1/meetings/1/decisions", json={"subject": "rules_of_procedure", "document": "A/CONF.192/2012/RC/L.2"},
                headers=bearer(setup["president"]))
    response = client.patch("/api/v1/procedure", json={"parameters": {"quorum_open": 0.25}}, headers=h)
    assert response.status_code == 409 and "decision" in response.get_json()["error"]
    params = client.get("/api/v1/procedure").get_json()
    assert params["frozen"] and params["parameters"]["quorum_open"] == pytest.approx(1 / 3)


def test_bureau_election_by_acclamation_and_the_bureau_json(client, setup, bearer):
    s = bearer(setup["secretariat"])
    client.post("/api/v1/bureau/offices", json={"key": "president", "title_en": "President", "title_fr": "Président"}, headers=s)
    client.put("/api/v1/bureau/distribution", json={"distribution": {"african": 1}}, headers=s)
    c = client.post("/api/v1/bureau/candidacies", json={"office": "president", "participant": "Algeria",
                                                        "recommended_by_en": "decision I of the Preparatory Committee"}, headers=s)
    assert c.status_code == 201
    e = client.post("/api/v1/elections", json={"office": "president", "meeting": 1}, headers=bearer(setup["president"]))
    eid = e.get_json()["id"]
    bad = client.post(f"/api/v1/elections/{eid}/ballots", json={"votes": {"Algeria": 3}, "ballots_cast": 3}, headers=s)
    assert bad.status_code == 409 and "acclamation" in bad.get_json()["error"]
    done = client.post(f"/api/v1/elections/{eid}/acclamation", json={}, headers=bearer(setup["president"]))
    assert done.get_json()["elected"] == ["Algeria"]
    bureau = client.get("/api/v1/bureau").get_json()
    assert bureau["offices"][0]["holders"][0]["participant"] == "Algeria"
    assert bureau["balance"] == [{"regional_group": "african", "agreed": 1, "held": 1, "difference": 0, "status": "ok"}]
    page = client.get("/bureau")
    assert page.status_code == 200 and b"Algeria" in page.data


def test_rules_are_searchable(client, setup, bearer):
    client.post("/api/v1/rules/import", json={"text": "Rule 1\nQuorum\nOne third present.\nRule 2\nSpeeches\nAsk first."},
                headers=bearer(setup["secretariat"]))
    found = client.get("/api/v1/rules?q=quorum").get_json()["rules"]
    assert [r["number"] for r in found] == ["1"]
    page = client.get("/rules?q=speeches")
    assert b"Ask first." in page.data and b"One third present." not in page.data
    assert client.get("/procedure/parameters").status_code == 200
