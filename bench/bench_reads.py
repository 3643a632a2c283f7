"""Reads under concurrency: requests/s and latency p50/p99/max of kept-alive clients.

    python -m bench reads [--duration SECONDS] [--short] [--rounds N] [--databases sqlite,postgresql]

For SQLite and PostgreSQL, each with the 2012 demo loaded through the command line and a delegate's
API token, in the same run:
- full: confmgr itself, as documented: `python app.py` on SQLite; on PostgreSQL gunicorn with one
  gevent worker (`gevent_worker.Worker`) and the Redis message queue;
- bare: a Flask app serving the same JSON from the same database (bench/bare_flask.py), the reference.
Against a speakers' list, a document (the JSON of the latest CRP.3 revision) and /api/v1/compare
(CRP.3/Rev.2 with Rev.3), 8 and then 64 clients keep their connection alive and send their next
request as soon as they have the answer, for 10 s (`--duration`, `--short` for 3 s). The clients are
wrk (Debian's package), a process of its own; its time-out is raised to 30 s so that the slowest
answers are counted rather than dropped. The bare and the full server take turns on each endpoint
(`--rounds` repeats the turns; the targets read the medians over the rounds), so a burst of load on a
shared machine hits both alike.

Targets on the full stack: p99 <= 50 ms at 8 clients and <= 150 ms at 64; requests/s >= 50% of the
bare reference.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LUA = Path(__file__).with_name("wrk_summary.lua")
PG_SERVER = os.environ.get("CONFMGR_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("CONFMGR_BENCH_REDIS", "redis://127.0.0.1:6379/0")
EMAIL = "reads-bench@example.org"
CRP3 = "A/CONF.192/2012/RC/CRP.3"
CLIENTS = (8, 64)
P99_TARGET_MS = {8: 50, 64: 150}
RATIO_TARGET = 0.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask_cli(env: dict, *args: str) -> str:
    return subprocess.run([PY, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


class Database:
    """A fresh database with the demo and a delegate; `token` is the delegate's API token."""

    def __init__(self, kind: str):
        self.kind = kind
        self.dir = tempfile.mkdtemp(prefix="confmgr-bench-reads-")
        if kind == "sqlite":
            self.url = f"sqlite:///{self.dir}/bench.db"
        else:
            self.name = "confmgr_bench_reads_" + uuid.uuid4().hex[:10]
            self._admin(f'CREATE DATABASE "{self.name}"')
            self.url = f"{PG_SERVER}/{self.name}"
        self.env = {**os.environ, "DATABASE_URL": self.url, "CONFMGR_INSTANCE_PATH": self.dir, "SECRET_KEY": "bench"}
        self.env.pop("SOCKETIO_MESSAGE_QUEUE", None)
        flask_cli(self.env, "db", "upgrade")
        flask_cli(self.env, "demo", "load")
        self.token = flask_cli(self.env, "users", "create", EMAIL, "--role", "delegate",
                               "--participant", "Kenya").strip().splitlines()[-1]

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    def drop(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        if self.kind == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Server:
    def __init__(self, name: str, argv: list[str], env: dict, port: int):
        self.name, self.port = name, port
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(Path(env["CONFMGR_INSTANCE_PATH"]) / f"{name}.log", "wb")
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, path: str, token: str) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(self.url + path, headers={"Authorization": f"Bearer {token}"}, timeout=30).ok:
                    return
            except (requests.ConnectionError, requests.Timeout):  # not listening yet; a first answer slow to come
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the {self.name} server did not start (log: {self.log.name})")
            time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def start_servers(database: Database) -> tuple[Server, Server]:
    port = free_port()
    env = {**database.env, "PORT": str(port), "HOST": "127.0.0.1"}
    if database.kind == "sqlite":
        full = Server("full", [PY, "app.py"], env, port)
    else:
        env.update({"SOCKETIO_MESSAGE_QUEUE": REDIS_URL, "SOCKETIO_CHANNEL": "confmgr-bench-" + uuid.uuid4().hex[:8]})
        full = Server("full", [PY, "-m", "gunicorn", "-k", "gevent_worker.Worker", "-w", "1",
                               "-b", f"127.0.0.1:{port}", "app:app"], env, port)
    bare_port = free_port()
    bare = Server("bare", [PY, "-m", "bench.bare_flask", str(bare_port), EMAIL], database.env, bare_port)
    return bare, full


def endpoints(server: Server, token: str) -> dict[str, str]:
    """The three paths: the speakers' list with the most inscriptions, the document, the comparison."""
    headers = {"Authorization": f"Bearer {token}"}
    ids = [sl["id"] for sl in requests.get(server.url + "/api/v1/speakers-lists", headers=headers, timeout=30).json()]
    sizes = {i: len(requests.get(f"{server.url}/api/v1/speakers-lists/{i}", headers=headers, timeout=30)
                    .json()["speakers"]) for i in ids}
    biggest = max(ids, key=lambda i: (sizes[i], -i))
    return {"speakers' list": f"/api/v1/speakers-lists/{biggest}",
            "document": f"/api/v1/documents/{quote(CRP3 + '/Rev.3')}",
            "compare": f"/api/v1/compare?from={quote(CRP3 + '/Rev.2', safe='')}&to={quote(CRP3 + '/Rev.3', safe='')}"}


