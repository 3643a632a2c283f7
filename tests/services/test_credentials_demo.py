"""The 2012 demo's credentials: the seed's facts, and the illustrative ones marked so."""
from __future__ import annotations

from confmgr.credentials import services
from confmgr.demo import loader
from confmgr.extensions import db


def test_demo_committee_report_and_adoption_at_the_14th_meeting(app):
    loader.load(db.session)
    db.session.commit()
    seats = services.members(db.session)
    assert sorted(m.participant.key for m in seats) == sorted(
        ["china", "costa_rica", "egypt", "italy", "maldives", "panama", "russian_federation", "senegal",
         "united_states"])
    assert all(m.illustrative for m in seats)  # the meeting of appointment is not in the seed
    report = services.current_report(db.session)
    assert report.symbol == "A/CONF.192/2012/RC/2" and report.illustrative
    assert report.adopted_by_committee and report.conference_meeting == 14
    facts = loader.data()["credentials"]
    assert report.counts["provisional"] == sum(f["status"] == "provisional" for f in facts) > 0
    assert report.counts["entitled_to_vote"] == len(services.voting_states(db.session)) == 76
    assert report.counts["total"] == 77  # the 76 member States and the Holy See, which does not vote
    assert services.meeting_record(db.session, 14)["resolution_adopted"]["report"] == report.symbol
    assert "Chine" in report.text_fr and "China" in report.text_en
