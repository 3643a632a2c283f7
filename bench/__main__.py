"""`make bench` / `python -m bench`: every benchmark, one after the other, figures printed.

`python -m bench compare` runs one of them; options after a name go to that benchmark
(`python -m bench reads --short`).
"""
from __future__ import annotations

import importlib
import inspect
import sys

BENCHMARKS = ("compare", "fanout", "files", "reads")


def main(argv: list[str]) -> int:
    first_option = next((i for i, a in enumerate(argv) if a.startswith("-")), len(argv))
    names, options = argv[:first_option], argv[first_option:]
    chosen = names or list(BENCHMARKS)
    for name in chosen:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
            return 2
    if options and len(chosen) != 1:
        print("options go to one benchmark: python -m bench NAME [options]")
        return 2
    for name in chosen:
        try:
            module = importlib.import_module(f"bench.bench_{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bench.bench_{name}":
                raise
            continue
        print(f"== {name} ==", flush=True)
        if inspect.signature(module.main).parameters:
            module.main(options)
        else:
            module.main()
    return 0


sys.exit(main(sys.argv[1:]))
