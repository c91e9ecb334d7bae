"""Benchmark: a whole `mkdocs build` of a generated handbook, cold and warm cache.

Generates N journeys (6 phases x 4 steps, the same data as bench_load.py) into a
temporary MkDocs project and measures, in one run:

- the baseline: `mkdocs build` of the same number of plain Markdown pages, without
  the plugin (what MkDocs itself costs per page);
- a build with the plugin and an empty map cache (every stakeholder map drawn by
  Graphviz, in parallel);
- a second build with the warm cache (no map drawn again);

and prints each as a ratio to the baseline. Run it from the repository root:

    python benchmarks/bench_build.py               # 100 journeys, mkdocs theme
    python benchmarks/bench_build.py --journeys 300 --theme material
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

sys.path.insert(0, str(Path(__file__).parent))
from bench_load import generate  # a sibling script, not a package


def _project(root: Path, journeys: int, theme: str, plugin: bool) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Handbuch\n", encoding="utf-8")
    config: dict[str, object] = {
        "site_name": "Benchmark",
        "theme": {"name": theme},
        "markdown_extensions": ["attr_list"],
    }
    if plugin:
        generate(root / "journeys", journeys)
        config["plugins"] = [{"cjm": {"today": "2026-11-23", "language": "de"}}]
    else:
        # The baseline: as many pages of comparable length, written by hand.
        text = "# Seite\n\n" + "\n\n".join(f"## Abschnitt {i}\n\nText " * 3 for i in range(30))
        for i in range(journeys):
            (docs / f"page-{i}.md").write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root / "mkdocs.yml"


def _build(config_file: Path) -> float:
    start = time.perf_counter()
    build(load_config(config_file=str(config_file)))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=100)
    parser.add_argument("--theme", default="mkdocs", choices=("mkdocs", "material"))
    args = parser.parse_args(argv)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory() as tmp:
        base = _build(_project(Path(tmp) / "plain", args.journeys, args.theme, plugin=False))
        config = _project(Path(tmp) / "cjm", args.journeys, args.theme, plugin=True)
        shutil.rmtree(config.parent / ".cache", ignore_errors=True)
        cold = _build(config)
        warm = _build(config)
    n = args.journeys
    print(f"{n} journeys (+ persona, index and stakeholder pages), theme {args.theme}, "
          f"{os.cpu_count()} cores")
    print(f"baseline: mkdocs build of {n} plain pages: {base:.2f} s")
    print(f"cjm, empty map cache: {cold:.2f} s = {cold / base:.1f} x baseline "
          f"({n / cold:.0f} journeys/s)")
    print(f"cjm, warm map cache:  {warm:.2f} s = {warm / base:.1f} x baseline "
          f"({n / warm:.0f} journeys/s); the cache saves {1 - warm / cold:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
