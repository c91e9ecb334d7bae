"""The benchmark of `./dev bench`: every command a user runs, on one synthetic handbook,
side by side in one run, as a table of medians, spread, ratios to the floor and peak
memory.

For each size (journeys; see corpus.py) it measures, each command in a process of its
own as a user starts it (interpreter start and imports included):

- `cjm check`, cold (no cache), warm (nothing changed since the last run: answered from
  its memo) and after one journey file changed (the other files from the cache);
- `cjm generate`, cold (empty output folder and caches), unchanged (run again, nothing
  changed) and after one journey file changed;
- the floor, as a user gets there: a copy of the project, `cjm generate --engine mkdocs`,
  the `cjm` entry removed from mkdocs.yml and the lines of `cjm-nav.yml` added, built by
  MkDocs; and a copy with `cjm generate` (for Zensical) built by Zensical;
- `mkdocs build` with the plugin, cold (empty caches) and warm;
- a `mkdocs serve` rebuild after one journey file changed, in one process as serve
  runs it: the whole rebuild and the plugin's share of it (the time spent in its hooks);
- `cjm diff HEAD~1 HEAD` in a git repository of the handbook, after a commit that
  changed a few journeys (emotions, a step renamed).

    python benchmarks/bench.py                      # 10, 100 and 1,000 journeys
    python benchmarks/bench.py --sizes 100 --runs 5
    python benchmarks/bench.py --check-sizes 5000   # cjm check only, at 5,000
    python benchmarks/bench.py --profile build      # a pyinstrument profile instead

Times are medians over `--runs` runs (cold runs start from empty caches every time),
with the spread (max - min) after them. Ratios compare medians measured in this run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import dump, generate, journey_text  # noqa: E402 (sibling scripts, not a package)

PYTHON = sys.executable
BIN = Path(PYTHON).parent
TODAY = dt.date(2026, 11, 23)
OPTIONS = {"today": TODAY.isoformat(), "language": "de"}


def site_config(theme: str, **more: Any) -> dict[str, Any]:
    """The mkdocs.yml settings the floor and the plugin's build share."""
    return {
        "site_name": "Benchmark",
        "theme": {"name": theme, "language": "de"},
        "markdown_extensions": ["attr_list"],
        **more,
    }


@dataclass
class Row:
    what: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def spread(self) -> float:
        return max(self.times) - min(self.times)


class Failed(Exception):
    """A command that ended with an error: the table says so instead of a time."""


def measured(cmd: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Wall time, CPU time (user + system, the steadier figure on a shared machine), peak
    memory (MB) and stdout of one command, run under a small Python wrapper that
    measures it (RUSAGE_CHILDREN of this process only ever grows)."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "start = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:])\n"
        "wall = time.perf_counter() - start\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "cpu = use.ru_utime + use.ru_stime\n"
        "print(json.dumps([wall, use.ru_maxrss, p.returncode, cpu]), file=sys.stderr)\n"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [PYTHON, "-c", wrapper, *cmd], cwd=cwd, env=env, capture_output=True, text=True,
    )
    lines = proc.stderr.strip().splitlines()
    try:
        wall, peak, code, cpu = json.loads(lines[-1])
    except (ValueError, IndexError):
        code, wall, peak, cpu = 1, 0.0, 0, 0.0
    if code:
        why = next((line for line in reversed(lines[:-1]) if line.strip()), "no message")
        raise Failed(why.strip()[:160])
    peak_mb = peak / 1024 if sys.platform != "darwin" else peak / 1e6
    return float(wall), float(cpu), peak_mb, proc.stdout


def project(root: Path, journeys: int, theme: str) -> Path:
    """A MkDocs project with the plugin and the generated handbook; its folder."""
    generate(root / "journeys", journeys)
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Handbuch\n", encoding="utf-8")
    config = site_config(theme, plugins=["search", {"cjm": OPTIONS}])
    write_config(root, config)
    return root


def write_config(root: Path, config: dict[str, Any]) -> None:
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def copy(root: Path, to: Path) -> Path:
    """A copy of the project without its caches and site, as a fresh checkout has it."""
    shutil.copytree(root, to, ignore=shutil.ignore_patterns(".cache", "site", ".git"))
    return to


HANDBOOK = "docs/handbook"


