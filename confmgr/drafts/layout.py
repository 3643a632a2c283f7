"""The page layout of a draft's text: title block and page artefacts.

Text extracted from a PDF (or typed from one) carries what the printed page
needs and the draft does not: the title block of the first page (``United
Nations``, the organ, the symbol, ``Distr.: Limited``, the date, ``Original:
English``) and, on every page, running headers and footers, the job number
(``12-51289 (F)``, ``GE.27-04512(E)``) and the page number (``2``, ``2/6``,
``Page 2``, ``-3-``).

:func:`read_title_block` takes the title block off the start of the text as
metadata.  :func:`find_page_artefacts` finds the lines that belong to the page
rather than to the text: lines of a shape that only a page carries, and lines
that repeat from page to page at the page's edges (with form feeds, the first
and last lines of each page; without them, the lines next to a page number or
a job number).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

# Lines that only a printed page carries, whatever the document.
_PAGE_SHAPES = (
    ("page number", re.compile(r"^\d{1,3}$")),
    ("page number", re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$")),
    ("page number", re.compile(r"^(?:Page|page|PAGE)\s+\d{1,3}(?:\s*(?:/|of|sur|de)\s*\d{1,3})?$")),
    ("page number", re.compile(r"^[-–—]\s*\d{1,3}\s*[-–—]$")),
    ("job number", re.compile(r"^(?:[A-Z]{1,4}\.)?\d{2}-\d{4,8}\s*(?:\([A-Z]\))?\*?(?:\s+\d{6}){0,2}$")),
    ("barcode", re.compile(r"^\*\d{5,}\*$")),
    # a symbol never ends with a full stop; a footnote citing one does ("2 A/67/3.")
    ("document symbol", re.compile(r"^[A-Z]{1,6}(?:/[A-Za-z0-9.\-]*[A-Za-z0-9])+/?\*?$")),
    ("recycling mark", re.compile(r"^(?:Please recycle|Merci de recycler)\s*\W?$")),
)
_COLUMNS = re.compile(r"\s{2,}|\t")
_LANGUAGE_LETTER = re.compile(r"^\([A-Z]\)\*?$")
_DIGITS = re.compile(r"\d+")
_WS = re.compile(r"\s+")
EDGE_LINES = 4  # lines at the top and the bottom of a page where headers and footers stand
NEAR = 3  # without form feeds: how close to a page number or job number a running line stands
RUNNING_MAX_WORDS = 14
_GOES_ON = re.compile(r"[,;:\-–]$")
_RULE = re.compile(r"^_{5,}$")  # the rule above footnotes repeats too, but it is no header


def page_shape(line: str) -> str | None:
    """What kind of page artefact a line is by its shape alone (None: not one).

    A line may hold several of them side by side (``2/6    12-51289``), as PDF
    extraction joins a header's columns.
    """
    s = line.strip()
    if not s:
        return None
    for why, pattern in _PAGE_SHAPES:
        if pattern.match(s):
            return why
    for pieces in ([p for p in _COLUMNS.split(s) if p], _words(s)):
        if len(pieces) > 1:
            whys = [page_shape(p) for p in pieces]
            if all(whys):
                return whys[0]
    return None


def _words(s: str) -> list[str]:
    """The words of a line, a job number's language letter kept with it (``12-51289 (E)``)."""
    out: list[str] = []
    for word in s.split():
        if out and _LANGUAGE_LETTER.match(word):
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def _shape_key(line: str) -> str:
    """A line with its numbers blanked: the same header on page 2 and page 3 gives one key."""
    return _WS.sub(" ", _DIGITS.sub("#", line.strip())).lower()


@dataclass
class PageLayout:
    artefacts: dict[int, str] = field(default_factory=dict)  # line index -> why
    page_starts: set[int] = field(default_factory=set)  # line indices that open a new page


