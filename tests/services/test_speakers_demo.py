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


def test_the_speakers_step_records_the_group_and_the_national_statement(any_db_app):
    from confmgr.registry import demo as registry_demo
    from confmgr.speakers import demo as speakers_demo

    facts = loader.data()
    registry_demo.load(db.session, facts)
    counts = speakers_demo.load(db.session, facts)
    db.session.commit()
    assert counts["national statements"] == 3
    for key, group in (("indonesia", "nam"), ("nigeria", "african_group"), ("new_zealand", "pacific_islands_forum")):
        made = [s for s in services.statements(db.session, meeting=1) if s.participant.key == key]
        assert sorted((s.on_behalf_of.key if s.on_behalf_of else "") for s in made) == ["", group], key
        national = next(s for s in made if s.on_behalf_of is None)
        assert national.illustrative and national.list_kind == "states"