def with_generated(root: Path, plugin: bool) -> None:
    """Add the lines of the generated `cjm-nav.yml` to the project's mkdocs.yml, as the
    guide says; `plugin=False` also removes the `cjm` entry (MkDocs would run it)."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    lines = yaml.safe_load((root / HANDBOOK / "cjm-nav.yml").read_text(encoding="utf-8"))
    if not plugin:
        config["plugins"] = [p for p in config["plugins"] if not isinstance(p, dict)]
    config["extra_css"] = [*config.get("extra_css", []), *lines["extra_css"]]
    config["extra_javascript"] = [*config.get("extra_javascript", []),
                                  *lines["extra_javascript"]]
    extensions = config.get("markdown_extensions", [])
    config["markdown_extensions"] = [
        *extensions, *(e for e in lines["markdown_extensions"] if e not in extensions)
    ]
    config["nav"] = ["index.md", *lines["nav"]]
    write_config(root, config)


def caches(root: Path) -> list[Path]:
    return [root / ".cache", root / "site"]


def one_file_changed(row: Row, runs: int, cmd: list[str], root: Path, journeys: int) -> Row:
    """`cmd` after one journey file changed before each run (the file restored after)."""
    changed = root / "journeys" / "journeys" / "journey-0001.yml"
    text = journey_text(1, journeys)
    for run in range(runs):
        changed.write_text(text + f"# edit {run}\n", encoding="utf-8")
        repeat(row, 1, cmd, root)
    changed.write_text(text, encoding="utf-8")
    return row


def repeat(row: Row, runs: int, cmd: list[str], cwd: Path, before: Sequence[Path] = ()) -> Row:
    for _ in range(runs):
        for path in before:
            shutil.rmtree(path, ignore_errors=True)
        try:
            wall, cpu, peak, _ = measured(cmd, cwd)
        except Failed as failure:
            row.times, row.note = [], f"failed: {failure}"
            return row
        row.times.append(wall)
        row.cpu.append(cpu)
        row.peak_mb = max(row.peak_mb, peak)
    return row


SERVE_PROBE = """
import json, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs_cjm_plugin.targets.mkdocs.plugin import CjmPlugin

root, changed, text = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
spent = [0.0, 0.0]

