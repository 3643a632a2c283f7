"""Comparison of two parsed versions, in the shape of ``GET /api/v1/compare``.

``compare(old, new)`` returns ``{"paragraphs": [...], "stats": {...}}``; the
service adds ``"from"`` and ``"to"`` (the symbols).

Each entry: ``op`` (``equal``, ``changed``, ``inserted``, ``deleted``,
``moved``), ``from_ref``, ``to_ref``, ``from_wid``, ``to_wid`` (None on the
missing side), ``kind`` (paragraph, subparagraph, item, preamble, heading,
footnote) and ``diff``, the word diff ``[[op, text], ...]``; equal entries
carry ``[[0, text]]``, inserted ones ``[[1, text]]``, deleted ones
``[[-1, text]]``.  The old side of an entry's diff (ops 0 and -1) is the old
unit's text, the new side (ops 0 and 1) the new unit's text, so the new text
can be rendered from the comparison alone.  Entries follow the new text;
deleted units stand where they stood (after the unit that preceded them).

* A split is a ``changed`` entry (the part that keeps the identity, diffed
  against the whole old paragraph) plus an ``inserted`` entry per new piece
  carrying ``"split_from"`` (the old ref); the changed entry lists
  ``"split_into"``.
* A merge is a ``changed`` entry (the new paragraph diffed against the old
  one that keeps the identity) plus a ``deleted`` entry per absorbed old
  paragraph carrying ``"merged_into"`` (the new ref); the changed entry lists
  ``"merged_from"``.
* ``moved`` entries carry the word diff when the text also changed.
* Same text under another number is ``equal`` with ``from_ref != to_ref``.

Stats: ``equal``, ``changed``, ``inserted``, ``deleted``, ``moved`` count
entries (split pieces count as inserted, merged pieces as deleted);
``renumbered`` counts equal entries whose ref changed; ``split`` and
``merged`` count groups; ``words_added`` / ``words_removed`` count words in
the diffs; ``brackets_before`` / ``brackets_after`` are
:func:`~confmgr.drafts.structure.count_brackets` of each version (outermost
passages: ``[a [b]]`` is one, ``[a][b]`` two); ``units_before`` /
``units_after`` the number of units.
"""
from __future__ import annotations

from .alignment import align
from .structure import ParsedDocument, count_brackets
from .textdiff import count_words, word_diff

_OPS = ("equal", "changed", "inserted", "deleted", "moved")


def _entry(op, o, n, diff, **extra):
    e = {
        "op": op,
        "from_ref": o.ref if o is not None else None,
        "to_ref": n.ref if n is not None else None,
        "from_wid": o.wid if o is not None else None,
        "to_wid": n.wid if n is not None else None,
        "kind": (n or o).kind,
        "diff": diff,
    }
    e.update(extra)
    return e


def _diff(a: str, b: str):
    return [[0, a]] if a == b else word_diff(a, b)


