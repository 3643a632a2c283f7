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


def _encode(a: str, b: str):
    ta = _TOKEN.findall(a)
    tb = _TOKEN.findall(b)
    distinct = dict.fromkeys(ta)
    distinct.update(dict.fromkeys(tb))
    if len(distinct) > len(_CODES):  # pragma: no cover - absurdly long paragraphs
        raise ValueError("too many distinct words to diff")
    table = dict(zip(distinct, _CODES))
    get = table.__getitem__
    return "".join(map(get, ta)), "".join(map(get, tb)), {c: t for t, c in table.items()}


def _raw_token_diff(ea: str, eb: str, backend: str) -> list[tuple[int, str]]:
    if backend == "fast":
        ops = {"=": 0, "-": -1, "+": 1}
        return [(ops[op], text) for op, text in
                _fast.diff(ea, eb, timelimit=0, checklines=False, cleanup="No", counts_only=False)]
    return _dmp.diff_main(ea, eb, False)


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
    ea, eb, decode = _encode(a, b)
    raw = _raw_token_diff(ea, eb, backend or _backend)
    get = decode.__getitem__
    diffs: list[tuple[int, str]] = []
    for op, chars in raw:
        text = "".join(map(get, chars))
        if diffs and diffs[-1][0] == op:
            diffs[-1] = (op, diffs[-1][1] + text)
        else:
            diffs.append((op, text))
    _dmp.diff_cleanupSemantic(diffs)
    return [[op, text] for op, text in diffs if text]


def count_words(diff: list, op: int) -> int:
    return sum(len(_WORD.findall(text)) for o, text in diff if o == op)


def side(diff: list, which: str) -> str:
    """The old ("old") or new ("new") text of a diff."""
    skip = 1 if which == "old" else -1
    return "".join(text for op, text in diff if op != skip)
