"""Redlines of two versions, as a delegate sends them home: a Word document with real tracked changes
(``w:ins``/``w:del`` credited to the revision's publisher and dated, so Word's Review pane lists them
and "Accept all" gives the new version's text) and a print-ready HTML page; either the full text or
only the changed paragraphs, with the concordance of old and new numbers as an annex.

The body follows the new version's blocks (:func:`confmgr.drafts.export.blocks`): container lines
(annex, section without a title, footnote separator) as they stand in the new text, each unit from
its entry of the comparison, deleted units where the comparison puts them.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape

from confmgr.drafts.export import Block, blocks, heading_styles, new_word_document, title_block
from confmgr.drafts.structure import ParsedDocument

WORDS = {
    "en": {"title": "Comparison of {old} and {new}", "changes_only": "Changed paragraphs only",
           "full": "Full text with changes", "annex": "Annex: concordance of paragraph numbers",
           "change": "Change", "legend": "Inserted text is underlined, deleted text struck through.",
           "none": "No paragraph changed.", "ops": {"equal": "unchanged", "renumbered": "renumbered",
                                                     "changed": "changed", "inserted": "new", "deleted": "deleted",
                                                     "moved": "moved"}},
    "fr": {"title": "Comparaison de {old} et {new}", "changes_only": "Paragraphes modifiés seulement",
           "full": "Texte intégral avec modifications", "annex": "Annexe : concordance des numéros de paragraphe",
           "change": "Modification", "legend": "Le texte ajouté est souligné, le texte supprimé est barré.",
           "none": "Aucun paragraphe n’a été modifié.", "ops": {"equal": "inchangé", "renumbered": "renuméroté",
                                                                "changed": "modifié", "inserted": "nouveau",
                                                                "deleted": "supprimé", "moved": "déplacé"}},
}


@dataclass
class Redline:
    old_document: object
    new_document: object
    old: ParsedDocument
    new: ParsedDocument
    comparison: dict
    author: str = "Secretariat"
    changes_only: bool = False

    @property
    def language(self) -> str:
        return "fr" if self.new.language == "fr" else "en"

    @property
    def when(self) -> datetime:
        at = getattr(self.new_document, "created_at", None) or datetime.now(timezone.utc)
        return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


@dataclass
class Piece:
    """One paragraph of the redline: its label and text as diffs, and whether the whole paragraph is new
    or gone (its paragraph mark is then inserted or deleted too)."""

    block: Block
    label: list  # [[op, text], ...]
    diff: list
    whole: int = 0  # 1 inserted, -1 deleted, 0 otherwise
    entry: dict | None = None


def pieces(source: Redline) -> list[Piece]:
    old_blocks = {b.wid: b for b in blocks(source.old) if b.wid}
    new_items = blocks(source.new)
    before: dict[str, list[Block]] = {}  # container lines standing before each new unit
    waiting: list[Block] = []
    for b in new_items:
        if b.wid:
            before[b.wid] = waiting
            waiting = []
        else:
            waiting.append(b)
    new_blocks = {b.wid: b for b in new_items if b.wid}
    out: list[Piece] = []
    for entry in source.comparison["paragraphs"]:
        op = entry["op"]
        if source.changes_only and op == "equal" and entry["from_ref"] == entry["to_ref"]:
            continue
        new_block = new_blocks.get(entry["to_wid"]) if entry["to_wid"] else None
        old_block = old_blocks.get(entry["from_wid"]) if entry["from_wid"] else None
        if new_block is not None and not source.changes_only:
            out.extend(Piece(b, [[0, b.label]] if b.label else [], [[0, b.text]] if b.text else [])
                       for b in before.get(new_block.wid, []))
        block = new_block or old_block
        if block is None:
            continue
        old_label = old_block.label if old_block else ""
        new_label = new_block.label if new_block else ""
        if op == "inserted":
            label, whole = [[1, new_label]], 1
        elif op == "deleted":
            label, whole = [[-1, old_label]], -1
        elif old_label == new_label:
            label, whole = [[0, new_label]], 0
        else:
            label, whole = [[-1, old_label], [1, new_label]], 0
        out.append(Piece(block, [p for p in label if p[1]], [list(d) for d in entry["diff"] if d[1]], whole, entry))
    if not source.changes_only:
        out.extend(Piece(b, [[0, b.label]] if b.label else [], [[0, b.text]] if b.text else []) for b in waiting)
    return out


def concordance(source: Redline) -> list[tuple[str, str, str]]:
    ops = WORDS[source.language]["ops"]
    rows = []
    for e in source.comparison["paragraphs"]:
        op = e["op"]
        if op == "equal" and e["from_ref"] != e["to_ref"]:
            op = "renumbered"
        rows.append((e["from_ref"] or "—", e["to_ref"] or "—", ops[op]))
    return rows


def _separator(piece: Piece) -> str:
    return "  " if piece.block.kind == "footnote" else " "


# --------------------------------------------------------------------------- Word

class _Changes:
    """Tracked-change marks with the revision's author and date and ids unique in the document."""

    def __init__(self, author: str, when: datetime):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.element, self.qn = OxmlElement, qn
        self.author = author
        self.date = when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1

    def mark(self, tag: str):
        el = self.element(tag)
        el.set(self.qn("w:id"), str(self.next_id))
        el.set(self.qn("w:author"), self.author)
        el.set(self.qn("w:date"), self.date)
        self.next_id += 1
        return el

    def run(self, text: str, op: int):
        r = self.element("w:r")
        t = self.element("w:delText" if op < 0 else "w:t")
        t.set(self.qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        if op == 0:
            return r
        wrap = self.mark("w:ins" if op > 0 else "w:del")
        wrap.append(r)
        return wrap


def render_docx(source: Redline) -> bytes:
    from docx.enum.text import WD_BREAK

    words = WORDS[source.language]
    out = new_word_document(source.new_document, source.language)
    changes = _Changes(source.author, source.when)
    intro = out.add_paragraph(words["title"].format(old=source.old_document.symbol, new=source.new_document.symbol))
    intro.style = out.styles["Subtitle"]
    out.add_paragraph(words["changes_only"] if source.changes_only else words["full"])
    items = pieces(source)
    if not items:
        out.add_paragraph(words["none"])
    heading_ids = heading_styles(out)
    for piece in items:
        block = piece.block
        heading = block.kind in ("annex", "section", "subsection") or (block.kind == "heading" and block.level)
        paragraph = out.add_paragraph()
        p = paragraph._p
        if heading:
            p.style = heading_ids[min(max(block.level, 1), 4)]
        if source.changes_only and piece.entry is not None:
            refs = " → ".join(r for r in (piece.entry["from_ref"], piece.entry["to_ref"]) if r)
            ref_run = paragraph.add_run(f"[{refs}] ")
            ref_run.italic = True
        if piece.whole:
            rpr = changes.element("w:rPr")
            rpr.append(changes.mark("w:ins" if piece.whole > 0 else "w:del"))
            p.get_or_add_pPr().append(rpr)
        for op, text in piece.label:
            p.append(changes.run(text, op))
        if piece.label and piece.diff:
            gap = _separator(piece)
            p.append(changes.run(gap, piece.whole))
        for op, text in piece.diff:
            p.append(changes.run(text, op))
    out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out.add_heading(words["annex"], level=1)
    rows = concordance(source)
    table = out.add_table(rows=1, cols=3)
    table.style = out.styles["Table Grid"]
    header = table.rows[0].cells
    header[0].text, header[1].text, header[2].text = (source.old_document.symbol, source.new_document.symbol,
                                                      words["change"])
    # rows written as XML in one go: python-docx's add_row recomputes the cell widths row by row
    from docx.oxml.parser import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    cells = "".join("<w:tr>" + "".join(f'<w:tc><w:p><w:r><w:t xml:space="preserve">{escape(v, quote=False)}</w:t>'
                                       "</w:r></w:p></w:tc>" for v in row) + "</w:tr>" for row in rows)
    for tr in parse_xml(f'<w:tbl xmlns:w="{w}">{cells}</w:tbl>'):
        table._tbl.append(tr)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- HTML

_STYLE = """
body { font-family: "Times New Roman", serif; font-size: 11pt; max-width: 42em; margin: 2em auto; color: #000; }
.title-block { display: flex; justify-content: space-between; border-bottom: 2px solid #000; padding-bottom: .3em; }
.title-block .meta { text-align: right; }
h1 { font-size: 14pt; } h2 { font-size: 12pt; } h3, h4 { font-size: 11pt; }
ins { text-decoration: underline; color: #0b5d1e; background: #e6f4ea; }
del { text-decoration: line-through; color: #a50e0e; background: #fce8e6; }
.ref { font-style: italic; color: #444; }
p.whole-ins { border-left: 3px solid #0b5d1e; padding-left: .5em; }
p.whole-del { border-left: 3px solid #a50e0e; padding-left: .5em; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #000; padding: .2em .4em; text-align: left; }
.annex { page-break-before: always; break-before: page; }
@media print { body { margin: 0; max-width: none; } ins, del { background: none; } }
"""


def _html_runs(parts) -> str:
    out = []
    for op, text in parts:
        t = escape(text)
        out.append(f"<ins>{t}</ins>" if op > 0 else f"<del>{t}</del>" if op < 0 else t)
    return "".join(out)


def render_html(source: Redline) -> str:
    words = WORDS[source.language]
    old_symbol, new_symbol = source.old_document.symbol, source.new_document.symbol
    block = title_block(source.new_document, source.language)
    title = words["title"].format(old=old_symbol, new=new_symbol)
    html = [f'<!doctype html><html lang="{source.language}"><head><meta charset="utf-8">',
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
            f'<header class="title-block"><div>{escape(block[0])}</div><div class="meta">',
            "<br>".join(f"<strong>{escape(line)}</strong>" if i == 0 else escape(line)
                        for i, line in enumerate(block[1:])),
            "</div></header>",
            f"<h1>{escape(title)}</h1>",
            f"<p>{escape(words['changes_only'] if source.changes_only else words['full'])}. "
            f"{escape(words['legend'])}</p>"]
    items = pieces(source)
    if not items:
        html.append(f"<p>{escape(words['none'])}</p>")
    for piece in items:
        b = piece.block
        heading = b.kind in ("annex", "section", "subsection") or (b.kind == "heading" and b.level)
        tag = f"h{min(b.level + 1, 6)}" if heading else "p"
        cls = ' class="whole-ins"' if piece.whole > 0 else ' class="whole-del"' if piece.whole < 0 else ""
        ref = ""
        if source.changes_only and piece.entry is not None:
            refs = " → ".join(r for r in (piece.entry["from_ref"], piece.entry["to_ref"]) if r)
            ref = f'<span class="ref">[{escape(refs)}]</span> '
        gap = escape(_separator(piece)) if piece.label and piece.diff else ""
        if gap and piece.whole:
            gap = _html_runs([[piece.whole, _separator(piece)]])
        html.append(f"<{tag}{cls}>{ref}{_html_runs(piece.label)}{gap}{_html_runs(piece.diff)}</{tag}>")
    html.append(f'<section class="annex"><h2>{escape(words["annex"])}</h2><table><thead><tr>'
                f"<th>{escape(old_symbol)}</th><th>{escape(new_symbol)}</th><th>{escape(words['change'])}</th>"
                "</tr></thead><tbody>")
    html.extend(f"<tr><td>{escape(a)}</td><td>{escape(b)}</td><td>{escape(c)}</td></tr>"
                for a, b, c in concordance(source))
    html.append("</tbody></table></section></body></html>")
    return "".join(html)