def find_page_artefacts(lines: list[str], page_of: list[int] | None, skip: set[int],
                        own_symbol: str | None = None) -> PageLayout:
    """The page artefacts among ``lines`` (``page_of[i]``: the page of line i, from form feeds, or None;
    ``own_symbol``: the document's symbol, from its title block)."""
    layout = PageLayout()
    candidates = [i for i, line in enumerate(lines) if line.strip() and i not in skip]
    for i in candidates:
        why = page_shape(lines[i])
        if why:
            layout.artefacts[i] = why
    _keep_cited_symbols(lines, candidates, layout, own_symbol)
    if page_of is not None:
        edges = _page_edges(candidates, page_of)
        layout.page_starts = {min(ix) for ix in _by_page(candidates, page_of).values() if ix} - {min(candidates, default=0)}
    else:
        edges = _near_artefacts(candidates, layout.artefacts)
    _running_lines(lines, edges, layout)
    return layout


def _keep_cited_symbols(lines: list[str], candidates: list[int], layout: PageLayout, own: str | None) -> None:
    """A symbol alone on a line heads a page when it is the document's own, repeats, or stands by a
    page or job number; otherwise the text cites it ("... contained in document" / "A/CONF.192/3")."""
    symbols = {i: lines[i].strip() for i, why in layout.artefacts.items() if why == "document symbol"}
    if not symbols:
        return
    seen = Counter(symbols.values())
    position = {i: k for k, i in enumerate(candidates)}
    others = {position[i] for i, why in layout.artefacts.items() if why != "document symbol"}
    for i, symbol in symbols.items():
        k = position[i]
        if symbol == own or seen[symbol] > 1 or any(k + d in others for d in range(-NEAR, NEAR + 1)):
            continue
        del layout.artefacts[i]


def _by_page(candidates: list[int], page_of: list[int]) -> dict[int, list[int]]:
    pages: dict[int, list[int]] = defaultdict(list)
    for i in candidates:
        pages[page_of[i]].append(i)
    return pages


def _page_edges(candidates: list[int], page_of: list[int]) -> dict[int, int]:
    """Line index -> page, for the lines at the top and bottom of each page."""
    edges: dict[int, int] = {}
    pages = _by_page(candidates, page_of)
    first = min(pages, default=0)
    for page, ix in pages.items():
        top = ix[:EDGE_LINES] if page != first else []  # the first page opens with the title, not a header
        for i in top + ix[-EDGE_LINES:]:
            edges[i] = page
    return edges


def _near_artefacts(candidates: list[int], artefacts: dict[int, str]) -> dict[int, int]:
    """Without form feeds, a page is told by its page number or job number: the lines next to one
    are where running headers and footers stand. Line index -> the artefact it stands next to."""
    edges: dict[int, int] = {}
    marks = [k for k, i in enumerate(candidates) if i in artefacts]
    for k in marks:
        for d in range(-NEAR, NEAR + 1):
            if 0 <= k + d < len(candidates) and candidates[k + d] not in artefacts:
                edges.setdefault(candidates[k + d], candidates[k])
    return edges


def _header_like(s: str, short: float) -> bool:
    """Headers and footers are short lines that do not go on into the next one (repeated text in the
    body, such as a wrapped line of a paragraph quoted twice, is not taken)."""
    return (len(s.split()) <= RUNNING_MAX_WORDS and len(s) <= short and not _GOES_ON.search(s)
            and not _RULE.match(s))


