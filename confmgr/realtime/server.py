"""The Socket.IO-aware gevent server `python app.py` runs (pages, JSON API and websockets)."""
from __future__ import annotations

from flask import Flask


def serve(app: Flask, host: str, port: int) -> None:
    """Serve until stopped. Replies leave at once (TCP_NODELAY): without it a client that keeps its
    connection alive waits on a delayed acknowledgement, about 40 ms a request."""
    from gevent import pywsgi
    from gevent import socket as gsocket
    from geventwebsocket.handler import WebSocketHandler

    class Server(pywsgi.WSGIServer):
        def handle(self, sock, address):
            sock.setsockopt(gsocket.IPPROTO_TCP, gsocket.TCP_NODELAY, 1)
            super().handle(sock, address)

    Server((host, port), app, handler_class=WebSocketHandler, log=None, backlog=2048).serve_forever()
