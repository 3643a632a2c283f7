"""Who may vote, read for every State at once: the same answer as one by one, in a few queries."""
from sqlalchemy import event

from confmgr.core.actor import SYSTEM
from confmgr.credentials import services as credentials
from confmgr.extensions import db
from confmgr.procedure.voting_rights import entitled_to_vote, voters
from tests.services.speakers_setup import small_conference


def _queries(fn):
    count = [0]

    def seen(*_args):
        count[0] += 1

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        return fn(), count[0]
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def test_voters_follow_the_credentials_of_each_state_in_a_few_queries(any_db_app):
    small_conference(db.session)
    for i in range(1, 41):
        credentials.record_receipt(db.session, SYSTEM, f"State {i:02d}", category="formal" if i % 4 else "none",
                                   form="head_of_state_or_government" if i % 4 else None,
                                   received_on="2012-08-20" if i % 4 else None)
    db.session.commit()
    db.session.expire_all()
    found, queries = _queries(lambda: voters(db.session))
    names = [p.name_fr for p in found]
    # States 41-60 have nothing recorded ("none"), every fourth of 1-40 too; the NGO, IGO and EU never vote.
    assert names == [f"State {i:02d}" for i in range(1, 41) if i % 4]
    assert names == [p.name_fr for p in found if entitled_to_vote(db.session, p)]
    assert queries <= 5
    assert [p.name_fr for p in credentials.voting_states(db.session)] == names
