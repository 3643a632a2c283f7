"""A real Socket.IO client follows a speakers' list on a real server, and catches up after a reconnect."""
from __future__ import annotations

import threading

import pytest
import requests
import socketio

from confmgr.accounts.services import create_user
from confmgr.core.actor import SYSTEM
from confmgr.speakers import services as speakers
from tests.server import running_server
from tests.services.speakers_setup import small_conference


def _prepare(session):
    small_conference(session)
    token = create_user(session, SYSTEM, "secretariat@example.org", "secretariat").token
    sl = speakers.create_list(session, SYSTEM, 1, kind="states", agenda_item="12")
    return {"list": sl.id, "token": token}


@pytest.fixture
def server(tmp_path):
    with running_server(tmp_path, _prepare) as (url, info):
        yield url, info


def _follower(url, stream, since):
    got, ready = [], threading.Event()
    client = socketio.Client(reconnection=False)
    client.on("speakers", lambda data: got.append(data), namespace="/live")
    client.on("following", lambda data: ready.set(), namespace="/live")
    client.connect(url, namespaces=["/live"], transports=["websocket"])
    client.emit("follow", {"stream": stream, "since": since}, namespace="/live")
    assert ready.wait(5)
    return client, got


def test_public_follower_gets_each_change_and_catches_up(server):
    url, info = server
    lid, headers = info["list"], {"Authorization": f"Bearer {info['token']}"}
    stream = f"speakers:{lid}"
    client, got = _follower(url, stream, None)
    r = requests.post(f"{url}/api/v1/speakers-lists/{lid}/inscriptions", json={"participant": "State 05"},
                      headers=headers, timeout=5)
    assert r.status_code == 201
    for _ in range(50):
        if got:
            break
        client.sleep(0.1)
    assert got and got[-1]["speakers"][0]["participant"]["name"] == "State 05"
    seen = got[-1]["seq"]
    client.disconnect()
    # two changes while away; the follower asks for what it missed
    for name in ("State 06", "State 07"):
        requests.post(f"{url}/api/v1/speakers-lists/{lid}/inscriptions", json={"participant": name},
                      headers=headers, timeout=5)
    client, got = _follower(url, stream, seen)
    assert [e["seq"] for e in got] == [seen + 1, seen + 2]
    assert [s["participant"]["name"] for s in got[-1]["speakers"]] == ["State 05", "State 06", "State 07"]
    client.disconnect()
