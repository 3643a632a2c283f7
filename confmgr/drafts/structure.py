"""Structure of a draft outcome document, parsed from plain text.

Drafts arrive as text extracted from PDF or Word.  ``parse_document`` turns
such text into a tree of :class:`Node` objects:

* containers: ``annex`` ("Annexe I" / "Annex I"), ``section`` ("I.", "II."),
  ``subsection`` ("A.", "B.");
* units, the things that are compared: ``heading`` (titles, unnumbered lines
  without final punctuation), ``preamble`` (unnumbered paragraphs),
  ``paragraph`` ("5.", "5 bis."), ``subparagraph`` ("a)" in French, "(a)" in
  English), ``item`` ("i)", "(i)") and ``footnote``.

The layout is read, not assumed (:mod:`.layout`): the title block at the
start (``United Nations``, the organ, the symbol, ``Distr.: Limited``, the
date, ``Original: English``) becomes ``ParsedDocument.metadata``; page
artefacts are lines of a shape only a page carries (page numbers ``2``,
``2/6``, ``Page 2``, ``-3-``; job numbers of any series; the symbol alone) and
lines repeating from page to page at the page's edges (running headers and
footers), with form feeds marking the pages when the text has them.  Wrapped
lines are rejoined, words hyphenated at a line end are rejoined (the hyphen is
kept for compounds such as ``sous-régionales``), a paragraph interrupted by a
page break (footnotes, page header) continues after it, and a numbered
paragraph may start right after one.  Paragraph numbering may run on across
sections or restart in each: a number opens a paragraph when it follows the
last one or restarts at 1 after a complete block (small jumps are accepted and
reported).  A paragraph in square brackets (``[16. Decides ...]``) stays a
paragraph, its text keeping the bracket.  Footnote blocks (after a line of
underscores, or at the foot of a page with the markers they define cited
above) become ``footnote`` nodes at the end of their annex; markers glued to
a word (``calibrea,``, ``Secretary-General2``) are detected only for markers
the block defines, searching the text between the previous marker and the
block, and are written as superscript characters (``calibreᵃ,``); markers
already in superscript (``¹²³``) are kept.

``ParsedDocument.report`` says what the parse found, for a person to check
before publishing: units by kind, the numbering scheme with its gaps and
restarts, the lines taken as page artefacts, what could not be placed, the
metadata.

Display refs (``Node.ref``) follow the current numbering and are unique in a
document.  They join the path of numbers with dots:

* section and subsection: ``II``, ``II.A``;
* numbered paragraph: ``II.A.2`` (``I.5bis`` for "5 bis."), subparagraph
  ``II.A.2.c``, item ``B.3.g.ii``;
* preambular paragraph: ``PP<n>`` counted in its container (``I.PP2``,
  ``III.PP1``);
* heading: ``H`` for the first heading of its container (the title of a
  section, ``II.A.H``), ``H2``, ``H3``... for the next ones;
* footnote: ``FN<marker>`` in its annex (``FNa``).

When a document holds several annexes, or an annex next to other content,
refs inside an annex are prefixed by ``Annex<number>`` (``AnnexI.II.A.2.c``);
a document made of a single annex (a draft outcome document) keeps bare refs.
Should the text repeat a number, the second ref gets a ``~2`` suffix.

Identities (``Node.wid``) follow the Akoma Ntoso style: parts joined with
``__`` (``sec_II__subsec_A__para_2__subpara_c``, ``sec_I__recital_2``,
``note_a``).  A first version derives them from its numbering; for a new
version :func:`inherit_identities` carries over the identity of every
paragraph matched with the previous version, and gives a fresh identity,
never used before in the family, to new ones (``ParsedDocument.used_wids``
remembers retired identities).
"""
from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field

from .layout import find_page_artefacts, page_shape, read_title_block

UNIT_KINDS = ("heading", "preamble", "paragraph", "subparagraph", "item", "footnote")
CONTAINER_KINDS = ("annex", "section", "subsection")
_UNIT_KIND_SET = frozenset(UNIT_KINDS)


class DraftParseError(ValueError):
    """The text cannot be read as a draft."""


