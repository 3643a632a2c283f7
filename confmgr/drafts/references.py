"""References to a draft's units as a delegate writes them.

The internal ref (``II.A.4.f.i``, ``I.PP3``) is a path for machines; a delegate
cites "para. 4 (f) (i)" or "preambular para. 3" (French: "par. 4 f) i)",
"alinéa 3 du préambule").  When the same citation would name two units of a
document (numbering restarting in each section, several annexes), the
section, then the annex, are named too: "section II, para. 1",
"annex I, section II, para. 1".
"""
from __future__ import annotations

from collections import Counter

from .structure import Node, ParsedDocument

_WORDS = {
    "en": {"para": "para.", "preamble": "preambular para. {n}", "heading": "heading", "title": "title",
           "footnote": "footnote {n}", "section": "section {n}", "annex": "annex {n}", "subpara": "subpara."},
    "fr": {"para": "par.", "preamble": "alinéa {n} du préambule", "heading": "intitulé", "title": "titre",
           "footnote": "note {n}", "section": "section {n}", "annex": "annexe {n}", "subpara": "alinéa"},
}


def _letter(number: str, language: str) -> str:
    return f"({number})" if language == "en" else f"{number})"


def _own_citation(path: list[Node], node: Node, language: str) -> str:
    """The citation without the section: from the paragraph down."""
    w = _WORDS[language]
    kind = node.kind
    if kind == "preamble":
        return w["preamble"].format(n=node.ref.rsplit("PP", 1)[-1].split("~")[0])
    if kind == "footnote":
        return w["footnote"].format(n=node.number)
    if kind == "heading":
        return w["heading"] if any(p.kind in ("section", "subsection") for p in path) else w["title"]
    numbers = [p for p in path if p.kind in ("paragraph", "subparagraph", "item")] + [node]
    para = next((p for p in numbers if p.kind == "paragraph" and p.number), None)
    labels = [_letter(p.number, language) for p in numbers if p.kind in ("subparagraph", "item") and p.number]
    if para is not None:
        return " ".join([w["para"], para.number, *labels])
    if labels:
        return " ".join([w["subpara"], *labels])
    return w["para"]


def _qualifier(path: list[Node], language: str, depth: str) -> str:
    w = _WORDS[language]
    parts = []
    if depth == "annex":
        annex = next((p for p in path if p.kind == "annex"), None)
        if annex is not None and annex.number:
            parts.append(w["annex"].format(n=annex.number))
    sections = [p.number for p in path if p.kind in ("section", "subsection") and p.number]
    if sections:
        parts.append(w["section"].format(n=".".join(sections)))
    return ", ".join(parts)


def un_references(doc: ParsedDocument) -> dict[int, str]:
    """``id(unit) -> citation`` for every unit of ``doc`` (see the module docstring)."""
    language = "en" if doc.language == "en" else "fr"
    found: list[tuple[Node, list[Node], str]] = []

    def visit(nodes: list[Node], path: list[Node]) -> None:
        for node in nodes:
            if node.kind not in ("annex", "section", "subsection"):
                found.append((node, path, _own_citation(path, node, language)))
            visit(node.children, path + [node])

    visit(doc.nodes, [])
    # a family of citations (paragraphs with their subparagraphs, preambular paragraphs, footnotes) is
    # qualified as a whole, so that "section II, para. 1 (a)" never stands beside a bare "para. 4"
    depth: dict[str, str] = {}
    for family in ("para", "preamble", "footnote", "heading"):
        members = [(p, c) for n, p, c in found if _family(n) == family]
        if family == "heading" or _repeats(c for _p, c in members):
            depth[family] = "section"
            if _repeats(_join(_qualifier(p, language, "section"), c) for p, c in members):
                depth[family] = "annex"
    out: dict[int, str] = {}
    for node, path, citation in found:
        level = depth.get(_family(node))
        if level and not (node.kind == "heading" and citation == _WORDS[language]["title"]):
            citation = _join(_qualifier(path, language, level), citation)
        out[id(node)] = citation
    return out


def _family(node: Node) -> str:
    return "para" if node.kind in ("paragraph", "subparagraph", "item") else node.kind


def _repeats(citations) -> bool:
    counts = Counter(citations)
    return any(v > 1 for v in counts.values())


def _join(qualifier: str, citation: str) -> str:
    return f"{qualifier}, {citation}" if qualifier else citation
