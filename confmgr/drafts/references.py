"""References to a draft's units as a delegate writes them.

The internal ref (``II.A.4.f.i``, ``I.PP3``) is a path for machines; a delegate
cites "para. 4 (f) (i)" or "preambular para. 3" (French: "par. 4 f) i)",
"alinéa 3 du préambule").  When the same citation would name two units of a
document (numbering restarting in each section, several annexes), the
section, then the annex, are named too: "section II, para. 1",
"annex I, section II, para. 1".
"""
from __future__ import annotations

from .structure import Node, ParsedDocument

_WORDS = {
    "en": {"para": "para.", "preamble": "preambular para. {n}", "heading": "heading", "title": "title",
           "footnote": "footnote {n}", "section": "section {n}", "annex": "annex {n}", "subpara": "subpara."},
    "fr": {"para": "par.", "preamble": "alinéa {n} du préambule", "heading": "intitulé", "title": "titre",
           "footnote": "note {n}", "section": "section {n}", "annex": "annexe {n}", "subpara": "alinéa"},
}


def _letter(number: str, language: str) -> str:
    return f"({number})" if language == "en" else f"{number})"


def un_references(doc: ParsedDocument) -> dict[int, str]:
    """``id(unit) -> citation`` for every unit of ``doc`` (see the module docstring)."""
    language = "en" if doc.language == "en" else "fr"
    w = _WORDS[language]
    found: list[tuple[Node, str, tuple, str | None, str]] = []  # node, family, sections, annex, citation
    add = found.append

    def visit(nodes, sections: tuple, annex, para, subs: tuple) -> None:
        for node in nodes:
            kind, number = node.kind, node.number
            if kind == "annex":
                visit(node.children, (), number, None, ())
                continue
            if kind in ("section", "subsection"):
                visit(node.children, sections + (number,) if number else sections, annex, None, ())
                continue
            if kind == "paragraph":
                para, labels = number, ()
                add((node, "para", sections, annex, f"{w['para']} {number}" if number else w["para"]))
            elif kind in ("subparagraph", "item"):
                labels = subs + (_letter(number, language),) if number else subs
                head = f"{w['para']} {para}" if para else w["subpara"]
                add((node, "para", sections, annex, " ".join((head,) + labels)))
            else:
                labels = subs
                if kind == "preamble":
                    cite = w["preamble"].format(n=node.ref.rsplit("PP", 1)[-1].split("~")[0])
                elif kind == "footnote":
                    cite = w["footnote"].format(n=number)
                else:
                    cite = w["heading"] if sections else w["title"]
                add((node, kind, sections, annex, cite))
            if node.children:
                visit(node.children, sections, annex, para if kind != "paragraph" else number, labels)

    visit(doc.nodes, (), None, None, ())
    return _qualified(found, w)


def _qualified(found: list, w: dict) -> dict[int, str]:
    """Name the section (and the annex) where the bare citations of a family would be ambiguous.

    A family (paragraphs with their subparagraphs, preambular paragraphs, footnotes) is qualified as a
    whole, so that "section II, para. 1 (a)" never stands beside a bare "para. 4"; headings always."""
    depth: dict[str, int] = {}  # family -> 1: name the section, 2: the annex too
    for family in ("para", "preamble", "footnote", "heading"):
        members = [(sec, c) for _n, f, sec, _a, c in found if f == family]
        if family == "heading" or _repeats(c for _s, c in members):
            depth[family] = 2 if _repeats(members) else 1
    out: dict[int, str] = {}
    for node, family, sections, annex, citation in found:
        level = depth.get(family)
        if level and citation != w["title"]:
            parts = [w["annex"].format(n=annex)] if level == 2 and annex else []
            if sections:
                parts.append(w["section"].format(n=".".join(sections)))
            citation = ", ".join(parts + [citation])
        out[id(node)] = citation
    return out


def _repeats(items) -> bool:
    seen = set()
    for item in items:
        if item in seen:
            return True
        seen.add(item)
    return False
