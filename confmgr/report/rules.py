"""Pure logic of the report: the document model, symbol families as the report writes them, list
labels, edit states and the plain-text layout. No database, no Flask."""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from confmgr.core.lang import join_list

# Kinds of block, in the order a reader meets them.
BLOCK_KINDS = ("title", "heading", "para", "item", "line", "annex_title", "annex_text")


@dataclass
class Block:
    """One unit of the report: a heading, a numbered paragraph, an item of a list or a plain line.

    `key` names a generated unit the secretariat may re-word (stable across regenerations, the same
    in both languages); `label` is its number or letter as printed ("12.", "a)", "(a)", "1."); `level`
    is the heading level or the indent; `footnotes` are report footnote numbers printed after the
    text and before `tail` (the closing ';' or '.').
    """

    kind: str
    text: str
    key: str | None = None
    label: str = ""
    level: int = 0
    footnotes: list[int] = field(default_factory=list)
    tail: str = ""
    generated: str = ""      # the generated wording (text + tail) when an edit replaces it
    edited: bool = False
    stale: bool = False      # edited, and the record now generates something else than when edited

    @property
    def full_text(self) -> str:
        return self.text + self.tail

    def to_json(self) -> dict:
        return {"kind": self.kind, "key": self.key, "label": self.label, "level": self.level,
                "text": self.full_text, "footnotes": self.footnotes, "edited": self.edited, "stale": self.stale,
                **({"generated": self.generated} if self.edited else {})}


@dataclass
class Report:
    lang: str
    symbol: str
    title: str
    blocks: list[Block]
    footnotes: list[tuple[int, str]]   # report footnotes, numbered from 1
    annex_footnotes: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # block index -> notes

    def to_json(self) -> dict:
        return {"lang": self.lang, "symbol": self.symbol, "title": self.title,
                "blocks": [b.to_json() for b in self.blocks],
                "footnotes": [{"number": n, "text": t} for n, t in self.footnotes]}


class Footnotes:
    """Report footnotes numbered in order of first call; the same text is one note."""

    def __init__(self) -> None:
        self.notes: list[tuple[int, str]] = []

    def ref(self, text: str | None) -> list[int]:
        if not text:
            return []
        for number, existing in self.notes:
            if existing == text:
                return [number]
        self.notes.append((len(self.notes) + 1, text))
        return [len(self.notes)]


