"""Run CPU-heavy pure functions (long diffs) off the event loop when the server runs under gevent.

Under gevent, a long computation in a request greenlet would stall every websocket of the process.
The server entry point installs a runner that hands such work to gevent's thread pool; elsewhere
(tests, CLI) the function simply runs in place.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
_runner: Callable | None = None


def install(runner: Callable[[Callable[..., T], tuple], T] | None) -> None:
    global _runner
    _runner = runner


def run(fn: Callable[..., T], *args) -> T:
    return fn(*args) if _runner is None else _runner(fn, args)