def timed(hook):
    def timed_hook(*args, **kwargs):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return hook(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
            spent[1] += time.process_time() - cpu
    return timed_hook

# Every hook of the plugin, timed (MkDocs collects them when it loads the config).
for name in [n for n in vars(CjmPlugin) if n.startswith("on_")]:
    setattr(CjmPlugin, name, timed(getattr(CjmPlugin, name)))

def config():
    # As `mkdocs serve` does: a fresh config (and plugin instance) for every rebuild.
    return load_config(config_file=str(root / "mkdocs.yml"))

build(config(), serve_url="http://127.0.0.1:8000/")
results = []
for edit in range(int(sys.argv[4])):
    changed.write_text(text.replace("Heilbronn", f"Heilbronn {edit}") + f"# edit {edit}\\n",
                       encoding="utf-8")
    spent[:] = [0.0, 0.0]
    start, cpu = time.perf_counter(), time.process_time()
    build(config(), serve_url="http://127.0.0.1:8000/")
    results.append([time.perf_counter() - start, spent[0], time.process_time() - cpu, spent[1]])
print(json.dumps(results))
"""


def serve_rebuild(root: Path, runs: int, journeys: int) -> tuple[Row, Row]:
    changed = root / "journeys" / "journeys" / "journey-0001.yml"
    text = journey_text(1, journeys)
    try:
        _, _, peak, out = measured(
            [PYTHON, "-c", SERVE_PROBE, str(root), str(changed), text, str(runs)], root
        )
    except Failed as failure:
        return Row("mkdocs serve: rebuild after 1 file changed", note=f"failed: {failure}"), Row(
            "  of which the plugin's hooks", note="")
    results = json.loads(out)
    whole = Row("mkdocs serve: rebuild after 1 file changed",
                [r[0] for r in results], [r[2] for r in results], peak)
    share = Row("  of which the plugin's hooks",
                [r[1] for r in results], [r[3] for r in results], peak)
    changed.write_text(text, encoding="utf-8")
    return whole, share


def bench_size(
    journeys: int, runs: int, theme: str, tmp: Path, skip: set[str]
) -> list[Row]:
    root = project(tmp / f"cjm-{journeys}", journeys, theme)
    size = sum(f.stat().st_size for f in (root / "journeys").rglob("*.yml"))
    cjm = str(BIN / "cjm")
    mkdocs = str(BIN / "mkdocs")
    rows: list[Row] = []
    print(f"-- {journeys} journeys ({size / 1e6:.1f} MB of YAML)", file=sys.stderr, flush=True)
    check = [cjm, "check", "journeys", "--today", TODAY.isoformat()]
    rows.append(repeat(Row("cjm check, cold"), runs, check, root, caches(root)))
    rows.append(repeat(Row("cjm check, warm"), runs, check, root))
    rows.append(one_file_changed(Row("cjm check, 1 file changed"), runs, check, root, journeys))

    # The floor as a user gets there (docs/guide/engines.md): generate, then the nav
    # lines in mkdocs.yml and, for MkDocs, the cjm entry out of it.
    floor = copy(root, tmp / f"floor-{journeys}")
    generate_cmd = [cjm, "generate", "--engine", "mkdocs", "--out", HANDBOOK]
    rows.append(repeat(Row("cjm generate, cold"), runs, generate_cmd, floor,
                       [floor / HANDBOOK, *caches(floor)]))
    rows.append(repeat(Row("cjm generate, unchanged"), runs, generate_cmd, floor))
    rows.append(one_file_changed(Row("cjm generate, 1 file changed"), runs, generate_cmd,
                                 floor, journeys))
    if rows[-1].times:
        with_generated(floor, plugin=False)
        rows.append(repeat(Row("floor: MkDocs, generated pages without plugin"), runs,
                           [mkdocs, "build", "-q"], floor))
    else:
        rows.append(Row("floor: MkDocs", note="no floor: cjm generate failed"))
    if "zensical" in skip:
        rows.append(Row("floor: Zensical", note="skipped (--skip zensical)"))
    elif shutil.which("zensical", path=str(BIN)):
        zfloor = copy(root, tmp / f"zensical-{journeys}")
        try:
            measured([cjm, "generate", "--out", HANDBOOK], zfloor)
            with_generated(zfloor, plugin=True)  # Zensical runs no plugins of others
        except Failed as failure:
            rows.append(Row("floor: Zensical", note=f"cjm generate failed: {failure}"))
        else:
            zensical = [str(BIN / "zensical"), "build"]
            rows.append(repeat(Row("floor: Zensical, cold"), runs, [*zensical, "--clean"],
                               zfloor, [zfloor / "site"]))
            rows.append(repeat(Row("floor: Zensical, warm"), runs, zensical, zfloor))

    rows.append(repeat(Row("mkdocs build + plugin, cold"), runs, [mkdocs, "build", "-q"], root,
                       caches(root)))
    rows.append(repeat(Row("mkdocs build + plugin, warm"), runs, [mkdocs, "build", "-q"], root))
    rows.extend(serve_rebuild(root, runs, journeys))
    rows.append(diff(root, tmp / f"diff-{journeys}", runs, journeys))
    return rows


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Benchmark", "-c", "user.email=bench@example.invalid",
         "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True,
    )


def diff(root: Path, to: Path, runs: int, journeys: int) -> Row:
    """`cjm diff HEAD~1 HEAD` after a commit that changed a few journeys the way a review
    does: the emotions of a phase, and one step renamed."""
    repo = copy(root, to)
    changed = max(2, journeys // 20)
    what = f"cjm diff HEAD~1 HEAD ({changed} journeys changed)"
    if shutil.which("git") is None:
        return Row(what, note="skipped: no git")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "handbook")
    for j in range(0, journeys, max(1, journeys // changed))[:changed]:
        path = repo / "journeys" / "journeys" / f"journey-{j:04d}.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for step in data["phases"][j % 6]["steps"]:
            step["emotion"] = 6 - step["emotion"]
        data["phases"][(j + 1) % 6]["steps"][0]["name"] += " (neu)"
        path.write_text(dump(data), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "review")
    return repeat(Row(what), runs,
                  [str(BIN / "cjm"), "diff", "HEAD~1", "HEAD", "--today", TODAY.isoformat()],
                  repo)


def check_only(journeys: int, runs: int, tmp: Path) -> list[Row]:
    root = project(tmp / f"check-{journeys}", journeys, "mkdocs")
    check = [str(BIN / "cjm"), "check", "journeys", "--today", TODAY.isoformat()]
    print(f"-- {journeys} journeys, cjm check only", file=sys.stderr, flush=True)
    return [
        repeat(Row("cjm check, cold"), runs, check, root, caches(root)),
        repeat(Row("cjm check, warm"), runs, check, root),
        one_file_changed(Row("cjm check, 1 file changed"), runs, check, root, journeys),
    ]


def table(results: dict[int, list[Row]]) -> str:
    lines = [
        "| journeys | what | median s | spread s | x floor | CPU s | peak MB |",
        "|---:|:---|---:|---:|---:|---:|---:|",
    ]
    for journeys, rows in results.items():
        floor = next((r for r in rows if r.what.startswith("floor: MkDocs")), None)
        whole = next((r for r in rows if r.what.startswith("mkdocs serve")), None)
        for row in rows:
            if not row.times:
                lines.append(f"| {journeys:,} | {row.what} | {row.note} | | | | |")
                continue
            ratio = ""
            if floor is not None and row.what.startswith(("mkdocs build", "floor: Zensical")):
                ratio = f"{row.median / floor.median:.2f}"
            if row.what.startswith("  of which") and whole is not None:
                ratio = f"{row.median / whole.median:.1%} of rebuild"
                if row.cpu and whole.cpu:
                    share = statistics.median(row.cpu) / statistics.median(whole.cpu)
                    ratio += f" ({share:.1%} of its CPU)"
            cpu = f"{statistics.median(row.cpu):.2f}" if row.cpu else ""
            lines.append(
                f"| {journeys:,} | {row.what} | {row.median:.2f} | {row.spread:.2f} | {ratio} "
                f"| {cpu} | {row.peak_mb:.0f} |"
            )
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def profile(what: str, journeys: int, theme: str, tmp: Path) -> int:
    """A pyinstrument profile of one command (`check` or `build`, warm) at `journeys`."""
    root = project(tmp / "profile", journeys, theme)
    cmd = (
        [str(BIN / "cjm"), "check", "journeys", "--today", TODAY.isoformat()]
        if what == "check" else [str(BIN / "mkdocs"), "build", "-q"]
    )
    measured(cmd, root)  # the caches are warm after this
    prof = [PYTHON, "-m", "pyinstrument", "-r", "text", *cmd]
    subprocess.run(prof, cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000",
                        help="journeys per handbook, comma-separated (default: 10,100,1000)")
    parser.add_argument("--check-sizes", default="5000",
                        help="sizes measured with cjm check only (default: 5000; '' for none)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default 3)")
    parser.add_argument("--theme", default="material", choices=("mkdocs", "material"))
    parser.add_argument("--skip", default="", help="leave out: zensical")
    parser.add_argument("--profile", choices=("check", "build"),
                        help="print a pyinstrument profile of one warm run instead")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="cjm-bench-") as tmp:
        if args.profile:
            return profile(args.profile, sizes[-1], args.theme, Path(tmp))
        results: dict[int, list[Row]] = {}
        for journeys in sizes:
            results[journeys] = bench_size(
                journeys, args.runs, args.theme, Path(tmp), set(args.skip.split(","))
            )
        for journeys in (int(s) for s in args.check_sizes.split(",") if s):
            results.setdefault(journeys, []).extend(check_only(journeys, args.runs, Path(tmp)))
    print(f"machine: {machine()}; theme {args.theme}; {args.runs} runs each")
    print(table(results))
    for what in ("mkdocs build + plugin, warm", "cjm check, cold"):
        print(memory_growth(results, what))
    return 0


def memory_growth(results: dict[int, list[Row]], what: str) -> str:
    """How the peak memory of `what` grows: MB per 100 journeys between the sizes."""
    peaks = sorted(
        (journeys, row.peak_mb) for journeys, rows in results.items() for row in rows
        if row.what == what and row.times
    )
    if len(peaks) < 2:
        return f"{what}: peak memory measured at fewer than two sizes"
    steps = [
        f"{(b - a) / ((m - n) / 100):.1f} MB per 100 journeys from {n:,} to {m:,}"
        for (n, a), (m, b) in itertools.pairwise(peaks)
    ]
    return f"{what}: {'; '.join(steps)}"


if __name__ == "__main__":
    sys.exit(main())
