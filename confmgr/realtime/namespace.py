"""The /live Socket.IO namespace: authenticate, follow a stream with catch-up, receive its events.

A follower sends `follow {"stream", "since"}`; the server replays every stored event of that stream
with a larger seq, in order, then sends new events as their transactions commit. `since: null` means
"from now on". Delivery goes through the per-follower cursor of `delivery.OrderedDelivery`, so a
follower gets each seq once and in order even while a replay and live events cross, and a gap
(events of two publishers reaching the queue out of order) is filled from the database.

A facilitator sends `edit {"stream", "base_version", "patch"}` to change the live text of a draft;
the acknowledgement says the new version, or why the edit was refused (a stale base: resync).
"""
from __future__ import annotations

from flask import Flask, request
from flask_login import current_user
from flask_socketio import Namespace, emit, join_room, leave_room

from confmgr.core import events, streams
from confmgr.core.actor import PUBLIC, Actor
from confmgr.core.errors import DomainError, InvalidInput
from confmgr.extensions import db, socketio
from confmgr.realtime.delivery import NAMESPACE, OrderedDelivery
from confmgr.web.auth import actor_for_token

_actors: dict[str, Actor] = {}
_repairing: dict[tuple[str, str], bool] = {}  # (sid, stream) -> another pass needed
_app: list[Flask] = []  # the application of this process, for background repairs


def manager() -> OrderedDelivery:
    return socketio.server.manager


def broadcast(messages: list[dict]) -> None:
    """Sink for committed events: each goes to the room of its stream, on every server process."""
    for message in messages:
        socketio.emit(message["event"], message["data"], to=message["data"]["stream"], namespace=NAMESPACE)


def catch_up(sid: str, stream: str) -> int | None:
    """Send this follower every stored event after its cursor, in order, until none is left.

    Returns the follower's cursor afterwards (None if it stopped following meanwhile). Live events
    that arrive while the database is read are sent by the manager when they are next in line and
    dropped here; the loop ends only when a read finds nothing newer than the cursor.
    """
    mgr = manager()
    while True:
        last = mgr.cursor(sid, stream)
        if last is None:
            return None
        batch = events.events_since(db.session, stream, last, limit=500)
        db.session.rollback()  # end the read transaction: the next pass must see newer commits
        if not batch:
            return mgr.cursor(sid, stream)
        for ev in batch:
            message = ev.message()
            mgr.send_in_order(sid, message["event"], message["data"])


def _repair(sid: str, stream: str) -> None:
    """A live event left a gap for this follower: read the missing ones in a background task."""
    key = (sid, stream)
    if key in _repairing:
        _repairing[key] = True
        return
    _repairing[key] = False
    app = _app[0]

    def run():
        try:
            with app.app_context():
                while True:
                    _repairing[key] = False
                    catch_up(sid, stream)
                    if not _repairing.get(key):
                        break
                db.session.remove()
        finally:
            _repairing.pop(key, None)

    socketio.start_background_task(run)


def _error(stream, exc: DomainError) -> None:
    emit("error", {"stream": stream if isinstance(stream, str) else None, "error": exc.message,
                   "status": exc.status})


class LiveNamespace(Namespace):
    def on_connect(self, auth=None):
        token = auth.get("token") if isinstance(auth, dict) else None
        if token:
            actor = actor_for_token(token) if isinstance(token, str) else None
            db.session.remove()
            if actor is None:
                raise ConnectionRefusedError("invalid or revoked API token")
        elif current_user.is_authenticated:
            actor = current_user.actor
            db.session.remove()
        else:
            actor = PUBLIC
        _actors[request.sid] = actor

    def on_disconnect(self, reason=None):
        _actors.pop(request.sid, None)
        manager().drop_sid(request.sid)

    def on_follow(self, data):
        data = data if isinstance(data, dict) else {}
        stream = data.get("stream")
        since = data.get("since")
        sid = request.sid
        mgr = manager()
        try:
            if since is not None and (not isinstance(since, int) or isinstance(since, bool) or since < 0):
                raise InvalidInput("since: a sequence number (integer >= 0) or null")
            streams.check_follow(db.session, _actors.get(sid, PUBLIC), stream)
            if since is None:
                since = events.last_seq(db.session, stream)
            db.session.rollback()
            # From here on every event of the stream, replayed or live, passes the cursor.
            mgr.set_cursor(sid, stream, since)
            join_room(stream)
            last = catch_up(sid, stream)
            emit("following", {"stream": stream, "seq": last if last is not None else since})
        except DomainError as exc:
            _error(stream, exc)
        finally:
            db.session.remove()

    def on_unfollow(self, data):
        stream = data.get("stream") if isinstance(data, dict) else None
        if isinstance(stream, str):
            leave_room(stream)
            manager().drop_cursor(request.sid, stream)
            emit("unfollowed", {"stream": stream})

    def on_edit(self, data):
        """A live edit of a draft's text; the return value is the acknowledgement."""
        from confmgr.drafts import live_editing

        data = data if isinstance(data, dict) else {}
        stream = data.get("stream")
        try:
            if not isinstance(stream, str) or not stream.startswith("document:"):
                raise InvalidInput("stream: expected 'document:<base symbol>'")
            state = live_editing.apply_edit(db.session, _actors.get(request.sid, PUBLIC),
                                            stream.partition(":")[2], data.get("base_version"),
                                            data.get("patch"))
            db.session.commit()
            return {"ok": True, **state}
        except DomainError as exc:
            db.session.rollback()
            return {"ok": False, "error": exc.message, "status": exc.status, **exc.details}
        finally:
            db.session.remove()


def init_app(app: Flask) -> None:
    server = socketio.server
    if not isinstance(server.manager, OrderedDelivery):
        from confmgr.realtime.delivery import make_manager

        mgr = make_manager(app.config.get("SOCKETIO_MESSAGE_QUEUE"),
                           app.config.get("SOCKETIO_CHANNEL") or "flask-socketio")
        mgr.set_server(server)
        server.manager = mgr
        server.manager_initialized = False
    server.manager.repair = _repair
    _app[:] = [app]
    socketio.on_namespace(LiveNamespace(NAMESPACE))
    events.add_sink(broadcast)
