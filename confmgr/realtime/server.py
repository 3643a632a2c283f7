"""The Socket.IO-aware gevent server `python app.py` runs (pages, JSON API and websockets), and the
connection handler the gunicorn worker (`gevent_worker.py`) uses too."""
from __future__ import annotations

from flask import Flask
from gevent import monkey
from gevent import socket as gsocket
from geventwebsocket.handler import WebSocketHandler

_poll = monkey.get_original("select", "poll")
_POLLIN = monkey.get_original("select", "POLLIN")


def _next_request_waiting(sock) -> bool:
    """Whether the client has already sent its next request (bytes waiting in the kernel)."""
    poller = _poll()
    poller.register(sock.fileno(), _POLLIN)
    return bool(poller.poll(0))


class FairHandler(WebSocketHandler):
    """Serves one connection; between two requests of a kept-alive connection, takes its turn.

    A gevent socket read returns at once, without going through the event loop, when the bytes are
    already there. A client that sends its next request as soon as it has the answer therefore kept
    its greenlet running request after request (170 in a row, measured) while the other connections'
    requests waited, a second and more. When the next request is already waiting, the handler waits
    for it through the event loop instead, so each connection with a request ready is served once per
    turn of the loop. A request read ahead into the handler's buffer (pipelining) is not in the kernel
    and is read at once as before.
    """

    def handle_one_request(self):
        result = super().handle_one_request()
        if result is True and self.socket is not None and _next_request_waiting(self.socket):
            gsocket.wait_read(self.socket.fileno())
        return result


def serve(app: Flask, host: str, port: int) -> None:
    """Serve until stopped. Replies leave at once (TCP_NODELAY): without it a client that keeps its
    connection alive waits on a delayed acknowledgement, about 40 ms a request."""
    from gevent import pywsgi

    class Server(pywsgi.WSGIServer):
        def handle(self, sock, address):
            sock.setsockopt(gsocket.IPPROTO_TCP, gsocket.TCP_NODELAY, 1)
            super().handle(sock, address)

    Server((host, port), app, handler_class=FairHandler, log=None, backlog=2048).serve_forever()
