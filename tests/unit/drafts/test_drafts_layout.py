"""Drafts laid out as they are issued: title block, page headers and footers, job numbers, page numbers,
numbering continuous across sections or restarting in each, footnotes interrupting a paragraph,
bracketed paragraphs, in English and French; and revision chains of them through the comparison."""
import re
from collections import Counter
from pathlib import Path

import pytest

from confmgr.drafts.compare import compare, summarize
from confmgr.drafts.structure import from_superscript, parse_document

from tests.unit.drafts.test_drafts_structure import ENGLISH

DATA = Path(__file__).resolve().parents[2] / "data"
EN = ["draft_continuous.en.txt", "draft_continuous.en.rev1.txt", "draft_restarting.en.rev2.txt"]
FR = ["draft_restarting.fr.txt", "draft_restarting.fr.rev1.txt"]


def read(name):
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def docs():
    return {name: parse_document(read(name)) for name in EN + FR}


def by_ref(doc):
    return {u.ref: u for u in doc.units()}


def all_text(doc):
    return "\n".join(u.text for u in doc.units())


def test_continuous_numbering_across_sections(docs):
    doc = docs[EN[0]]
    paragraphs = [u for u in doc.units() if u.kind == "paragraph"]
    assert [u.number for u in paragraphs] == [str(n) for n in range(1, 18)]
    refs = by_ref(doc)
    assert refs["II.A.7"].text == "States undertake to:"
    assert [c.ref for c in refs["II.A.7"].children] == ["II.A.7.a", "II.A.7.b", "II.A.7.c"]
    assert refs["II.B.10"].text.startswith("States will, as appropriate")
    assert refs["III.16"].text.startswith("Decide that a meeting of governmental experts")
    assert doc.report["numbering"] == {"scheme": "continuous", "gaps": [], "restarts": []}
    assert not any(u.kind == "preamble" and re.match(r"\d+\.", u.text) for u in doc.units())


def test_restarting_numbering_in_each_section(docs):
    doc = docs[FR[0]]
    assert doc.language == "fr"
    refs = by_ref(doc)
    assert [u.ref for u in doc.units() if u.kind == "paragraph"] == [
        "I.1", "I.2", "I.3", "I.4", "II.1", "II.2", "II.3", "III.1", "III.2", "III.3"]
    assert doc.report["numbering"]["scheme"] == "restarting"
    assert [r["found"] for r in doc.report["numbering"]["restarts"]] == ["1", "1"]
    assert refs["II.1.b"].text.startswith("Améliorer les contrôles aux frontières")


def test_title_block_is_metadata_not_body(docs):
    en, fr = docs[EN[0]], docs[FR[0]]
    assert {k: en.metadata[k] for k in ("organization", "organ", "symbol", "distribution", "date", "original")} == {
        "organization": "United Nations", "organ": "General Assembly", "symbol": "A/CONF.300/2027/L.4",
        "distribution": "Limited", "date": "24 August 2027", "original": "English"}
    assert en.metadata["distribution_code"] == "limited"
    assert {k: fr.metadata[k] for k in ("symbol", "distribution", "date", "original")} == {
        "symbol": "A/CONF.300/2027/CRP.2", "distribution": "limitée", "date": "7 septembre 2027",
        "original": "anglais"}
    assert en.report["metadata"]["symbol"] == "A/CONF.300/2027/L.4"
    for doc in (en, fr):
        text = all_text(doc)
        for word in ("General Assembly", "Assemblée générale", "Distr", "Original", "24 August 2027",
                     "7 septembre 2027"):
            assert word not in text
        assert not any(u.text.startswith(("United Nations", "Nations Unies")) for u in doc.units())
        assert doc.units()[0].kind == "heading"


def test_page_artefacts_are_found_by_repetition(docs):
    en, fr = docs[EN[0]], docs[FR[0]]
    for doc in (en, fr):
        text = all_text(doc)
        assert "A/CONF.300/2027" not in text.replace("A/CONF.300/2027/3.", "")
        assert not re.search(r"\b(?:GE\.)?27-0\d{4}", text)
        assert not re.search(r"(^|\n)(\d/6|-\d-|Page \d)", text)
    assert "Third Review Conference: draft outcome" not in all_text(en)
    assert "Advance unedited version" not in all_text(en)
    assert "Conférence d’examen : projet de document final" not in all_text(fr)
    why = Counter(a["why"] for a in en.report["page_artefacts"])
    assert why["running header or footer"] == 9  # five page headers, four footers
    assert why["page number"] == 5 and why["job number"] == 4
    assert {a["text"] for a in fr.report["page_artefacts"] if a["why"] == "page number"} == {"-2-", "-3-", "-4-",
                                                                                           "Page 5"}
    assert en.report["page_artefacts_total"] == len(en.report["page_artefacts"])


