import pytest

from confmgr.drafts.alignment import align
from confmgr.drafts.chain import build_demo_chain
from confmgr.drafts.compare import changed_only, compare, summarize
from confmgr.drafts.structure import count_brackets, parse_document
from confmgr.drafts import textdiff
from confmgr.drafts.textdiff import available_backends, side, word_diff

P = {
    1: "Nous réaffirmons notre attachement au Programme d’action et à l’Instrument international de traçage.",
    2: "Nous soulignons que la coopération internationale et l’assistance demeurent essentielles pour les États.",
    3: "Les États s’engagent à renforcer la sécurité physique des stocks d’armes légères et de petit calibre.",
    4: "Nous encourageons la participation des femmes aux processus de décision relatifs aux armes légères.",
    5: "Les États examineront les progrès accomplis lors de la prochaine réunion biennale prévue en 2014.",
    6: "Nous prions le Secrétaire général de présenter un rapport sur les évolutions techniques du marquage.",
}


def doc(*paras):
    return parse_document("\n\n".join(f"{k}. {t}" for k, t in enumerate(paras, 1)), "fr")


def ops(c):
    return [(e["op"], e["from_ref"], e["to_ref"]) for e in c["paragraphs"]]


def check_reconstruction(c, old, new):
    new_side = [side(e["diff"], "new") for e in c["paragraphs"] if e["to_ref"] is not None]
    assert new_side == [u.text for u in new.units()]
    old_pos = {u.ref: k for k, u in enumerate(old.units())}
    olds = sorted((old_pos[e["from_ref"]], side(e["diff"], "old")) for e in c["paragraphs"] if e["from_ref"])
    assert [t for _k, t in olds] == [u.text for u in old.units()]
    for e in c["paragraphs"]:
        assert e["diff"], e
        assert set(e) >= {"op", "from_ref", "to_ref", "from_wid", "to_wid", "kind", "diff"}


def test_insertion_in_the_middle_keeps_later_paragraphs_equal():
    old = doc(P[1], P[2], P[3], P[4], P[5])
    new = doc(P[1], P[2], P[6], P[3], P[4], P[5])
    c = compare(old, new)
    assert ops(c) == [("equal", "1", "1"), ("equal", "2", "2"), ("inserted", None, "3"),
                      ("equal", "3", "4"), ("equal", "4", "5"), ("equal", "5", "6")]
    assert c["stats"]["renumbered"] == 3 and c["stats"]["changed"] == 0
    check_reconstruction(c, old, new)
    assert summarize(c) == "1 new paragraph, 3 renumbered"


def test_change_deletion_and_summary():
    old = doc(P[1], P[2], P[3], P[4])
    changed = P[3].replace("renforcer", "améliorer")
    new = doc(P[1], changed, P[4])
    c = compare(old, new)
    assert ops(c) == [("equal", "1", "1"), ("deleted", "2", None), ("changed", "3", "2"), ("equal", "4", "3")]
    entry = c["paragraphs"][2]
    assert [-1, "renforcer"] in entry["diff"] and [1, "améliorer"] in entry["diff"]
    assert c["stats"]["words_added"] == 1 and c["stats"]["words_removed"] >= 1 + len(P[2].split()) - 2
    check_reconstruction(c, old, new)
    assert summarize(c) == "1 paragraph changed, 1 deleted, 2 renumbered"
    assert summarize(c, "fr") == "1 paragraphe modifié, 1 supprimé, 2 renumérotés"
    assert [e["op"] for e in changed_only(c)] == ["deleted", "changed"]


def test_move_with_change():
    old = doc(P[1], P[2], P[3], P[4], P[5])
    new = doc(P[1], P[3], P[4], P[5], P[2].replace("essentielles", "indispensables"))
    c = compare(old, new)
    moved = [e for e in c["paragraphs"] if e["op"] == "moved"]
    assert len(moved) == 1 and moved[0]["from_ref"] == "2" and moved[0]["to_ref"] == "5"
    assert [1, "indispensables"] in moved[0]["diff"]
    assert c["stats"]["changed"] == 0 and c["stats"]["moved"] == 1
    check_reconstruction(c, old, new)


def test_split_and_merge():
    old = doc(P[1], P[2] + " " + P[3], P[4], P[5])
    new = doc(P[1], P[2], P[3], P[4] + " " + P[5])
    c = compare(old, new)
    assert c["stats"]["split"] == 1 and c["stats"]["merged"] == 1
    split_piece = [e for e in c["paragraphs"] if e.get("split_from")]
    assert len(split_piece) == 1 and split_piece[0]["op"] == "inserted" and split_piece[0]["split_from"] == "2"
    merged_piece = [e for e in c["paragraphs"] if e.get("merged_into")]
    assert len(merged_piece) == 1 and merged_piece[0]["op"] == "deleted" and merged_piece[0]["merged_into"] == "4"
    keepers = [e for e in c["paragraphs"] if e["op"] == "changed"]
    assert {e["from_ref"] for e in keepers} == {"2", "4"} or len(keepers) == 2
    check_reconstruction(c, old, new)


