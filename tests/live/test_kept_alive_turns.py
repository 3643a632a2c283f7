"""Clients that keep their connection alive and ask again as soon as they have the answer are served in
turn, by `python app.py` and by the deployment's gunicorn worker.

Each answer of a speakers' list says when the server built it (`server_time`); laid end to end, the
answers to four such clients must alternate. A server that kept reading one connection's waiting
requests served one client twenty times and more in a row while the others waited.
"""
from __future__ import annotations

import http.client
import json
import threading
import uuid
from urllib.parse import urlsplit

import pytest
import requests
import socketio

from confmgr.accounts.services import create_user
from confmgr.core.actor import SYSTEM
from confmgr.speakers import services as speakers
from tests.server import prepare_database, running_server
from tests.services.speakers_setup import small_conference

CLIENTS, REQUESTS_EACH, LONGEST_ALLOWED = 4, 150, 6


def _prepare(session):
    small_conference(session)
    token = create_user(session, SYSTEM, "secretariat@example.org", "secretariat").token
    sl = speakers.create_list(session, SYSTEM, 1, kind="states", agenda_item="12")
    for name in ("State 01", "State 02", "State 03"):
        speakers.inscribe(session, SYSTEM, sl.id, participant=name)
    return {"list": sl.id, "token": token}


def longest_run(url: str, path: str) -> int:
    """The most answers in a row to one of CLIENTS kept-alive clients, in the order the server built them."""
    address = urlsplit(url)
    answers: list[tuple[str, int]] = []
    start = threading.Barrier(CLIENTS)
    errors: list[BaseException] = []

    def client(k: int) -> None:
        try:
            conn = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
            start.wait()
            for _ in range(REQUESTS_EACH):
                conn.request("GET", path)
                response = conn.getresponse()
                assert response.status == 200
                answers.append((json.loads(response.read())["server_time"], k))
            conn.close()
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(answers) == CLIENTS * REQUESTS_EACH
    answers.sort()
    longest, run, previous = 0, 0, None
    for _when, k in answers:
        run = run + 1 if k == previous else 1
        previous = k
        longest = max(longest, run)
    return longest


def test_kept_alive_clients_are_served_in_turn(tmp_path):
    with running_server(tmp_path, _prepare) as (url, info):
        assert longest_run(url, f"/api/v1/speakers-lists/{info['list']}") <= LONGEST_ALLOWED


@pytest.mark.postgres
def test_gunicorn_worker_serves_in_turn_and_pushes_through_redis(server_factory, pg_database_url, redis_queue):
    info = prepare_database(pg_database_url, _prepare)
    server = server_factory(pg_database_url, message_queue=redis_queue, channel=f"confmgr-{uuid.uuid4().hex[:8]}",
                            gunicorn=True).start()
    lid = info["list"]
    assert longest_run(server.url, f"/api/v1/speakers-lists/{lid}") <= LONGEST_ALLOWED

    got, ready = [], threading.Event()
    client = socketio.Client(reconnection=False)
    client.on("speakers", lambda data: got.append(data), namespace="/live")
    client.on("following", lambda data: ready.set(), namespace="/live")
    client.connect(server.url, namespaces=["/live"], transports=["websocket"])
    try:
        client.emit("follow", {"stream": f"speakers:{lid}", "since": None}, namespace="/live")
        assert ready.wait(10)
        r = requests.post(f"{server.url}/api/v1/speakers-lists/{lid}/inscriptions", json={"participant": "State 05"},
                          headers={"Authorization": f"Bearer {info['token']}"}, timeout=10)
        assert r.status_code == 201
        for _ in range(100):
            if got:
                break
            client.sleep(0.1)
        assert got and got[-1]["speakers"][-1]["participant"]["name"] == "State 05"
    finally:
        client.disconnect()