def test_paragraphs_across_page_breaks(docs):
    refs = by_ref(docs[EN[0]])
    # a paragraph that goes on after a page break
    assert refs["II.B.11"].text.endswith("small arms and light weapons, and for the management of their stockpiles.")
    # a numbered paragraph right after a page break, with no blank line
    assert refs["II.B.12"].text.startswith("States are encouraged to make use")
    assert refs["II.A.9"].text.startswith("States are encouraged to consider ways")
    assert by_ref(docs[FR[0]])["II.3"].text.startswith("Les États sont invités")


def test_footnote_block_interrupting_a_preambular_paragraph(docs):
    en, fr = by_ref(docs[EN[0]]), by_ref(docs[FR[0]])
    pp3 = en["I.PP3"]
    assert pp3.kind == "preamble"
    assert pp3.text == ("Taking note with appreciation of the report of the Secretary-General² on the "
                        "implementation of the Programme of Action and of the International Tracing Instrument,")
    assert en["FN2"].text == "A/CONF.300/2027/3."
    # glued digits become superscript markers
    assert fr["I.PP3"].text.startswith("Prenant note avec satisfaction du rapport du Secrétaire général¹ sur la")
    assert fr["II.2"].text.endswith("qui s’y livrent².")
    assert [fr["FN1"].text, fr["FN2"].text] == ["A/CONF.300/2027/3.", "Voir résolution 66/47, par. 15."]


def test_bracketed_paragraphs_stay_paragraphs(docs):
    en, fr = by_ref(docs[EN[0]]), by_ref(docs[FR[0]])
    assert en["II.B.13"].kind == "paragraph"
    assert en["II.B.13"].text.startswith("[States undertake") and en["II.B.13"].text.endswith("Affairs.]")
    assert en["I.3"].text.startswith("[Encourage][Urge] States")
    assert fr["I.3"].kind == "paragraph" and fr["I.3"].text.startswith("[Encourageons")
    assert fr["III.3"].text.endswith("calibre.]")
    bracketed_preamble = parse_document("I. Preamble\n\n[Recalling its resolution 65/64,]\n\n1. Decides.\n")
    assert by_ref(bracketed_preamble)["I.PP1"].kind == "preamble"


def test_superscript_footnote_markers_in_source():
    doc = parse_document("Recalling the report of the Secretary-General³ on small arms,\n"
                         "__________________\n³ A/67/123.\n\n1. Decides to remain seized of the matter.\n")
    refs = by_ref(doc)
    assert refs["PP1"].text == "Recalling the report of the Secretary-General³ on small arms,"
    assert refs["FN3"].text == "A/67/123."
    assert doc.report["unplaced"] == []


def test_nothing_lost(docs):
    for name, doc in docs.items():
        raw = read(name)
        taken = {a["line"] for a in doc.report["page_artefacts"]}
        kept = [line for k, line in enumerate(raw.replace("\f", "\n").split("\n"), 1)
                if k not in taken and line.strip() not in doc.metadata["lines"] and not line.startswith("___")]
        words = Counter(re.findall(r"\w+", from_superscript(re.sub(r"(\w)-\n(\w)", r"\1\2", "\n".join(kept)))))
        got = Counter(re.findall(r"\w+", from_superscript(doc.plain_text().replace("__________________", ""))))
        for line in doc.metadata["lines"]:
            got.subtract(re.findall(r"\w+", line))
        assert +got == +words, name


def test_round_trip_keeps_tree_and_metadata(docs):
    for doc in docs.values():
        again = parse_document(doc.plain_text())
        assert [(u.ref, u.kind, u.text) for u in again.units()] == [(u.ref, u.kind, u.text) for u in doc.units()]
        assert again.metadata == doc.metadata
        assert again.report["page_artefacts"] == []


def test_report_shows_what_could_not_be_placed():
    doc = parse_document(ENGLISH)
    unplaced = doc.report["unplaced"]
    assert [u["text"] for u in unplaced] == ["(h) of the annex;"]
    assert unplaced[0]["line"] == ENGLISH.split("\n").index("(h) of the annex;") + 1
    gap = parse_document("1. First paragraph.\n\n2. Second paragraph.\n\n4. Fourth paragraph.\n")
    assert gap.report["numbering"]["gaps"] == [{"line": 5, "after": "2", "found": "4"}]
    lost = parse_document("1. A paragraph without any marker.\n__________________\n7 A note nobody cites.\n")
    assert lost.report["unplaced"] == [{"footnote": "7", "text": "A note nobody cites.",
                                        "reason": "footnote marker not found in the text"}]
    assert doc.report["units"]["paragraph"] == 4 and doc.report["units"]["total"] == len(doc.units())


