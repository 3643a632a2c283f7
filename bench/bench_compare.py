"""Benchmark of the draft comparison.  Run from the repository root:

    python -m bench.bench_compare

Two revision pairs are built from the seed's annexes (confmgr/demo/data):
~50 KB with 10% of the units edited, ~500 KB (the annexes replicated under
other annex numbers) with 30% edited.  Contenders:

* dmp whole text: diff-match-patch (pure Python) on the whole clean text,
  with semantic cleanup (the reference);
* paragraph-first (python): ``compare`` with the pure Python word diff;
* paragraph-first (C++): ``compare`` with fast_diff_match_patch as diff backend;
* fast-dmp whole text: fast_diff_match_patch on the whole text.

The contenders are timed in interleaved rounds (one run of each per round, so
a burst of load on a shared machine hits them alike); the minimum and the
median of each are printed, and the ratios are ratios of medians (ratios of
minimums in brackets), so the noise is visible.

Parse times are printed too (the service parses once on publish and compares
cached parses).  Then, through the API on a warm server: a server process
(``app.py``, SQLite in a temporary folder) is started, the 50 KB pair is
published (POST /api/v1/documents, POST .../revisions) and
``GET /api/v1/compare`` is timed repeatedly over one kept-alive connection
(the first request warms the caches; the median of the others is printed).

Targets: 50 KB/10% paragraph-first <= 3x the C++ whole-text time and
<= 20 ms median through the API on a warm server; 500 KB/30% <= 120 ms.
"""
from __future__ import annotations

import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from diff_match_patch import diff_match_patch

from confmgr.drafts.compare import compare
from confmgr.drafts.structure import parse_document
from confmgr.drafts.textdiff import available_backends, use_backend

try:
    import fast_diff_match_patch
except ImportError:  # pragma: no cover
    fast_diff_match_patch = None

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "confmgr" / "demo" / "data"
ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
          "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI", "XXVII", "XXVIII"]
WORDS = ["renforcer", "améliorer", "notamment", "en particulier", "régional", "national", "sur demande",
         "selon qu’il conviendra", "pleinement", "les États Membres", "la coopération internationale"]


def _annex(text: str, number: str, part: int) -> str:
    text = re.sub(r"^\s*Annexe\s+[IVX]+\s*$", f" Annexe {number}", text, count=1, flags=re.M)
    if part:
        # vary the text a little so that replicas are not all identical
        text = text.replace("2012-2018", f"2012-2018 (partie {part})")
    return text


def build_text(target_kb: int) -> str:
    a1 = (DATA / "annex1.fr.txt").read_text(encoding="utf-8")
    a2 = (DATA / "annex2.fr.txt").read_text(encoding="utf-8")
    parts, size, k = [], 0, 0
    while size < target_kb * 1000 * 0.95:
        src = a1 if k % 2 == 0 and size + len(a1.encode("utf-8")) <= target_kb * 1100 else a2
        chunk = _annex(src, ROMANS[k % len(ROMANS)], k // 2)
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
        k += 1
    return "\n".join(parts)


def edit(doc, fraction: float, seed: int):
    """A new version: `fraction` of the units edited (word changes), a few inserted and deleted."""
    rng = random.Random(seed)
    new = parse_document(doc.plain_text(), doc.language)
    units = [u for u in new.units() if u.kind in ("paragraph", "subparagraph", "preamble", "item")]
    chosen = rng.sample(units, int(len(units) * fraction))
    for u in chosen:
        words = u.text.split(" ")
        for _ in range(rng.randint(1, 3)):
            op = rng.random()
            k = rng.randrange(len(words))
            if op < 0.4:
                words[k] = rng.choice(WORDS)
            elif op < 0.7:
                words.insert(k, rng.choice(WORDS))
            elif len(words) > 4:
                del words[k]
        u.text = " ".join(words)
    return new


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def interleaved_ms(contenders: dict, rounds: int, every: dict | None = None) -> dict:
    """Times in ms of each contender, one run of each per round (a contender listed in ``every`` with n
    runs only every n-th round); one untimed warm-up run each first."""
    every = every or {}
    for fn in contenders.values():
        fn()
    times = {name: [] for name in contenders}
    for r in range(rounds):
        for name, fn in contenders.items():
            if r % every.get(name, 1):
                continue
            t0 = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t0) * 1000)
    return times