@dataclass
class Node:
    kind: str
    ref: str
    wid: str
    number: str | None
    text: str
    children: list["Node"] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "ref": self.ref,
            "wid": self.wid,
            "number": self.number,
            "text": self.text,
            "children": [c.to_json() for c in self.children],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Node":
        return cls(
            kind=data["kind"],
            ref=data["ref"],
            wid=data["wid"],
            number=data.get("number"),
            text=data.get("text", ""),
            children=[cls.from_json(c) for c in data.get("children", [])],
        )

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParsedDocument:
    nodes: list[Node]
    language: str = "fr"
    used_wids: list[str] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)  # the title block: symbol, distribution, date, original
    report: dict = field(default_factory=dict)  # what the parse found (see ``parse_document``)
    _citations: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    def citations(self) -> list[str]:
        """UN-style references of the units, in the order of :meth:`units` (kept: a version never changes)."""
        if self._citations is None:
            from .references import un_references  # references reads this module's tree

            cites = un_references(self)
            self._citations = [cites[id(u)] for u in self.units()]
        return self._citations

    def walk(self):
        for node in self.nodes:
            yield from node.walk()

    def units(self) -> list[Node]:
        """Every unit (heading, preamble, paragraph, subparagraph, item, footnote), in document order."""
        out: list[Node] = []
        stack = list(reversed(self.nodes))
        kinds = _UNIT_KIND_SET
        while stack:
            node = stack.pop()
            if node.kind in kinds:
                out.append(node)
            if node.children:
                stack.extend(reversed(node.children))
        return out

    def to_json(self) -> dict:
        return {
            "language": self.language,
            "nodes": [n.to_json() for n in self.nodes],
            "used_wids": list(self.used_wids),
            "metadata": dict(self.metadata),
            "report": dict(self.report),
        }

    @classmethod
    def from_json(cls, data: dict) -> "ParsedDocument":
        return cls(
            nodes=[Node.from_json(n) for n in data.get("nodes", [])],
            language=data.get("language", "fr"),
            used_wids=list(data.get("used_wids", [])),
            metadata=dict(data.get("metadata") or {}),
            report=dict(data.get("report") or {}),
        )

    def plain_text(self) -> str:
        """Clean text with labels, one block per unit, blocks separated by a blank line."""
        out: list[str] = ["\n".join(self.metadata["lines"])] if self.metadata.get("lines") else []
        for node in self.nodes:
            _render(node, self.language, out)
        return "\n\n".join(out) + "\n"


# --------------------------------------------------------------------------- rendering

_SEPARATOR = "__________________"


def label_of(node: Node, language: str = "fr") -> str:
    kind, number = node.kind, node.number
    if kind == "annex":
        word = "Annexe" if language == "fr" else "Annex"
        return f"{word} {number}" if number else word
    if kind in ("section", "subsection"):
        return f"{number}."
    if kind == "paragraph":
        return f"{number}." if number else ""
    if kind in ("subparagraph", "item"):
        if not number:
            return ""
        return f"({number})" if language == "en" else f"{number})"
    if kind == "footnote":
        return number or ""
    return ""


def _render(node: Node, language: str, out: list[str]) -> None:
    if node.kind == "annex":
        out.append(label_of(node, language))
        notes = [c for c in node.children if c.kind == "footnote"]
        for child in node.children:
            if child.kind != "footnote":
                _render(child, language, out)
        if notes:
            out.append(_SEPARATOR)
            for note in notes:
                out.append(f"{note.number}  {note.text}")
        return
    if node.kind in ("section", "subsection"):
        children = list(node.children)
        if children and children[0].kind == "heading":
            out.append(f"{label_of(node, language)} {children[0].text}")
            children = children[1:]
        else:
            out.append(label_of(node, language))
        for child in children:
            _render(child, language, out)
        return
    if node.kind == "footnote":
        out.append(_SEPARATOR)
        out.append(f"{node.number}  {node.text}")
        return
    label = label_of(node, language)
    out.append(f"{label} {node.text}".strip() if label else node.text)
    for child in node.children:
        _render(child, language, out)


# --------------------------------------------------------------------------- lexical helpers

