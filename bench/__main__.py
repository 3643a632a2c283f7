"""`make bench` / `python -m bench`: every benchmark, one after the other, figures printed.

`python -m bench compare` runs one of them.
"""
from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("compare", "fanout", "files")


def main(argv: list[str]) -> int:
    chosen = argv or list(BENCHMARKS)
    for name in chosen:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
            return 2
    for name in chosen:
        try:
            module = importlib.import_module(f"bench.bench_{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bench.bench_{name}":
                raise
            continue
        print(f"== {name} ==", flush=True)
        module.main()
    return 0


sys.exit(main(sys.argv[1:]))