def run_case(label: str, kb: int, fraction: float, rounds: int, target: str) -> dict:
    """Medians by contender (and "<name> min" for the minimums)."""
    raw = build_text(kb)
    t0 = time.perf_counter()
    old = parse_document(raw)
    parse_raw_ms = (time.perf_counter() - t0) * 1000
    new = edit(old, fraction, seed=kb)
    old_text, new_text = old.plain_text(), new.plain_text()
    t0 = time.perf_counter()
    parse_document(new_text)
    parse_clean_ms = (time.perf_counter() - t0) * 1000

    dmp = diff_match_patch()

    def dmp_whole():
        d = dmp.diff_main(old_text, new_text)
        dmp.diff_cleanupSemantic(d)

    def compare_with(backend):
        def run():
            with use_backend(backend):
                compare(old, new)
        return run

    contenders = {"dmp whole text (python)": dmp_whole, "paragraph-first (python)": compare_with("python")}
    if "fast" in available_backends():
        contenders["paragraph-first (C++)"] = compare_with("fast")
        contenders["fast-dmp whole text (C++)"] = lambda: fast_diff_match_patch.diff(
            old_text, new_text, cleanup="Semantic", counts_only=False)
    times = interleaved_ms(contenders, rounds, every={"dmp whole text (python)": 4})
    figures = {name: statistics.median(ts) for name, ts in times.items()}
    stats = compare(old, new)["stats"]

    print(f"\n== {label}: {len(old_text.encode('utf-8')) / 1000:.0f} KB, {stats['units_before']} units, "
          f"{int(fraction * 100)}% edited ==")
    print(f"  parse: {parse_raw_ms:.1f} ms (PDF text), {parse_clean_ms:.1f} ms (clean text)")
    print(f"  {'':<28} {'min':>8} {'median':>8}   (runs)")
    for name, ts in times.items():
        print(f"  {name:<28} {min(ts):8.2f} {statistics.median(ts):8.2f}   ({len(ts)}) ms")
    if fast_diff_match_patch is None:
        print("  fast_diff_match_patch: not installed")

    def ratio(a, b):
        return f"{figures[a] / figures[b]:.2f} (min {min(times[a]) / min(times[b]):.2f})"

    ref = "dmp whole text (python)"
    for name in ("paragraph-first (python)", "paragraph-first (C++)"):
        if name in figures:
            print(f"  ratio dmp whole / {name}: {ratio(ref, name)}")
    cxx = "fast-dmp whole text (C++)"
    if cxx in figures:
        for name in ("paragraph-first (python)", "paragraph-first (C++)"):
            print(f"  ratio {name} / fast-dmp whole: {ratio(name, cxx)}")
    print(f"  comparison: {stats['changed']} changed, {stats['inserted']} inserted, {stats['deleted']} deleted, "
          f"{stats['moved']} moved; target: {target}")
    figures.update({f"{name} min": min(ts) for name, ts in times.items()})
    return figures


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare_database(url: str, instance: str) -> str:
    """Create the schema and a secretariat user in a fresh database; returns the user's API token."""
    env_before = dict(os.environ)
    os.environ.update({"DATABASE_URL": url, "CONFMGR_INSTANCE_PATH": instance})
    try:
        from confmgr import create_app
        from confmgr.accounts.services import create_user
        from confmgr.core.actor import SYSTEM
        from confmgr.extensions import db

        app = create_app()
        with app.app_context():
            db.create_all()
            token = create_user(db.session, SYSTEM, "bench@example.org", "secretariat").token
            db.session.commit()
            db.engine.dispose()
        return token
    finally:
        os.environ.clear()
        os.environ.update(env_before)


def _request(conn, method: str, path: str, token: str, body: dict | None = None):
    headers = {"Authorization": f"Bearer {token}"}
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    if response.status >= 400:
        raise RuntimeError(f"{method} {path}: {response.status} {payload[:300]!r}")
    return payload


def run_api(old_text: str, new_text: str, runs: int = 60) -> float:
    """Median ms of GET /api/v1/compare on a warm server, for a published pair."""
    with tempfile.TemporaryDirectory(prefix="confmgr-bench-") as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        token = _prepare_database(url, tmp)
        port = _free_port()
        env = {**os.environ, "DATABASE_URL": url, "CONFMGR_INSTANCE_PATH": tmp, "PORT": str(port),
               "HOST": "127.0.0.1"}
        server = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=str(ROOT), env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("the server did not start") from None
                    time.sleep(0.1)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            base = "A/CONF.192/2012/RC/L.99"
            _request(conn, "POST", "/api/v1/documents", token,
                     {"symbol": base, "title": "Benchmark draft", "text": old_text, "language": "fr"})
            _request(conn, "POST", f"/api/v1/documents/{base}/revisions", token, {"text": new_text})
            path = f"/api/v1/compare?from={quote(base)}&to={quote(base + '/Rev.1')}"
            _request(conn, "GET", path, token)  # warm-up
            ms = median_ms(lambda: _request(conn, "GET", path, token), runs)
            conn.close()
            return ms
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def main() -> None:
    backends = available_backends()
    print(f"diff backends: {', '.join(backends)}" + ("" if "fast" in backends else " (fast_diff_match_patch not installed)"))
    small = run_case("50 KB / 10%", 50, 0.10, 400, "paragraph-first <= 3x fast-dmp whole text (medians)")
    big = run_case("500 KB / 30%", 500, 0.30, 24, "paragraph-first <= 120 ms (median)")
    names = ("paragraph-first (python)", "paragraph-first (C++)")
    best_small = min(small[k] for k in names if k in small)
    best_big = min(big[k] for k in names if k in big)
    cxx = small.get("fast-dmp whole text (C++)")
    print("\nTargets (medians):")
    if cxx:
        print(f"  50 KB/10%: {best_small:.2f} ms vs 3 x {cxx:.2f} ms (ratio {best_small / cxx:.2f}) -> "
              f"{'OK' if best_small <= 3 * cxx else 'MISSED'}")
    else:
        print(f"  50 KB/10%: {best_small:.2f} ms (fast_diff_match_patch not installed: no C++ reference)")
    print(f"  500 KB/30%: {best_big:.1f} ms vs 120 ms -> {'OK' if best_big <= 120 else 'MISSED'}")
    raw = build_text(50)
    old = parse_document(raw)
    api_ms = run_api(old.plain_text(), edit(old, 0.10, seed=50).plain_text())
    print(f"  50 KB/10% through the API (GET /api/v1/compare, warm server, median): {api_ms:.1f} ms vs 20 ms -> "
          f"{'OK' if api_ms <= 20 else 'MISSED'}")


if __name__ == "__main__":
    main()
