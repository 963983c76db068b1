"""Figures of the Python package, printed, never asserted (CI does not run
this; timings on shared machines are noise for a test).

    cargo xtask corpus 10000 /tmp/corpus
    python crates/nianbao-py/bench.py /tmp/corpus

prints the in-process cost of `nianbao.read` per seed report (best of 5
rounds of timeit) and the time of `nianbao.dataset` over the folder into
pandas (wide and long) and pyarrow, split into reading and conversion.
"""

from __future__ import annotations

import sys
import time
import timeit
from pathlib import Path

import nianbao

ROOT = Path(__file__).resolve().parents[2]


def per_seed() -> None:
    seeds = sorted(p for p in (ROOT / "fixtures" / "seeds").glob("*.txt") if ".expected." not in p.name)
    for p in seeds:
        data = p.read_bytes()
        n = 1000
        path = min(timeit.repeat(lambda: nianbao.read(p), number=n, repeat=5)) / n
        raw = min(timeit.repeat(lambda: nianbao.read(data), number=n, repeat=5)) / n
        print(f"read {p.name[:20]:22} {len(data) / 1024:5.1f} KB  path {path * 1e3:.3f} ms  bytes {raw * 1e3:.3f} ms")


def folder(corpus: str) -> None:
    import pandas  # noqa: F401 - imported first, so its import is not timed

    for shape, output in (("wide", "pandas"), ("long", "pandas"), ("wide", "arrow")):
        marks: dict[int, float] = {}
        start = time.perf_counter()
        table = nianbao.dataset(
            corpus, shape, output=output, progress=lambda d, t: marks.__setitem__(d, time.perf_counter())
        )
        end = time.perf_counter()
        rows = len(table) if output == "pandas" else table.num_rows
        read = marks[max(marks)] - marks[0]
        print(
            f"dataset {shape:4} → {output:6} {rows:>9,} rows  {end - start:5.2f} s "
            f"(reading {read:.2f} s, conversion {end - marks[max(marks)]:.2f} s)"
        )


if __name__ == "__main__":
    per_seed()
    if len(sys.argv) > 1:
        folder(sys.argv[1])
