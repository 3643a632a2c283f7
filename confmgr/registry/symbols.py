"""United Nations document symbols: parsing, normalisation, revisions and lineage.

A symbol reads, left to right:

    series / body path / kind and number / modifiers / reissue mark

- series: the first segment, upper case (``A``, ``S``, ``E``, ``ST``); the human rights treaty
  bodies use a two-part series (``CCPR/C``, ``CERD/C``...).
- body path: zero or more segments naming the body, session or year (``CONF.192/2012/RC``,
  ``CONF.192/BMS/2010``, ``RES/65``, ``C.1/67``).
- kind and number: ``L.n`` (limited), ``CRP.n`` (conference room paper), ``WP.n`` (working
  paper), ``INF/n`` (information series), ``PV.n`` and ``SR.n`` (verbatim and summary records),
  or a plain main number ``n``.
- modifiers: ``/Rev.n``, ``/Add.n``, ``/Corr.n``, ``/Amend.n``, each at most once; ``Corr.``
  comes last (``/Add.1/Rev.1``, ``/Rev.1/Corr.1``, ``/Rev.1/Add.1/Corr.1``).
- reissue: a final ``*`` (document reissued for technical reasons).

Text extracted from PDF often breaks a symbol after a slash (``A/CONF.192/2012/ RC/L.2``):
whitespace around slashes and at both ends is removed before parsing. Anything else that does not
fit the grammar is refused with a :class:`SymbolError` naming the faulty part.

This module is pure: no Flask, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

__all__ = [
    "KINDS",
    "LIMITED_KINDS",
    "MODIFIERS",
    "Lineage",
    "LineageEntry",
    "Symbol",
    "SymbolError",
    "find_symbols",
    "lineage",
    "next_revision_symbol",
    "normalise_symbol",
    "parse_symbol",
    "supersedes",
]

#: Document kinds written ``KIND.n`` (``L.4``); ``INF`` is written ``INF/n``.
DOTTED_KINDS = ("L", "CRP", "WP", "PV", "SR")
KINDS = DOTTED_KINDS + ("INF",)
#: Kinds whose documents are normally of limited distribution.
LIMITED_KINDS = frozenset({"L", "CRP", "WP"})
#: Modifier names in canonical spelling.
MODIFIERS = ("Rev", "Add", "Corr", "Amend")
#: Series written in two segments (the human rights treaty bodies).
TWO_PART_SERIES = frozenset({"CCPR", "CERD", "CAT", "CRC", "CEDAW", "CMW", "CRPD", "CED"})

_SERIES_RE = re.compile(r"[A-Z][A-Z0-9]*")
_BODY_RE = re.compile(r"[A-Z0-9][A-Z0-9-]*(?:\.[A-Z0-9-]+)*")
_NUMBER_RE = re.compile(r"[1-9][0-9]*")
_DOTTED_KIND_RE = re.compile(r"(" + "|".join(DOTTED_KINDS) + r")\.(.*)")
# Something written like a modifier: a capitalised word with lower-case letters, maybe a dot.
_MODIFIER_LIKE_RE = re.compile(r"([A-Z][a-z]+)(\.?)(.*)")
_ALLOWED_CHARS_RE = re.compile(r"[A-Za-z0-9./*\-]")
_SLASH_SPACES_RE = re.compile(r"\s*/\s*")


class SymbolError(ValueError):
    """A malformed symbol. ``part`` names the faulty part of the grammar:
    ``series``, ``body``, ``kind``, ``number``, ``modifier``, ``reissue`` or ``symbol``."""

    PARTS = ("series", "body", "kind", "number", "modifier", "reissue", "symbol")

    def __init__(self, part: str, symbol: str, message: str):
        if part not in self.PARTS:
            raise ValueError(f"unknown symbol part {part!r}")
        self.part = part
        self.symbol = symbol
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Symbol:
    """A parsed symbol. ``kind`` is ``"L"``, ``"CRP"``, ``"WP"``, ``"INF"``, ``"PV"``, ``"SR"`` or
    ``None`` for a plain main number; ``modifiers`` keep their order, e.g.
    ``(("Add", 1), ("Rev", 2))``."""

    series: str
    body: tuple[str, ...]
    kind: str | None
    number: str
    modifiers: tuple[tuple[str, int], ...] = ()
    reissue: bool = False

    @property
    def base(self) -> str:
        """The symbol without modifiers and reissue mark: ``A/CONF.192/2012/RC/L.4``."""
        parts = [self.series, *self.body]
        if self.kind is None:
            parts.append(self.number)
        elif self.kind == "INF":
            parts += ["INF", self.number]
        else:
            parts.append(f"{self.kind}.{self.number}")
        return "/".join(parts)

    @property
    def text(self) -> str:
        """The canonical form: ``A/CONF.192/2012/RC/L.4/Rev.1``, ``A/66/47*``."""
        mods = "".join(f"/{name}.{n}" for name, n in self.modifiers)
        return self.base + mods + ("*" if self.reissue else "")

    @property
    def revision(self) -> int:
        """The number of the ``Rev.`` modifier, 0 if there is none."""
        revs = [n for name, n in self.modifiers if name == "Rev"]
        return revs[-1] if revs else 0

    @property
    def distribution_hint(self) -> str:
        """``"limited"`` for ``L.``, ``CRP.`` and ``WP.`` documents, else ``"general"``."""
        return "limited" if self.kind in LIMITED_KINDS else "general"

    @property
    def line(self) -> tuple[str, tuple[tuple[str, int], ...]]:
        """What a revision of this document revises: the base plus its ``Add.``/``Amend.``
        modifiers. ``L.4``, ``L.4/Corr.1`` and ``L.4/Rev.2`` share a line;
        ``L.4/Add.1/Rev.1`` belongs to the line of ``L.4/Add.1``."""
        return self.base, tuple(m for m in self.modifiers if m[0] in ("Add", "Amend"))

    def with_revision(self, n: int) -> Symbol:
        """This document's symbol at revision ``n`` (``0``: the unrevised document).

        Modifiers before an existing ``Rev.`` are kept, the ``Rev.`` number is set, and what
        followed it (a corrigendum or addendum of that revision) is dropped; without an existing
        ``Rev.``, a ``Corr.`` is dropped and ``Rev.n`` is appended. The reissue mark is dropped.
        """
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise ValueError(f"a revision number is an integer >= 0, not {n!r}")
        names = [name for name, _ in self.modifiers]
        if "Rev" in names:
            kept = self.modifiers[: names.index("Rev")]
        else:
            kept = tuple(m for m in self.modifiers if m[0] != "Corr")
        mods = kept + ((("Rev", n),) if n else ())
        return replace(self, modifiers=mods, reissue=False)

    def __str__(self) -> str:
        return self.text


def _fail(part: str, symbol: str, subject: str, detail: str) -> SymbolError:
    """An error whose message reads "<subject> in '<symbol>': <detail>"."""
    return SymbolError(part, symbol, f"{subject} in {symbol!r}: {detail}")


def _clean(text: str) -> str:
    if not isinstance(text, str):
        raise SymbolError("symbol", repr(text), f"a symbol is a string, not {type(text).__name__}")
    return _SLASH_SPACES_RE.sub("/", text.strip())


def _parse_modifier(seg: str, symbol: str) -> tuple[str, int]:
    m = _MODIFIER_LIKE_RE.fullmatch(seg)
    assert m is not None
    name, dot, num = m.groups()
    if name not in MODIFIERS:
        known = ", ".join(f"{x}." for x in MODIFIERS)
        raise _fail("modifier", symbol, f"modifier {seg!r}", f"unknown modifier {name!r} (expected {known})")
    if not dot or not num:
        raise _fail("modifier", symbol, f"modifier {seg!r}", f"{name}. has no number")
    if not num.isdigit() or not num.isascii():
        raise _fail("modifier", symbol, f"modifier {seg!r}", f"{num!r} is not a number")
    if int(num) == 0:
        what = {"Rev": "a revision", "Add": "an addendum", "Corr": "a corrigendum",
                "Amend": "an amendment"}[name]
        raise _fail("modifier", symbol, f"modifier {seg!r}", f"{what} number starts at 1")
    if num.startswith("0"):
        raise _fail("modifier", symbol, f"modifier {seg!r}", "a number has no leading zero")
    return name, int(num)


def _check_modifier_order(mods: list[tuple[str, int]], segs: list[str], symbol: str) -> None:
    seen: dict[str, str] = {}
    for (name, _), seg in zip(mods, segs):
        if name in seen:
            raise _fail("modifier", symbol, f"modifier {seg!r}",
                        f"{name}. appears twice ({seen[name]!r} already)")
        if "Corr" in seen:
            raise _fail("modifier", symbol, f"modifier {seg!r}",
                        f"nothing may follow the corrigendum {seen['Corr']!r}")
        seen[name] = seg


def _check_number(num: str, what: str, symbol: str) -> str:
    if not num:
        raise _fail("number", symbol, what, "no number")
    if not num.isascii() or not num.isdigit():
        raise _fail("number", symbol, what, f"{num!r} is not a number")
    if not _NUMBER_RE.fullmatch(num):
        raise _fail("number", symbol, what, f"{num!r} must be a number from 1, without leading zero")
    return num


def parse_symbol(text: str) -> Symbol:
    """Parse a symbol, tolerating whitespace at both ends and around slashes.

    Raises :class:`SymbolError` (a ``ValueError``) naming the faulty part.
    """
    symbol = _clean(text)
    if not symbol:
        raise SymbolError("symbol", "", "a symbol cannot be empty")
    for ch in symbol:
        if not _ALLOWED_CHARS_RE.fullmatch(ch):
            raise _fail("symbol", symbol, f"character {ch!r}", "not allowed in a symbol")

    reissue = False
    if "*" in symbol:
        if symbol.count("*") > 1 or not symbol.endswith("*"):
            raise _fail("reissue", symbol, "reissue mark '*'", "it may appear once, at the very end")
        reissue = True
        symbol_core = symbol[:-1]
    else:
        symbol_core = symbol

    segs = symbol_core.split("/")
    if len(segs) < 2:
        raise _fail("symbol", symbol, "structure", "a symbol has at least a series and a number separated by '/'")
    if segs[0] == "":
        raise _fail("series", symbol, "series", "it is missing")
    if segs[-1] == "":
        raise _fail("symbol", symbol, "final '/'", "a symbol cannot end with '/'")
    if "" in segs:
        i = segs.index("")
        raise _fail("body", symbol, f"segment after {'/'.join(segs[:i])!r}", "it is empty")

    # Series.
    series = segs[0]
    if not _SERIES_RE.fullmatch(series):
        if series.upper() != series:
            raise _fail("series", symbol, f"series {series!r}", "a series is upper case")
        raise _fail("series", symbol, f"series {series!r}", "a series is letters, then letters or digits")
    rest = segs[1:]
    if series in TWO_PART_SERIES and rest and rest[0] == "C" and len(rest) > 1:
        series, rest = f"{series}/C", rest[1:]

    # Modifiers, read from the end.
    mod_segs: list[str] = []
    while rest and _MODIFIER_LIKE_RE.fullmatch(rest[-1]) and not _DOTTED_KIND_RE.fullmatch(rest[-1]):
        mod_segs.insert(0, rest.pop())
    modifiers = [_parse_modifier(s, symbol) for s in mod_segs]
    _check_modifier_order(modifiers, mod_segs, symbol)

    if not rest:
        raise _fail("kind", symbol, "document kind", "no kind or number before the modifiers")

    # Kind and number.
    last = rest[-1]
    kind: str | None
    km = _DOTTED_KIND_RE.fullmatch(last)
    if km:
        kind, number = km.group(1), _check_number(km.group(2), f"kind '{km.group(1)}.'", symbol)
        body = rest[:-1]
    elif last == "INF":
        raise _fail("number", symbol, "kind 'INF/'", "no number")
    elif last.isdigit() or last.startswith("0"):
        if len(rest) >= 2 and rest[-2] == "INF":
            kind, number = "INF", _check_number(last, "kind 'INF/'", symbol)
            body = rest[:-2]
        else:
            kind, number = None, _check_number(last, "document number", symbol)
            body = rest[:-1]
    elif re.fullmatch(r"[A-Za-z]+\.?", last) and last.rstrip(".").upper() in KINDS:
        raise _fail("number", symbol, f"kind {last!r}", "no number")
    elif re.fullmatch(r"[A-Za-z]+\..*", last) and last.split(".")[0].upper() in KINDS:
        raise _fail("kind", symbol, f"kind {last.split('.')[0]!r}",
                    f"it is written {last.split('.')[0].upper()!r}")
    else:
        raise _fail("kind", symbol, f"kind {last!r}",
                    "neither a document kind (L.n, CRP.n, WP.n, INF/n, PV.n, SR.n) nor a document number")

    # Body path.
    for seg in body:
        if _MODIFIER_LIKE_RE.fullmatch(seg) and seg.split(".")[0] in MODIFIERS:
            raise _fail("modifier", symbol, f"modifier {seg!r}", "a modifier follows the document number")
        if not _BODY_RE.fullmatch(seg):
            raise _fail("body", symbol, f"body segment {seg!r}",
                        "only upper-case letters, digits, '.' and '-' are allowed")
    return Symbol(series=series, body=tuple(body), kind=kind, number=number,
                  modifiers=tuple(modifiers), reissue=reissue)


def normalise_symbol(text: str) -> str:
    """The canonical text of a symbol (``' A/CONF.192/2012/ RC/L.2 '`` -> ``'A/CONF.192/2012/RC/L.2'``)."""
    return parse_symbol(text).text


def next_revision_symbol(base: str, existing_revisions: int) -> str:
    """The symbol of the next version of ``base`` when ``existing_revisions`` revisions exist.

    ``existing_revisions`` counts revisions already issued: 0 (only the original exists) gives
    ``base/Rev.1``, 2 gives ``base/Rev.3``; -1 (nothing issued yet) gives ``base`` itself.
    ``base`` may carry ``Add.``/``Amend.`` (``L.4/Add.1`` -> ``L.4/Add.1/Rev.1``) but no ``Rev.``
    or ``Corr.``.
    """
    if not isinstance(existing_revisions, int) or isinstance(existing_revisions, bool) \
            or existing_revisions < -1:
        raise ValueError(f"existing_revisions is an integer >= -1, not {existing_revisions!r}")
    sym = parse_symbol(base)
    if any(name in ("Rev", "Corr") for name, _ in sym.modifiers) or sym.reissue:
        raise _fail("modifier", sym.text, "base", "give the base of the document, without Rev., Corr. or '*'")
    return sym.with_revision(existing_revisions + 1).text


def _as_symbol(s: Symbol | str) -> Symbol:
    return s if isinstance(s, Symbol) else parse_symbol(s)


def supersedes(newer: Symbol | str, older: Symbol | str) -> bool:
    """Whether ``newer`` replaces ``older``.

    ``Rev.k`` supersedes every earlier version of what it revises: the original, ``Rev.j`` for
    ``j < k``, and corrigenda to those (``L.4/Rev.2`` supersedes ``L.4``, ``L.4/Corr.1``,
    ``L.4/Rev.1`` and ``L.4/Rev.1/Corr.1``). A revision of an addendum (``L.4/Add.1/Rev.1``)
    supersedes only versions of that addendum. ``Corr.`` and ``Add.`` never supersede. A reissue
    (``A/66/47*``) supersedes the first issue of the same symbol (``A/66/47``).
    """
    new, old = _as_symbol(newer), _as_symbol(older)
    if new.line != old.line:
        return False
    if new.reissue and not old.reissue and replace(new, reissue=False) == old:
        return True
    if new.revision == 0:
        return False
    if new.modifiers and new.modifiers[-1][0] != "Rev":
        return False  # a corrigendum or addendum of a revision
    return old.revision < new.revision


@dataclass(frozen=True)
class LineageEntry:
    """One version in a lineage: ``current`` unless a later revision in the list supersedes it."""

    symbol: str
    revision: int
    current: bool
    superseded_by: str | None = None


@dataclass(frozen=True)
class Lineage:
    """The versions of one base, oldest first."""

    base: str
    entries: tuple[LineageEntry, ...] = field(default_factory=tuple)

    @property
    def current(self) -> tuple[str, ...]:
        return tuple(e.symbol for e in self.entries if e.current)

    @property
    def latest_revision(self) -> int:
        return max((e.revision for e in self.entries), default=0)


def _order_key(sym: Symbol) -> tuple:
    _, line_mods = sym.line
    others = tuple(m for m in sym.modifiers if m[0] not in ("Add", "Amend", "Rev"))
    return (line_mods, sym.revision, others, sym.reissue)


def lineage(symbols: list[str]) -> list[Lineage]:
    """Group symbols by base (in order of first appearance), each group's versions ordered
    (original, corrigenda, revisions; addenda after the main line), duplicates merged, and each
    version marked current or superseded by the latest version in the list that supersedes it.
    Raises :class:`SymbolError` for a malformed symbol."""
    groups: dict[str, dict[str, Symbol]] = {}
    for s in symbols:
        sym = _as_symbol(s)
        groups.setdefault(sym.base, {}).setdefault(sym.text, sym)
    result = []
    for base, members in groups.items():
        ordered = sorted(members.values(), key=_order_key)
        entries = []
        for sym in ordered:
            later = [o for o in ordered if o is not sym and supersedes(o, sym)]
            by = max(later, key=_order_key).text if later else None
            entries.append(LineageEntry(symbol=sym.text, revision=sym.revision,
                                        current=by is None, superseded_by=by))
        result.append(Lineage(base=base, entries=tuple(entries)))
    return result


# --- finding symbols in running text -------------------------------------------------------

_SEG = r"[A-Za-z0-9][A-Za-z0-9.\-]*"
_CANDIDATE_RE = re.compile(
    r"(?<![A-Za-z0-9./\-])"          # not in the middle of a word or another symbol
    r"[A-Z][A-Z0-9]*"                 # series
    r"(?:[ \t]*\r?\n?[ \t]*/[ \t]*\r?\n?[ \t]*" + _SEG + r")+"  # segments, breaks around '/'
    r"\*?"
)
_ABBREV_RE = re.compile(
    r"\s+(?:et|and)\s+Rev\.(?P<first>[1-9][0-9]*)"
    r"(?:\s*(?:à|to|-|–)\s*(?P<last>[1-9][0-9]*))?"
)


def find_symbols(text: str, *, expand_revisions: bool = False) -> list[str]:
    """Every valid symbol mentioned in ``text``, canonical, in order of first mention, without
    duplicates. A line break or spaces next to a slash inside a symbol (as in PDF extraction) are
    tolerated; a sentence's final full stop is not taken as part of a symbol.

    With ``expand_revisions``, the abbreviations "X et Rev.1" and "X et Rev.1 à 3" (English
    "and Rev.1 to 3") also yield ``X/Rev.1`` ... ``X/Rev.3``.
    """
    found: dict[str, None] = {}
    for m in _CANDIDATE_RE.finditer(text):
        raw = m.group(0)
        sym = None
        candidate = raw
        while candidate:
            try:
                sym = parse_symbol(candidate)
                break
            except SymbolError:
                # A trailing full stop or a trailing fragment that is not part of the symbol.
                if candidate.endswith("."):
                    candidate = candidate[:-1]
                    continue
                cut = candidate.rfind("/")
                if cut <= 0:
                    break
                candidate = candidate[:cut]
        if sym is None:
            continue
        found.setdefault(sym.text)
        if expand_revisions:
            end = m.start() + len(candidate)
            a = _ABBREV_RE.match(text, end)
            if a:
                first = int(a.group("first"))
                last = int(a.group("last") or first)
                for n in range(first, last + 1):
                    found.setdefault(sym.with_revision(n).text)
    return list(found)
