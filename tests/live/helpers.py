"""Small helpers of the live tests: a draft text, the API, a python-socketio follower."""
from __future__ import annotations

import threading
import time

import requests
import socketio

TEXT = "\n\n".join(f"{i}. Les États s'engagent à renforcer la coopération numéro {i} en matière de traçage."
                   for i in range(1, 13))


def revised(k: int, text: str = TEXT) -> str:
    return text.replace("numéro 3 ", f"numéro 3 révisé {k} ")


def api(server, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, server.url + path, headers=headers, timeout=60, **kwargs)


def create_draft(server, token: str, base: str, *, distribution: str = "general", text: str = TEXT) -> dict:
    body = {"symbol": base, "title": "Projet", "text": text, "language": "fr"}
    if distribution:
        body["distribution"] = distribution
    r = api(server, "POST", "/api/v1/documents", token, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def publish(server, token: str, base: str, text: str) -> dict:
    r = api(server, "POST", f"/api/v1/documents/{base}/revisions", token, json={"text": text})
    assert r.status_code == 201, r.text
    return r.json()


class Follower:
    """A python-socketio client on /live that records every event it receives, in order."""

    def __init__(self, server, token: str | None = None, headers: dict | None = None):
        self.events: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", self._record, namespace="/live")
        self.sio.connect(server.url, namespaces=["/live"], auth={"token": token} if token else None,
                         headers=headers or {}, transports=["websocket"], wait_timeout=10)

    def _record(self, name, data):
        with self.lock:
            self.events.append((name, data))

    def follow(self, stream: str, since: int | None) -> None:
        self.sio.emit("follow", {"stream": stream, "since": since}, namespace="/live")

    def wait(self, test, timeout: float = 10) -> tuple[str, dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for name, data in self.events:
                    if test(name, data):
                        return name, data
            time.sleep(0.01)
        raise AssertionError(f"no such event within {timeout} s; got {[n for n, _ in self.events]}")

    def named(self, name: str) -> list[dict]:
        with self.lock:
            return [d for n, d in self.events if n == name]

    def call(self, name: str, data) -> dict:
        return self.sio.call(name, data, namespace="/live", timeout=10)

    def close(self) -> None:
        self.sio.disconnect()
