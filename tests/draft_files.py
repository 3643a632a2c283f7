"""Builders of the Word and PDF drafts in tests/data (python-docx with raw numbering, footnote and
tracked-change XML; fpdf2 for PDFs with running headers, footers, a footnote area and superscript
markers). `python -m tests.draft_files` writes the fixtures again; the tests read the written files.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")

# The English draft: numbered 1..5 across two sections, lettered subparagraphs, roman items, a "bis"
# paragraph and two footnotes. The Word file numbers it automatically; this is what a reader sees.
ENGLISH_TEXT = """Draft outcome document

We, the States participating in the Conference,

Recalling the Programme of Action adopted in 2001,¹

Noting with concern the continued illicit trade in small arms and light weapons,

I. Commitments

1. Decide to strengthen national marking of small arms and light weapons;

2. Undertake to:

(a) Keep records of all marked weapons for at least twenty years;

(b) Cooperate in tracing requests, including by:

(i) Replying within thirty days;

(ii) Designating a national point of contact;

2 bis. Encourage regional organizations to support tracing;

3. Agree to report every two years on implementation.

II. Follow-up

4. Decide to convene a meeting of governmental experts in 2015.²

5. Request the Secretary-General to report to the next review conference.
__________________
1  See A/CONF.192/15, chap. IV.
2  Dates to be confirmed by the Secretariat.
"""


# --------------------------------------------------------------------------- Word

def _numbering(doc, abstracts: dict[int, list[tuple[str, str, int]]], nums: list[tuple[int, int, dict]]):
    """Write abstract lists ({id: [(numFmt, lvlText, start) per level]}) and lists ((numId, abstractId,
    {level: startOverride})) into the document's numbering part."""
    from docx.oxml.parser import parse_xml

    root = doc.part.numbering_part.element
    for aid, levels in abstracts.items():
        lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                       f'<w:lvlText w:val="{text}"/><w:suff w:val="space"/></w:lvl>'
                       for i, (fmt, text, start) in enumerate(levels))
        root.insert(0, parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{aid}">{lvls}</w:abstractNum>'))
    for num_id, aid, starts in nums:
        overrides = "".join(f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                            for lvl, v in starts.items())
        root.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>'
                              f'{overrides}</w:num>'))


def _numbered(paragraph, num_id: int, level: int) -> None:
    from docx.oxml.parser import parse_xml

    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _xml_runs(paragraph, xml: str) -> None:
    """Append runs written as raw WordprocessingML (tracked changes, footnote references)."""
    from docx.oxml.parser import parse_xml

    wrapper = parse_xml(f'<w:p xmlns:w="{W_NS}">{xml}</w:p>')
    for child in list(wrapper):
        paragraph._p.append(child)


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _change(tag: str, text: str, ident: int) -> str:
    t = "w:delText" if tag == "del" else "w:t"
    return (f'<w:{tag} w:id="{ident}" w:author="Secretariat" w:date="2012-09-05T10:00:00Z"><w:r>'
            f'<{t} xml:space="preserve">{text}</{t}></w:r></w:{tag}>')


def _note_ref(ident: int) -> str:
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{ident}"/></w:r>'