def compare(old: ParsedDocument, new: ParsedDocument, overrides=None) -> dict:
    """Compare two versions paragraph by paragraph (see the module docstring)."""
    ou = old.units()
    nu = new.units()
    matches = align(ou, nu, overrides)
    # in-order primary pairs: deleted units are placed after the one before them
    chain = {m.old[0]: m.new[0] for m in matches if m.extra.get("in_order")}
    anchor = []
    last = -1
    for i in range(len(ou)):
        if i in chain:
            last = chain[i]
        anchor.append(last)

    keyed = []
    stats = {k: 0 for k in _OPS}
    stats.update(renumbered=0, split=0, merged=0)
    for m in matches:
        if m.op in ("equal", "renumbered"):
            i, j = m.old[0], m.new[0]
            keyed.append(((j, 0, 0), _entry("equal", ou[i], nu[j], [[0, nu[j].text]] if nu[j].text else [])))
        elif m.op == "changed":
            i, j = m.old[0], m.new[0]
            keyed.append(((j, 0, 0), _entry("changed", ou[i], nu[j], _diff(ou[i].text, nu[j].text))))
        elif m.op == "moved":
            i, j = m.old[0], m.new[0]
            keyed.append(((j, 0, 0), _entry("moved", ou[i], nu[j], _diff(ou[i].text, nu[j].text))))
        elif m.op == "inserted":
            j = m.new[0]
            keyed.append(((j, 0, 0), _entry("inserted", None, nu[j], [[1, nu[j].text]] if nu[j].text else [])))
        elif m.op == "deleted":
            i = m.old[0]
            keyed.append(((anchor[i], 1, i), _entry("deleted", ou[i], None, [[-1, ou[i].text]] if ou[i].text else [])))
        elif m.op == "split":
            stats["split"] += 1
            i, j = m.old[0], m.new[0]
            keyed.append(((j, 0, 0), _entry("changed", ou[i], nu[j], _diff(ou[i].text, nu[j].text),
                                            split_into=[nu[k].ref for k in m.new[1:]])))
            for k in m.new[1:]:
                keyed.append(((k, 0, 0), _entry("inserted", None, nu[k], [[1, nu[k].text]] if nu[k].text else [],
                                                split_from=ou[i].ref)))
        elif m.op == "merged":
            stats["merged"] += 1
            i, j = m.old[0], m.new[0]
            keyed.append(((j, 0, 0), _entry("changed", ou[i], nu[j], _diff(ou[i].text, nu[j].text),
                                            merged_from=[ou[k].ref for k in m.old[1:]])))
            for k in m.old[1:]:
                keyed.append(((anchor[k], 1, k), _entry("deleted", ou[k], None, [[-1, ou[k].text]] if ou[k].text else [],
                                                        merged_into=nu[j].ref)))
    keyed.sort(key=lambda t: t[0])
    paragraphs = [e for _k, e in keyed]
    added = removed = 0
    for e in paragraphs:
        stats[e["op"]] += 1
        if e["op"] == "equal" and e["from_ref"] != e["to_ref"]:
            stats["renumbered"] += 1
        if e["op"] != "equal":
            added += count_words(e["diff"], 1)
            removed += count_words(e["diff"], -1)
    stats.update(
        words_added=added,
        words_removed=removed,
        brackets_before=sum(count_brackets(u.text) for u in ou),
        brackets_after=sum(count_brackets(u.text) for u in nu),
        units_before=len(ou),
        units_after=len(nu),
    )
    return {"paragraphs": paragraphs, "stats": stats}


def changed_only(comparison: dict) -> list[dict]:
    """The entries whose text or place changed (for the live ``revision`` event)."""
    return [e for e in comparison["paragraphs"] if e["op"] != "equal"]


_WORDS = {
    "en": {
        "none": "No change",
        "noun": ("paragraph", "paragraphs"),
        "changed": ("changed", "changed"),
        "inserted": ("new", "new"),
        "deleted": ("deleted", "deleted"),
        "moved": ("moved", "moved"),
        "renumbered": ("renumbered", "renumbered"),
        "split": ("split", "split"),
        "merged": ("merged", "merged"),
    },
    "fr": {
        "none": "Aucune modification",
        "noun": ("paragraphe", "paragraphes"),
        "changed": ("modifié", "modifiés"),
        "inserted": ("nouveau", "nouveaux"),
        "deleted": ("supprimé", "supprimés"),
        "moved": ("déplacé", "déplacés"),
        "renumbered": ("renuméroté", "renumérotés"),
        "split": ("scindé", "scindés"),
        "merged": ("fusionné", "fusionnés"),
    },
}


def summary_counts(comparison: dict) -> dict:
    """The counts a revision event carries."""
    s = comparison["stats"]
    keys = ("equal", "changed", "inserted", "deleted", "moved", "renumbered", "split", "merged",
            "words_added", "words_removed", "brackets_before", "brackets_after")
    return {k: s.get(k, 0) for k in keys}


def summarize(comparison: dict, language: str = "en") -> str:
    """One line, e.g. "6 paragraphs changed, 1 new, 1 deleted" (fr: "6 paragraphes modifiés, 1 nouveau, 1 supprimé")."""
    words = _WORDS["fr" if language == "fr" else "en"]
    s = comparison["stats"]
    parts = []
    for key in ("changed", "inserted", "deleted", "moved", "split", "merged"):
        n = s.get(key, 0)
        if not n:
            continue
        adj = words[key][0 if n == 1 else 1]
        if not parts:
            noun = words["noun"][0 if n == 1 else 1]
            if language == "fr" and key == "inserted":
                parts.append(f"{n} {adj} {noun}")
            elif language != "fr" and key == "inserted":
                parts.append(f"{n} new {noun}")
            else:
                parts.append(f"{n} {noun} {adj}")
        else:
            parts.append(f"{n} {adj}")
    if not parts:
        return words["none"]
    line = ", ".join(parts)
    before, after = s.get("brackets_before", 0), s.get("brackets_after", 0)
    if before != after:
        line += f" ({'crochets' if language == 'fr' else 'brackets'} {before} → {after})"
    return line


def summary(comparison: dict, language: str = "en") -> dict:
    """``{"text": one-line summary, "counts": summary_counts}``."""
    return {"text": summarize(comparison, language), "counts": summary_counts(comparison)}