def _running_lines(lines: list[str], edges: dict[int, int], layout: PageLayout) -> None:
    """A short line whose shape stands at the edge of two or more pages is a running header or footer."""
    # a full line of body text is about as long as the longer lines of the text; a header is shorter
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    short = max(40.0, 0.75 * lengths[3 * len(lengths) // 4]) if lengths else 40.0
    seen: dict[str, dict[int, int]] = defaultdict(dict)  # shape -> {page or anchor: line}
    for i, page in edges.items():
        s = lines[i].strip()
        if i in layout.artefacts or not _header_like(s, short):
            continue
        seen[_shape_key(s)].setdefault(page, i)
    for shape, where in seen.items():
        if len(where) >= 2:
            for page, i in where.items():
                layout.artefacts[i] = "running header or footer"
                for j, other in edges.items():  # the same line twice on a page (header and footer)
                    if other == page and j not in layout.artefacts and _shape_key(lines[j]) == shape:
                        layout.artefacts[j] = "running header or footer"


# --------------------------------------------------------------------------- title block

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre")
_TITLE_PARTS = (
    ("organization", re.compile(r"^(?:United Nations|Nations Unies)\b", re.I)),
    ("organ", re.compile(r"^(?:General Assembly|Assemblée générale|Security Council|Conseil de sécurité|"
                         r"Economic and Social Council|Conseil économique et social|Human Rights Council|"
                         r"Conseil des droits de l[’']homme)\b", re.I)),
    ("distribution", re.compile(r"\bDistr\.?\s*:?\s*(Limited|General|Restricted|limitée|générale|restreinte)\b",
                                re.I)),
    ("original", re.compile(r"\bOriginal\s*:\s*([^\W\d_]+(?:\s*(?:/|and|et|,)\s*[^\W\d_]+)*)", re.I)),
    ("date", re.compile(r"\b(\d{1,2}(?:er)?\s+(?:" + _MONTHS + r")\s+\d{4}|(?:" + _MONTHS + r")\s+\d{1,2},\s+\d{4})\b",
                        re.I)),
    ("version_language", re.compile(r"^(English|French|Spanish|Arabic|Chinese|Russian|Anglais|Français|Espagnol|"
                                    r"Arabe|Chinois|Russe)$", re.I)),
    ("session", re.compile(r"^([^\W\d_]+(?:-[^\W\d_]+)?\s+session)\b", re.I)),
    ("agenda_item", re.compile(r"^(?:Agenda item|Item|Point)\s+(\d+(?:\s*\([a-z]\)|[a-z](?![a-z]))?)"
                               r"(?:\s+(?:of the (?:provisional )?agenda|de l[’']ordre du jour(?: provisoire)?))?", re.I)),
    ("symbol", re.compile(r"(?<![\w/])([A-Z]{1,6}(?:/[A-Za-z0-9.\-]+)+\*?)(?![\w/])")),
)
TITLE_BLOCK_MAX_LINES = 14
DISTRIBUTION_CODES = {"limited": "limited", "limitée": "limited", "general": "general", "générale": "general",
                      "restricted": "restricted", "restreinte": "restricted"}


def _title_line(line: str) -> dict[str, str]:
    """The metadata on one line of a title block; empty when the line holds anything else."""
    found: dict[str, str] = {}
    rest = line
    for key, pattern in _TITLE_PARTS:
        m = pattern.search(rest)
        if m:
            found[key] = (m.group(1) if m.groups() else m.group(0)).strip()
            rest = rest[:m.start()] + " " + rest[m.end():]
    return found if found and not re.sub(r"[\s:.,]", "", rest) else {}


def read_title_block(lines: list[str]) -> tuple[dict, set[int]]:
    """(metadata, indices of the lines it took) from the start of the text."""
    meta: dict = {}
    taken: set[int] = set()
    seen = 0
    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        seen += 1
        if seen > TITLE_BLOCK_MAX_LINES:
            break
        found = _title_line(s)
        if not found or any(k in meta for k in found):
            break
        meta.update(found)
        taken.add(i)
    if not (set(meta) & {"symbol", "distribution", "original"}):
        return {}, set()  # a heading that happens to name the organ is not a title block
    if "distribution" in meta:
        meta["distribution_code"] = DISTRIBUTION_CODES.get(meta["distribution"].lower(), meta["distribution"].lower())
    meta["lines"] = [lines[i].strip() for i in sorted(taken)]
    return meta, taken
