"""Benchmark: the page models across journeys against the journey pages' models.

Generates a handbook in memory (no files, no YAML: the models directly), by default
1,000 journeys of 6 phases x 4 steps with touchpoints, KPIs, opportunities and owners,
20 stakeholders and 10 personas, then measures, best of 3:

- the journey pages' models: `site.views.journey_view` for every journey (the work
  every build does already);
- the models of the pages across journeys: the touchpoints page, the action plan, the
  KPI board, the responsibility matrix, the overview, and the evidence bars and stale
  journeys of the journey index;

and prints both times and their ratio, for each size given, so that growth can be
read off: the cross-journey pages walk each journey once, so their time per step
stays flat as the handbook grows, and the ratio stays about the same.

Run it from the repository root:

    python benchmarks/bench_cross.py                       # 1,000 journeys
    python benchmarks/bench_cross.py --journeys 250 500 1000 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import random
import sys
import time
from collections.abc import Callable
from typing import Any

from mkdocs_cjm_plugin.core.load import Catalogue
from mkdocs_cjm_plugin.core.model import (
    Journey,
    Persona,
    SiteOptions,
    Stakeholder,
)
from mkdocs_cjm_plugin.site.across import (
    action_plan,
    evidence_bar,
    kpi_board,
    overview,
    responsibility_matrix,
    stale_journeys,
    touchpoints_page,
)
from mkdocs_cjm_plugin.site.views import journey_view

TODAY = dt.date(2026, 11, 23)
PHASES = ["Bedarf", "Information", "Vergleich", "Kauf", "Nutzung", "Bindung"]
CHANNELS = ["Website", "Telefon", "E-Mail", "Filiale", "App", "Messe", "Chat", "Brief"]
TOUCHPOINTS = [
    "Kontaktformular", "Hotline Vertrieb", "Produktseite", "Angebots-PDF", "Chatbot",
    "Messestand", "Rechnung", "Kundenkonto", "Newsletter", "Filialberatung",
]
STATUSES = ["idea", "planned", "doing", "done"]
EVIDENCE = ["assumption", "partial", "research"]
STEPS_PER_PHASE = 4


def _touchpoint(rng: random.Random) -> str:
    name = rng.choice(TOUCHPOINTS) + f" {rng.randrange(40)}"
    # Now and then written another way: the grouping by spelling has work to do.
    return name.lower() if rng.random() < 0.05 else name


def generated_catalogue(journeys: int, seed: int = 1) -> Catalogue:
    """A handbook of `journeys` journeys, the same for the same arguments."""
    rng = random.Random(seed)
    stakeholders = {
        f"team-{i}": Stakeholder(id=f"team-{i}", name=f"Team {i}") for i in range(20)
    }
    personas = {f"p-{i}": Persona(id=f"p-{i}", name=f"Persona {i}") for i in range(10)}
    out: dict[str, Journey] = {}
    for n in range(journeys):
        phases: list[dict[str, Any]] = []
        for pi, name in enumerate(PHASES):
            steps = [
                {
                    "name": f"Schritt {si + 1}",
                    "touchpoint": _touchpoint(rng),
                    "channel": rng.choice(CHANNELS),
                    "emotion": rng.randint(1, 5),
                    "pains": [f"Pain {rng.randrange(100)}"],
                    "moment_of_truth": rng.random() < 0.1,
                    "owner": f"team-{rng.randrange(20)}" if rng.random() < 0.5 else None,
                    "evidence": rng.choice(EVIDENCE),
                    "kpis": [{"name": f"KPI {pi}-{si}", "target": 10,
                              "actual": rng.randint(5, 15)}] if rng.random() < 0.2 else [],
                    "opportunities": [{
                        "title": f"Maßnahme {n}-{pi}-{si}",
                        "owner": f"team-{rng.randrange(20)}" if rng.random() < 0.8 else None,
                        "due": (TODAY + dt.timedelta(days=rng.randint(-200, 200))).isoformat(),
                        "status": rng.choice(STATUSES),
                    }] if rng.random() < 0.25 else [],
                }
                for si in range(STEPS_PER_PHASE)
            ]
            phases.append({
                "name": name,
                "responsible": [f"team-{rng.randrange(20)}"] if rng.random() < 0.7 else [],
                "steps": steps,
            })
        ident = f"journey-{n}"
        updated = TODAY - dt.timedelta(days=rng.randint(0, 800))
        out[ident] = Journey.model_validate({
            "id": ident, "title": f"Journey {n}", "persona": f"p-{n % 10}",
            "owner": f"team-{n % 20}", "updated": updated.isoformat(), "phases": phases,
        })
    return Catalogue(personas=personas, stakeholders=stakeholders, journeys=out)


def cross_models(catalogue: Catalogue, options: SiteOptions) -> dict[str, Any]:
    """Every model of the pages across journeys, as a build makes them."""
    journeys = list(catalogue.journeys.values())
    plan = action_plan(catalogue, options)
    board = kpi_board(catalogue)
    touchpoints = touchpoints_page(catalogue, options)
    return {
        "touchpoints": touchpoints,
        "actions": plan,
        "kpis": board,
        "matrix": responsibility_matrix(catalogue),
        "overview": overview(catalogue, options, plan, board, touchpoints),
        "index_evidence": {j.id: evidence_bar([j]) for j in journeys},
        "index_stale": stale_journeys(journeys, options),
    }


def journey_models(catalogue: Catalogue, options: SiteOptions) -> list[Any]:
    return [journey_view(j, catalogue, options) for j in catalogue.journeys.values()]


def _best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    options = SiteOptions(today=TODAY)
    print(f"{'journeys':>8} {'steps':>7} {'journey pages':>14} {'across':>9} {'ratio':>6} "
          f"{'µs/step across':>15}")
    for n in args.journeys:
        catalogue = generated_catalogue(n)
        steps = n * len(PHASES) * STEPS_PER_PHASE
        own = _best_of(args.runs, functools.partial(journey_models, catalogue, options))
        cross = _best_of(args.runs, functools.partial(cross_models, catalogue, options))
        print(f"{n:>8} {steps:>7} {own:>13.3f}s {cross:>8.3f}s {cross / own:>6.2f} "
              f"{cross / steps * 1e6:>15.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