def same_json(bare: Server, full: Server, paths: dict[str, str], token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    for label, path in paths.items():
        bodies = []
        for server in (bare, full):
            r = requests.get(server.url + path, headers=headers, timeout=60)
            r.raise_for_status()
            body = r.json()
            body.pop("server_time", None)  # the speakers' list says when it was read
            bodies.append(body)
        if bodies[0] != bodies[1]:
            raise RuntimeError(f"{label}: the bare reference and confmgr answer different JSON")


def wrk(url: str, clients: int, duration: float, token: str) -> dict:
    out = subprocess.run(["wrk", "-t1", f"-c{clients}", f"-d{duration:g}s", "--timeout", "30s", "-s", str(LUA),
                          "-H", f"Authorization: Bearer {token}", url], capture_output=True, text=True, check=True)
    raw = json.loads(out.stdout.strip().splitlines()[-1])
    seconds = raw["duration_us"] / 1e6
    return {"rps": raw["requests"] / seconds, "p50": raw["p50_us"] / 1000, "p99": raw["p99_us"] / 1000,
            "max": raw["max_us"] / 1000, "errors": raw["errors"] + raw["non_2xx"] + raw["timeouts"]}


def run_database(kind: str, duration: float, rounds: int) -> list[dict]:
    database = Database(kind)
    bare, full = start_servers(database)
    rows = []
    try:
        bare.wait_ready("/api/v1/speakers-lists/1", database.token)
        full.wait_ready("/api/v1/speakers-lists/1", database.token)
        paths = endpoints(full, database.token)
        same_json(bare, full, paths, database.token)
        label = "python app.py" if kind == "sqlite" else "gunicorn gevent worker, Redis queue"
        print(f"\n== {kind}: full = {label}; bare = Flask + Flask-SQLAlchemy; same JSON checked ==", flush=True)
        print(f"{'clients':>7} {'endpoint':<15} {'server':<5} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
              f"{'max ms':>7} errors", flush=True)
        for clients in CLIENTS:
            for label, path in paths.items():
                for server in (bare, full):  # warm both (caches, pool) before either is timed
                    wrk(server.url + path, clients, 1, database.token)
                for _ in range(rounds):
                    for server in (bare, full):
                        r = wrk(server.url + path, clients, duration, database.token)
                        rows.append({"db": kind, "clients": clients, "endpoint": label, "server": server.name, **r})
                        print(f"{clients:>7} {label:<15} {server.name:<5} {r['rps']:7.0f} {r['p50']:7.1f} "
                              f"{r['p99']:7.1f} {r['max']:7.1f} {r['errors']}", flush=True)
    finally:
        bare.stop()
        full.stop()
        database.drop()
    return rows


def verdicts(rows: list[dict]) -> None:
    print(f"\nTargets (full stack, medians over the rounds): p99 <= {P99_TARGET_MS[8]} ms at 8 clients, "
          f"<= {P99_TARGET_MS[64]} ms at 64; requests/s >= {RATIO_TARGET:.0%} of bare")
    keys = list(dict.fromkeys((r["db"], r["clients"], r["endpoint"]) for r in rows))
    for db, clients, endpoint in keys:
        def median(server, field):
            return statistics.median(r[field] for r in rows if (r["db"], r["clients"], r["endpoint"], r["server"])
                                     == (db, clients, endpoint, server))
        p99, ratio = median("full", "p99"), median("full", "rps") / median("bare", "rps")
        ok_p99, ok_ratio = p99 <= P99_TARGET_MS[clients], ratio >= RATIO_TARGET
        print(f"  {db:<10} {clients:>2} clients {endpoint:<15} p99 {p99:6.1f} ms ({'ok' if ok_p99 else 'MISSED'}), "
              f"req/s {ratio:.2f} of bare ({'ok' if ok_ratio else 'MISSED'})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench reads")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement (default 10)")
    parser.add_argument("--short", action="store_true", help="3 s per measurement")
    parser.add_argument("--rounds", type=int, default=1, help="turns of bare and full per endpoint (default 1)")
    parser.add_argument("--databases", default="sqlite,postgresql", help="sqlite, postgresql or both")
    args = parser.parse_args(argv or [])
    if shutil.which("wrk") is None:
        print("wrk is missing: it is Debian's package wrk (`make bench` installs it when run as root)")
        return
    duration = 3.0 if args.short else args.duration
    load = os.getloadavg()
    print(f"{os.cpu_count()} cores, load average {load[0]:.1f}; {duration:g} s a measurement, {args.rounds} round(s)")
    rows = []
    for kind in args.databases.split(","):
        rows += run_database(kind.strip(), duration, args.rounds)
    verdicts(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
