"""The 2012 demo: the President and 13 Vice-Presidents by acclamation, rules and agenda adopted at the
1st meeting, final documents at the 14th, four facilitators and a moderator."""
from confmgr.bureau import services as bureau
from confmgr.demo import loader
from confmgr.extensions import db
from confmgr.procedure import services as procedure


def test_the_2012_bureau_and_decisions(app):
    loader.load(db.session)
    db.session.commit()
    data = bureau.bureau_dict(db.session)
    offices = {o["key"]: o for o in data["offices"]}
    assert [h["key"] for h in offices["president"]["holders"]] == ["nigeria"]
    assert len(offices["vice_president"]["holders"]) == 13
    assert all(row["status"] == "ok" for row in data["balance"])
    assert sorted(a["role"] for a in data["appointments"]) == ["facilitator"] * 4 + ["moderator"]
    first = {d.subject: d for d in procedure.list_decisions(db.session, 1)}
    assert first["election_of_president"].how == "acclamation"
    assert first["rules_of_procedure"].documents == ["A/CONF.192/2012/RC/L.2"]
    assert first["agenda"].documents == ["A/CONF.192/2012/RC/L.1"]
    last = {d.subject: d for d in procedure.list_decisions(db.session, 14)}
    assert last["final_documents"].how == "consensus" and last["final_documents"].result == "adopted"
    assert procedure.settings_dict(db.session)["frozen"]
    assert any(r.illustrative for r in procedure.list_rules(db.session))
