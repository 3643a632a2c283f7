"""The reference for bench_fanout: a bare python-socketio server on gevent that only broadcasts.

`python -m bench.bare_server PORT [PAYLOAD.json]`: followers `follow {"stream"}` into a room;
`GET /broadcast?bytes=N` emits one event to that room: the JSON payload of the file when given (the
same revision event the full stack sends, so both servers and their followers handle the same
message), else N bytes of filler.
"""
from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402

import socketio  # noqa: E402
from gevent import pywsgi  # noqa: E402
from geventwebsocket.handler import WebSocketHandler  # noqa: E402

sio = socketio.Server(async_mode="gevent", cors_allowed_origins=[])
seq = [0]
PAYLOAD = json.load(open(sys.argv[2], encoding="utf-8")) if len(sys.argv) > 2 else None


@sio.on("follow", namespace="/live")
def follow(sid, data):
    sio.enter_room(sid, data["stream"], namespace="/live")
    sio.emit("following", {"stream": data["stream"], "seq": seq[0]}, to=sid, namespace="/live")


@sio.on("connect", namespace="/live")
def connect(sid, environ, auth=None):
    return True


def broadcast_app(environ, start_response):
    if environ["PATH_INFO"] == "/broadcast":
        size = int((environ.get("QUERY_STRING") or "bytes=2000").partition("=")[2] or 2000)
        seq[0] += 1
        body = PAYLOAD if PAYLOAD is not None else {"filler": "x" * size}
        sio.emit("revision", {**body, "stream": "document:bench", "seq": seq[0]}, to="document:bench",
                 namespace="/live")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]


app = socketio.WSGIApp(sio, broadcast_app)

if __name__ == "__main__":
    pywsgi.WSGIServer(("127.0.0.1", int(sys.argv[1])), app, handler_class=WebSocketHandler, log=None,
                      backlog=2048).serve_forever()
