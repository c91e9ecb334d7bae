"""Benchmark: `cjm diff` between two revisions of a large handbook in git.

Builds a git repository in a temporary folder with N journeys (6 phases x 4 steps, each
step with touchpoint, pains, KPIs and an action on some), commits it, changes a tenth of
the journeys the way a review does (emotions, a pain resolved, an action closed, a step
renamed, a step added) and commits again. Then it times, as a user runs it:

- `cjm diff HEAD~1 HEAD` (both sides read from git, nothing from the working tree);
- `cjm diff HEAD~1` (the working tree against a revision);
- `cjm diff HEAD~1 HEAD --format markdown`;

each the best of a few runs, as a new process (start-up included); and what the page
history (`history: true`) adds to `mkdocs build`, with an empty and with a warm cache.
Self-contained: it needs only git and the installed package. Run it from the repository
root:

    python benchmarks/bench_diff.py                 # 200 journeys
    python benchmarks/bench_diff.py --journeys 500
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

PHASES = ["Bedarf", "Suche", "Vergleich", "Kauf", "Nutzung", "Empfehlung"]
TEAMS = [f"team-{n}" for n in range(10)]


def _journey(rng: random.Random, n: int) -> dict[str, object]:
    phases = []
    for p, name in enumerate(PHASES):
        steps = []
        for s in range(4):
            step: dict[str, object] = {
                "name": f"Schritt {s + 1} in {name}",
                "touchpoint": f"Kontaktpunkt {p}-{s}",
                "channel": rng.choice(["Website", "Telefon", "E-Mail", "Filiale"]),
                "emotion": rng.randint(1, 5),
                "pains": [f"Ärgernis {p}-{s}-{k}" for k in range(rng.randint(0, 2))],
                "owner": rng.choice(TEAMS),
                "evidence": rng.choice(["assumption", "partial", "research"]),
            }
            if s == 1:
                step["kpis"] = [
                    {
                        "name": "Wartezeit",
                        "target": 3,
                        "actual": rng.randint(1, 6),
                        "higher_is_better": False,
                    }
                ]
            if s == 2:
                step["opportunities"] = [
                    {
                        "title": f"Verbesserung {p}",
                        "owner": rng.choice(TEAMS),
                        "due": f"2027-0{1 + p % 9}-15",
                        "status": "planned",
                    }
                ]
            steps.append(step)
        phases.append(
            {"id": f"phase-{p}", "name": name, "responsible": rng.sample(TEAMS, 2), "steps": steps}
        )
    return {
        "kind": "journey",
        "id": f"reise-{n:04d}",
        "title": f"Reise {n}",
        "persona": f"persona-{n % 10}",
        "owner": TEAMS[n % 10],
        "updated": "2026-10-01",
        "phases": phases,
    }


def _write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _review(journey: dict[str, object], rng: random.Random) -> None:
    """What a review changes in one journey."""
    phases = journey["phases"]
    assert isinstance(phases, list)
    first = phases[1]["steps"][0]
    first["emotion"] = 5 if first["emotion"] < 5 else 1
    second = phases[2]["steps"][1]
    second["pains"] = second["pains"][1:]
    phases[3]["steps"][2]["opportunities"][0]["status"] = "done"
    phases[4]["steps"][3]["name"] += " (neu)"
    phases[5]["steps"].append(
        {"name": "Schreibt eine Bewertung", "channel": "Website", "emotion": rng.randint(1, 5)}
    )
    journey["updated"] = "2026-11-20"


def _git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "B",
        "GIT_AUTHOR_EMAIL": "b@example.org",
        "GIT_COMMITTER_NAME": "B",
        "GIT_COMMITTER_EMAIL": "b@example.org",
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _timed(root: Path, args: list[str], runs: int) -> tuple[float, str]:
    best, out = float("inf"), ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [str(Path(sys.executable).parent / "cjm"), *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
        best = min(best, time.perf_counter() - start)
        out = done.stdout
    return best, out


def _history(root: Path) -> None:
    """What the page history (`history: true`) adds to a build: reading the last changes
    of every journey's file, with an empty cache and with a warm one, timed in-process
    (a whole `mkdocs build` on a busy machine varies by more than this)."""
    from mkdocs_cjm_plugin.core.history import site_history
    from mkdocs_cjm_plugin.core.pipeline import load_catalogue

    loaded = load_catalogue(root / "journeys", base=root)
    cache = root / ".cache" / "cjm"
    times = []
    for _ in range(3):
        start = time.perf_counter()
        found, _notes = site_history(loaded.catalogue, root, 10, cache, "mkdocs.yml", (1, 1))
        times.append(time.perf_counter() - start)
    print(
        f"page history of {len(found.journeys)} journeys: {times[0]:.2f} s with an empty "
        f"cache, {min(times[1:]):.2f} s with a warm one"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _git(root, "init", "-q", "-b", "main")
        (root / "mkdocs.yml").write_text("site_name: Bench\nplugins:\n  - cjm\n", encoding="utf-8")
        for n in range(10):
            _write(
                root / "journeys" / "personas" / f"persona-{n}.yml",
                {"kind": "persona", "id": f"persona-{n}", "name": f"Persona {n}"},
            )
        (root / "journeys" / "stakeholders.yml").write_text(
            "\n---\n".join(
                yaml.safe_dump({"kind": "stakeholder", "id": team, "name": team.title()})
                for team in TEAMS
            ),
            encoding="utf-8",
        )
        journeys = [_journey(rng, n) for n in range(args.journeys)]
        for journey in journeys:
            _write(root / "journeys" / "reisen" / f"{journey['id']}.yml", journey)
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", "base")
        changed = journeys[::10]
        for journey in changed:
            _review(journey, rng)
            _write(root / "journeys" / "reisen" / f"{journey['id']}.yml", journey)
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", "review")
        size = sum(p.stat().st_size for p in (root / "journeys").rglob("*.yml"))
        print(
            f"{args.journeys} journeys x 6 phases x 4 steps ({size / 1e6:.1f} MB of YAML), "
            f"{len(changed)} changed; best of {args.runs} runs, {os.cpu_count()} cores"
        )
        two, out = _timed(root, ["diff", "HEAD~1", "HEAD"], args.runs)
        print(f"cjm diff HEAD~1 HEAD:                 {two:.2f} s")
        print(f"  {out.splitlines()[1]}")
        tree, _ = _timed(root, ["diff", "HEAD~1"], args.runs)
        print(f"cjm diff HEAD~1 (working tree):       {tree:.2f} s")
        markdown, md = _timed(root, ["diff", "HEAD~1", "HEAD", "--format", "markdown"], args.runs)
        print(
            f"cjm diff HEAD~1 HEAD --format markdown: {markdown:.2f} s "
            f"({len(md) / 1e3:.0f} kB of Markdown)"
        )
        _history(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
