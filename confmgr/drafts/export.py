"""A version as the secretariat issues it: clean text, or a Word file with the title block in the first
page's header, numbered paragraphs, section headings in heading styles and real Word footnotes.

Both follow :func:`blocks`, the same sequence of blocks as ``ParsedDocument.plain_text`` (one block
per unit, container labels merged with their heading, footnotes after their annex), so a Word file
read back gives the same text and so the same tree.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from confmgr.drafts.structure import FROM_SUPERSCRIPT, Node, ParsedDocument, label_of

SEPARATOR = "__________________"
LANGUAGE_NAMES = {"fr": ("français", "French"), "en": ("anglais", "English"), "es": ("espagnol", "Spanish"),
                  "ar": ("arabe", "Arabic"), "ru": ("russe", "Russian"), "zh": ("chinois", "Chinese")}
DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Block:
    """One paragraph of the issued text: a unit (wid set) or a container line (annex, bare section, separator)."""

    kind: str  # a unit kind, "annex", "section", "subsection" or "separator"
    label: str
    text: str
    wid: str | None = None
    level: int = 0  # heading level for containers and section titles

    def line(self) -> str:
        if self.kind == "footnote":
            return f"{self.label}  {self.text}"
        return f"{self.label} {self.text}".strip() if self.label else self.text


def blocks(doc: ParsedDocument) -> list[Block]:
    """The version's blocks in reading order (the order and wording of ``plain_text``)."""
    out: list[Block] = []
    language = doc.language
    for node in doc.nodes:
        _blocks(node, language, out, 0)
    return out


def _blocks(node: Node, language: str, out: list[Block], depth: int) -> None:
    if node.kind == "annex":
        out.append(Block("annex", label_of(node, language), "", level=1))
        notes = [c for c in node.children if c.kind == "footnote"]
        for child in node.children:
            if child.kind != "footnote":
                _blocks(child, language, out, depth + 1)
        if notes:
            out.append(Block("separator", "", SEPARATOR))
            for note in notes:
                out.append(Block("footnote", note.number or "", note.text, note.wid))
        return
    if node.kind in ("section", "subsection"):
        level = 2 if node.kind == "section" else 3
        children = list(node.children)
        if children and children[0].kind == "heading":
            head = children[0]
            out.append(Block("heading", label_of(node, language), head.text, head.wid, level=level))
            children = children[1:]
        else:
            out.append(Block(node.kind, label_of(node, language), "", level=level))
        for child in children:
            _blocks(child, language, out, depth + 1)
        return
    if node.kind == "footnote":
        out.append(Block("separator", "", SEPARATOR))
        out.append(Block("footnote", node.number or "", node.text, node.wid))
        return
    out.append(Block(node.kind, label_of(node, language), node.text, node.wid, level=4 if node.kind == "heading"
                     else 0))
    for child in node.children:
        _blocks(child, language, out, depth + 1)


def unit_labels(doc: ParsedDocument) -> dict[str, Block]:
    """Each unit's block by identity (its label as a reader sees it, with the section's for a title)."""
    return {b.wid: b for b in blocks(doc) if b.wid}


def render_text(doc: ParsedDocument) -> str:
    return "\n\n".join(b.line() for b in blocks(doc)) + "\n"


# --------------------------------------------------------------------------- title block

def title_block(document, language: str) -> list[str]:
    """The lines of the title block: organization and symbol, distribution, date, original language."""
    fr = language == "fr"
    distribution = {"limited": ("Distr. limitée", "Distr.: Limited"),
                    "general": ("Distr. générale", "Distr.: General")}.get(document.distribution,
                                                                         (document.distribution,) * 2)
    lines = ["Nations Unies" if fr else "United Nations", document.symbol, distribution[0 if fr else 1]]
    if document.date:
        lines.append(_date(document.date, language))
    names = LANGUAGE_NAMES.get(document.language or language, (document.language or language,) * 2)
    lines.append(f"Original : {names[0]}" if fr else f"Original: {names[1]}")
    return lines


_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre")


def _date(value: date, language: str) -> str:
    if language == "fr":
        return f"{value.day} {_MONTHS_FR[value.month - 1]} {value.year}"
    return f"{value.day} {value.strftime('%B')} {value.year}"


# --------------------------------------------------------------------------- Word

_MARKER_RUN = re.compile("([" + "".join(sorted(FROM_SUPERSCRIPT)) + "*]+)")


def new_word_document(document, language: str):
    """A python-docx document with the house styles and the title block in the first page's header."""
    from docx import Document as DocxDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    out = DocxDocument()
    out.core_properties.title = document.title(language)
    out.core_properties.identifier = document.symbol
    out.core_properties.language = language
    normal = out.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10)
    section = out.sections[0]
    section.different_first_page_header_footer = True
    block = title_block(document, language)
    first = section.first_page_header.paragraphs[0]
    first.text = f"{block[0]}\t\t{block[1]}"
    for line in block[2:]:
        p = section.first_page_header.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    running = section.header.paragraphs[0]
    running.text = document.symbol
    running.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_number(section.footer.paragraphs[0])
    return out


