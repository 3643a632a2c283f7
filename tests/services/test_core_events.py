"""Event streams: gap-free numbering per stream, stored with the change, delivered after commit."""
from confmgr.core import events
from confmgr.core.events import StreamEvent
from confmgr.extensions import db


def test_sequence_numbers_are_per_stream_and_gap_free(any_db_app):
    for _ in range(3):
        events.publish(db.session, "document:X/1", "revision", {"n": 1})
    events.publish(db.session, "speakers:1", "speakers", {})
    db.session.commit()
    assert [e.seq for e in events.events_since(db.session, "document:X/1", None)] == [1, 2, 3]
    assert [e.seq for e in events.events_since(db.session, "speakers:1", 0)] == [1]
    assert [e.seq for e in events.events_since(db.session, "document:X/1", 1)] == [2, 3]


def test_events_reach_sinks_only_after_commit_and_never_after_rollback(any_db_app):
    received = []
    events.add_sink(received.extend)
    try:
        events.publish(db.session, "s:1", "revision", {"v": "kept"})
        assert received == []  # not before the commit
        db.session.commit()
        assert [m["data"]["v"] for m in received] == ["kept"]
        assert received[0]["data"]["seq"] == 1 and received[0]["data"]["stream"] == "s:1"

        events.publish(db.session, "s:1", "revision", {"v": "lost"})
        db.session.rollback()
        db.session.commit()
        assert [m["data"]["v"] for m in received] == ["kept"]
        assert db.session.query(StreamEvent).count() == 1
        # the rolled-back number is given again: the stream stays gap-free
        events.publish(db.session, "s:1", "revision", {"v": "next"})
        db.session.commit()
        assert received[-1]["data"]["seq"] == 2
    finally:
        events.remove_sink(received.extend)
