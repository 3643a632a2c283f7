"""Alignment of the units (paragraphs, headings, footnotes...) of two versions.

Matching is on content, not on numbers, so inserting a paragraph does not
turn the following ones into "changed":

1. overrides: forced pairs (old wId -> new wId) are matched first; forbidden
   pairs are never matched;
2. identical texts: identical units at the start and at the end of both
   texts pair off directly; then each (text, occurrence rank) pairs with its twin; the
   longest in-order chain of such pairs (longest increasing subsequence) are
   anchors; the same is repeated inside each gap between anchors; identical
   texts left out of order are moves;
3. similar texts: inside each gap between anchors all pairs are scored when
   the gap is small; elsewhere candidates come from an inverted index on the
   rarest words of each unit (no all-pairs similarity on big documents).
   The score is the Dice coefficient of the word sets; pairs scoring at
   least ``THRESHOLD`` match, best first;
4. splits and merges: an unmatched new unit whose words are mostly contained
   in an old unit, next to that old unit's match, is a piece of a split
   (and symmetrically for merges);
5. a match out of the longest in-order chain of matches is ``moved``.

``Match.op``: ``equal``, ``renumbered`` (same text, another ref), ``changed``,
``moved``, ``split`` (one old, several new: ``new[0]`` keeps the identity),
``merged`` (several old, one new: ``old[0]`` keeps the identity), ``inserted``,
``deleted``.  Indices refer to the lists given to :func:`align`.  The list
returned is in the order of the new text, deleted units placed where they
stood.  :func:`alignment` gives the same result before it becomes ``Match``
objects (primary pairs, their in-order chain, splits, merges); the
comparison builds its entries from that directly.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from operator import lt
from typing import NamedTuple

THRESHOLD = 0.5  # Dice similarity for "the same paragraph, changed"
CONTAINMENT = 0.6  # share of a piece's words found in the whole, for splits and merges
_SMALL_GAP = 900  # pairs scored exhaustively inside a gap up to this many
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Match:
    op: str
    old: list[int]
    new: list[int]
    score: float = 1.0
    extra: dict = field(default_factory=dict)


_GROUPS = {"heading": "heading", "footnote": "footnote"}  # every other kind is "body"


def _group(kind: str) -> str:
    return _GROUPS.get(kind, "body")


def _words(text: str) -> frozenset:
    return frozenset(_WORD.findall(text.lower()))


def _dice(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2.0 * len(a & b) / (len(a) + len(b))


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of pairs increasing in both coordinates (pairs sorted by new index)."""
    if len(pairs) < 2:
        return list(pairs)
    olds = [i for i, _j in pairs]
    if all(map(lt, olds, olds[1:])):  # the common case: already in order
        return list(pairs)
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(pairs)
    last = -1  # tails[-1]
    for k, i in enumerate(olds):
        if i > last:  # extends the longest chain (what bisect_left would find)
            prev[k] = tails_idx[-1] if tails_idx else -1
            tails.append(i)
            tails_idx.append(k)
            last = i
            continue
        pos = bisect_left(tails, i)
        tails[pos] = i
        tails_idx[pos] = k
        if pos == len(tails) - 1:
            last = i
        prev[k] = tails_idx[pos - 1] if pos > 0 else -1
    out = []
    k = tails_idx[-1]
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    out.reverse()
    return out


class Alignment(NamedTuple):
    """The alignment before it is turned into :class:`Match` objects (see :func:`alignment`)."""

    pairs: list[tuple[int, int]]  # primary matches (old, new), in the order of the new text
    chain: list[tuple[int, int]]  # the longest in-order chain of pairs; the others are moves
    score: dict[int, float]  # similarity of each primary match, by old index
    splits: dict[int, list[int]]  # old index -> the extra new pieces, in order
    merges: dict[int, list[int]]  # new index -> the extra old pieces, in order


