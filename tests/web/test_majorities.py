"""Majorities set as fractions through the API and the parameters page, and a vote decided by them."""
import pytest

from confmgr.core.actor import SYSTEM
from confmgr.extensions import db
from confmgr.procedure.settings import current_parameters
from confmgr.registry import services as registry

STATES = ("Algeria", "Egypt", "Ghana", "Brazil")


@pytest.fixture
def tokens(app, make_user):
    s = db.session
    for name in STATES:
        registry.create_participant(s, SYSTEM, name_fr=name, name_en=name, kind="member_state")
    registry.add_agenda_item(s, SYSTEM, number="7", title_fr="Examen", title_en="Review")
    registry.create_meeting(s, SYSTEM, number=1, date="2030-03-02", agenda_items=["7"])
    s.commit()
    return {role: make_user(role)[1] for role in ("secretariat", "president")}


def test_three_fourths_on_substance_decides_a_vote_and_explains_it(client, tokens, bearer):
    sec, pres = bearer(tokens["secretariat"]), bearer(tokens["president"])
    patched = client.patch("/api/v1/procedure", headers=sec, json={"parameters": {"majorities": {
        "substance": {"fraction": "3/4", "rule": "at_least", "base": "present_and_voting"}}}})
    assert patched.status_code == 200
    majorities = patched.get_json()["parameters"]["majorities"]
    assert majorities["substance"] == {"fraction": "3/4", "rule": "at_least", "base": "present_and_voting"}
    assert majorities["procedural"]["fraction"] == "1/2"  # the others are kept
    motion = client.post("/api/v1/meetings/1/motions", headers=pres, json={
        "kind": "proposal", "matter": "substance", "subject": "final_documents", "agenda_item": "7"}).get_json()
    assert motion["ruling"]["threshold"]["fraction"] == "3/4"
    client.post(f"/api/v1/motions/{motion['id']}/consensus-exhausted", headers=pres)
    vote = client.post(f"/api/v1/motions/{motion['id']}/votes", headers=pres, json={"kind": "non_recorded"}).get_json()
    closed = client.post(f"/api/v1/votes/{vote['id']}/close", headers=pres, json={"yes": 2, "no": 1, "abstain": 1})
    body = closed.get_json()
    assert closed.status_code == 201 and body["result"] == "rejected"
    assert body["votes"]["required"] == 3 and body["votes"]["result"] == "rejected"
    assert body["votes"]["explanation"] == "Three-fourths of 3 present and voting: 3 required; 2 in favour: rejected"
    page = client.get("/meetings/1/decisions", headers=pres).get_data(as_text=True)
    assert "Les trois quarts des 3 présents et votants : 3 requis ; 2 pour : rejeté" in page


@pytest.mark.parametrize("threshold, field", [
    ({"fraction": "4/3", "rule": "at_least"}, "majorities.substance.fraction"),
    ({"fraction": "0/5", "rule": "at_least"}, "majorities.substance.fraction"),
    ({"fraction": "abc"}, "majorities.substance.fraction"),
    ({"fraction": "2/3", "rule": "mostly"}, "majorities.substance.rule"),
    ({"fraction": "2/3", "base": "everybody"}, "majorities.substance.base"),
])
def test_a_bad_threshold_is_refused_naming_the_field_and_nothing_changes(client, tokens, bearer, threshold, field):
    before = current_parameters(db.session)
    response = client.patch("/api/v1/procedure", headers=bearer(tokens["secretariat"]),
                            json={"parameters": {"majorities": {"substance": threshold}}})
    assert response.status_code == 422
    assert response.get_json()["field"] == field and field in response.get_json()["error"]
    db.session.expire_all()
    assert current_parameters(db.session) == before


def test_the_parameters_page_sets_a_fraction_and_adds_a_kind_of_question(client, tokens, bearer):
    sec = bearer(tokens["secretariat"])
    page = client.get("/procedure/parameters", headers=sec)
    assert page.status_code == 200 and 'name="majorities.substance.fraction" value="2/3"' in page.get_data(as_text=True)
    form = {"quorum_open": "1/3", "quorum_decide": "1/2", "tie_means_rejection": "on",
            "speakers_for_against_on_motions": "2", "restricted_ballot_factor": "2", "election_tie": "lot",
            "roll_call_language": "en", "roll_call_first_state": "",
            **{f"time_limits.{n}": "300" for n in ("national", "group", "right_of_reply_first",
                                                  "right_of_reply_second", "point_of_order")}}
    for question in current_parameters(db.session).majorities:
        form.update({f"majorities.{question}.fraction": "1/2", f"majorities.{question}.rule": "more_than",
                     f"majorities.{question}.base": "present_and_voting"})
    form.update({"majorities.substance.fraction": "3/4", "majorities.substance.rule": "at_least",
                 "new_question": "budget", "majorities.new.fraction": "2/3", "majorities.new.rule": "at_least",
                 "majorities.new.base": "members", "majorities.new.abstentions": "counted"})
    saved = client.post("/procedure/parameters", headers=sec, data=form)
    assert saved.status_code == 303
    db.session.expire_all()
    params = current_parameters(db.session)
    assert params.majorities["substance"].to_dict() == {"fraction": "3/4", "rule": "at_least",
                                                        "base": "present_and_voting"}
    assert params.majorities["budget"].to_dict() == {"fraction": "2/3", "rule": "at_least", "base": "members",
                                                     "abstentions": "counted"}
    refused = client.post("/procedure/parameters", headers=sec, data={**form, "majorities.substance.fraction": "7/4"})
    assert refused.status_code == 422 and "majorities.substance.fraction" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert current_parameters(db.session).majorities["substance"].to_dict()["fraction"] == "3/4"
