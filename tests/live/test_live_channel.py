"""The /live namespace against a real server process: authentication, follow/replay, revision events,
live edits over the socket, and a restart."""
from __future__ import annotations

import re

import pytest
import requests
import socketio
from diff_match_patch import diff_match_patch

from tests.live.helpers import TEXT, Follower, api, create_draft, publish, revised
from tests.server import Server

BASE = "A/CONF.192/2012/RC/CRP.7"
STREAM = f"document:{BASE}"


@pytest.fixture(scope="module")
def live():
    server = Server().create_schema()
    tokens = {"secretariat": server.create_user("sec@example.org", "secretariat"),
              "delegate": server.create_user("del@example.org", "president", password="delegate-pass-1")}
    server.start()
    yield server, tokens
    server.stop()


def test_follow_replays_in_order_then_sends_live_events(live):
    server, tokens = live
    sec = tokens["secretariat"]
    created = create_draft(server, sec, BASE)
    first = publish(server, sec, BASE, revised(1))
    second = publish(server, sec, BASE, revised(2))
    assert second["seq"] == first["seq"] + 1 == created["seq"] + 2

    follower = Follower(server)  # a General document: no sign-in needed
    follower.follow(STREAM, created["seq"])
    follower.wait(lambda n, d: n == "following")
    third = publish(server, sec, BASE, revised(3))
    follower.wait(lambda n, d: n == "revision" and d["seq"] == third["seq"])
    revisions = follower.named("revision")
    assert [d["seq"] for d in revisions] == [first["seq"], second["seq"], third["seq"]]
    assert [d["symbol"] for d in revisions] == [f"{BASE}/Rev.1", f"{BASE}/Rev.2", f"{BASE}/Rev.3"]
    event = revisions[-1]
    assert event["stream"] == STREAM and event["previous"] == f"{BASE}/Rev.2"
    assert event["summary"]["text"] == third["summary"] and event["summary"]["counts"]["changed"] == 1
    # Only the changed paragraph travels, with its word diff, not the whole text.
    assert [(e["op"], e["to_ref"]) for e in event["changed"]] == [("changed", "3")]
    assert [-1, "2"] in [list(x) for x in event["changed"][0]["diff"]]
    follower.close()


def test_since_null_means_from_now_on(live):
    server, tokens = live
    follower = Follower(server)
    follower.follow(STREAM, None)
    following = follower.wait(lambda n, d: n == "following")[1]
    assert follower.named("revision") == []
    latest = publish(server, tokens["secretariat"], BASE, revised(10))
    follower.wait(lambda n, d: n == "revision")
    assert [d["seq"] for d in follower.named("revision")] == [latest["seq"]] == [following["seq"] + 1]
    follower.close()


def test_unknown_forbidden_and_malformed_follows_get_an_error_event(live):
    server, tokens = live
    sec = tokens["secretariat"]
    create_draft(server, sec, "A/CONF.192/2012/RC/L.9", distribution="limited")
    public = Follower(server)
    public.follow("document:A/CONF.192/2012/RC/L.9", None)
    assert public.wait(lambda n, d: n == "error")[1]["status"] == 403
    public.follow("document:A/CONF.192/2012/RC/L.404", None)
    assert public.wait(lambda n, d: n == "error" and d["status"] == 404)[1]["stream"].endswith("L.404")
    public.follow("weather:today", None)
    assert "unknown stream kind" in public.wait(lambda n, d: n == "error" and d["stream"] == "weather:today")[1]["error"]
    public.follow(STREAM, -3)
    assert public.wait(lambda n, d: n == "error" and d["status"] == 422)[1]["error"].startswith("since")
    assert public.named("following") == []
    public.close()

    # A participant (any signed-in user) sees the Limited document's stream: by token...
    delegate = Follower(server, token=tokens["delegate"])
    delegate.follow("document:A/CONF.192/2012/RC/L.9", 0)
    assert delegate.wait(lambda n, d: n == "revision")[1]["symbol"] == "A/CONF.192/2012/RC/L.9"
    delegate.close()

    # ... or by the session cookie of a browser that signed in.
    web = requests.Session()
    page = web.get(server.url + "/login")
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    signed_in = web.post(server.url + "/login", data={"email": "del@example.org", "password": "delegate-pass-1",
                                                      "csrf_token": csrf}, allow_redirects=False)
    assert signed_in.status_code == 302
    cookie = "; ".join(f"{c.name}={c.value}" for c in web.cookies)
    browser = Follower(server, headers={"Cookie": cookie})
    browser.follow("document:A/CONF.192/2012/RC/L.9", 0)
    assert browser.wait(lambda n, d: n in ("revision", "error"))[0] == "revision"
    browser.close()


