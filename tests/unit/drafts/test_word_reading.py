"""Word files read as a reader sees them: automatic numbering with restarts, letters past z, numbering
from a paragraph style, tracked changes accepted, the type checked by content."""
import io

import docx
import pytest
from docx.oxml.parser import parse_xml

from confmgr.drafts.files import FileRefused, read_upload, sniff
from tests.draft_files import W_NS, _change, _numbered, _numbering, _run, _xml_runs


def _read(doc) -> list[str]:
    out = io.BytesIO()
    doc.save(out)
    return read_upload("t.docx", out.getvalue(), max_chars=100_000).text.strip().split("\n\n")


def test_a_list_restarting_at_a_number_and_letters_restarting_under_each_paragraph():
    doc = docx.Document()
    _numbering(doc, {91: [("decimal", "%1.", 1), ("lowerLetter", "(%2)", 1)]}, [(95, 91, {}), (96, 91, {0: 12})])
    for text, num, level in [("One;", 95, 0), ("Sub;", 95, 1), ("Sub;", 95, 1), ("Two;", 95, 0), ("Sub;", 95, 1),
                             ("Twelve;", 96, 0), ("Thirteen;", 96, 0)]:
        _numbered(doc.add_paragraph(text), num, level)
    assert _read(doc) == ["1. One;", "(a) Sub;", "(b) Sub;", "2. Two;", "(a) Sub;", "12. Twelve;", "13. Thirteen;"]


def test_letters_past_z_double_as_in_united_nations_texts():
    doc = docx.Document()
    _numbering(doc, {91: [("decimal", "%1.", 1), ("lowerLetter", "%2)", 1)]}, [(95, 91, {})])
    for _ in range(27):
        _numbered(doc.add_paragraph("Item;"), 95, 1)
    labels = [line.split()[0] for line in _read(doc)]
    assert labels[0] == "a)" and labels[25] == "z)" and labels[26] == "aa)"


def test_numbering_given_by_the_paragraph_style():
    doc = docx.Document()
    _numbering(doc, {91: [("upperRoman", "%1.", 1)]}, [(97, 91, {})])
    style = doc.styles["Heading 1"]
    style.element.get_or_add_pPr().append(parse_xml(
        f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="97"/></w:numPr>'))
    doc.add_heading("Introduction", level=1)
    doc.add_paragraph("Text.")
    doc.add_heading("Commitments", level=1)
    assert _read(doc) == ["I. Introduction", "Text.", "II. Commitments"]


def test_tracked_changes_are_read_as_accepted():
    doc = docx.Document()
    p = doc.add_paragraph()
    _xml_runs(p, _run("States ") + _change("del", "may", 1) + _change("ins", "shall", 2) + _run(" report."))
    assert _read(doc) == ["States shall report."]


@pytest.mark.parametrize("data, kind", [(b"%PDF-1.7 ...", "pdf"), (b"PK\x03\x04...", "docx"),
                                        ("1. Texte.".encode(), "txt"), (b"\xff\xd8\xff\xe0JFIF", None),
                                        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "ole")])
def test_the_type_comes_from_the_content_not_the_name(data, kind):
    assert sniff(data) == kind


def test_a_pdf_named_docx_is_read_as_what_it_is():
    with pytest.raises(FileRefused) as refused:
        read_upload("draft.docx", b"%PDF-1.4 broken", max_chars=1000)
    assert refused.value.details["code"] == "pdf_unreadable"
