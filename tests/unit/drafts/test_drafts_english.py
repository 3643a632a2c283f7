"""Alignment of English drafts: bis paragraphs, renumbering, moves, splits and merges."""
import re

from confmgr.drafts.compare import compare, summarize
from confmgr.drafts.structure import inherit_identities, parse_document
from confmgr.drafts.textdiff import side

from tests.unit.drafts.english_drafts import ORIGINAL, REVISED


def entries(c):
    return {(e["from_ref"], e["to_ref"]): e for e in c["paragraphs"]}


def check_reconstruction(c, old, new):
    assert [side(e["diff"], "new") for e in c["paragraphs"] if e["to_ref"]] == [u.text for u in new.units()]
    old_pos = {u.ref: k for k, u in enumerate(old.units())}
    olds = sorted((old_pos[e["from_ref"]], side(e["diff"], "old")) for e in c["paragraphs"] if e["from_ref"])
    assert [t for _k, t in olds] == [u.text for u in old.units()]


def renumber(text: str) -> str:
    """The revision as the secretariat issues it next: `bis` paragraphs take a number of their own."""
    out, section_numbers = [], 0
    for line in text.split("\n"):
        m = re.match(r"^(\d+)( bis)?\. (.*)$", line)
        if m:
            section_numbers += 1
            line = f"{section_numbers}. {m.group(3)}"
        elif re.match(r"^[IVX]+\. ", line):
            section_numbers = 0
        out.append(line)
    return "\n".join(out)


def test_english_draft_is_read_with_english_labels():
    doc = parse_document(REVISED)
    assert doc.language == "en"
    refs = [u.ref for u in doc.units()]
    assert "I.2bis" in refs and "II.A.1.bbis" in refs and "I.PP2" in refs
    sub = next(u for u in doc.units() if u.ref == "II.A.1.b")
    assert sub.kind == "subparagraph" and sub.text.startswith("Enhance border controls")


def test_bis_paragraph_is_inserted_and_neighbours_stay_equal():
    old, new = parse_document(ORIGINAL), parse_document(REVISED)
    c = compare(old, new)
    by = entries(c)
    assert by[(None, "I.2bis")]["op"] == "inserted"
    assert by[(None, "II.A.1.bbis")]["op"] == "inserted"
    assert by[("I.2", "I.2")]["op"] == "equal"
    assert by[("II.A.1.c", "II.A.1.c")]["op"] == "equal"
    check_reconstruction(c, old, new)


def test_split_merge_and_move_in_an_english_revision():
    old, new = parse_document(ORIGINAL), parse_document(REVISED)
    c = compare(old, new)
    by = entries(c)
    split = by[("I.4", "I.4")]
    assert split["op"] == "changed" and split["split_into"] == ["I.5"]
    assert by[(None, "I.5")]["split_from"] == "I.4"
    merged = by[("II.B.3", "II.B.3")]
    assert merged["op"] == "changed" and merged["merged_from"] == ["II.B.4"]
    assert by[("II.B.4", None)]["merged_into"] == "II.B.3"
    assert by[("I.5", "II.B.5")]["op"] == "moved"
    assert by[("II.B.5", "II.B.4")]["op"] == "equal"  # renumbered, same text
    bracket = by[("I.3", "I.3")]
    assert [-1, "[encourage][urge]"] in bracket["diff"] or any(op == -1 and "encourage" in t for op, t in bracket["diff"])
    s = c["stats"]
    assert (s["split"], s["merged"], s["moved"], s["brackets_before"], s["brackets_after"]) == (1, 1, 1, 2, 0)
    assert summarize(c) == "3 paragraphs changed, 3 new, 1 deleted, 1 moved, 1 split, 1 merged, 1 renumbered (brackets 2 → 0)"
    check_reconstruction(c, old, new)


def test_renumbering_a_bis_paragraph_is_not_a_change():
    rev1 = parse_document(REVISED)
    rev2 = parse_document(renumber(REVISED))
    assert [u.ref for u in rev2.units()][:9] == ["H", "I.H", "I.PP1", "I.PP2", "I.1", "I.2", "I.3", "I.4", "I.5"]
    c = compare(rev1, rev2)
    assert c["stats"]["changed"] == c["stats"]["inserted"] == c["stats"]["deleted"] == c["stats"]["moved"] == 0
    by = entries(c)
    assert by[("I.2bis", "I.3")]["op"] == "equal"
    assert by[("I.3", "I.4")]["op"] == "equal"
    assert c["stats"]["renumbered"] >= 4
    check_reconstruction(c, rev1, rev2)


def test_identities_follow_paragraphs_through_english_revisions():
    old = parse_document(ORIGINAL)
    rev1 = inherit_identities(old, parse_document(REVISED))
    rev2 = inherit_identities(rev1, parse_document(renumber(REVISED)))
    wid = {u.ref: u.wid for u in old.units()}
    wid1 = {u.ref: u.wid for u in rev1.units()}
    wid2 = {u.ref: u.wid for u in rev2.units()}
    assert wid1["II.B.5"] == wid["I.5"]  # the moved paragraph keeps its identity
    assert wid1["I.2bis"] not in set(wid.values())  # a new paragraph gets a fresh one
    assert wid2["I.3"] == wid1["I.2bis"]  # and keeps it when renumbered
    assert wid2["I.4"] == wid1["I.3"] == wid["I.3"]


def test_overrides_force_and_forbid_matches_in_english():
    old, new = parse_document(ORIGINAL), parse_document(REVISED)
    old_wid = {u.ref: u.wid for u in old.units()}
    new_wid = {u.ref: u.wid for u in new.units()}
    forbid = {"force": [], "forbid": [[old_wid["I.3"], new_wid["I.3"]]]}
    by = entries(compare(old, new, forbid))
    assert by[("I.3", None)]["op"] == "deleted" and by[(None, "I.3")]["op"] == "inserted"
    force = {"force": [[old_wid["I.5"], new_wid["I.2bis"]]], "forbid": []}
    by = entries(compare(old, new, force))
    assert by[("I.5", "I.2bis")]["op"] in ("changed", "moved")
    assert by[(None, "II.B.5")]["op"] == "inserted"
