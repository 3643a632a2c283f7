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
* Every entry carries ``from_un_ref`` / ``to_un_ref``, the reference as a
  delegate writes it ("para. 4 (f) (i)", "preambular para. 3", French
  "par. 4 f) i)", "alinéa 3 du préambule"; see :mod:`.references`; computed
  once per version, with its parse).
* A ``moved`` entry carries ``was_after``: the old ref of the unit it
  followed in the old text (the nearest one not moved itself; None when it
  stood first), where a reader expects it and finds a placeholder.

Stats: ``equal``, ``changed``, ``inserted``, ``deleted``, ``moved`` count
entries (split pieces count as inserted, merged pieces as deleted);
``renumbered`` counts entries kept in order (``equal`` or ``changed``) whose
ref changed, so a paragraph both changed and renumbered counts in both; ``split`` and
``merged`` count groups; ``words_added`` / ``words_removed`` count words in
the diffs; ``brackets_before`` / ``brackets_after`` are
:func:`~confmgr.drafts.structure.count_brackets` of each version (outermost
passages: ``[a [b]]`` is one, ``[a][b]`` two); ``units_before`` /
``units_after`` the number of units.
"""
from __future__ import annotations

from bisect import bisect_right
from operator import methodcaller

from .alignment import alignment
from .structure import ParsedDocument, count_brackets
from .textdiff import count_words, word_diff

_OPS = ("equal", "changed", "inserted", "deleted", "moved")
_has_bracket = methodcaller("__contains__", "[")


def _diff(a: str, b: str):
    return [[0, a]] if a == b else word_diff(a, b)


def compare(old: ParsedDocument, new: ParsedDocument, overrides=None) -> dict:
    """Compare two versions paragraph by paragraph (see the module docstring)."""
    ou = old.units()
    nu = new.units()
    pairs, chain, _score, splits, merges = alignment(ou, nu, overrides)
    n2o = {j: i for i, j in pairs}
    in_order = {j for _i, j in chain}  # a new unit has one primary match: its j says if the pair is in the chain
    grouped = bool(splits or merges)
    counts = dict.fromkeys(_OPS, 0)
    n_equal = renumbered = n_split = n_merged = added = removed = 0

    # split pieces: inserted entries; merged pieces: deleted entries (unless their group is a split)
    piece_of = {k: i for i, ks in splits.items() for k in ks}
    merged_into = {}
    for j, ks in merges.items():
        if n2o[j] not in splits:  # a pair both split and merged is shown as a split
            merged_into.update(dict.fromkeys(ks, j))
    # deleted units (and merged pieces) stand after the new position of the in-order unit before them
    after: dict[int, list] = {}
    if len(pairs) < len(ou):
        absorbed = {k for ks in merges.values() for k in ks}
        matched_old = set(n2o.values())
        chain_old = [i for i, _j in chain]
        for i in range(len(ou)):
            if i in matched_old or (i in absorbed and i not in merged_into):
                continue
            k = bisect_right(chain_old, i) - 1
            after.setdefault(chain[k][1] if k >= 0 else -1, []).append(i)

    ocite, ncite = old.citations(), new.citations()

    def was_after(i):
        """The old ref of the unit the moved old unit ``i`` followed, skipping units moved themselves."""
        k = i - 1
        while k >= 0 and n2o_moved(k):
            k -= 1
        return ou[k].ref if k >= 0 else None

    moved_old = {i for j, i in n2o.items() if j not in in_order and (not grouped or (i not in splits and j not in merges))}
    n2o_moved = moved_old.__contains__

    paragraphs = []
    append = paragraphs.append

    def deleted(i):
        o = ou[i]
        text = o.text
        e = {"op": "deleted", "from_ref": o.ref, "to_ref": None, "from_wid": o.wid, "to_wid": None,
             "from_un_ref": ocite[i], "to_un_ref": None, "kind": o.kind, "diff": [[-1, text]] if text else []}
        if i in merged_into:
            e["merged_into"] = nu[merged_into[i]].ref
        append(e)
        return count_words(e["diff"], -1)

    for i in after.get(-1, ()):
        removed += deleted(i)
    for j, n in enumerate(nu):
        i = n2o.get(j)
        if i is None:
            text = n.text
            diff = [[1, text]] if text else []
            e = {"op": "inserted", "from_ref": None, "to_ref": n.ref, "from_wid": None, "to_wid": n.wid,
                 "from_un_ref": None, "to_un_ref": ncite[j], "kind": n.kind, "diff": diff}
            if j in piece_of:
                e["split_from"] = ou[piece_of[j]].ref
            counts["inserted"] += 1
            added += count_words(diff, 1)
        else:
            o = ou[i]
            text = n.text
            plain = not grouped or (i not in splits and j not in merges)
            if plain and j in in_order and o.text == text:
                append({"op": "equal", "from_ref": o.ref, "to_ref": n.ref, "from_wid": o.wid, "to_wid": n.wid,
                        "from_un_ref": ocite[i], "to_un_ref": ncite[j], "kind": n.kind,
                        "diff": [[0, text]] if text else []})
                n_equal += 1
                if o.ref != n.ref:
                    renumbered += 1
                if j in after:
                    for k in after[j]:
                        removed += deleted(k)
                continue
            diff = _diff(o.text, text)
            op = "moved" if plain and j not in in_order else "changed"
            e = {"op": op, "from_ref": o.ref, "to_ref": n.ref, "from_wid": o.wid, "to_wid": n.wid,
                 "from_un_ref": ocite[i], "to_un_ref": ncite[j], "kind": n.kind, "diff": diff}
            if op == "moved":
                e["was_after"] = was_after(i)
            elif o.ref != n.ref:
                renumbered += 1  # changed and renumbered
            if not plain:
                if i in splits:
                    n_split += 1
                    e["split_into"] = [nu[k].ref for k in splits[i]]
                else:
                    n_merged += 1
                    e["merged_from"] = [ou[k].ref for k in merges[j]]
            counts[op] += 1
            added += count_words(diff, 1)
            removed += count_words(diff, -1)
        append(e)
        if j in after:
            for k in after[j]:
                removed += deleted(k)
    counts["equal"] = n_equal
    counts["deleted"] = sum(map(len, after.values()))
    stats = dict(counts, renumbered=renumbered, split=n_split, merged=n_merged, words_added=added,
                 words_removed=removed,
                 brackets_before=sum(map(count_brackets, filter(_has_bracket, [u.text for u in ou]))),
                 brackets_after=sum(map(count_brackets, filter(_has_bracket, [u.text for u in nu]))),
                 units_before=len(ou), units_after=len(nu))
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
    """One line, e.g. "2 paragraphs changed, 1 new, 1 deleted, 9 renumbered" (fr: "2 paragraphes modifiés,
    1 nouveau, 1 supprimé, 9 renumérotés"). Only text changes count as changed; a paragraph whose number
    alone changed (an insertion before it renumbers it) counts as renumbered."""
    words = _WORDS["fr" if language == "fr" else "en"]
    s = comparison["stats"]
    parts = []
    # renumbered comes last and apart: a paragraph only renumbered is not a changed one
    for key in ("changed", "inserted", "deleted", "moved", "split", "merged", "renumbered"):
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