def item_letter(index: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def item_label(index: int, lang: str) -> str:
    letter = item_letter(index)
    return f"({letter})" if lang == "en" else f"{letter})"


_REV = re.compile(r"^(?P<base>.+?)/Rev\.(?P<n>\d+)$")


def family_text(symbols: list[str], lang: str) -> str:
    """Symbols of document families the way a report cites them.

    ['L.4', 'L.4/Rev.1', 'CRP.3', 'CRP.3/Rev.1', 'CRP.3/Rev.2', 'CRP.3/Rev.3'] ->
    'L.4 et Rev.1 et CRP.3 et Rev.1 à 3' / 'L.4 and Rev.1 and CRP.3 and Rev.1-3'.
    """
    families: list[tuple[str, list[int]]] = []
    for symbol in symbols:
        m = _REV.match(symbol)
        base, rev = (m.group("base"), int(m.group("n"))) if m else (symbol, 0)
        for fam_base, revs in families:
            if fam_base == base:
                revs.append(rev)
                break
        else:
            families.append((base, [rev]))
    word = "et" if lang == "fr" else "and"
    parts = []
    for base, revs in families:
        revisions = sorted(r for r in revs if r)
        text = base if 0 in revs or not revisions else f"{base}/Rev.{revisions[0]}"
        if 0 in revs and revisions:
            text += f" {word} " + _revision_run(revisions, lang)
        elif len(revisions) > 1:
            text = f"{base}/" + _revision_run(revisions, lang)
        parts.append(text)
    return f" {word} ".join(parts)


def _revision_run(revisions: list[int], lang: str) -> str:
    if len(revisions) == 1:
        return f"Rev.{revisions[0]}"
    if revisions == list(range(revisions[0], revisions[-1] + 1)):
        return f"Rev.{revisions[0]} à {revisions[-1]}" if lang == "fr" else f"Rev.{revisions[0]}-{revisions[-1]}"
    return "Rev." + join_list([str(r) for r in revisions], lang)


def meeting_run(numbers: list[int]) -> list[list[int]]:
    """Consecutive meetings grouped: [4, 5, 6, 9] -> [[4, 5, 6], [9]]."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


_METHODS = {
    "en": {"consensus": "by consensus", "acclamation": "by acclamation", "without_vote": "without a vote",
           "recorded_vote": "by a recorded vote of {yes} to {no}, with {abstain}",
           "roll_call": "by a roll-call vote of {yes} to {no}, with {abstain}",
           "non_recorded_vote": "by a vote of {yes} to {no}, with {abstain}",
           "vote": "by a vote of {yes} to {no}, with {abstain}",
           "secret_ballot": "by secret ballot"},
    "fr": {"consensus": "par consensus", "acclamation": "par acclamation", "without_vote": "sans la mettre aux voix",
           "recorded_vote": "à l’issue d’un vote enregistré, par {yes} voix contre {no}, avec {abstain}",
           "roll_call": "à l’issue d’un vote par appel nominal, par {yes} voix contre {no}, avec {abstain}",
           "non_recorded_vote": "par {yes} voix contre {no}, avec {abstain}",
           "vote": "par {yes} voix contre {no}, avec {abstain}",
           "secret_ballot": "au scrutin secret"},
}


def method_words(how: str, yes: int | None, no: int | None, abstain: int | None, lang: str) -> str:
    """How a decision was taken, in words, with the counts of a vote: "by a recorded vote of 17 to 6,
    with 4 abstentions"."""
    template = _METHODS[lang].get(how, "")
    if "{yes}" in template:
        if yes is None:
            return ""
        abstentions = abstain or 0
        word = ("abstention" if abstentions == 1 else "abstentions")
        return template.format(yes=yes, no=no or 0, abstain=f"{abstentions} {word}")
    return template


def edit_state(generated: str, edit_text: str | None, edit_generated: str | None) -> tuple[str, bool, bool]:
    """(text shown, edited?, stale?) for one paragraph."""
    if edit_text is None:
        return generated, False, False
    return edit_text, True, (edit_generated or "") != generated


# --- plain text ------------------------------------------------------------------------------------

WIDTH = 80


def _wrap(text: str, first: str, rest: str, width: int = WIDTH) -> str:
    # No-break spaces stay inside words, so the wrapper never separates a ':' from its word.
    return textwrap.fill(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


def _sup(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def render_text(report: Report) -> str:
    """The report as wrapped plain text: numbered paragraphs, indented items, footnotes at the end."""
    out: list[str] = []
    for index, b in enumerate(report.blocks):
        text = b.text + _sup(b.footnotes) + b.tail
        if b.kind == "title":
            out += [_wrap(text, "", ""), ""]
        elif b.kind == "heading":
            heading = f"{b.label} {text}".strip()
            out += ["", _wrap(heading, "", " " * (len(b.label) + 1 if b.label else 0)),
                    "-" * min(len(heading), WIDTH) if b.level == 1 else "", ""]
        elif b.kind == "annex_title":
            out += (["", "=" * WIDTH, text.upper(), ""] if b.level == 0 else [_wrap(text, "", ""), ""])
        elif b.kind == "para":
            label = f"{b.label} " if b.label else ""
            out += [_wrap(text, label, " " * len(label)), ""]
        elif b.kind in ("item", "annex_text"):
            pad = "    " * max(b.level, 1)
            label = f"{b.label} " if b.label else ""
            out += [_wrap(text, pad + label, pad + " " * len(label)), ""]
        else:  # line
            out += [_wrap(text, "    " * b.level, "    " * b.level), ""]
        notes = report.annex_footnotes.get(index)
        if notes:
            out += ["__________________", ""]
            out += [_wrap(t, f"  {n}  ", "      ") for n, t in notes] + [""]
    if report.footnotes:
        out += ["__________________", ""]
        out += [_wrap(t, f"  {n}  ", "      ") for n, t in report.footnotes]
    lines = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", lines).strip() + "\n"