def test_overrides_force_and_forbid():
    old = doc(P[1], P[2], P[3])
    new = doc(P[1], P[2].replace("internationale", "régionale"), P[3])
    wid_old = old.units()[1].wid
    wid_new = new.units()[1].wid
    c = compare(old, new, {"forbid": [[wid_old, wid_new]]})
    assert ("changed", "2", "2") not in ops(c)
    assert {("deleted", "2", None), ("inserted", None, "2")} <= set(ops(c))
    # force an unlikely match: the old paragraph 3 becomes the new paragraph 3 of a rewritten text
    new2 = doc(P[1], P[2], P[6])
    c = compare(old, new2, {"force": [[old.units()[2].wid, new2.units()[2].wid]]})
    assert ("changed", "3", "3") in ops(c)
    c = compare(old, new2)
    assert ("changed", "3", "3") not in ops(c)


def test_bis_paragraph_and_align_indices():
    old = doc(P[1], P[2], P[3])
    new = parse_document(f"1. {P[1]}\n\n2. {P[2]}\n\n2 bis. {P[6]}\n\n3. {P[3]}", "fr")
    assert [u.ref for u in new.units()] == ["1", "2", "2bis", "3"]
    matches = align(old.units(), new.units())
    assert [(m.op, m.old, m.new) for m in matches] == [
        ("equal", [0], [0]), ("equal", [1], [1]), ("inserted", [], [2]), ("equal", [2], [3])]


def test_word_diff_french_typography():
    a = "Les États\u00a0: l’Assemblée générale\u202fa décidé d’agir « rapidement »."
    b = "Les États\u00a0: l’Assemblée générale\u202fa décidé d’intervenir « sans délai »."
    d = word_diff(a, b)
    assert side(d, "old") == a and side(d, "new") == b
    removed = [t for op, t in d if op == -1]
    added = [t for op, t in d if op == 1]
    assert removed == ["agir « rapidement"] and added == ["intervenir « sans délai"]
    assert d[0] == [0, "Les États\u00a0: l’Assemblée générale\u202fa décidé d’"]
    assert any(op == 0 and "\u00a0:" in t for op, t in d)


def test_backends_agree_on_seed(annex1, annex2):
    if "fast" not in available_backends():  # fallback: the reference implementation is used
        assert textdiff.get_backend() == "python"
        return
    units = annex1.units() + annex2.units()
    pairs = [(u.text, v.text) for u, v in zip(units, units[1:])]
    pairs += [(u.text, u.text.replace("les", "des").replace("de ", "du ", 2)) for u in units]
    for a, b in pairs:
        assert word_diff(a, b, backend="python") == word_diff(a, b, backend="fast")


def test_python_backend_is_selectable():
    with textdiff.use_backend("python"):
        assert textdiff.get_backend() == "python"
        assert word_diff("a b c", "a x c") == [[0, "a "], [-1, "b"], [1, "x"], [0, " c"]]


def test_seed_against_itself_is_all_equal(annex1):
    c = compare(annex1, annex1)
    assert {e["op"] for e in c["paragraphs"]} == {"equal"}
    assert changed_only(c) == []
    assert summarize(c) == "No change" and summarize(c, "fr") == "Aucune modification"


@pytest.mark.parametrize("name,symbol,n", [("annex1_text", "A/CONF.192/2012/RC/L.4", 1),
                                         ("annex2_text", "A/CONF.192/2012/RC/CRP.3", 3)])
def test_demo_chain(name, symbol, n, request):
    final = request.getfixturevalue(name)
    chain = build_demo_chain(final, symbol, n)
    assert len(chain) == n + 1 and chain[-1] == final
    assert chain == build_demo_chain(final, symbol, n)
    docs = [parse_document(t) for t in chain]
    brackets = [count_brackets(d) for d in docs]
    assert all(a > b for a, b in zip(brackets, brackets[1:])) and brackets[-1] == 0
    assert "][" in chain[0]
    totals = {"split": 0, "merged": 0, "deleted": 0, "changed": 0}
    for a, b in zip(docs, docs[1:]):
        c = compare(a, b)
        check_reconstruction(c, a, b)
        for k in totals:
            totals[k] += c["stats"][k]
    assert totals["split"] >= 1 and totals["merged"] >= 1 and totals["deleted"] >= n and totals["changed"] >= 3
    if n >= 2:
        assert any(" bis" in (u.number or "") for d in docs for u in d.units())


def test_trimming_equal_ends_gives_the_same_diff_as_the_whole_texts(monkeypatch):
    import random

    rng = random.Random(7)
    words = "the of [and] l’État États , ; (a) 2012 bis renforcer la coopération".split()
    pairs = []
    for _ in range(400):
        a = " ".join(rng.choice(words) for _ in range(rng.randint(8, 40)))
        b = list(a)
        for _ in range(rng.randint(1, 3)):
            k = rng.randint(0, len(b))
            b[k:k + rng.randint(0, 3)] = list(rng.choice(words + [" ", "x", ","]))
        pairs.append((a, "".join(b)))
    for backend in available_backends():
        trimmed = [word_diff(a, b, backend) for a, b in pairs]
        monkeypatch.setattr(textdiff, "_common_ends", lambda a, b: (0, 0))
        whole = [word_diff(a, b, backend) for a, b in pairs]
        monkeypatch.undo()
        assert trimmed == whole
        for (a, b), d in zip(pairs, trimmed):
            assert side(d, "old") == a and side(d, "new") == b