class _Aligner:
    def __init__(self, old_units, new_units, overrides=None):
        self.old = old_units
        self.new = new_units
        self.old_text = [u.text for u in old_units]
        self.new_text = [u.text for u in new_units]
        groups = _GROUPS.get
        self.old_group = [groups(u.kind, "body") for u in old_units]
        self.new_group = [groups(u.kind, "body") for u in new_units]
        # identity of a text for the exact steps: (group, text)
        self.old_key = list(zip(self.old_group, self.old_text))
        self.new_key = list(zip(self.new_group, self.new_text))
        self.o2n: dict[int, int] = {}
        self.n2o: dict[int, int] = {}
        self.score: dict[int, float] = {}  # by old index
        self.forbid: set[tuple[int, int]] = set()
        self._ow: list = [None] * len(old_units)
        self._nw: list = [None] * len(new_units)
        self._words: dict[str, frozenset] = {}
        self._gaps: list | None = None  # gaps() as of the last pairing, while still valid
        overrides = overrides or {}
        forbid = overrides.get("forbid", []) or []
        force = overrides.get("force", []) or []
        if not (forbid or force):
            return
        old_by_wid = {getattr(u, "wid", None): i for i, u in enumerate(old_units)}
        new_by_wid = {getattr(u, "wid", None): j for j, u in enumerate(new_units)}
        for ow, nw in forbid:
            if ow in old_by_wid and nw in new_by_wid:
                self.forbid.add((old_by_wid[ow], new_by_wid[nw]))
        for ow, nw in force:
            i, j = old_by_wid.get(ow), new_by_wid.get(nw)
            if i is None or j is None or i in self.o2n or j in self.n2o:
                continue
            self._pair(i, j, 1.0 if self.old_text[i] == self.new_text[j] else self._sim(i, j))

    # -- helpers
    def _text_words(self, text):
        """Word set of a text, computed once per distinct text (repeated texts are common in drafts)."""
        w = self._words.get(text)
        if w is None:
            w = self._words[text] = _words(text)
        return w

    def old_words(self, i):
        w = self._ow[i]
        if w is None:
            w = self._ow[i] = self._text_words(self.old_text[i])
        return w

    def new_words(self, j):
        w = self._nw[j]
        if w is None:
            w = self._nw[j] = self._text_words(self.new_text[j])
        return w

    def _sim(self, i, j):
        return _dice(self.old_words(i), self.new_words(j))

    def _pair(self, i, j, score):
        self._gaps = None
        self.o2n[i] = j
        self.n2o[j] = i
        self.score[i] = score

    def _ok(self, i, j):
        return self.old_group[i] == self.new_group[j] and (i, j) not in self.forbid

    # -- step 2: identical texts
    def _exact_in_range(self, olds: list[int], news: list[int]) -> list[tuple[int, int]]:
        """In-order pairs of identical texts: the k-th occurrence of a text in olds with its k-th in news."""
        okey, nkey = self.old_key, self.new_key
        okeys = list(map(okey.__getitem__, olds))
        nkeys = list(map(nkey.__getitem__, news))
        # first occurrence of each key (a dict keeps the last value given: feed it backwards); the
        # k-th occurrence (k >= 1) of a repeated key goes under (key, k)
        key_old = dict(zip(reversed(okeys), reversed(olds)))
        if len(key_old) < len(olds):
            rank: dict = {}
            for i, k in [(i, k) for i, k in zip(olds, okeys) if key_old[k] != i]:
                r = rank.get(k, 1)
                key_old[(k, r)] = i
                rank[k] = r + 1
        first_new = dict(zip(reversed(nkeys), reversed(news)))
        if len(first_new) < len(news):
            rank = {}
            for p in [p for p, (j, k) in enumerate(zip(news, nkeys)) if first_new[k] != j]:
                k = nkeys[p]
                r = rank.get(k, 1)
                nkeys[p] = (k, r)
                rank[k] = r + 1
        cands = [(i, j) for j, i in zip(news, map(key_old.get, nkeys)) if i is not None]
        if self.forbid:
            cands = [p for p in cands if p not in self.forbid]
        chain = _lis(cands)
        self._dropped = len(chain) < len(cands)
        return chain

    def _pair_identical(self, pairs: list[tuple[int, int]]) -> None:
        """_pair(i, j, 1.0) for each of pairs (units not matched yet)."""
        if pairs:
            self._gaps = None
            self.o2n.update(pairs)
            self.n2o.update((j, i) for i, j in pairs)
            self.score.update(dict.fromkeys([i for i, _j in pairs], 1.0))

    def common_ends(self):
        """Fast path: identical units at the start and at the end of both texts pair off directly."""
        o2n, n2o, forbid = self.o2n, self.n2o, self.forbid
        ot, nt, og, ng = self.old_text, self.new_text, self.old_group, self.new_group
        n = min(len(ot), len(nt))
        k = 0
        while (k < n and k not in o2n and k not in n2o and ot[k] == nt[k] and og[k] == ng[k]
               and (k, k) not in forbid):
            self._pair(k, k, 1.0)
            k += 1
        i, j = len(ot) - 1, len(nt) - 1
        while (i >= k and j >= k and i not in o2n and j not in n2o and ot[i] == nt[j] and og[i] == ng[j]
               and (i, j) not in forbid):
            self._pair(i, j, 1.0)
            i -= 1
            j -= 1

    def _shared_free_keys(self) -> bool:
        """Whether some unmatched old unit and some unmatched new unit have the same text (and group)."""
        o2n, n2o, okey, nkey = self.o2n, self.n2o, self.old_key, self.new_key
        free = {okey[i] for i in range(len(okey)) if i not in o2n}
        return any(nkey[j] in free for j in range(len(nkey)) if j not in n2o)

    def exact(self):
        self.common_ends()
        olds = [i for i in range(len(self.old)) if i not in self.o2n]
        news = [j for j in range(len(self.new)) if j not in self.n2o]
        self._pair_identical(self._exact_in_range(olds, news))
        if not (self._dropped or self.forbid):
            # each text's occurrences paired off in rank order, all kept: the unmatched units with a given
            # text are all on one side, so neither pass below can pair anything
            return
        # once more inside each gap between in-order matches, when identical texts were left out
        if self._dropped:
            okey, nkey, forbid = self.old_key, self.new_key, self.forbid
            for og, ng in self.gaps():
                if len(og) == 1 and len(ng) == 1:
                    i, j = og[0], ng[0]
                    if okey[i] == nkey[j] and (i, j) not in forbid:
                        self._pair(i, j, 1.0)
                elif og and ng:
                    self._pair_identical(self._exact_in_range(og, ng))
        if not self._shared_free_keys():
            return
        # identical texts out of order: moves
        pool: dict = defaultdict(list)
        for i in range(len(self.old)):
            if i not in self.o2n:
                pool[self.old_key[i]].append(i)
        for j in range(len(self.new)):
            if j in self.n2o:
                continue
            lst = pool.get(self.new_key[j])
            while lst:
                i = lst.pop(0)
                if i not in self.o2n and (i, j) not in self.forbid:
                    self._pair(i, j, 1.0)
                    break

    def gaps(self):
        """(old indices, new indices) of unmatched units between consecutive in-order matches."""
        if self._gaps is not None:
            return self._gaps
        n2o, o2n = self.n2o, self.o2n
        chain = _lis([(i, j) for j, i in sorted(n2o.items())])
        chain.append((len(self.old), len(self.new)))
        out = []
        i0 = j0 = -1
        for i1, j1 in chain:
            if i1 - i0 > 1 or j1 - j0 > 1:  # most neighbours in the chain are adjacent: nothing between
                og = [i for i in range(i0 + 1, i1) if i not in o2n]
                ng = [j for j in range(j0 + 1, j1) if j not in n2o]
                if og or ng:
                    out.append((og, ng))
            i0, j0 = i1, j1
        self._gaps = out
        return out

    # -- step 3: similar texts
    def _greedy(self, scored):
        scored.sort(key=lambda t: (-t[0], t[2], t[1]))
        for s, i, j in scored:
            if s < THRESHOLD:
                break
            if i in self.o2n or j in self.n2o:
                continue
            self._pair(i, j, s)

    def fuzzy(self):
        rest = []
        for og, ng in self.gaps():
            if not og or not ng:
                continue
            if len(og) == 1 and len(ng) == 1:  # one unit each side, the common case
                i, j = og[0], ng[0]
                if self._ok(i, j):
                    s = self._sim(i, j)
                    if s >= THRESHOLD:
                        self._pair(i, j, s)
            elif len(og) * len(ng) <= _SMALL_GAP:
                scored = [(self._sim(i, j), i, j) for i in og for j in ng if self._ok(i, j)]
                self._greedy(scored)
            else:
                rest.append((og, ng))
        for og, ng in rest:
            self._indexed([i for i in og if i not in self.o2n], [j for j in ng if j not in self.n2o])
        # moved and changed: anywhere in the document
        if len(self.o2n) == len(self.old) or len(self.n2o) == len(self.new):
            return
        og = [i for i in range(len(self.old)) if i not in self.o2n]
        ng = [j for j in range(len(self.new)) if j not in self.n2o]
        if og and ng:
            self._indexed(og, ng)

    def _indexed(self, og, ng, k=4, cap=60):
        df: dict = defaultdict(list)
        for i in og:
            for w in self.old_words(i):
                df[w].append(i)
        scored = []
        for j in ng:
            words = sorted(self.new_words(j), key=lambda w: (len(df.get(w, ())) or 10**9, w))
            cands = set()
            for w in words[:k]:
                post = df.get(w)
                if post and len(post) <= cap:
                    cands.update(post)
            for i in cands:
                if self._ok(i, j):
                    scored.append((self._sim(i, j), i, j))
        self._greedy(scored)

    # -- step 4: splits and merges
    def pieces(self):
        splits: dict[int, list[int]] = defaultdict(list)  # old -> extra new pieces
        merges: dict[int, list[int]] = defaultdict(list)  # new -> extra old pieces
        free_new = [j for j in range(len(self.new)) if j not in self.n2o]
        free_old = [i for i in range(len(self.old)) if i not in self.o2n]
        if free_new:
            for j in free_new:
                nw = self.new_words(j)
                if not nw:
                    continue
                # neighbours of j in the new text that have a match
                for d in (-1, 1, -2, 2):
                    jj = j + d
                    if jj < 0 or jj >= len(self.new) or jj not in self.n2o:
                        continue
                    i = self.n2o[jj]
                    if i in merges or not self._ok(i, j):
                        continue
                    ow = self.old_words(i)
                    if len(nw & ow) / len(nw) < CONTAINMENT:
                        continue
                    union = set(self.new_words(jj))
                    for other in splits.get(i, []):
                        union |= self.new_words(other)
                    before = _dice(ow, frozenset(union))
                    after = _dice(ow, frozenset(union | nw))
                    if after > before + 0.05:
                        splits[i].append(j)
                        break
        if free_old:
            for i in free_old:
                ow = self.old_words(i)
                if not ow:
                    continue
                for d in (-1, 1, -2, 2):
                    ii = i + d
                    if ii < 0 or ii >= len(self.old) or ii not in self.o2n:
                        continue
                    j = self.o2n[ii]
                    if j in splits_new(splits) or not self._ok(i, j):
                        continue
                    nw = self.new_words(j)
                    if len(nw & ow) / len(ow) < CONTAINMENT:
                        continue
                    union = set(self.old_words(ii))
                    for other in merges.get(j, []):
                        union |= self.old_words(other)
                    before = _dice(frozenset(union), nw)
                    after = _dice(frozenset(union | ow), nw)
                    if after > before + 0.05:
                        merges[j].append(i)
                        break
        return splits, merges

    def solve(self) -> "Alignment":
        self.exact()
        self.fuzzy()
        splits, merges = self.pieces()
        # in-order chain of all primary matches
        pairs = [(i, j) for j, i in sorted(self.n2o.items())]
        return Alignment(pairs, _lis(pairs), self.score, {i: sorted(js) for i, js in splits.items()},
                         {j: sorted(is_) for j, is_ in merges.items()})

    def run(self) -> list[Match]:
        pairs, chain, _score, splits, merges = self.solve()
        split_new = {j for js in splits.values() for j in js}
        merged_old = {i for is_ in merges.values() for i in is_}
        chain = set(chain)
        matches: list[Match] = []
        for i, j in pairs:
            s = self.score.get(i, 0.0)
            if i in splits:
                news = [j] + splits[i]
                matches.append(Match("split", [i], news, s, {"in_order": (i, j) in chain}))
            elif j in merges:
                olds = [i] + merges[j]
                matches.append(Match("merged", olds, [j], s, {"in_order": (i, j) in chain}))
            elif (i, j) not in chain:
                matches.append(Match("moved", [i], [j], s))
            elif self.old_text[i] == self.new_text[j]:
                same_ref = getattr(self.old[i], "ref", None) == getattr(self.new[j], "ref", None)
                matches.append(Match("equal" if same_ref else "renumbered", [i], [j], 1.0, {"in_order": True}))
            else:
                matches.append(Match("changed", [i], [j], s, {"in_order": True}))
        for j in range(len(self.new)):
            if j not in self.n2o and j not in split_new:
                matches.append(Match("inserted", [], [j], 0.0))
        for i in range(len(self.old)):
            if i not in self.o2n and i not in merged_old:
                matches.append(Match("deleted", [i], [], 0.0))
        return _order(matches, chain, len(self.old))


