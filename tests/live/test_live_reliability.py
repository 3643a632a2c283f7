"""Several processes and hard failures: two servers sharing PostgreSQL and the Redis queue, followers
that drop off and come back at random, and a server killed in the middle of a publication."""
from __future__ import annotations

import asyncio
import random
import threading
import time
import uuid

import psycopg

from bench.lightclient import LightFollower
from tests.live.helpers import Follower, create_draft, publish, revised

FOLLOWERS = 100
REVISIONS = 50


def _two_servers(server_factory, pg_database_url, redis_queue):
    channel = f"confmgr-test-{uuid.uuid4().hex[:8]}"
    a = server_factory(pg_database_url, message_queue=redis_queue, channel=channel).create_schema()
    token = a.create_user("sec@example.org", "secretariat")
    b = server_factory(pg_database_url, message_queue=redis_queue, channel=channel)
    a.start()
    b.start()
    return a, b, token


def test_a_follower_on_one_process_gets_what_another_published_and_replays_anywhere(
        server_factory, pg_database_url, redis_queue):
    a, b, token = _two_servers(server_factory, pg_database_url, redis_queue)
    base = "A/CONF.192/2012/RC/CRP.3"
    created = create_draft(a, token, base)
    on_a = Follower(a)
    on_a.follow(f"document:{base}", created["seq"])
    on_a.wait(lambda n, d: n == "following")
    from_b = publish(b, token, base, revised(1))
    event = on_a.wait(lambda n, d: n == "revision")[1]
    assert event["symbol"] == from_b["symbol"] == f"{base}/Rev.1" and event["seq"] == from_b["seq"]
    on_a.close()

    publish(a, token, base, revised(2))
    on_b = Follower(b)
    on_b.follow(f"document:{base}", created["seq"])
    on_b.wait(lambda n, d: n == "revision" and d["symbol"].endswith("Rev.2"))
    assert [d["symbol"][-5:] for d in on_b.named("revision")] == ["Rev.1", "Rev.2"]
    on_b.close()


def test_followers_that_drop_and_reconnect_at_random_get_every_revision_once_in_order(
        server_factory, pg_database_url, redis_queue):
    a, b, token = _two_servers(server_factory, pg_database_url, redis_queue)
    servers = (a, b)
    base = "A/CONF.192/2012/RC/CRP.5"
    stream = f"document:{base}"
    start_seq = create_draft(a, token, base)["seq"]
    final_seq = start_seq + REVISIONS
    rng = random.Random(2012)
    published: list[int] = []
    errors: list[BaseException] = []
    reconnects = [0]
    pub_done = []

    def publisher():
        try:
            for k in range(REVISIONS):
                published.append(publish(servers[k % 2], token, base, revised(k + 1))["seq"])
                time.sleep(rng.uniform(0, 0.08))
            pub_done.append(time.monotonic())
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
            pub_done.append(time.monotonic())

    async def follower(n: int) -> list[int]:
        seqs: list[int] = []
        last = start_seq
        local = random.Random(n)
        # Until the last revision arrives, or 15 s after the publisher is done (then something was lost).
        while not pub_done or time.monotonic() < pub_done[0] + 15:
            client = LightFollower(servers[local.randrange(2)].url)
            await client.connect()
            await client.follow(stream, last)
            stay = local.uniform(0.05, 1.5)
            try:
                await client.wait_for(lambda name, data: name == "revision" and data["seq"] == final_seq, stay)
            except asyncio.TimeoutError:
                pass
            done = any(d["seq"] == final_seq for name, d, _t in client.events if name == "revision")
            await client.close(abrupt=not done)
            received = [d["seq"] for name, d, _t in client.events if name == "revision"]
            seqs.extend(received)
            if received:
                last = received[-1]
            if done:
                return seqs
            reconnects[0] += 1
            await asyncio.sleep(local.uniform(0, 0.4))
        return seqs

    async def run_all():
        return await asyncio.gather(*(follower(n) for n in range(FOLLOWERS)))

    thread = threading.Thread(target=publisher)
    thread.start()
    results = asyncio.run(run_all())
    thread.join()
    assert not errors, errors
    assert published == list(range(start_seq + 1, final_seq + 1))
    expected = list(range(start_seq + 1, final_seq + 1))
    for seqs in results:
        assert seqs == expected  # all 50, in order, none twice, across reconnections to either process
    assert reconnects[0] > FOLLOWERS  # the followers really did drop off and come back


def test_a_server_killed_during_a_publication_leaves_no_half_written_revision(server_factory, pg_database_url):
    server = server_factory(pg_database_url).create_schema()
    token = server.create_user("sec@example.org", "secretariat")
    server.start()
    base = "A/CONF.192/2012/RC/CRP.9"
    long_text = "\n\n".join(f"{i}. Les États s'engagent à renforcer la coopération numéro {i} en matière de "
                            f"traçage des armes légères et de petit calibre, paragraphe {i}." for i in range(1, 400))
    create_draft(server, token, base, text=long_text)
    t0 = time.monotonic()
    publish(server, token, base, revised(0, long_text))
    duration = time.monotonic() - t0
    outcomes = []
    for attempt in range(6):
        result: dict = {}

        def post(k=attempt):
            try:
                result["reply"] = publish(server, token, base, revised(k + 1, long_text))
            except Exception as exc:  # noqa: BLE001 - the connection dies with the server
                result["error"] = exc

        thread = threading.Thread(target=post)
        thread.start()
        time.sleep(duration * attempt / 5)
        server.kill()
        thread.join()
        outcomes.append("reply" in result)
        server.start()
        with psycopg.connect(pg_database_url) as conn:
            docs = {row[0] for row in conn.execute(
                "SELECT symbol FROM documents WHERE base_symbol = %s AND revision > 0", (base,))}
            events = [row for row in conn.execute(
                "SELECT seq, payload->>'symbol' FROM stream_events WHERE stream = %s ORDER BY seq",
                (f"document:{base}",))]
            counter = conn.execute("SELECT last_seq FROM stream_counters WHERE stream = %s",
                                   (f"document:{base}",)).fetchone()[0]
            audits = {row[0] for row in conn.execute(
                "SELECT object_id FROM audit_entries WHERE action = 'drafts.publish_revision'")}
        announced = {symbol for _seq, symbol in events if symbol != base}
        assert docs == announced == audits  # every revision has its event and audit, and nothing else
        assert [seq for seq, _s in events] == list(range(1, counter + 1))  # gap-free
        for symbol in docs:  # each stored whole
            with psycopg.connect(pg_database_url) as conn:
                text, tree = conn.execute("SELECT text, tree IS NOT NULL FROM documents WHERE symbol = %s",
                                          (symbol,)).fetchone()
            assert tree and text.count("\n\n") == long_text.count("\n\n")
    assert not all(outcomes)  # at least one publication was cut short by the kill
