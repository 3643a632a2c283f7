"""Word-level diffs with diff-match-patch.

The two texts are cut into tokens (runs of letters and digits, runs of
whitespace, single punctuation marks; typographic apostrophes and
non-breaking spaces U+00A0/U+202F are tokens like any other), each distinct
token is mapped to one character (like ``diff_linesToChars`` but for words),
the character strings are diffed, the result is expanded back to text and
``diff_cleanupSemantic`` is applied.  The output is the compact
``[[op, text], ...]`` list with op -1 (removed), 0 (kept), 1 (added).

diff-match-patch (pure Python) is the reference.  When the C++ package
``fast_diff_match_patch`` is importable it computes the token diff (same
algorithm, no time limit) and the same Python semantic cleanup is applied,
so both backends give the same result; :func:`use_backend` selects one.
"""
from __future__ import annotations

import re
from contextlib import contextmanager

from diff_match_patch import diff_match_patch

try:  # optional C++ backend
    import fast_diff_match_patch as _fast
except ImportError:  # pragma: no cover - depends on the environment
    _fast = None

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)

_dmp = diff_match_patch()
_dmp.Diff_Timeout = 0  # deterministic: no time limit

_backend = "fast" if _fast is not None else "python"


def available_backends() -> list[str]:
    return ["python"] + (["fast"] if _fast is not None else [])


def get_backend() -> str:
    return _backend


def set_backend(name: str) -> None:
    global _backend
    if name not in available_backends():
        raise ValueError(f"diff backend {name!r} is not available (have {available_backends()})")
    _backend = name


@contextmanager
def use_backend(name: str):
    previous = _backend
    set_backend(name)
    try:
        yield
    finally:
        set_backend(previous)


# one character per distinct token; the surrogate range is skipped so that every code is a valid scalar value
_CODES = "".join(chr(c) for c in range(1, 0x30000) if not 0xD800 <= c <= 0xDFFF)


def _encode(a: str, b: str, head: str = "", tail: str = ""):
    """Code strings of ``head + a + tail`` and ``head + b + tail`` and the map back from codes to tokens.

    head and tail (the common ends, cut at token boundaries) are tokenised once for both sides.
    """
    ta = _TOKEN.findall(a)
    tb = _TOKEN.findall(b)
    th = _TOKEN.findall(head) if head else []
    tt = _TOKEN.findall(tail) if tail else []
    distinct = dict.fromkeys(th)
    distinct.update(dict.fromkeys(ta))
    distinct.update(dict.fromkeys(tt))
    distinct.update(dict.fromkeys(tb))  # same order of first appearance as in head + a + tail, then b
    if len(distinct) > len(_CODES):  # pragma: no cover - absurdly long paragraphs
        raise ValueError("too many distinct words to diff")
    get = dict(zip(distinct, _CODES)).__getitem__
    eh = "".join(map(get, th))
    et = "".join(map(get, tt))
    return eh + "".join(map(get, ta)) + et, eh + "".join(map(get, tb)) + et, dict(zip(_CODES, distinct))


def _raw_token_diff(ea: str, eb: str, backend: str) -> list[tuple[int, str]]:
    if backend == "fast":
        ops = {"=": 0, "-": -1, "+": 1}
        return [(ops[op], text) for op, text in
                _fast.diff(ea, eb, timelimit=0, checklines=False, cleanup="No", counts_only=False)]
    return _dmp.diff_main(ea, eb, False)


def _is_boundary(text: str, k: int) -> bool:
    """Whether a token of _TOKEN ends at offset k of text (so text[:k] tokenises as a prefix of text)."""
    if k <= 0 or k >= len(text):
        return True
    x, y = text[k - 1], text[k]
    wx, wy = x.isalnum() or x == "_", y.isalnum() or y == "_"  # what \w matches
    if wx or wy:
        return wx != wy
    return x.isspace() != y.isspace() or not x.isspace()  # \s runs are one token, punctuation one each


