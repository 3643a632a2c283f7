"""Illustrative revision chains for the demo conference.

The 2012 demo holds the final outcome documents with plausible earlier
versions (``L.4`` and ``L.4/Rev.1`` from Annex I, ``CRP.3`` to
``CRP.3/Rev.3`` from Annex II).  They are NOT the historical drafts: they are
derived from the final text by deterministic negotiation edits, undone one
revision at a time going backwards, so that moving forwards through the chain:

* square-bracketed alternatives (``[renforcer][améliorer]``) are resolved;
* a bracketed whole paragraph appears in each earlier version and is deleted
  in the next one;
* a paragraph is split into two, two paragraphs are merged into one;
* a paragraph is inserted as ``n bis`` and numbered normally in the final
  text (with three or more versions; with two, it is simply inserted);
* phrases are reworded, paragraphs renumbered;
* the bracket count decreases from each version to the next.

``build_demo_chain(final_text, base_symbol, n_revisions)`` returns
``n_revisions + 1`` texts, oldest first; the last is ``final_text`` itself.
The result depends only on its arguments (the random generator is seeded
from the base symbol).
"""
from __future__ import annotations

import copy
import random
import re
import zlib

from .structure import Node, ParsedDocument, parse_document

ALTERNATIVES = {
    "fr": {
        "renforcer": "améliorer", "Renforcer": "Améliorer", "encourager": "inviter", "Encourager": "Inviter",
        "appuyer": "soutenir", "promouvoir": "favoriser", "assurer": "garantir", "pleinement": "effectivement",
        "coopération": "collaboration", "assistance": "aide", "nécessaires": "appropriées",
        "prévenir": "réduire", "éliminer": "endiguer", "importance": "utilité", "Soulignent": "Notent",
        "Décident": "Recommandent", "Réaffirment": "Rappellent", "Encouragent": "Invitent",
        "réaffirmons": "rappelons", "soulignons": "notons", "reconnaissons": "constatons",
    },
    "en": {
        "strengthen": "enhance", "Strengthen": "Enhance", "encourage": "invite", "Encourage": "Invite",
        "support": "assist", "promote": "foster", "ensure": "guarantee", "fully": "effectively",
        "cooperation": "collaboration", "assistance": "support", "necessary": "appropriate",
        "prevent": "reduce", "eradicate": "curb", "importance": "value", "Decide": "Recommend",
        "reaffirm": "recall", "underline": "note", "recognize": "acknowledge",
    },
}

REWORDINGS = {
    "fr": {
        "s’engagent à": "sont invités à", "selon qu’il conviendra": "le cas échéant",
        "au besoin": "si nécessaire", "notamment": "en particulier", "Nous soulignons": "Nous rappelons",
        "sur demande": "à leur demande", "dans la mesure du possible": "autant que possible",
        "y compris": "dont", "pertinents": "appropriés",
    },
    "en": {
        "undertake to": "are invited to", "as appropriate": "where relevant", "in particular": "notably",
        "upon request": "when requested", "to the extent possible": "as far as possible",
        "including": "among them", "relevant": "appropriate",
    },
}

BRACKETED = {
    "fr": [
        "[Nous soulignons la nécessité d’élaborer un instrument juridiquement contraignant sur le marquage "
        "et le traçage des munitions.]",
        "[Les États s’engagent à interdire les transferts d’armes légères et de petit calibre à des acteurs "
        "non étatiques non autorisés.]",
        "[Les États s’engagent à présenter chaque année un rapport national sur les transferts d’armes légères "
        "et de petit calibre.]",
        "[Nous prions le Secrétaire général de constituer un groupe d’experts gouvernementaux chargé "
        "d’examiner la question des munitions.]",
        "[Nous reconnaissons les liens entre le commerce illicite des armes légères et le développement, "
        "qui devraient être pris en compte dans le programme de développement pour l’après-2015.]",
    ],
    "en": [
        "[We underline the need to develop a legally binding instrument on the marking and tracing of "
        "ammunition.]",
        "[States undertake to prohibit transfers of small arms and light weapons to unauthorized non-State "
        "actors.]",
        "[States undertake to submit annually a national report on transfers of small arms and light weapons.]",
        "[We request the Secretary-General to establish a group of governmental experts to consider the "
        "question of ammunition.]",
        "[We recognize the links between the illicit trade in small arms and development, which should be "
        "taken into account in the post-2015 development agenda.]",
    ],
}