def _footnotes_part(doc, notes: dict[int, str]) -> None:
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = "".join(f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                   f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
                   for i, text in notes.items())
    xml = (f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
           f'</w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
           f'<w:continuationSeparator/></w:r></w:p></w:footnote>{body}</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


def english_docx() -> bytes:
    """The English draft with automatic numbering (sections in their own list), a typed "2 bis.",
    real footnotes, tracked changes (a word replaced, a word inserted, a whole paragraph deleted)."""
    import docx

    doc = docx.Document()
    _numbering(doc, {10: [("decimal", "%1.", 1), ("lowerLetter", "(%2)", 1), ("lowerRoman", "(%3)", 1)],
                     11: [("upperRoman", "%1.", 1)]},
               [(20, 10, {}), (21, 11, {})])
    doc.add_heading("Draft outcome document", level=0)
    doc.add_paragraph("We, the States participating in the Conference,")
    p = doc.add_paragraph()
    _xml_runs(p, _run("Recalling the Programme of Action adopted in 2001,") + _note_ref(1))
    p = doc.add_paragraph()
    _xml_runs(p, _run("Noting with ") + _change("ins", "concern", 1) + _change("del", "satisfaction", 2)
              + _run(" the continued illicit trade in small arms and light weapons,"))
    _numbered(doc.add_heading("Commitments", level=1), 21, 0)
    p = doc.add_paragraph()
    _xml_runs(p, _run("Decide to ") + _change("del", "improve", 3) + _change("ins", "strengthen", 4)
              + _run(" national marking of small arms and light weapons;"))
    _numbered(p, 20, 0)
    # a paragraph deleted as a tracked change: its text and its paragraph mark are deleted
    gone = doc.add_paragraph()
    _xml_runs(gone, _change("del", "Welcome the work of the Group of Governmental Experts;", 5))
    _numbered(gone, 20, 0)
    from docx.oxml.parser import parse_xml

    gone._p.get_or_add_pPr().append(parse_xml(
        f'<w:rPr xmlns:w="{W_NS}"><w:del w:id="6" w:author="Secretariat" w:date="2012-09-05T10:00:00Z"/></w:rPr>'))
    _numbered(doc.add_paragraph("Undertake to:"), 20, 0)
    _numbered(doc.add_paragraph("Keep records of all marked weapons for at least twenty years;"), 20, 1)
    _numbered(doc.add_paragraph("Cooperate in tracing requests, including by:"), 20, 1)
    _numbered(doc.add_paragraph("Replying within thirty days;"), 20, 2)
    _numbered(doc.add_paragraph("Designating a national point of contact;"), 20, 2)
    doc.add_paragraph("2 bis. Encourage regional organizations to support tracing;")
    _numbered(doc.add_paragraph("Agree to report every two years on implementation."), 20, 0)
    _numbered(doc.add_heading("Follow-up", level=1), 21, 0)
    p = doc.add_paragraph()
    _xml_runs(p, _run("Decide to convene a meeting of governmental experts in 2015.") + _note_ref(2))
    _numbered(p, 20, 0)
    p = doc.add_paragraph()
    _xml_runs(p, _run("Request the Secretary-General to report to the next ") + _change("ins", "review ", 7)
              + _run("conference."))
    _numbered(p, 20, 0)
    _footnotes_part(doc, {1: "See A/CONF.192/15, chap. IV.", 2: "Dates to be confirmed by the Secretariat."})
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


_PARA = re.compile(r"^(\d+)\. (.*)$", re.S)
_SUB = re.compile(r"^([a-z]{1,2})\) (.*)$", re.S)


def french_docx(text: str) -> bytes:
    """A French clean text typed as Word with automatic numbering: "N." paragraphs and "a)" subparagraphs
    numbered by Word (a restart where the text's number jumps), headings in heading styles."""
    import docx

    from confmgr.drafts.files import _letters

    doc = docx.Document()
    abstract = {10: [("decimal", "%1.", 1), ("lowerLetter", "%2)", 1)]}
    nums: list[tuple[int, int, dict]] = [(20, 10, {})]
    body: list[tuple[str, str, int | None, int]] = []
    expected, letter, num_id = 1, 0, 20
    for block in text.strip().split("\n\n"):
        m, s = _PARA.match(block), _SUB.match(block)
        if m:
            n = int(m.group(1))
            if n != expected:  # the text jumps: a list restarting at that number
                num_id += 1
                nums.append((num_id, 10, {0: n}))
            body.append(("num", m.group(2), num_id, 0))
            expected, letter = n + 1, 0
        elif s and s.group(1) == _letters(letter + 1):
            body.append(("num", s.group(2), num_id, 1))
            letter += 1
        elif block.startswith("Annexe"):
            body.append(("h1", block, None, 0))
        elif re.match(r"^[A-Z]\. ", block):
            body.append(("h2", block, None, 0))
        else:
            body.append(("p", block, None, 0))
    _numbering(doc, abstract, nums)
    for kind, content, nid, level in body:
        if kind == "h1":
            doc.add_heading(content, level=1)
        elif kind == "h2":
            doc.add_heading(content, level=2)
        else:
            p = doc.add_paragraph(content)
            if nid is not None:
                _numbered(p, nid, level)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- PDF

_SUPERSCRIPTS = {"¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9"}


def draft_pdf(text: str, symbol: str, job: str, *, page_height: float = 297.0, font_size: float = 10.0) -> bytes:
    """The clean text laid out as the secretariat issues it: the symbol as a running header, the job
    number and the page number in the footer, footnotes in smaller type at the foot of the page where
    they are called (above a drawn rule), markers as superscripts."""
    from fpdf import FPDF

    parts = text.split("__________________\n")
    body_text = parts[0]
    notes = {}
    for line in (parts[1].strip().splitlines() if len(parts) > 1 else []):
        marker, _sep, note = line.partition("  ")
        notes[marker] = note

    class Issued(FPDF):
        page_notes: list[tuple[str, str]] = []

        def header(self):
            self.set_font("serif", size=8)
            self.set_xy(20, 10)
            self.cell(0, 5, symbol, align="R")
            self.set_y(20)

        def footer(self):
            if self.page_notes:
                self.set_y(-48)
                self.line(20, self.get_y(), 70, self.get_y())
                self.set_y(self.get_y() + 2)
                self.set_font("serif", size=8)
                for marker, note in self.page_notes:
                    self.set_x(20)
                    self.multi_cell(0, 4, f"{marker} {note}")
                self.page_notes = []
            self.set_font("serif", size=8)
            self.set_xy(20, -15)
            self.cell(60, 5, job if self.page_no() == 1 else "")
            self.cell(0, 5, str(self.page_no()), align="R")

    pdf = Issued(format=(210, page_height))
    pdf.add_font("serif", fname=str(FONT))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=50)
    pdf.add_page()
    line_height = font_size * 0.5
    for block in body_text.strip().split("\n\n"):
        pdf.set_font("serif", size=font_size)
        pdf.set_x(20)
        for piece in re.split("([¹²³⁴⁵⁶⁷⁸⁹])", block.replace("\n", " ")):
            if piece in _SUPERSCRIPTS:
                marker = _SUPERSCRIPTS[piece]
                pdf.char_vpos = "SUP"
                pdf.write(line_height, marker)
                pdf.char_vpos = "LINE"
                pdf.page_notes.append((marker, notes.get(marker, "")))
            elif piece:
                pdf.write(line_height, piece)
        pdf.ln(line_height * 2)
    return bytes(pdf.output())


def write_all() -> None:
    from confmgr.drafts.chain import build_demo_chain

    DATA.mkdir(exist_ok=True)
    (DATA / "draft_numbered.en.docx").write_bytes(english_docx())
    (DATA / "draft_footnotes.en.pdf").write_bytes(
        draft_pdf(ENGLISH_TEXT, "A/CONF.192/2012/RC/CRP.9", "12-51289 (E)", page_height=148))
    annex = (Path(__file__).resolve().parent.parent / "confmgr/demo/data/annex2.fr.txt").read_text(encoding="utf-8")
    rev2 = build_demo_chain(annex, "A/CONF.192/2012/RC/CRP.3", 3)[2]
    (DATA / "CRP.3_Rev.2.fr.docx").write_bytes(french_docx(rev2))
    (DATA / "CRP.3_Rev.2.fr.pdf").write_bytes(draft_pdf(rev2, "A/CONF.192/2012/RC/CRP.3/Rev.2", "12-51289 (F)"))


if __name__ == "__main__":
    write_all()
