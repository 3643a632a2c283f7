"""Exports of the report: DOCX (python-docx) from the same blocks the page and the text show."""
from __future__ import annotations

import io

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from confmgr.report.rules import Report


def _runs(paragraph, text: str, footnotes: list[int], tail: str) -> None:
    paragraph.add_run(text)
    for n in footnotes:
        run = paragraph.add_run(str(n))
        run.font.superscript = True
    if tail:
        paragraph.add_run(tail)


def render_docx(report: Report) -> bytes:
    doc = DocxDocument()
    doc.core_properties.title = report.title
    doc.core_properties.identifier = report.symbol
    doc.core_properties.language = report.lang
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    symbol = doc.add_paragraph(report.symbol)
    symbol.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for index, b in enumerate(report.blocks):
        if b.kind == "title":
            doc.add_heading(b.text, level=0)
        elif b.kind == "heading":
            doc.add_heading(f"{b.label} {b.text}".strip(), level=min(b.level, 3))
        elif b.kind == "annex_title":
            if b.level == 0:
                doc.add_page_break()
            doc.add_heading(b.text, level=1 if b.level == 0 else 2)
        else:
            p = doc.add_paragraph()
            if b.label:
                p.add_run(b.label + "\t")
            _runs(p, b.text, b.footnotes, b.tail)
            indent = b.level if b.kind != "para" else 0
            p.paragraph_format.left_indent = Cm(1.0 * indent)
        notes = report.annex_footnotes.get(index)
        if notes:
            doc.add_paragraph("__________________")
            for n, text in notes:
                doc.add_paragraph(f"{n}\t{text}").paragraph_format.left_indent = Cm(0.5)
    if report.footnotes:
        doc.add_paragraph("__________________")
        for n, text in report.footnotes:
            p = doc.add_paragraph()
            run = p.add_run(str(n))
            run.font.superscript = True
            p.add_run(f"\t{text}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