def test_seed_layout_unchanged(annex1, annex2):
    assert annex1.metadata == {} and annex2.metadata == {}
    assert {a["text"] for a in annex2.report["page_artefacts"]} == {"A/CONF.192/2012/RC/4", "12-5128918"}
    assert annex1.report["numbering"]["scheme"] == "restarting"


# --------------------------------------------------------------------------- revision chains

def entry(c, from_ref, to_ref):
    return next(e for e in c["paragraphs"] if (e["from_ref"], e["to_ref"]) == (from_ref, to_ref))


def test_insertion_renumbering_the_rest_is_not_a_change(docs):
    old, new = docs[EN[0]], docs[EN[1]]
    c = compare(old, new)
    s = c["stats"]
    assert (s["changed"], s["inserted"], s["deleted"], s["moved"]) == (2, 1, 0, 1)
    assert s["renumbered"] == 16  # 14 only renumbered, 2 changed and renumbered
    assert summarize(c) == "2 paragraphs changed, 1 new, 1 moved, 16 renumbered"
    assert entry(c, "I.3", "I.4")["op"] == "equal"
    assert entry(c, "III.17", "III.18")["op"] == "equal"
    changed = entry(c, "I.4", "I.5")
    assert changed["op"] == "changed" and (changed["from_un_ref"], changed["to_un_ref"]) == ("para. 4", "para. 5")
    assert entry(c, None, "I.3")["to_un_ref"] == "para. 3"


def test_moved_paragraph_says_where_it_stood(docs):
    c = compare(docs[EN[0]], docs[EN[1]])
    moved = entry(c, "II.B.12", "III.19")
    assert moved["op"] == "moved" and moved["was_after"] == "II.B.11"
    assert (moved["from_un_ref"], moved["to_un_ref"]) == ("para. 12", "para. 19")


def test_one_family_in_both_numbering_schemes(docs):
    rev1, rev2 = docs[EN[1]], docs[EN[2]]
    assert rev2.report["numbering"]["scheme"] == "restarting"
    c = compare(rev1, rev2)
    assert summarize(c) == "1 paragraph changed, 14 renumbered"
    changed = entry(c, "III.15", "III.1")
    assert (changed["from_un_ref"], changed["to_un_ref"]) == ("para. 15", "section III, para. 1")
    assert entry(c, "II.A.8.b", "II.A.1.b")["to_un_ref"] == "section II.A, para. 1 (b)"
    c = compare(docs[EN[0]], rev2)
    s = c["stats"]
    assert (s["changed"], s["inserted"], s["deleted"], s["moved"]) == (2, 1, 0, 1)


def test_french_chain(docs):
    c = compare(docs[FR[0]], docs[FR[1]])
    assert summarize(c, "fr") == "2 paragraphes modifiés, 1 supprimé, 1 renuméroté (crochets 2 → 1)"
    resolved = entry(c, "I.3", "I.3")
    assert resolved["op"] == "changed" and resolved["to_un_ref"] == "section I, par. 3"
    assert any(op == -1 and "[" in t for op, t in resolved["diff"])
    gone = entry(c, "III.2", None)
    assert gone["op"] == "deleted" and gone["from_un_ref"] == "section III, par. 2"
    assert entry(c, "III.3", "III.2")["op"] == "equal"


def test_french_references():
    doc = parse_document("Annexe\n\nI. Préambule\n\nRappelant sa résolution 65/64,\n\n1. Décide :\n\n"
                         "a) De renforcer :\n\ni) Le marquage;\n\nii) Le traçage;\n\nb) De coopérer.\n", "fr")
    cites = dict(zip([u.ref for u in doc.units()], doc.citations()))
    assert cites["I.PP1"] == "alinéa 1 du préambule"
    assert cites["I.1.a.ii"] == "par. 1 a) ii)"
    assert cites["I.H"] == "section I, intitulé"


PDF_PAGE_WITHOUT_RULE = """I. Declaration

Taking note of the report of the Secretary-General2 and of the views of
States³ on the
2 A/CONF.300/2027/3, submitted pursuant to resolution 81/44 and
circulated to all States.
³ See A/CONF.300/2027/4.
27-01234 (E)
\fA/CONF.300/2027/L.4
2/6
implementation of the Programme of Action,

1. Decide to remain seized of the matter, the number of the report being
15 in the series of the Conference;

2. Decide to take up the question at its next session in the year
2028 and to review the figures of the
3 regional groups.
27-01234 (E)
"""