def _common_ends(a: str, b: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix of a and b, cut at token boundaries of both (0, 0 for short texts).

    The tokens of a text cut at a token boundary are the tokens of the two pieces, so the common ends
    are tokenised once for both texts (see :func:`_kept_ends` for the ends not tokenised at all).
    """
    la, lb = len(a), len(b)
    n = min(la, lb)
    head = 0
    if n < 64:  # short texts: trimming costs more than it saves
        return 0, 0
    if a[0] == b[0]:
        lo, hi = 0, n  # binary search of the common prefix, as diff-match-patch does
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if a[lo:mid] == b[lo:mid]:
                lo = mid
            else:
                hi = mid - 1
        head = lo
        while head and not (_is_boundary(a, head) and _is_boundary(b, head)):
            head -= 1
    m = n - head
    tail = 0
    if m and a[-1] == b[-1]:
        lo, hi = 0, m
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if a[la - mid:la - lo] == b[lb - mid:lb - lo]:
                lo = mid
            else:
                hi = mid - 1
        tail = lo
        while tail and not (_is_boundary(a, la - tail) and _is_boundary(b, lb - tail)):
            tail -= 1
    return head, tail


def _kept_ends(la: int, lb: int, head: int, tail: int) -> tuple[int, int]:
    """The common ends that can be left out of the token diff altogether (0 for one that cannot).

    The token diff of the middle parts, framed by the two equal ends, is the token diff of the whole
    (diff-match-patch strips common ends itself), except that diff-match-patch may slide an edit across
    the equality next to it when the edit ends (starts) with that whole equality; an end longer than
    anything in the middle can never slide, and then the result is exactly that of the whole texts.
    """
    longest = max(la, lb)
    while True:
        middle = longest - head - tail
        if head and head <= middle:
            head = 0
        elif tail and tail <= middle:
            tail = 0
        else:
            return head, tail


def word_diff(a: str, b: str, backend: str | None = None) -> list[list]:
    """Word-level diff of a and b: ``[[op, text], ...]`` (op -1, 0 or 1)."""
    a = a or ""
    b = b or ""
    if a == b:
        return [[0, a]] if a else []
    if not a:
        return [[1, b]]
    if not b:
        return [[-1, a]]
    la, lb = len(a), len(b)
    h, t = _common_ends(a, b)
    head, tail = _kept_ends(la, lb, h, t)
    diffs: list[tuple[int, str]] = [(0, a[:head])] if head else []
    if head + tail == la:  # nothing left of a between the kept ends: an insertion
        diffs.append((1, b[head:lb - tail]))
        raw = ()
    elif head + tail == lb:  # a deletion
        diffs.append((-1, a[head:la - tail]))
        raw = ()
    else:  # the ends not kept are tokenised once for both sides
        ea, eb, decode = _encode(a[h:la - t], b[h:lb - t], a[head:h], a[la - t:la - tail])
        raw = _raw_token_diff(ea, eb, backend or _backend)
        get = decode.__getitem__
    for op, chars in raw:
        text = "".join(map(get, chars))
        if diffs and diffs[-1][0] == op:
            diffs[-1] = (op, diffs[-1][1] + text)
        else:
            diffs.append((op, text))
    if tail:
        if diffs and diffs[-1][0] == 0:
            diffs[-1] = (0, diffs[-1][1] + a[la - tail:])
        else:
            diffs.append((0, a[la - tail:]))
    _dmp.diff_cleanupSemantic(diffs)
    return [[op, text] for op, text in diffs if text]


def count_words(diff: list, op: int) -> int:
    return sum(len(_WORD.findall(text)) for o, text in diff if o == op)


def side(diff: list, which: str) -> str:
    """The old ("old") or new ("new") text of a diff."""
    skip = 1 if which == "old" else -1
    return "".join(text for op, text in diff if op != skip)
