"""Benchmark: load and validate a large handbook with `load_catalogue`.

Writes the benchmark corpus (`corpus.py`: 1,000 journeys of 6 phases x 4 steps, with
personas and stakeholders) into a temporary folder, then measures in this one process:

- wall time of `load_catalogue` (reading, YAML, validation, cross-checks) with nothing
  cached, best of 3, on all cores as `cjm check` reads (the CPU time is this process's
  only, without its workers');
- peak memory of one load, measured with tracemalloc in a separate run (tracemalloc
  slows Python down, so it never runs during a timed run);
- a baseline in the same run: a bare `yaml.load(..., Loader=yaml.CSafeLoader)` of the
  same files, without positions or validation.

Run it from the repository root:

    python benchmarks/bench_load.py            # 1,000 journeys
    python benchmarks/bench_load.py --journeys 200 --profile

The target is 1,000 journeys in under 2 s on one core.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import pstats
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import yaml

from mkdocs_cjm_plugin.core import cache
from mkdocs_cjm_plugin.core.files import find_files
from mkdocs_cjm_plugin.core.load import LoadResult
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_catalogue

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

TARGET_SECONDS = 2.0


def best_of(runs: int, fn: Callable[[], object]) -> tuple[float, float]:
    """The best wall time and the best CPU time of `runs` calls (CPU time is the steadier
    figure on a shared machine)."""
    walls, cpus = [], []
    for _ in range(runs):
        gc.collect()
        cpu, start = time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def bare_yaml(folder: Path) -> None:
    for file in find_files(folder):
        for _doc in yaml.load_all(file.read_bytes(), Loader=yaml.CSafeLoader):
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one load")
    args = parser.parse_args(argv)

    options = SiteOptions(today=dt.date(2026, 11, 23))
    with tempfile.TemporaryDirectory(prefix="cjm-bench-") as tmp:
        folder = Path(tmp) / "journeys"
        size = generate(folder, args.journeys)
        files = len(find_files(folder))

        result: list[LoadResult] = []

        def cjm_load() -> None:
            cache.forget()  # nothing kept from the run before: every file is read
            result[:] = [load_catalogue(folder, options, base=Path(tmp))]

        cjm_load()  # warm up imports and pydantic's validators, and check the data
        loaded = result[0]
        if loaded.errors or len(loaded.catalogue.journeys) != args.journeys:
            print("benchmark data is not valid:", *(d.format() for d in loaded.errors[:5]),
                  sep="\n", file=sys.stderr)
            return 1

        cjm_time, cjm_cpu = best_of(args.runs, cjm_load)
        yaml_time, yaml_cpu = best_of(args.runs, lambda: bare_yaml(folder))

        gc.collect()
        tracemalloc.start()
        cache.forget()
        load_catalogue(folder, options, base=Path(tmp))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        if args.profile:
            profiler = cProfile.Profile()
            cache.forget()
            profiler.enable()
            load_catalogue(folder, options, base=Path(tmp))
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)

    per_second = args.journeys / cjm_time
    ratio = cjm_time / yaml_time
    print(f"files: {files} ({size / 1e6:.1f} MB of YAML), {args.journeys} journeys "
          "x 6 phases x 4 steps (benchmarks/corpus.py)")
    print(f"cjm load_catalogue: {cjm_time:.3f} s wall, {cjm_cpu:.3f} s CPU (best of "
          f"{args.runs}), {per_second:,.0f} journeys/s, peak memory {peak / 1e6:.1f} MB")
    print(f"bare yaml.load (CSafeLoader): {yaml_time:.3f} s wall, {yaml_cpu:.3f} s CPU "
          f"(best of {args.runs})")
    print(f"cjm load is {ratio:.1f} x the time of a bare yaml.safe_load")
    verdict = "OK" if cjm_time < TARGET_SECONDS * args.journeys / 1000 else "SLOW"
    print(f"summary: {args.journeys} journeys in {cjm_time:.2f} s ({per_second:,.0f}/s), "
          f"peak {peak / 1e6:.0f} MB, {ratio:.1f}x bare YAML; target < "
          f"{TARGET_SECONDS * args.journeys / 1000:.1f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