def _page_number(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = "1"
        run._r.append(el)


class Footnotes:
    """The footnotes part of a Word document being written (python-docx writes no footnotes itself)."""

    def __init__(self, out):
        self.out = out
        self.notes: list[tuple[int, str, str]] = []

    def add(self, marker: str, text: str) -> int:
        ident = len(self.notes) + 1
        self.notes.append((ident, marker, text))
        return ident

    def reference(self, paragraph, marker: str, text: str) -> None:
        """A footnote reference with the document's own mark (a letter or a number), then the note."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        ident = self.add(marker, text)
        run = paragraph.add_run()
        run.font.superscript = True
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:customMarkFollows"), "1")
        ref.set(qn("w:id"), str(ident))
        run._r.append(ref)
        mark = OxmlElement("w:t")
        mark.text = marker
        run._r.append(mark)

    def attach(self) -> None:
        if not self.notes:
            return
        from xml.sax.saxutils import escape

        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        body = [f'<w:footnotes xmlns:w="{w}">',
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                '</w:r></w:p></w:footnote>']
        for ident, marker, text in self.notes:
            body.append(f'<w:footnote w:id="{ident}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                        f'<w:t>{escape(marker)}</w:t></w:r><w:r><w:t xml:space="preserve"> {escape(text)}</w:t>'
                        '</w:r></w:p></w:footnote>')
        body.append("</w:footnotes>")
        package = self.out.part.package
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, "".join(body).encode("utf-8"), package)
        self.out.part.relate_to(part, RT.FOOTNOTES)


def heading_styles(out) -> dict[int, str]:
    """Heading style ids by level, looked up once (python-docx searches the styles by name on each use)."""
    return {level: out.styles[f"Heading {level}"].style_id for level in range(1, 5)}


def add_block(out, block: Block, footnotes: Footnotes | None = None, notes_by_marker: dict | None = None,
              headings: dict[int, str] | None = None):
    """Write one block as a Word paragraph; footnote markers become real footnote references."""
    paragraph = out.add_paragraph()
    if block.kind in ("annex", "section", "subsection") or (block.kind == "heading" and block.level):
        paragraph._p.style = (headings or heading_styles(out))[min(max(block.level, 1), 4)]
    label = f"{block.label} " if block.label else ""
    if label:
        plain_run(paragraph, label)
    _text_with_notes(paragraph, block.text, footnotes, notes_by_marker or {})
    return paragraph


def plain_run(paragraph, text: str) -> None:
    """A run of plain text (python-docx's add_run reads the text character by character, ten times slower)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    paragraph._p.append(r)


def _text_with_notes(paragraph, text: str, footnotes: Footnotes | None, notes: dict) -> None:
    from confmgr.drafts.structure import from_superscript

    if footnotes is None or not notes:
        plain_run(paragraph, text)
        return
    for piece in _MARKER_RUN.split(text):
        if not piece:
            continue
        marker = from_superscript(piece)
        if marker in notes and piece != marker:
            footnotes.reference(paragraph, marker, notes.pop(marker))
        else:
            plain_run(paragraph, piece)


def render_docx(document, doc: ParsedDocument) -> bytes:
    """The version as a Word file: title block, title, numbered paragraphs, footnotes at the foot of the page."""
    language = doc.language
    out = new_word_document(document, language)
    footnotes = Footnotes(out)
    items = blocks(doc)
    # a footnote goes where its marker stands in the text of its annex; one whose marker is not found
    # stays as text after a separator, as in the clean text
    region: list[Block] = []
    index = 0
    while index < len(items):
        b = items[index]
        if b.kind == "separator":
            end = index + 1
            while end < len(items) and items[end].kind in ("footnote", "separator"):
                end += 1
            notes = [n for n in items[index + 1:end] if n.kind == "footnote"]
            _write_region(out, region, notes, footnotes)
            region, index = [], end
            continue
        region.append(b)
        index += 1
    _write_region(out, region, [], footnotes)
    footnotes.attach()
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _write_region(out, region: list[Block], notes: list[Block], footnotes: Footnotes) -> None:
    pending = {n.label: n.text for n in notes}
    headings = heading_styles(out)
    for b in region:
        add_block(out, b, footnotes, pending, headings)
    unplaced = [n for n in notes if n.label in pending]
    if unplaced:
        out.add_paragraph(SEPARATOR)
        for n in unplaced:
            out.add_paragraph(n.line())
