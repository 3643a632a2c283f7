"""Ordered, exactly-once delivery of stream events to the followers connected to this process.

Every follower of a stream has a cursor here: the last seq this process sent it on that stream. A
live event (from this process, or from another one through the message queue) goes to a follower
only if it is the next seq for that follower; one already sent is dropped, and one that would leave
a gap (events reach the queue in commit order per publisher, not across publishers) makes this
process read the missing events from the database and send them in order. The replay of `follow
{"since"}` goes through the same cursor, so replayed and live events never overlap.

The cursor table lives in the Socket.IO client manager, the one place that sees every emit of the
process, whether or not a message queue joins several processes.
"""
from __future__ import annotations

from collections.abc import Callable

import socketio
from engineio import packet as eio_packet
from socketio import packet

NAMESPACE = "/live"


class OrderedDelivery(socketio.Manager):
    """Filter stream events per follower by seq; everything else passes through unchanged."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cursors: dict[str, dict[str, int]] = {}  # stream -> sid -> last seq sent
        self.repair: Callable[[str, str], None] | None = None  # (sid, stream): read the gap from the DB

    # -- cursors ---------------------------------------------------------------------------------
    def set_cursor(self, sid: str, stream: str, seq: int) -> None:
        self.cursors.setdefault(stream, {})[sid] = seq

    def cursor(self, sid: str, stream: str) -> int | None:
        return self.cursors.get(stream, {}).get(sid)

    def drop_cursor(self, sid: str, stream: str) -> None:
        followers = self.cursors.get(stream)
        if followers is not None:
            followers.pop(sid, None)
            if not followers:
                del self.cursors[stream]

    def drop_sid(self, sid: str) -> None:
        for stream in [s for s, followers in self.cursors.items() if sid in followers]:
            self.drop_cursor(sid, stream)

    # -- sending ---------------------------------------------------------------------------------
    def _packets(self, event: str, data: dict) -> list:
        encoded = self.server.packet_class(packet.EVENT, namespace=NAMESPACE, data=[event, data]).encode()
        if not isinstance(encoded, list):
            encoded = [encoded]
        return [eio_packet.Packet(eio_packet.MESSAGE, p) for p in encoded]

    def send_in_order(self, sid: str, event: str, data: dict) -> bool:
        """Send one stored event to one follower if it is the next one it needs. True if sent."""
        stream, seq = data["stream"], data["seq"]
        last = self.cursor(sid, stream)
        if last is None or seq != last + 1:
            return False
        eio_sid = self.eio_sid_from_sid(sid, NAMESPACE)
        if eio_sid is None:
            return False
        for p in self._packets(event, data):
            self.server._send_eio_packet(eio_sid, p)
        self.cursors[stream][sid] = seq
        return True

    def emit(self, event, data, namespace=None, room=None, skip_sid=None, callback=None, to=None, **kwargs):
        room = to or room
        if (namespace != NAMESPACE or callback is not None or not isinstance(data, dict)
                or "seq" not in data or room is None or data.get("stream") != room):
            return super().emit(event, data, namespace=namespace, room=room, skip_sid=skip_sid,
                                callback=callback, **kwargs)
        followers = self.cursors.get(room)
        if not followers or namespace not in self.rooms:
            return None
        seq = data["seq"]
        pkts = None
        gaps = []
        for sid, eio_sid in self.get_participants(namespace, room):
            last = followers.get(sid)
            if last is None or seq <= last:
                continue  # still being caught up by its follow, or already sent
            if seq == last + 1:
                if pkts is None:
                    pkts = self._packets(event, data)
                for p in pkts:
                    self.server._send_eio_packet(eio_sid, p)
                followers[sid] = seq
            else:
                gaps.append(sid)
        if gaps and self.repair is not None:
            for sid in gaps:
                self.repair(sid, room)
        return None


class RedisOrderedDelivery(socketio.RedisManager, OrderedDelivery):
    """The same filter behind the Redis message queue (local delivery happens in OrderedDelivery.emit)."""


def make_manager(message_queue: str | None, channel: str = "flask-socketio") -> OrderedDelivery:
    if not message_queue:
        return OrderedDelivery()
    if not message_queue.startswith(("redis://", "rediss://")):
        raise ValueError("SOCKETIO_MESSAGE_QUEUE: only redis:// and rediss:// queues are supported")
    return RedisOrderedDelivery(message_queue, channel=channel)