def splits_new(splits):
    return {j for js in splits.values() for j in js}


def _order(matches: list[Match], chain: set, n_old: int) -> list[Match]:
    """New-text order; deleted units right after the new position of the in-order unit before them."""
    anchor_new = [-1] * (n_old + 1)
    pos = {i: j for i, j in chain}
    last = -1
    for i in range(n_old):
        if i in pos:
            last = pos[i]
        anchor_new[i] = last
    keyed = []
    for m in matches:
        if m.new:
            keyed.append(((min(m.new), 0, 0), m))
        else:
            i = m.old[0]
            keyed.append(((anchor_new[i] if i < n_old else -1, 1, i), m))
    keyed.sort(key=lambda t: t[0])
    return [m for _k, m in keyed]


def align(old_units, new_units, overrides=None) -> list[Match]:
    """Match the units of two versions (see the module docstring)."""
    return _Aligner(list(old_units), list(new_units), overrides).run()


def alignment(old_units, new_units, overrides=None) -> Alignment:
    """The same alignment as :func:`align`, as pairs, chain, splits and merges.

    A primary pair (i, j) is a ``split`` when i is in ``splits``, else a ``merged`` when j is in
    ``merges``, else ``moved`` when it is not in ``chain``; other units are inserted or deleted,
    except the pieces of splits and merges (for the comparison, which needs no Match objects).
    """
    return _Aligner(list(old_units), list(new_units), overrides).solve()
