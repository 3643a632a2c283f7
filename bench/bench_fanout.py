"""Fan-out of one revision event to N followers: latency (p50/p99/max) and server memory per connection.

For N = 500, 2,000 and 4,000 followers, in the same run:
- bare: a python-socketio gevent server that only broadcasts one event of the same size (the reference);
- full: confmgr itself (`python app.py`): token authentication, rooms per stream, seq kept in the
  database, the JSON payload of the comparison, published by POST /api/v1/documents/<base>/revisions.
Latency runs from the moment the publishing request is sent to the moment each follower has read
the event. The followers run in a process of their own as light raw-websocket clients
(lightclient.py). Memory per connection is the growth of the server's resident memory while the
followers connect and follow, divided by N. The open-file limit of this process and its children is
raised to the hard limit (each follower holds a socket on both sides).
"""
from __future__ import annotations

import json
import os
import resource
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SIZES = (500, 2000, 4000)
BASE = "A/CONF.192/2012/RC/CRP.42"
TEXT = "\n\n".join(f"{i}. Les États s'engagent à renforcer la coopération internationale numéro {i} en matière "
                   f"de marquage, d'enregistrement et de traçage des armes légères et de petit calibre."
                   for i in range(1, 41))


def raise_open_files() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"no server on port {port}")


class Bare:
    name = "bare"

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.stream, self.token = "document:bench", None

    payload_file: str | None = None  # the full stack's revision event, broadcast as it is

    def start(self):
        extra = [self.payload_file] if self.payload_file else []
        self.proc = subprocess.Popen([PY, "-m", "bench.bare_server", str(self.port), *extra], cwd=ROOT)
        wait_port(self.port, self.proc)

    def warm_up(self):
        requests.get(self.url + "/broadcast?bytes=10", timeout=10)

    def publish(self, payload_bytes: int) -> None:
        requests.get(f"{self.url}/broadcast?bytes={payload_bytes}", timeout=60).raise_for_status()

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


class Full:
    name = "full"

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.dir = tempfile.mkdtemp(prefix="confmgr-bench-")
        self.env = {**os.environ, "CONFMGR_INSTANCE_PATH": self.dir, "DATABASE_URL": f"sqlite:///{self.dir}/bench.db",
                    "PORT": str(self.port), "SECRET_KEY": "bench"}
        self.env.pop("SOCKETIO_MESSAGE_QUEUE", None)
        self.stream = f"document:{BASE}"
        self.k = 0

    def start(self):
        subprocess.run([PY, "-c", "from confmgr import create_app; from confmgr.extensions import db; "
                        "app = create_app(); app.app_context().push(); db.create_all()"],
                       cwd=ROOT, env=self.env, check=True)
        self.token = subprocess.run([PY, "-m", "flask", "--app", "app", "users", "create", "bench@example.org",
                                     "--role", "secretariat"], cwd=ROOT, env=self.env, check=True,
                                    capture_output=True, text=True).stdout.strip().splitlines()[-1]
        self.proc = subprocess.Popen([PY, "app.py"], cwd=ROOT, env=self.env)
        wait_port(self.port, self.proc)
        r = requests.post(self.url + "/api/v1/documents", headers=self.headers, timeout=60, json={
            "symbol": BASE, "title": "Projet", "text": TEXT, "language": "fr", "distribution": "limited"})
        r.raise_for_status()

    @property
    def headers(self):
        return {"Authorization": f"Bearer {self.token}"}

    def publish(self, _payload_bytes: int = 0) -> int:
        self.k += 1
        text = TEXT.replace("numéro 3 ", f"numéro 3 (révision {self.k}) ").replace(
            "numéro 17 ", f"numéro 17 modifié {self.k} ")
        r = requests.post(f"{self.url}/api/v1/documents/{BASE}/revisions", headers=self.headers,
                          json={"text": text}, timeout=60)
        r.raise_for_status()
        return r.json()["seq"]

    def warm_up(self):
        self.publish()

    def last_event(self) -> dict:
        """The payload of the last revision event, as stored with its seq in the server's database."""
        with sqlite3.connect(f"{self.dir}/bench.db") as conn:
            row = conn.execute("SELECT payload FROM stream_events WHERE stream = ? ORDER BY seq DESC LIMIT 1",
                               (self.stream,)).fetchone()
        return json.loads(row[0])

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def run_one(server, n: int, payload_bytes: int) -> dict:
    server.start()
    try:
        server.warm_up()
        time.sleep(0.5)
        before = rss_kb(server.proc.pid)
        clients = subprocess.Popen([PY, "-m", "bench.fanout_clients", server.url, str(n), server.stream]
                                   + ([server.token] if server.token else []),
                                   cwd=ROOT, stdout=subprocess.PIPE, text=True)
        line = clients.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"followers did not connect: {line!r}")
        time.sleep(1.0)
        after = rss_kb(server.proc.pid)
        t0 = time.monotonic()
        server.publish(payload_bytes)
        published = time.monotonic() - t0
        times = json.loads(clients.stdout.readline())
        clients.wait(timeout=60)
    finally:
        server.stop()
    got = sorted((t - t0) * 1000 for t in times if t is not None)
    missing = len(times) - len(got)

    def pct(p):
        return got[min(len(got) - 1, int(round(p / 100 * (len(got) - 1))))] if got else float("nan")

    return {"n": n, "p50": pct(50), "p99": pct(99), "max": got[-1] if got else float("nan"), "missing": missing,
            "kb_per_conn": (after - before) / n, "request_ms": published * 1000}


def main() -> None:
    limit = raise_open_files()
    print(f"open-file limit raised to {limit} for the servers and the followers")
    sizing = Full()
    sizing.start()
    sizing.warm_up()
    sizing.publish()
    event = sizing.last_event()
    sizing.stop()
    payload = len(json.dumps(event, ensure_ascii=False).encode())
    Bare.payload_file = os.path.join(sizing.dir, "revision-event.json")
    with open(Bare.payload_file, "w", encoding="utf-8") as out:
        json.dump(event, out, ensure_ascii=False)
    print(f"revision event payload {payload} bytes (the bare server broadcasts the same event)")
    print(f"{'server':6} {'N':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'KB/conn':>8} {'publish ms':>10} missing")
    rows = {}
    for n in SIZES:
        for cls in (Bare, Full):
            r = run_one(cls(), n, payload)
            rows[(cls.name, n)] = r
            print(f"{cls.name:6} {n:>5} {r['p50']:8.1f} {r['p99']:8.1f} {r['max']:8.1f} {r['kb_per_conn']:8.1f} "
                  f"{r['request_ms']:10.1f} {r['missing']}", flush=True)
    print("targets: full p99 <= 1.5x bare p99; 2,000 p99 <= 150 ms; 4,000 p99 <= 300 ms; <= 70 KB a connection")
    for n in SIZES:
        bare, full = rows[("bare", n)], rows[("full", n)]
        ratio = full["p99"] / bare["p99"] if bare["p99"] else float("nan")
        limit_ms = {2000: 150, 4000: 300}.get(n)
        verdict = [f"p99 ratio {ratio:.2f} ({'ok' if ratio <= 1.5 else 'over'})",
                   f"{full['kb_per_conn']:.0f} KB/conn ({'ok' if full['kb_per_conn'] <= 70 else 'over'})"]
        if limit_ms:
            verdict.append(f"p99 {full['p99']:.0f} ms vs {limit_ms} ({'ok' if full['p99'] <= limit_ms else 'over'})")
        print(f"N={n}: " + "; ".join(verdict))


if __name__ == "__main__":
    main()
