"""A real Socket.IO client on a real server: the stream of a meeting carries its decisions and election
results to anyone; the credentials board stream is refused to the public and reaches the secretariat."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from confmgr.accounts.services import create_user
from confmgr.bureau import services as bureau
from confmgr.core.actor import SYSTEM
from tests.live.helpers import Follower, api
from tests.server import running_server
from tests.services.speakers_setup import small_conference


def _prepare(session):
    small_conference(session)
    token = create_user(session, SYSTEM, "secretariat@example.org", "secretariat").token
    bureau.save_office(session, SYSTEM, key="president", title_en="President", title_fr="Président")
    bureau.add_candidacy(session, SYSTEM, office="president", participant="State 04", endorsed_by="african")
    return {"token": token}


@pytest.fixture
def server(tmp_path):
    with running_server(tmp_path, _prepare) as (url, info):
        yield SimpleNamespace(url=url), info["token"]


def _post(server, token, path, body):
    response = api(server, "POST", path, token, json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_a_decision_and_an_election_result_reach_the_followers_of_the_meeting(server):
    srv, token = server
    public = Follower(srv)  # no account: a meeting is public
    try:
        public.follow("meeting:1", None)
        _, following = public.wait(lambda n, d: n == "following" and d["stream"] == "meeting:1")
        _post(srv, token, "/api/v1/meetings/1/decisions",
              {"subject": "adoption_of_the_agenda", "agenda_item": "12", "how": "consensus"})
        _, decision = public.wait(lambda n, d: n == "decision")
        assert decision["stream"] == "meeting:1" and decision["seq"] == following["seq"] + 1
        assert decision["decision"]["subject"] == "adoption_of_the_agenda"
        assert decision["decision"]["how"] == "consensus" and decision["decision"]["result"] == "adopted"

        election = _post(srv, token, "/api/v1/elections", {"office": "president", "meeting": 1})
        _post(srv, token, f"/api/v1/elections/{election['id']}/acclamation", {})
        _, result = public.wait(lambda n, d: n == "election")
        assert result["stream"] == "meeting:1" and result["meeting"] == 1
        assert result["election"]["elected"] == ["State 04"]
        # the election's own decision came first, on the same stream, in order
        seqs = [d["seq"] for n, d in public.events if n in ("decision", "election")]
        assert seqs == sorted(seqs) == list(range(following["seq"] + 1, following["seq"] + 1 + len(seqs)))
        assert [n for n, _ in public.events if n in ("decision", "election")] == ["decision", "decision", "election"]
        # a follower arriving later catches up from the seq it knew
        late = Follower(srv)
        try:
            late.follow("meeting:1", following["seq"])
            late.wait(lambda n, d: n == "election")
            assert [d["seq"] for n, d in late.events if n in ("decision", "election")] == seqs
        finally:
            late.close()
    finally:
        public.close()


def test_the_credentials_board_stream_refuses_the_public_and_reaches_the_secretariat(server):
    srv, token = server
    public = Follower(srv)
    secretariat = Follower(srv, token)
    try:
        public.follow("credentials:board", None)
        _, refused = public.wait(lambda n, d: n == "error")
        assert refused["stream"] == "credentials:board" and refused["status"] == 403
        secretariat.follow("credentials:board", None)
        secretariat.wait(lambda n, d: n == "following" and d["stream"] == "credentials:board")

        _post(srv, token, "/api/v1/credentials/states/state_01/receipt",
              {"category": "formal", "form": "head_of_state_or_government", "received_on": "2012-08-20"})
        _, change = secretariat.wait(lambda n, d: n == "credentials")
        assert change["stream"] == "credentials:board" and change["action"] == "receipt"
        assert change["participant"] == "state_01"
        secretariat.sio.sleep(0.3)
        assert public.named("credentials") == [] and public.named("following") == []
    finally:
        public.close()
        secretariat.close()
