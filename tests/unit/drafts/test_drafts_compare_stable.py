"""The comparison output stays the same when its computation changes.

Every ordered pair of versions of the demo chains (French), an English chain and the 50 KB benchmark
pair is compared with each diff backend; the output (entries, their key order, stats) must hash to
the value recorded below, and must hold the invariants of the format. A change of these hashes
means a change of what clients receive: update them only for an intended change of the output.
"""
import hashlib
import json
from collections import Counter

import pytest

from confmgr.drafts.alignment import align, alignment
from confmgr.drafts.chain import build_demo_chain
from confmgr.drafts.compare import compare
from confmgr.drafts.structure import count_brackets, parse_document
from confmgr.drafts.textdiff import available_backends, count_words, side, use_backend

from tests.unit.drafts.english_drafts import REVISED

# sha256 of json.dumps([compare(a, b) for every ordered pair], ensure_ascii=False)
EXPECTED = {
    "annex I, L.4": "5bde8154ffff9c8e1b5bf46a67ee858de615314c0c2a39de082302ae74e833dd",
    "annex II, CRP.3": "9de4afc5659002710b7ded79afd298a39ffd3b788bdb3ec96cd7c484004a6c93",
    "english": "4245982e117d5f1f2a6485029151c6aac843bd36fbfad5688dbc870c0bccbfde",
    "benchmark 50 KB / 10%": "696b5b6fa5e218d69dd9fd250d4e061e5e6558c9344274519427eb16b0fc7bdf",
}


def _chain(text, symbol, n):
    return [parse_document(t) for t in build_demo_chain(text, symbol, n)]


@pytest.fixture(scope="module")
def cases(annex1_text, annex2_text):
    from bench.bench_compare import build_text, edit

    old = parse_document(build_text(50))
    return {
        "annex I, L.4": _chain(annex1_text, "A/CONF.192/2012/RC/L.4", 1),
        "annex II, CRP.3": _chain(annex2_text, "A/CONF.192/2012/RC/CRP.3", 3),
        "english": _chain(REVISED, "A/CONF.1/L.1", 3),
        "benchmark 50 KB / 10%": [old, edit(old, 0.10, seed=50)],
    }


def check_invariants(c, old, new):
    ou, nu = old.units(), new.units()
    entries = c["paragraphs"]
    # each unit once on its side, in order for the new text; the diffs give back both texts
    assert [e["to_ref"] for e in entries if e["to_ref"] is not None] == [u.ref for u in nu]
    assert [side(e["diff"], "new") for e in entries if e["to_ref"] is not None] == [u.text for u in nu]
    old_pos = {u.ref: k for k, u in enumerate(ou)}
    olds = sorted((old_pos[e["from_ref"]], side(e["diff"], "old")) for e in entries if e["from_ref"] is not None)
    assert [t for _k, t in olds] == [u.text for u in ou]
    stats = c["stats"]
    ops = Counter(e["op"] for e in entries)
    assert {k: stats[k] for k in ops} == dict(ops)
    assert stats["renumbered"] == sum(e["op"] in ("equal", "changed") and e["from_ref"] != e["to_ref"]
                                      for e in entries)
    assert stats["split"] == sum("split_into" in e for e in entries)
    assert stats["merged"] == sum("merged_from" in e for e in entries)
    changed = [e for e in entries if e["op"] != "equal"]
    assert stats["words_added"] == sum(count_words(e["diff"], 1) for e in changed)
    assert stats["words_removed"] == sum(count_words(e["diff"], -1) for e in changed)
    assert stats["brackets_before"] == count_brackets(old) and stats["brackets_after"] == count_brackets(new)
    assert (stats["units_before"], stats["units_after"]) == (len(ou), len(nu))
    for e in entries:
        if e["op"] == "equal":
            assert e["diff"] == ([[0, side(e["diff"], "new")]] if side(e["diff"], "new") else [])
    # the raw alignment and the Match list agree
    pairs, chain, _score, splits, merges = alignment(ou, nu)
    matches = align(ou, nu)
    assert sorted((m.old[0], m.new[0]) for m in matches if m.old and m.new) == sorted(pairs)
    assert {m.old[0]: m.new[1:] for m in matches if m.op == "split"} == splits


@pytest.mark.parametrize("name", list(EXPECTED))
def test_comparison_output_is_stable(cases, name):
    docs = cases[name]
    for backend in available_backends():
        with use_backend(backend):
            out = []
            for a in range(len(docs)):
                for b in range(len(docs)):
                    if a != b:
                        c = compare(docs[a], docs[b])
                        check_invariants(c, docs[a], docs[b])
                        out.append(c)
        digest = hashlib.sha256(json.dumps(out, ensure_ascii=False).encode("utf-8")).hexdigest()
        assert digest == EXPECTED[name], f"{name} ({backend})"
