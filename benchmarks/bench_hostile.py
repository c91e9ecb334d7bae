"""Benchmark: hostile journey files are refused with little work.

Tests assert *that* a hostile file ends in a diagnostic and how much memory it takes
(never seconds: a time limit in a test is a flaky test). This script measures *how
fast*, in one run, against a baseline: loading one ordinary journey file of 6 phases x
4 steps (the same data as bench_load.py), and the same number of bytes of ordinary
journeys at that rate. Every figure is printed as a ratio to those baselines.

    python benchmarks/bench_hostile.py
    python benchmarks/bench_hostile.py --runs 5
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import yaml
from bench_load import _journey, best_of

from mkdocs_cjm_plugin.core.pipeline import load_catalogue, load_texts
from mkdocs_cjm_plugin.core.yaml_source import MAX_FILE_BYTES


def _billion_laughs(levels: int = 9) -> str:
    lines = ["kind: persona", "name: A", "extra:", '  a: &a ["lol", "lol", "lol"]']
    prev = "a"
    for name in "bcdefghijklmnop"[: levels - 1]:
        lines.append(f"  {name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
        prev = name
    return "\n".join(lines) + "\n"


def _ordinary() -> str:
    """One valid journey of 6 phases x 4 steps, as bench_load.py writes them."""
    return yaml.safe_dump(_journey(random.Random(1), 0), allow_unicode=True, sort_keys=False,
                          width=100)


def _cases() -> dict[str, str]:
    head = "kind: persona\nname: A\nextra:\n"
    four_mb = MAX_FILE_BYTES - 1024
    return {
        "billion laughs (9 levels of aliases)": _billion_laughs(),
        "flow nesting 200,000 deep": head + "  x: " + "[" * 200_000 + "]" * 200_000 + "\n",
        "block nesting 200,000 deep": head + "  x:\n    " + "- " * 200_000 + "v\n",
        "4 MB of one repeated key": head + "  k: 1\n" * ((four_mb - len(head)) // 7),
        "4 MB of repeated list items": head + "  x:\n" + "    - a\n" * ((four_mb - 40) // 8),
        "a 100,000-character name": "kind: persona\nname: " + "Ä" * 100_000 + "\n",
    }


def _timed(runs: int, fn: Callable[[], object]) -> float:
    return best_of(runs, fn)[1]  # CPU time: the steadier figure on a shared machine


def _peak(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    one = _ordinary()
    base_one = _timed(args.runs, lambda: load_texts({"j.yml": one}))
    print(f"baseline: one ordinary journey ({len(one.encode()) / 1e3:.0f} kB) "
          f"loads in {base_one * 1e3:.1f} ms CPU (best of {args.runs})")
    print(f"{'hostile file':40} {'size':>9} {'CPU ms':>9} {'x journey':>10} "
          f"{'x same bytes':>12} {'peak MB':>8}  result")
    for name, text in _cases().items():
        size = len(text.encode())
        # Ordinary journeys of the same size, at the rate one journey loads: a real file
        # that large would pass the node budget and be refused, which times nothing.
        base_same = base_one * size / len(one.encode())
        codes: list[str] = []

        def load(text: str = text, codes: list[str] = codes) -> None:
            codes[:] = sorted({d.code for d in load_texts({"h.yml": text}).diagnostics})

        took = _timed(args.runs, load)
        peak = _peak(load)
        print(f"{name:40} {size / 1e6:>7.2f}MB {took * 1e3:>9.1f} {took / base_one:>10.1f} "
              f"{took / base_same:>12.2f} {peak / 1e6:>8.1f}  {', '.join(codes) or 'ok'}")

    with tempfile.TemporaryDirectory(prefix="cjm-bench-") as tmp:
        folder = Path(tmp) / "journeys"
        folder.mkdir()
        huge = folder / "huge.yml"
        with huge.open("wb") as f:  # sparse: 1 GB on paper, nothing on disk
            f.truncate(1024**3)
        took = _timed(args.runs, lambda: load_catalogue(folder, base=Path(tmp)))
        peak = _peak(lambda: load_catalogue(folder, base=Path(tmp)))
        print(f"{'a 1 GB file in the source folder':40} {1024:>7}MB {took * 1e3:>9.1f} "
              f"{took / base_one:>10.1f} {'':>12} {peak / 1e6:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