def test_footnotes_at_the_foot_of_a_page_without_a_rule():
    """PDF text loses the rule above the footnotes: the notes are found at the page's foot, by their
    markers cited in the text above; a number at a line start that nothing cites stays text."""
    for text in (PDF_PAGE_WITHOUT_RULE, PDF_PAGE_WITHOUT_RULE.replace("\f", "")):
        doc = parse_document(text, "en")
        refs = by_ref(doc)
        assert refs["I.PP1"].text == ("Taking note of the report of the Secretary-General² and of the views of "
                                      "States³ on the implementation of the Programme of Action,")
        assert refs["FN2"].text == "A/CONF.300/2027/3, submitted pursuant to resolution 81/44 and circulated to all States."
        assert refs["FN3"].text == "See A/CONF.300/2027/4."
        assert refs["I.1"].text.endswith("being 15 in the series of the Conference;")
        assert refs["I.2"].text.endswith("the figures of the 3 regional groups.")
        assert [u.kind for u in doc.units()].count("footnote") == 2


def test_page_artefacts_side_by_side_and_notes_citing_symbols():
    text = ("United Nations A/CONF.300/2027/L.4\nGeneral Assembly Distr.: General\nAugust 24, 2027\n"
            "Original: French\n\nI. Declaration\n\n1. Recall the report of the Secretary-General2 and the note of\n"
            "the secretariat3;\n2  A/CONF.300/2027/3\n3 A/CONF.300/2027/4.\n2/6 27-01234 (E)\n"
            "A/CONF.300/2027/L.4 2/6\n2. Decide to remain seized of the matter.\n")
    doc = parse_document(text, "en")
    refs = by_ref(doc)
    assert refs["I.1"].text == "Recall the report of the Secretary-General² and the note of the secretariat³;"
    assert (refs["FN2"].text, refs["FN3"].text) == ("A/CONF.300/2027/3", "A/CONF.300/2027/4.")
    assert refs["I.2"].text == "Decide to remain seized of the matter."
    assert {a["text"] for a in doc.report["page_artefacts"]} == {"2/6 27-01234 (E)", "A/CONF.300/2027/L.4 2/6"}
    assert doc.metadata["date"] == "August 24, 2027" and doc.metadata["distribution_code"] == "general"


def test_one_paragraph_per_line_without_blank_lines():
    """Text from a word processor: each line a whole paragraph, no blank line between them."""
    lines = [u.text if not u.number else f"{u.number}. {u.text}" for u in parse_document(read(EN[0])).units()
             if u.kind in ("preamble", "paragraph")]
    doc = parse_document("I. Declaration\n" + "\n".join(lines) + "\n", "en")
    assert [u.kind for u in doc.units()][1:] == ["preamble"] * 3 + ["paragraph"] * 17
    assert [u.text for u in doc.units()][1:4] == [t for t in lines[:3]]


def test_general_assembly_title_block_in_french():
    text = ("Nations Unies\nA/67/L.4\nAssemblée générale\nDistr. limitée\n24 août 2012\nFrançais\n"
            "Original : anglais\nSoixante-septième session\nPoint 94 de l’ordre du jour\n\n"
            "Projet de résolution\n\nRappelant sa résolution 65/64,\n\n1. Décide de rester saisie de la question.\n")
    doc = parse_document(text)
    assert doc.language == "fr"
    assert {k: doc.metadata[k] for k in ("symbol", "distribution_code", "date", "original", "session",
                                         "agenda_item")} == {
        "symbol": "A/67/L.4", "distribution_code": "limited", "date": "24 août 2012", "original": "anglais",
        "session": "Soixante-septième session", "agenda_item": "94"}
    assert [u.text for u in doc.units()] == ["Projet de résolution", "Rappelant sa résolution 65/64,",
                                             "Décide de rester saisie de la question."]


def test_a_symbol_the_text_cites_on_a_line_of_its_own_is_kept():
    doc = parse_document("1. Takes note of the report of the Preparatory Committee contained in document\n"
                         "A/CONF.192/2012/RC/1\nand endorses its recommendations.\n", "en")
    assert doc.units()[0].text.endswith("contained in document A/CONF.192/2012/RC/1 and endorses its recommendations.")
    assert doc.report["page_artefacts"] == []