def test_a_bad_token_is_refused_at_connect(live):
    server, _tokens = live
    with pytest.raises(socketio.exceptions.ConnectionError):
        Follower(server, token="cm_not-a-token")


def test_live_edits_over_the_socket_reach_followers_with_a_checksum(live):
    server, tokens = live
    sec, delegate = tokens["secretariat"], tokens["delegate"]
    base = "A/CONF.192/2012/RC/CRP.8"
    create_draft(server, sec, base)
    stream = f"document:{base}"
    dmp = diff_match_patch()
    state = api(server, "GET", f"/api/v1/documents/{base}/live").json()
    assert state["version"] == 0 and state["text"] == TEXT

    follower = Follower(server)
    follower.follow(stream, state["seq"])
    follower.wait(lambda n, d: n == "following")

    editor = Follower(server, token=delegate)
    edited = state["text"].replace("1. Les États", "1. Tous les États", 1)
    patch = dmp.patch_toText(dmp.patch_make(state["text"], edited))
    # Not named facilitator: refused, and the text is unchanged.
    refused = editor.call("edit", {"stream": stream, "base_version": 0, "patch": patch})
    assert refused["ok"] is False and refused["status"] == 403
    assert api(server, "GET", f"/api/v1/documents/{base}/live").json()["version"] == 0

    me = api(server, "POST", f"/api/v1/documents/{base}/live/facilitators", sec, json={"user": "del@example.org"})
    assert me.status_code == 201
    ack = editor.call("edit", {"stream": stream, "base_version": 0, "patch": patch})
    assert ack["ok"] is True and ack["version"] == 1
    stale = editor.call("edit", {"stream": stream, "base_version": 0, "patch": patch})
    assert stale == {"ok": False, "status": 409, "version": 1, "error": stale["error"]}

    second = edited.replace("numéro 5 ", "numéro cinq ")
    ack2 = editor.call("edit", {"stream": stream, "base_version": 1,
                                "patch": dmp.patch_toText(dmp.patch_make(edited, second))})
    assert ack2["version"] == 2

    follower.wait(lambda n, d: n == "patch" and d["version"] == 2)
    text = TEXT
    import hashlib

    for event in follower.named("patch"):
        text = dmp.patch_apply(dmp.patch_fromText(event["patch"]), text)[0]
        assert hashlib.sha256(text.encode()).hexdigest() == event["checksum"]
    assert text == second == api(server, "GET", f"/api/v1/documents/{base}/live").json()["text"]

    issued = api(server, "POST", f"/api/v1/documents/{base}/live/revision", delegate)
    assert issued.status_code == 201 and issued.json()["symbol"] == f"{base}/Rev.1"
    revision = follower.wait(lambda n, d: n == "revision")[1]
    assert revision["symbol"] == f"{base}/Rev.1" and revision["summary"]["counts"]["changed"] == 2
    assert api(server, "GET", f"/api/v1/documents/{base}/Rev.1").json()["paragraphs"][0]["text"].startswith("Tous les États")
    editor.close()
    follower.close()


def test_replay_after_a_server_restart(live):
    server, tokens = live
    sec = tokens["secretariat"]
    follower = Follower(server)
    follower.follow(STREAM, None)
    seen = follower.wait(lambda n, d: n == "following")[1]["seq"]
    follower.close()
    server.restart()
    published = [publish(server, sec, BASE, revised(20 + k)) for k in range(2)]
    again = Follower(server)
    again.follow(STREAM, seen)
    again.wait(lambda n, d: n == "revision" and d["seq"] == published[-1]["seq"])
    assert [d["seq"] for d in again.named("revision")] == [seen + 1, seen + 2]
    again.close()