_WS = re.compile(r"[ \t\r\n\f\v]+")
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def normalize_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def roman_to_int(s: str) -> int | None:
    s = s.lower()
    if not s or not _ROMAN.match(s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


def int_to_roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _next_letter(s: str | None) -> str:
    """a -> b, z -> aa, aa -> bb (United Nations style)."""
    if not s:
        return "a"
    if s[-1] == "z":
        return "a" * (len(s) + 1)
    return chr(ord(s[0]) + 1) * len(s)


SUPERSCRIPT = dict(zip("abcdefghijklmnoprstuvwxyz0123456789*", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ⁰¹²³⁴⁵⁶⁷⁸⁹*"))
FROM_SUPERSCRIPT = {v: k for k, v in SUPERSCRIPT.items() if k != "*"}


def to_superscript(marker: str) -> str | None:
    if all(ch in SUPERSCRIPT for ch in marker):
        return "".join(SUPERSCRIPT[ch] for ch in marker)
    return None


def from_superscript(text: str) -> str:
    return "".join(FROM_SUPERSCRIPT.get(ch, ch) for ch in text)


# Hyphenated compounds: keep the hyphen when a word broken at a line end starts with one of these.
KEEP_HYPHEN_PREFIXES = {
    "sous", "non", "vice", "anti", "semi", "auto", "co", "ex", "post", "pré", "pre", "pro", "multi",
    "inter", "intra", "extra", "socio", "contre", "demi", "mi", "quasi", "néo", "neo", "ultra",
    "sud", "nord", "est", "ouest", "self", "cross", "counter", "well", "long", "short", "high",
    "low", "state", "follow", "peace", "small", "light", "arrière", "avant", "franco", "euro",
    "afro", "latino", "ibéro", "chef", "porte", "garde", "après", "sans", "hors", "lui", "elle",
    "celui", "celle", "ceux", "celles", "peut", "peut-être", "soi", "dit", "dite", "dits", "dites",
}

# --------------------------------------------------------------------------- line classification

_UNDERSCORES = re.compile(r"^_{5,}$")
_FN_ENTRY = re.compile(r"^([a-z]|\d{1,3}|\*{1,3})\s+(\S.*)$")
_ANNEX = re.compile(r"^(?:Annexe|Annex|ANNEXE|ANNEX)(?:\s+([IVXLC]+|\d{1,2}|[A-Z]))?\s*$")
_SECTION = re.compile(r"^([IVXLC]+|[A-Z])\.\s+(\S.*)$")
_SECTION_ALONE = re.compile(r"^([IVXLC]+|[A-Z])\.$")
# "[" before a number: the whole paragraph is in square brackets, it stays a paragraph
_PARA = re.compile(r"^(\[?)(\d{1,3})(?:\s*(bis|ter|quater|quinquies|sexies|septies|octies))?\.(?:\s+(\S.*))?$")
_SUB_FR = re.compile(r"^(\[?)([a-z]{1,4}(?: (?:bis|ter|quater))?)\)\s+(\S.*)$")
_SUB_EN = re.compile(r"^(\[?)\(([a-z]{1,4}(?: (?:bis|ter|quater))?)\)\s+(\S.*)$")
# final punctuation, possibly followed by closing brackets, quotes or a footnote marker
_TERMINATED = re.compile(r"[.;:,!?…»][\])”’\"»*" + "".join(sorted(set(SUPERSCRIPT.values()) - {"*"})) + r"]*$")
_ENDS_WITH_COMMA = re.compile(r",[\])”’\"»" + "".join(sorted(set(SUPERSCRIPT.values()) - {"*"})) + r"]*$")
CONTINUATION_WORDS = 40  # an unterminated unlabelled block longer than this is a paragraph, not a heading
FOOTNOTE_AREA_LINES = 15  # the most lines a page's footnotes take without a rule above them
UNWRAPPED_LINE = 120  # a printed line is shorter (a page is about 90 characters wide)
REPORT_LIMIT = 200  # entries kept per list of the parse report


def is_artefact(line: str) -> bool:
    """A page artefact by its shape alone (page number, job number, symbol, barcode)."""
    return page_shape(line) is not None


def _terminated(line: str) -> bool:
    return bool(_TERMINATED.search(line.rstrip()))


def _sub_label(s: str):
    """(label, rest, opening bracket) of a subparagraph-like line, or None."""
    m = _SUB_FR.match(s) or _SUB_EN.match(s)
    if m:
        return m.group(2), m.group(1) + m.group(3), m.group(1)
    return None


def detect_language(text: str) -> str:
    sample = " " + text[:20000].lower() + " "
    fr = sum(sample.count(w) for w in (" les ", " des ", " et ", " du ", " la ", "’", " à "))
    en = sum(sample.count(w) for w in (" the ", " and ", " of ", " to ", " in ", " its "))
    return "fr" if fr >= en else "en"


def _split_pages(raw: str) -> tuple[list[str], list[int] | None]:
    """Lines of the text, and the page of each line when form feeds mark the pages."""
    if "\f" not in raw:
        return raw.split("\n"), None
    lines: list[str] = []
    page_of: list[int] = []
    for page, chunk in enumerate(raw.split("\f")):
        for line in chunk.split("\n"):
            lines.append(line)
            page_of.append(page)
    return lines, page_of


# --------------------------------------------------------------------------- parsing

@dataclass
class _Block:
    kind: str  # annex, section, subsection, paragraph, subparagraph, item, text
    number: str | None
    lines: list[str]
    text: str = ""


@dataclass
class _Footnote:
    marker: str
    text: str
    after_block: int  # index of the last block started before the footnote block


class _Report:
    """What the parse found, for a person to check before the text is published."""

    def __init__(self):
        self.artefacts: list[dict] = []
        self.unplaced: list[dict] = []
        self.gaps: list[dict] = []
        self.restarts: list[dict] = []
        self.totals = Counter()

    def add(self, name: str, entry: dict) -> None:
        self.totals[name] += 1
        items = getattr(self, name)
        if len(items) < REPORT_LIMIT:
            items.append(entry)


class _Numbering:
    """Paragraph numbering as the text goes: continuous across sections or restarting in each."""

    def __init__(self):
        self.last = 0  # the last paragraph number, kept across sections
        self.first_in_section: list[int] = []  # first paragraph number of each section holding paragraphs
        self.section_open = True

    def new_section(self) -> None:
        self.section_open = True

    def new_annex(self) -> None:
        self.last = 0
        self.section_open = True

    def accepts(self, n: int, suffix: str | None, prev_done: bool) -> bool:
        """Whether "n." (or "n bis.") at a line start opens a paragraph here."""
        if suffix:
            return n == self.last or prev_done
        if n == self.last + 1:
            return True  # the next number, whether or not a section opened
        if n == 1 and prev_done:
            return True  # numbering restarts (a new section, or a new part)
        return prev_done and self.last < n <= self.last + 5  # a gap the report will show

    def opened(self, number: str, line: int, report: _Report) -> None:
        n = int(number.split()[0])
        suffix = " " in number
        if self.section_open:
            self.first_in_section.append(n)
            self.section_open = False
        if not suffix and self.last and n != self.last + 1:
            entry = {"line": line, "after": str(self.last), "found": number}
            report.add("restarts" if n == 1 else "gaps", entry)
        self.last = n

    def scheme(self) -> str:
        later = self.first_in_section[1:]
        if not later:
            return "single"
        if all(n == 1 for n in later):
            return "restarting"
        if all(n != 1 for n in later):
            return "continuous"
        return "mixed"


class _Parser:
    def __init__(self, text: str, language: str):
        self.language = language
        raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
        self.lines, page_of = _split_pages(raw)
        self.vocab = Counter(w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", raw))
        self.metadata, self.title_lines = read_title_block(self.lines)
        self.layout = find_page_artefacts(self.lines, page_of, self.title_lines, self.metadata.get("symbol"))
        self.blocks: list[_Block] = []
        self.footnotes: list[_Footnote] = []
        self.report = _Report()
        self.numbering = _Numbering()
        self.line_per_paragraph = _unwrapped(self.lines)
        # numbering state of the other levels
        self.last_section_roman = 0
        self.last_subsection: str | None = None
        self.last_sub: str | None = None
        self.last_item = 0

    # -- pass 1: lines -> blocks
    def run(self) -> None:
        lines = self.lines
        n = len(lines)
        i = 0
        gap = True  # a blank line (or start) precedes
        page_break = False
        while i < n:
            s = lines[i].strip()
            if i in self.layout.page_starts:
                gap = page_break = True
            if not s or i in self.title_lines:
                gap = True
                i += 1
                continue
            if i in self.layout.artefacts and _FN_ENTRY.match(_note_marker_plain(s)):
                j = self._footnote_area(s, i)  # "2  A/67/3" at a page's foot: a note, if the text cites it
                if j is not None:
                    i = j
                    gap = page_break = True
                    continue
            why = self.layout.artefacts.get(i)
            if why:
                self.report.add("artefacts", {"line": i + 1, "text": s, "why": why})
                gap = page_break = True
                i += 1
                continue
            if _UNDERSCORES.match(s):
                j = self._footnote_block(i)
                if j is not None:
                    i = j
                    gap = page_break = True
                    continue
                # a line of underscores that opens no footnote: keep it as text
            j = self._footnote_area(s, i)
            if j is not None:
                i = j
                gap = page_break = True
                continue
            self._place(s, i, gap or self.line_per_paragraph, page_break)
            gap = page_break = False
            i += 1

    def _place(self, s: str, i: int, gap: bool, page_break: bool) -> None:
        """Open a block for the line, or add it to the block it continues."""
        label = self._label(s, i)
        if label is not None:
            self._open(*label, line=i + 1)
            return
        if self.blocks and (not gap or (page_break and self._continues(self.blocks[-1], s))):
            if _PARA.match(s) or _sub_label(s):
                self.report.add("unplaced", {"line": i + 1, "text": s[:120],
                                             "reason": "numbered like a paragraph out of sequence: "
                                                       "read as the continuation of the line before"})
            self.blocks[-1].lines.append(s)
            return
        self._open("text", None, s, line=i + 1)

    def _footnote_block(self, i: int) -> int | None:
        """Read the footnotes after a line of underscores; the index after them, or None if there are none."""
        lines, n = self.lines, len(self.lines)
        last = self.footnotes[-1].marker if self.footnotes else None
        j = i + 1
        entries = []
        while j < n:
            t = lines[j].strip()
            if not t:
                j += 1
                continue
            m = _FN_ENTRY.match(_note_marker_plain(t))
            if not m or not self._plausible_note(m.group(1), last):
                break
            if page_shape(m.group(2)) not in (None, "document symbol"):
                break  # "3  27-01234 (E)": a page number beside a job number, not a note
            self.layout.artefacts.pop(j, None)  # "1  A/CONF.192/3.": a note citing a symbol
            last = m.group(1)
            entries.append((m.group(1), normalize_ws(m.group(2))))
            j += 1
        if not entries:
            return None
        for marker, body in entries:
            self.footnotes.append(_Footnote(marker, body, len(self.blocks) - 1))
        return j

    def _footnote_area(self, s: str, i: int) -> int | None:
        """Footnotes at the foot of a page with no rule above them (PDF text loses the rule): lines from
        here to the page break, the first one starting with the next note's marker, a marker the text
        above cites (a superscript, or digits glued to a word). The index after them, or None."""
        m = _FN_ENTRY.match(_note_marker_plain(s))
        if not m or not (m.group(1).isdigit() or s[0] in FROM_SUPERSCRIPT):
            return None
        last = self.footnotes[-1].marker if self.footnotes else None
        if not self._plausible_note(m.group(1), last):
            return None
        end = self._page_end(i)
        if end is None or not self._cited(m.group(1)):
            return None
        notes: list[list[str]] = []
        self.layout.artefacts.pop(i, None)
        for j in range(i, end):
            t = self.lines[j].strip()
            if not t or j in self.title_lines:
                continue
            entry = _FN_ENTRY.match(_note_marker_plain(t))
            if entry and self._plausible_note(entry.group(1), last) and (not notes or self._cited(entry.group(1))):
                last = entry.group(1)
                notes.append([entry.group(1), entry.group(2)])
            else:
                notes[-1].append(t)  # a note wrapped onto the next line
        for marker, *lines in notes:
            self.footnotes.append(_Footnote(marker, self._join(lines), len(self.blocks) - 1))
        return end

    def _page_end(self, i: int) -> int | None:
        """The index of the page break after line i, if it comes within a footnote area's reach."""
        for j in range(i + 1, min(i + FOOTNOTE_AREA_LINES, len(self.lines)) + 1):
            if j == len(self.lines) or j in self.layout.artefacts or j in self.layout.page_starts:
                return j
        return None

    def _cited(self, marker: str) -> bool:
        """Whether the text since the previous footnote cites ``marker``."""
        start = self.footnotes[-1].after_block + 1 if self.footnotes else 0
        text = " ".join(line for b in self.blocks[max(start, 0):] for line in b.lines)
        sup = to_superscript(marker)
        if sup and sup in text:
            return True
        return marker.isdigit() and re.search(r"(?<=[^\W\d_])" + marker + r"(?=[\s,.;:!?)»]|$)", text) is not None

    @staticmethod
    def _plausible_note(marker: str, last: str | None) -> bool:
        if last is None:
            return True
        if marker.isdigit() and last.isdigit():
            return int(marker) == int(last) + 1 or marker == "1"
        if marker.isalpha() and last.isalpha():
            return marker == _next_letter(last) or marker == "a"
        if marker.startswith("*") and last.startswith("*"):
            return len(marker) == len(last) + 1
        return marker in ("a", "1", "*")

    def _continues(self, block: _Block, line: str) -> bool:
        """Whether ``line``, after a page break, goes on with ``block``."""
        if block.kind in CONTAINER_KINDS:
            return False
        last = block.lines[-1].rstrip() if block.lines else ""
        if not last:
            return False
        goes_on = line[:1].islower()  # a sentence does not start with a small letter
        if _terminated(last):
            # a comma ends every preambular paragraph, but also many a line in mid-sentence
            return goes_on and _ENDS_WITH_COMMA.search(last) is not None
        if block.kind == "text":
            # an unterminated unlabelled block is a heading, unless the sentence goes on or it is long
            return goes_on or len(" ".join(block.lines).split()) > CONTINUATION_WORDS
        return True

    def _open(self, kind: str, number: str | None, rest: str, *, line: int = 0) -> None:
        if kind == "annex":
            self.last_section_roman = 0
            self.last_subsection = None
            self.numbering.new_annex()
        elif kind == "section":
            self.last_section_roman = roman_to_int(number) or self.last_section_roman + 1
            self.last_subsection = None
            self.numbering.new_section()
        elif kind == "subsection":
            self.last_subsection = number
        elif kind == "paragraph":
            self.numbering.opened(number, line, self.report)
            self.last_sub = None
            self.last_item = 0
        elif kind == "subparagraph":
            self.last_sub = number.split()[0]
            self.last_item = 0
        elif kind == "item":
            self.last_item = roman_to_int(number) or self.last_item + 1
        self.blocks.append(_Block(kind, number, [rest] if rest else []))

    def _prev_text_ends_with_colon(self) -> bool:
        if not self.blocks or not self.blocks[-1].lines:
            return False
        return self.blocks[-1].lines[-1].rstrip().endswith(":")

    def _previous_done(self) -> bool:
        """Whether the block before is complete (a number at a line start then opens a paragraph)."""
        if not self.blocks or not self.blocks[-1].lines:
            return True
        block = self.blocks[-1]
        return block.kind in ("text", "section", "subsection", "annex") or _terminated(block.lines[-1])

    def _lookahead_sub(self, i: int) -> str | None:
        """The label of the next subparagraph-like line after line i."""
        for j in range(i + 1, min(i + 80, len(self.lines))):
            t = self.lines[j].strip()
            if not t:
                continue
            lab = _sub_label(t)
            if lab:
                return lab[0]
            if _PARA.match(t) or _SECTION.match(t) or _ANNEX.match(t):
                return None
        return None

    # -- labels: which level a line opens, if any
    def _label(self, s: str, i: int):
        """(kind, number, rest of the line) when the line opens a numbered level, else None."""
        return (self._annex_label(s) or self._section_label(s) or self._paragraph_label(s)
                or self._subdivision_label(s, i))

    @staticmethod
    def _annex_label(s: str):
        m = _ANNEX.match(s)
        return ("annex", m.group(1), "") if m else None

    def _section_label(self, s: str):
        """Sections are roman ("II."), subsections letters ("B."); "I" and "A" may restart."""
        m = _SECTION.match(s) or _SECTION_ALONE.match(s)
        if not m:
            return None
        sym = m.group(1)
        rest = m.group(2) if m.lastindex and m.lastindex >= 2 else ""
        expected_letter = _next_letter(self.last_subsection.lower()).upper() if self.last_subsection else "A"
        expected_roman = int_to_roman(self.last_section_roman + 1).upper()
        if len(sym) == 1 and sym == expected_letter and self.last_section_roman and sym != expected_roman:
            return ("subsection", sym, rest)
        if sym == expected_roman:
            return ("section", sym, rest)
        if len(sym) == 1 and sym == expected_letter:
            return ("subsection", sym, rest)
        if sym in ("I", "A") and (self._previous_done() or self.blocks[-1].kind == "text"):
            return ("section", sym, rest) if sym == "I" else ("subsection", sym, rest)
        return None

    def _paragraph_label(self, s: str):
        m = _PARA.match(s)
        if not m:
            return None
        bracket, n, suffix, rest = m.group(1), int(m.group(2)), m.group(3), m.group(4) or ""
        if not self.numbering.accepts(n, suffix, self._previous_done()):
            return None
        return ("paragraph", f"{n} {suffix}" if suffix else str(n), bracket + rest)

    def _subdivision_label(self, s: str, i: int):
        """Subparagraphs ("(a)", "a)") and items ("(i)", "i)"), told apart by what is expected next."""
        lab = _sub_label(s)
        if not lab:
            return None
        sym, rest, _bracket = lab
        if " " in sym:  # "c bis)"
            return ("subparagraph", sym, rest) if sym.split()[0] == self.last_sub else None
        expected_letter = _next_letter(self.last_sub)
        expected_roman = int_to_roman(self.last_item + 1)
        if self.last_item > 0 and sym == expected_roman:
            return ("item", sym, rest)
        if sym == "i" and self._lookahead_sub(i) == "ii":
            return ("item", sym, rest)
        if sym == expected_letter:
            return ("subparagraph", sym, rest)
        if sym == "i" and self._prev_text_ends_with_colon():
            return ("item", sym, rest)
        if sym == "a" and self._prev_text_ends_with_colon():
            return ("subparagraph", sym, rest)
        return None

    # -- pass 2: join lines
    def _join(self, lines: list[str]) -> str:
        out = ""
        for line in lines:
            line = line.strip()
            if not out:
                out = line
                continue
            m = re.search(r"([^\W\d_]*)-$", out)
            if m and line[:1].isalpha() and not out.endswith(" -") and not out.endswith("--"):
                prefix = m.group(1)
                first = re.match(r"[^\W\d_]+", line)
                second = first.group(0) if first else ""
                out = out[:-1] + ("-" if self._keep_hyphen(prefix, second) else "") + line
            elif re.search(r"\d-$", out) and line[:1].isdigit():
                out += line  # 2012-\n2018
            else:
                out += " " + line
        return normalize_ws(out)

    def _keep_hyphen(self, prefix: str, second: str) -> bool:
        p, q = prefix.lower(), second.lower()
        if not p:
            return True
        if self.vocab.get(f"{p}-{q}"):
            return True
        if self.vocab.get(p + q):
            return False
        if p in KEEP_HYPHEN_PREFIXES:
            return True
        if second[:1].isupper():
            return True
        return False

    # -- footnote markers
    def _mark_footnotes(self) -> None:
        texts = [b.text for b in self.blocks]
        pos = (0, 0)  # block index, offset after the previous marker
        for note in self.footnotes:
            sup = to_superscript(note.marker)
            if sup is None or note.after_block < 0:
                continue
            last = min(note.after_block, len(texts) - 1)
            if last < pos[0]:
                continue
            window = range(pos[0], last + 1)
            if any(sup in texts[bi] for bi in window):
                pos = (last, 0) if last > pos[0] else pos
                continue  # already marked (clean text parsed again, or superscripts in the source)
            chosen = self._choose_marker(self._marker_candidates(note.marker, window, pos, texts), texts,
                                         note.marker)
            if chosen is None:
                self.report.add("unplaced", {"footnote": note.marker, "text": note.text[:120],
                                             "reason": "footnote marker not found in the text"})
                continue
            bi, off = chosen
            texts[bi] = texts[bi][:off] + sup + texts[bi][off + len(note.marker):]
            pos = (bi, off + len(sup))
        for b, t in zip(self.blocks, texts):
            b.text = t

    def _marker_candidates(self, marker: str, window, pos, texts) -> list[tuple[int, int]]:
        if marker.isdigit():
            pat = re.compile(r"(?<=[^\W\d_]|[)»\]])" + marker + r"(?![\w/.,]\d)(?=[\s,.;:!?)»–—]|$)")
        else:
            pat = re.compile(r"(?<=[^\W\d_]{2})" + re.escape(marker) + r"(?=[,.;:!?)»]|\s+[–—]|$)")
        cands = []
        for bi in window:
            if self.blocks[bi].kind == "annex":
                continue
            start = pos[1] if bi == pos[0] else 0
            for m in pat.finditer(texts[bi], start):
                cands.append((bi, m.start()))
        return cands

    def _choose_marker(self, cands, texts, marker):
        if not cands:
            return None
        if marker.isdigit():
            return cands[-1] if len(cands) == 1 else None
        scored_full, scored_once = [], []
        for bi, off in cands:
            word = re.search(r"[^\W\d_]+$", texts[bi][:off + 1]).group(0).lower()
            stem = word[:-1]
            if self.vocab.get(word, 0) <= 1:
                scored_once.append((bi, off))
                if self.vocab.get(stem, 0) >= 1:
                    scored_full.append((bi, off))
        if scored_full:
            return scored_full[-1]
        if len(scored_once) == 1:
            return scored_once[0]
        return None

    # -- pass 3: tree
    def build(self) -> list[Node]:
        for b in self.blocks:
            b.text = self._join(b.lines)
        self._mark_footnotes()
        root = Node("document", "", "", None, "")
        annex: Node | None = None
        section: Node | None = None
        subsection: Node | None = None
        paragraph: Node | None = None
        sub: Node | None = None

        def container() -> Node:
            return subsection or section or annex or root

        block_annex: list[Node] = []
        for b in self.blocks:
            if b.kind == "annex":
                annex = Node("annex", "", "", b.number, "")
                root.children.append(annex)
                section = subsection = paragraph = sub = None
            elif b.kind == "section":
                section = Node("section", "", "", b.number, "")
                (annex or root).children.append(section)
                subsection = paragraph = sub = None
                if b.text:
                    section.children.append(Node("heading", "", "", None, b.text))
            elif b.kind == "subsection":
                subsection = Node("subsection", "", "", b.number, "")
                (section or annex or root).children.append(subsection)
                paragraph = sub = None
                if b.text:
                    subsection.children.append(Node("heading", "", "", None, b.text))
            elif b.kind == "paragraph":
                paragraph = Node("paragraph", "", "", b.number, b.text)
                container().children.append(paragraph)
                sub = None
            elif b.kind == "subparagraph":
                sub = Node("subparagraph", "", "", b.number, b.text)
                (paragraph or container()).children.append(sub)
            elif b.kind == "item":
                (sub or paragraph or container()).children.append(Node("item", "", "", b.number, b.text))
            else:
                text = b.text
                kind = "preamble" if _terminated(text) or len(text.split()) > CONTINUATION_WORDS else "heading"
                container().children.append(Node(kind, "", "", None, text))
                paragraph = sub = None
            block_annex.append(annex or root)
        for note in self.footnotes:
            owner = block_annex[note.after_block] if 0 <= note.after_block < len(block_annex) else root
            owner.children.append(Node("footnote", "", "", note.marker, note.text))
        return root.children

    def summary(self, doc: "ParsedDocument") -> dict:
        """The parse report: units found, numbering, page artefacts, what could not be placed, metadata."""
        report = self.report
        units = Counter(u.kind for u in doc.units())
        containers = Counter(n.kind for n in doc.walk() if n.kind in CONTAINER_KINDS)
        metadata = {k: v for k, v in self.metadata.items() if k != "lines"}
        return {
            "units": {"total": sum(units.values()), **{k: units.get(k, 0) for k in UNIT_KINDS}},
            "containers": {k: containers.get(k, 0) for k in CONTAINER_KINDS},
            "numbering": {"scheme": self.numbering.scheme(), "gaps": report.gaps, "restarts": report.restarts},
            "page_artefacts": report.artefacts,
            "page_artefacts_total": report.totals["artefacts"],
            "unplaced": report.unplaced,
            "unplaced_total": report.totals["unplaced"],
            "metadata": metadata,
            "language": doc.language,
        }


def _unwrapped(lines: list[str]) -> bool:
    """Whether each line holds a whole paragraph (text from a word processor) rather than a printed
    line (text from a page): then a line break ends a paragraph even without a blank line."""
    filled = [len(line) for line in lines if line.strip()]
    return bool(filled) and sum(n > UNWRAPPED_LINE for n in filled) >= 0.2 * len(filled)


def _note_marker_plain(line: str) -> str:
    """A footnote line with its leading superscript marker (``² See``) written plainly (``2 See``)."""
    k = 0
    while k < len(line) and line[k] in FROM_SUPERSCRIPT:
        k += 1
    if not k:
        return line
    rest = line[k:]
    return from_superscript(line[:k]) + (rest if rest[:1].isspace() else " " + rest)


def parse_document(text: str, language: str | None = None) -> ParsedDocument:
    """Parse the plain text of a draft into a tree (see the module docstring).

    The document carries its title block as ``metadata`` and the parse ``report``: units found by
    kind, the numbering scheme with its gaps and restarts, the lines taken as page artefacts, what
    could not be placed (a numbered line out of sequence read as a continuation, a footnote whose
    marker is not in the text) and the metadata.
    """
    if not isinstance(text, str) or not text.strip():
        raise DraftParseError("The text is empty: no paragraph found.")
    lang = language if language in ("fr", "en") else detect_language(text)
    parser = _Parser(text, lang)
    parser.run()
    nodes = parser.build()
    doc = ParsedDocument(nodes=nodes, language=lang, metadata=parser.metadata)
    if not any(u.kind in ("paragraph", "preamble", "subparagraph", "item") for u in doc.units()):
        raise DraftParseError("The text yields no paragraph: nothing numbered or ending like a sentence was found.")
    assign_refs(doc)
    assign_initial_wids(doc)
    doc.report = parser.summary(doc)
    doc.citations()
    return doc


# --------------------------------------------------------------------------- refs and wids

def _own_parts(node: Node, counters: dict) -> tuple[str, str]:
    """(ref part, wid part) of a node inside its parent; counters is per parent."""
    kind, num = node.kind, node.number
    if kind == "annex":
        return (f"Annex{num}" if num else "Annex"), (f"annex_{num}" if num else "annex")
    if kind in ("section", "subsection"):
        return num or "", ("sec_" if kind == "section" else "subsec_") + (num or "")
    if kind == "paragraph":
        own = (num or "").replace(" ", "")
        if not own:
            counters["p"] = counters.get("p", 0) + 1
            own = f"P{counters['p']}"
        return own, f"para_{own}"
    if kind in ("subparagraph", "item"):
        own = (num or "x").replace(" ", "")
        return own, ("subpara_" if kind == "subparagraph" else "item_") + own
    if kind == "preamble":
        counters["pp"] = counters.get("pp", 0) + 1
        return f"PP{counters['pp']}", f"recital_{counters['pp']}"
    if kind == "heading":
        counters["h"] = counters.get("h", 0) + 1
        k = counters["h"]
        return ("H" if k == 1 else f"H{k}"), f"heading_{k}"
    if kind == "footnote":
        return f"FN{num}", f"note_{num}"
    return kind, kind


def _path_parts(doc: ParsedDocument):
    """Yield (node, ref, path_wid) for every node."""
    annexes = [n for n in doc.nodes if n.kind == "annex"]
    prefix_annex = len(annexes) > 1 or (annexes and len(doc.nodes) > len(annexes))

    def visit(nodes, ref_prefix, wid_prefix):
        counters: dict = {}
        for node in nodes:
            r, w = _own_parts(node, counters)
            if node.kind == "annex" and not prefix_annex:
                ref, wid = "", ""
                shown_ref = r
            else:
                ref = f"{ref_prefix}.{r}" if ref_prefix else r
                wid = f"{wid_prefix}__{w}" if wid_prefix else w
                shown_ref = ref
            yield node, shown_ref, wid or w
            yield from visit(node.children, ref, wid)

    yield from visit(doc.nodes, "", "")


def assign_refs(doc: ParsedDocument) -> None:
    seen: Counter = Counter()
    for node, ref, _wid in _path_parts(doc):
        seen[ref] += 1
        node.ref = ref if seen[ref] == 1 else f"{ref}~{seen[ref]}"


def _unique(candidate: str, taken: set) -> str:
    if candidate not in taken:
        return candidate
    k = 2
    while f"{candidate}_{k}" in taken:
        k += 1
    return f"{candidate}_{k}"


def assign_initial_wids(doc: ParsedDocument) -> None:
    taken: set = set()
    for node, _ref, wid in _path_parts(doc):
        node.wid = _unique(wid, taken)
        taken.add(node.wid)


def inherit_identities(previous: ParsedDocument, current: ParsedDocument, overrides=None) -> ParsedDocument:
    """A copy of ``current`` whose units keep the wId of their match in ``previous``.

    Units without a match get a fresh wId that no version of the family used before.
    """
    from .alignment import align

    result = copy.deepcopy(current)
    old_units = previous.units()
    new_units = result.units()
    matches = align(old_units, new_units, overrides)
    inherited: dict[int, str] = {}
    for m in matches:
        if m.old and m.new:
            inherited[m.new[0]] = old_units[m.old[0]].wid
    taken = set(previous.used_wids) | {n.wid for n in previous.walk()} | set(inherited.values())
    unit_index = {id(u): k for k, u in enumerate(new_units)}
    for node, _ref, path_wid in _path_parts(result):
        k = unit_index.get(id(node))
        if k is not None and k in inherited:
            node.wid = inherited[k]
            continue
        if node.kind in CONTAINER_KINDS:
            # containers keep their numbering-based identity
            node.wid = path_wid if path_wid not in taken or path_wid in {n.wid for n in previous.walk() if n.kind in CONTAINER_KINDS} else _unique(path_wid, taken)
        else:
            node.wid = _unique(path_wid, taken)
        taken.add(node.wid)
    result.used_wids = sorted(taken | {n.wid for n in result.walk()})
    return result


# --------------------------------------------------------------------------- brackets

def count_brackets(text_or_doc) -> int:
    """Number of square-bracketed passages.

    Only outermost passages count: ``[a [b] c]`` is one, ``[renforcer][améliorer]`` two.
    An opening bracket left unclosed counts as one passage; a stray ``]`` is ignored.
    For a parsed document the count is summed over its units.
    """
    if isinstance(text_or_doc, ParsedDocument):
        return sum(count_brackets(u.text) for u in text_or_doc.units())
    text = text_or_doc or ""
    if "[" not in text:
        return 0
    if "]" not in text or text.count("[") == 1:
        return 1
    depth = 0
    count = 0
    for ch in text:
        if ch == "[":
            if depth == 0:
                count += 1
            depth += 1
        elif ch == "]" and depth > 0:
            depth -= 1
    return count
