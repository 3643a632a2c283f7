from confmgr.demo import loader
from confmgr.extensions import db
from confmgr.speakers import services


def test_demo_records_the_2012_statements_on_meetings_1_to_5(app, client):
    loader.load(db.session)
    db.session.commit()
    facts = loader.data()
    per_meeting = {n: len(services.statements(db.session, meeting=n)) for n in range(1, 7)}
    for n in range(1, 6):
        # A group speaker who also spoke for its own country has that national statement recorded too.
        expected = sum(1 + bool(e.get("on_behalf_of") and e.get("also_national"))
                       for key in ("general_debate", "igo_statements", "ngo_statements")
                       for e in facts[key] if e["meeting"] == n)
        assert per_meeting[n] == expected > 0
    assert per_meeting[6] == 0
    meeting = client.get("/api/v1/meetings/1").get_json()
    first = meeting["statements"][0]
    assert first["on_behalf_of"] is not None  # group statements open the debate
    assert first["illustrative"] is True and first["duration"] > 0
    assert all(sl.state == "closed" for sl in services.all_lists(db.session))
    igo = [s for s in services.statements(db.session, meeting=4) if s.list_kind == "igo"]
    assert {s.participant.key for s in igo} == {e["participant"] for e in facts["igo_statements"]}
