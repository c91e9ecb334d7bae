"""Benchmark: load and validate a large handbook with `load_catalogue`.

Generates 1,000 journeys (6 phases x 4 steps each, with realistic fields) plus 10
personas and 10 stakeholders into a temporary folder, then measures:

- wall time of `load_catalogue` (reading, YAML, validation, cross-checks), best of 3;
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
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from mkdocs_cjm_plugin.core.files import find_files
from mkdocs_cjm_plugin.core.load import LoadResult
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_catalogue

TARGET_SECONDS = 2.0
PHASES = [
    ("inspiration", "Inspiration & Bedarf erkennen"),
    ("informationssuche", "Informationssuche"),
    ("planung", "Planung & Vergleich"),
    ("kauf", "Entscheidung & Kauf"),
    ("lieferung", "Lieferung & Nutzung"),
    ("bindung", "Service & Bindung"),
]
CHANNELS = ["Website", "Telefon", "E-Mail", "Filiale", "App", "Messe", "Chat", "Brief"]
VERBS = ["Sucht", "Vergleicht", "Ruft", "Liest", "Bestellt", "Wartet auf", "Prüft", "Testet"]
NOUNS = ["Angebot", "Hotline", "Ratgeber", "Lieferung", "Rechnung", "Vertrag", "Gerät", "Termin"]
SYSTEMS = ["CRM", "ERP", "Website-CMS", "Ticketsystem", "Matomo", "Telefonanlage"]
PAINS = [
    "Preise nur *auf Anfrage*",
    "Lange Warteschleife",
    "Formular mit 14 Pflichtfeldern",
    "Niemand kennt die Vorgeschichte",
    "Wartungskosten im Kleingedruckten",
]
GAINS = [
    "Klare Angabe der Lieferzeit",
    "Ein fester Ansprechpartner",
    "Rückruf zur vereinbarten Zeit",
    "Alle Kosten auf einer Seite",
]


def _persona(i: int) -> dict[str, Any]:
    return {
        "kind": "persona",
        "id": f"persona-{i}",
        "name": f"Persona {i} Beispiel",
        "role": "Einkaufsleiterin im Mittelstand",
        "quote": "Ich brauche ein Angebot, das ich in fünf Minuten erklären kann.",
        "summary": "Entscheidet **nach Gesamtkosten** über die Laufzeit, nicht nach Listenpreis.",
        "segment": "Gold",
        "demographics": {"Alter": 30 + i, "Wohnort": "Heilbronn", "Einkommen": "86.000 €"},
        "goals": ["Planbare Kosten", "Wenige, verlässliche Lieferanten"],
        "pains": PAINS[:3],
        "gains": GAINS[:3],
        "channels": ["Suchmaschine", "Fachmessen", "Newsletter"],
        "tags": ["B2B", "Einkauf"],
    }


def _stakeholder(i: int) -> dict[str, Any]:
    return {
        "kind": "stakeholder",
        "id": f"team-{i}",
        "name": f"Team {i}",
        "type": ["internal", "external", "partner"][i % 3],
        "importance": ["essential", "important", "interesting"][i % 3],
        "description": "Sorgt dafür, dass Anfragen **am selben Tag** beantwortet werden.",
        "relations": [
            {"to": "customer", "label": "Beratung"},
            {"to": f"team-{(i + 1) % 10}", "label": "Fallhistorie", "kind": "informal"},
        ],
        "tags": ["Service"],
    }


def _step(rng: random.Random, j: int, p: int, s: int) -> dict[str, Any]:
    step: dict[str, Any] = {
        "name": f"{rng.choice(VERBS)} {rng.choice(NOUNS)} ({p + 1}.{s + 1})",
        "action": "Öffnet die Seite, liest die Bedingungen und entscheidet, ob es weitergeht.",
        "touchpoint": f"Kontaktpunkt {rng.choice(NOUNS)}",
        "channel": rng.choice(CHANNELS),
        "thoughts": ["Warum dauert das so lange?", "Wer ist eigentlich zuständig?"],
        "emotion": rng.randint(1, 5),
        "pains": rng.sample(PAINS, 2),
        "gains": rng.choice(GAINS),
        "owner": f"team-{(j + s) % 10}",
        "systems": rng.sample(SYSTEMS, 2),
        "evidence": rng.choice(["assumption", "partial", "research"]),
    }
    if s == 1:
        step["moment_of_truth"] = "Hier entscheidet sich, ob die Kundin bleibt."
        step["kpis"] = [
            {"name": "Wartezeit", "target": 2, "actual": rng.randint(1, 6), "unit": "Minuten",
             "source": "Telefonanlage", "higher_is_better": False},
        ]
    if s == 2:
        step["opportunities"] = [
            {"title": "Rückrufservice statt Warteschleife", "owner": f"team-{j % 10}",
             "due": dt.date(2027, 1 + p, 15), "status": "planned", "impact": "high",
             "description": "Kundinnen wählen ein Zeitfenster für den Rückruf."},
        ]
    return step


def _journey(rng: random.Random, j: int) -> dict[str, Any]:
    phases = []
    for p, (pid, name) in enumerate(PHASES):
        phases.append({
            "id": pid,
            "name": name,
            "description": "Was in dieser Phase geschieht, in zwei Sätzen erklärt.",
            "customer_goals": ["Marktüberblick gewinnen", "Preisrahmen kennen"],
            "company_goals": "Eine qualifizierte Anfrage erhalten",
            "backstage": ["Kampagne *Kaffeepause neu gedacht*", "Angebotskalkulation im ERP"],
            "responsible": [f"team-{(j + p) % 10}", f"team-{(j + p + 1) % 10}"],
            "systems": rng.sample(SYSTEMS, 3),
            "kpis": [{"name": "Anfragen", "target": 60, "actual": rng.randint(20, 90),
                      "unit": "pro Monat", "source": "CRM"}],
            "steps": [_step(rng, j, p, s) for s in range(4)],
        })
    return {
        "kind": "journey",
        "id": f"journey-{j}",
        "title": f"Reise {j}: Kaffeeversorgung fürs Büro beschaffen",
        "persona": f"persona-{j % 10}",
        "state": "current",
        "owner": f"team-{j % 10}",
        "summary": "Die heutige Kaufreise einer Geschäftskundin vom ersten Ärger bis zur "
                   "Weiterempfehlung.",
        "scenario": "Die alten Padmaschinen fallen reihenweise aus.",
        "expectation": "Innerhalb von sechs Wochen ein vergleichbares Angebot.",
        "stakeholders": [f"team-{(j + 3) % 10}"],
        "tags": ["B2B", "Kauf"],
        "updated": dt.date(2026, 10, 1),
        "extra": {"Workshop": "17.09.2026", "Version": "1.3"},
        "phases": phases,
    }


def generate(folder: Path, journeys: int, seed: int = 1) -> int:
    """Write the handbook into `folder`; returns the number of bytes written."""
    rng = random.Random(seed)
    (folder / "personas").mkdir(parents=True)
    (folder / "journeys").mkdir()
    size = 0

    def dump(path: Path, data: Any) -> None:
        nonlocal size
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))

    for i in range(10):
        dump(folder / "personas" / f"persona-{i}.yml", _persona(i))
    text = yaml.safe_dump_all(
        [_stakeholder(i) for i in range(10)], allow_unicode=True, sort_keys=False
    )
    (folder / "stakeholders.yml").write_text(text, encoding="utf-8")
    size += len(text.encode("utf-8"))
    for j in range(journeys):
        dump(folder / "journeys" / f"journey-{j:04d}.yml", _journey(rng, j))
    return size


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
        load_catalogue(folder, options, base=Path(tmp))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            load_catalogue(folder, options, base=Path(tmp))
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)

    per_second = args.journeys / cjm_time
    ratio = cjm_time / yaml_time
    print(f"files: {files} ({size / 1e6:.1f} MB of YAML), {args.journeys} journeys "
          f"x {len(PHASES)} phases x 4 steps, 10 personas, 10 stakeholders")
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
