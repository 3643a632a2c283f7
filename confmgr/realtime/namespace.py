"""The /live Socket.IO namespace: authenticate, follow a stream with catch-up, receive its events.

A follower sends `follow {"stream", "since"}`; the server replays every stored event of that stream
with a larger seq, in order, then the follower is in the stream's room and receives new events as
their transactions commit. Clients drop any event whose seq they have already seen.
"""
from __future__ import annotations

from flask import Flask, request
from flask_login import current_user
from flask_socketio import Namespace, emit, join_room, leave_room

from confmgr.core import events, streams
from confmgr.core.actor import PUBLIC, Actor
from confmgr.core.errors import DomainError
from confmgr.extensions import db, socketio
from confmgr.web.auth import actor_for_token

NAMESPACE = "/live"
_actors: dict[str, Actor] = {}


def broadcast(messages: list[dict]) -> None:
    """Sink for committed events: each goes to the room of its stream, on every server process."""
    for message in messages:
        socketio.emit(message["event"], message["data"], to=message["data"]["stream"], namespace=NAMESPACE)


class LiveNamespace(Namespace):
    def on_connect(self, auth=None):
        token = auth.get("token") if isinstance(auth, dict) else None
        if token:
            actor = actor_for_token(token)
            db.session.remove()
            if actor is None:
                raise ConnectionRefusedError("invalid or revoked API token")
        elif current_user.is_authenticated:
            actor = current_user.actor
        else:
            actor = PUBLIC
        _actors[request.sid] = actor

    def on_disconnect(self, reason=None):
        _actors.pop(request.sid, None)

    def on_follow(self, data):
        data = data if isinstance(data, dict) else {}
        stream = data.get("stream")
        since = data.get("since")
        try:
            if since is not None and (not isinstance(since, int) or isinstance(since, bool) or since < 0):
                raise DomainError("since: a sequence number (integer >= 0) or null")
            streams.check_follow(db.session, _actors.get(request.sid, PUBLIC), stream)
            last = self._replay(stream, since)
            join_room(stream)
            # Events committed between the replay and joining the room are not lost.
            last = self._replay(stream, last)
            emit("following", {"stream": stream, "seq": last})
        except DomainError as exc:
            emit("error", {"stream": stream if isinstance(stream, str) else None, "error": exc.message,
                           "status": exc.status})
        finally:
            db.session.remove()

    def on_unfollow(self, data):
        stream = data.get("stream") if isinstance(data, dict) else None
        if isinstance(stream, str):
            leave_room(stream)
            emit("unfollowed", {"stream": stream})

    @staticmethod
    def _replay(stream: str, since: int | None) -> int:
        """Send the stored events after `since`; `None` means "from now on", so nothing is replayed."""
        if since is None:
            return events.last_seq(db.session, stream)
        last = since
        for ev in events.events_since(db.session, stream, since):
            message = ev.message()
            emit(message["event"], message["data"])
            last = ev.seq
        return last


def init_app(app: Flask) -> None:
    socketio.on_namespace(LiveNamespace(NAMESPACE))
    events.add_sink(broadcast)