_SENTENCE_END = re.compile(r"(?<=[a-zé\)»])\. (?=[A-ZÀ-Ý])")
_CLAUSE_END = re.compile(r"; (?=\w)")


def _scopes(doc: ParsedDocument) -> list[Node]:
    """Containers inside which paragraphs are numbered 1, 2, 3..."""
    out = []

    def visit(nodes, parent):
        sections = [n for n in nodes if n.kind == "section"]
        if sections:
            out.extend(sections)
            return
        if parent is not None:
            out.append(parent)
        for n in nodes:
            if n.kind == "annex":
                visit(n.children, n)
    visit(doc.nodes, None)
    if not out:
        out.append(Node("document", "", "", None, "", doc.nodes))
    return out


def _scope_paragraphs(scope: Node) -> list[tuple[list[Node], Node]]:
    """(parent children list, paragraph) in order, for paragraphs of the scope and its subsections."""
    out = []
    for n in scope.children:
        if n.kind == "paragraph":
            out.append((scope.children, n))
        elif n.kind == "subsection":
            out.extend((n.children, p) for p in n.children if p.kind == "paragraph")
    return out


def _groups(doc: ParsedDocument) -> list[tuple[str, list[tuple[list[Node], Node]]]]:
    """Sibling groups numbered in sequence: paragraphs of a scope, subparagraphs of a paragraph."""
    out = []
    for scope in _scopes(doc):
        paras = _scope_paragraphs(scope)
        out.append(("paragraph", paras))
        for _lst, p in paras:
            subs = [(p.children, c) for c in p.children if c.kind == "subparagraph"]
            if subs:
                out.append(("subparagraph", subs))
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * (1 + (n - 1) // 26)


def _renumber(doc: ParsedDocument) -> None:
    for kind, members in _groups(doc):
        prev = 0
        for _lst, p in members:
            label = str(prev) if kind == "paragraph" else _letter(prev) if prev else ""
            if getattr(p, "_bis", False) and prev:
                p.number = f"{label} bis"
            else:
                prev += 1
                p.number = str(prev) if kind == "paragraph" else _letter(prev)


def _leaves(doc, touched, kinds=("paragraph", "subparagraph")):
    """(group kind, position, parent list, node) of plain nodes that structural edits may use."""
    out = []
    for kind, members in _groups(doc):
        if kind not in kinds:
            continue
        for k, (lst, p) in enumerate(members):
            if not p.children and id(p) not in touched and "[" not in p.text and not getattr(p, "_bis", False):
                out.append((kind, k, lst, p))
    return out


def _text_units(doc):
    return [u for u in doc.units() if u.kind in ("paragraph", "subparagraph", "preamble", "item")]


def _bracket_alternatives(doc, rng, lang, count, touched):
    alts = ALTERNATIVES[lang]
    units = [u for u in _text_units(doc) if "[" not in u.text and id(u) not in touched]
    rng.shuffle(units)
    done = 0
    for u in units:
        words = [w for w in alts if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", u.text)]
        if not words:
            continue
        w = rng.choice(sorted(words))
        u.text = re.sub(rf"(?<!\w){re.escape(w)}(?!\w)", f"[{w}][{alts[w]}]", u.text, count=1)
        done += 1
        if done >= count:
            break


def _reword(doc, rng, lang, count, touched):
    rew = REWORDINGS[lang]
    units = [u for u in _text_units(doc) if "[" not in u.text and id(u) not in touched]
    rng.shuffle(units)
    done = 0
    for u in units:
        phrases = [p for p in rew if p in u.text]
        if not phrases:
            continue
        p = rng.choice(sorted(phrases))
        u.text = u.text.replace(p, rew[p], 1)
        done += 1
        if done >= count:
            break


def _insert_bracketed(doc, rng, lang, step, touched):
    paras = [(lst, p) for scope in _scopes(doc) for lst, p in _scope_paragraphs(scope)]
    if not paras:
        return
    lst, p = paras[rng.randrange(len(paras))]
    stock = BRACKETED[lang]
    node = Node("paragraph", "", "", "0", stock[step % len(stock)])
    lst.insert(lst.index(p) + 1, node)
    touched.add(id(node))


def _merge_pair(doc, rng, touched):
    """Earlier version: two consecutive paragraphs of the later one as one (the later one splits it)."""
    cands = []
    for _kind, members in _groups(doc):
        for (l1, p1), (l2, p2) in zip(members, members[1:]):
            if l1 is l2 and not p1.children and not p2.children and id(p1) not in touched \
                    and id(p2) not in touched and "[" not in p1.text + p2.text \
                    and not getattr(p1, "_bis", False) and not getattr(p2, "_bis", False):
                cands.append((l1, p1, p2))
    if not cands:
        return
    lst, p1, p2 = rng.choice(cands)
    p1.text = f"{p1.text.rstrip(';,')}; {p2.text[:1].lower()}{p2.text[1:]}" if p1.kind == "subparagraph" \
        else f"{p1.text} {p2.text}"
    lst.remove(p2)
    touched.add(id(p1))


def _split_one(doc, rng, touched):
    """Earlier version: one paragraph of the later one as two (the later one merges them)."""
    cut_re = _SENTENCE_END
    cands = [x for x in _leaves(doc, touched) if cut_re.search(x[3].text)]
    if not cands:
        cut_re = _CLAUSE_END
        cands = [x for x in _leaves(doc, touched) if cut_re.search(x[3].text)]
    if not cands:
        return
    _kind, _k, lst, p = rng.choice(cands)
    cuts = [m.end() for m in cut_re.finditer(p.text)]
    cut = cuts[len(cuts) // 2]
    first, second = p.text[:cut].rstrip(), p.text[cut:].lstrip()
    p.text = first
    node = Node(p.kind, "", "", "0", second)
    lst.insert(lst.index(p) + 1, node)
    touched.update({id(p), id(node)})


def _bis_step(doc, rng, touched, remove: bool):
    flagged = [(lst, p) for _kind, members in _groups(doc) for lst, p in members if getattr(p, "_bis", False)]
    if remove and flagged:
        for lst, p in flagged:
            lst.remove(p)
        return
    cands = [x for x in _leaves(doc, touched, ("paragraph",)) if x[1] > 0] or \
        [x for x in _leaves(doc, touched, ("subparagraph",)) if x[1] > 0]
    if not cands:
        return
    _kind, _k, lst, p = rng.choice(cands)
    touched.add(id(p))
    if remove:
        lst.remove(p)
    else:
        p._bis = True


def build_demo_chain(final_text: str, base_symbol: str, n_revisions: int) -> list[str]:
    """Texts of ``base_symbol`` and its ``n_revisions`` revisions, oldest first (illustrative).

    The last text is ``final_text``; each earlier one is rendered as clean text.
    """
    if n_revisions < 0:
        raise ValueError("n_revisions must be zero or more")
    final = parse_document(final_text)
    lang = final.language
    rng = random.Random(zlib.crc32(base_symbol.encode("utf-8")))
    texts = [final_text]
    cur = copy.deepcopy(final)
    for step in range(1, n_revisions + 1):
        cur = copy.deepcopy(cur)
        touched: set = set()
        if step == 1:
            _merge_pair(cur, rng, touched)  # split in the final text
            _bis_step(cur, rng, touched, remove=(n_revisions == 1))
        if step == min(2, n_revisions):
            _split_one(cur, rng, touched)  # merged later
        if step == 2:
            _bis_step(cur, rng, touched, remove=True)
        _insert_bracketed(cur, rng, lang, step, touched)
        _bracket_alternatives(cur, rng, lang, 3, touched)
        _reword(cur, rng, lang, 2, touched)
        _renumber(cur)
        texts.append(cur.plain_text())
    texts.reverse()
    return texts
