"""The pages across journeys on a large handbook: 1,000 generated journeys (24,000 steps),
in memory. Each page model walks every journey once, so they are built in the same
order of time as the journey pages' models; `benchmarks/bench_cross.py` measures the
ratio (no time is asserted here). This test checks that the models of a handbook that
size are complete: every step, opportunity and KPI is counted once, on the right page.
"""

from __future__ import annotations

from benchmarks.bench_cross import (
    PHASES,
    STEPS_PER_PHASE,
    TODAY,
    cross_models,
    generated_catalogue,
    journey_models,
)
from mkdocs_cjm_plugin.core.model import SiteOptions

JOURNEYS = 1000


def test_the_models_of_a_thousand_journeys_count_everything_once() -> None:
    catalogue = generated_catalogue(JOURNEYS)
    options = SiteOptions(today=TODAY)
    steps = [s for j in catalogue.journeys.values() for _, s in j.steps()]
    assert len(steps) == JOURNEYS * len(PHASES) * STEPS_PER_PHASE
    opportunities = [o for j in catalogue.journeys.values() for o in j.opportunities()]
    kpis = [k for s in steps for k in s.kpis]

    models = cross_models(catalogue, options)
    assert len(journey_models(catalogue, options)) == JOURNEYS

    touchpoints = models["touchpoints"]
    uses = [u for _, groups in touchpoints.sections for g in groups for r in g.rows
            for u in r.uses]
    assert len(uses) == len(steps)  # every step names a touchpoint and a channel
    matrix_steps = sum(c.steps for _, cells in touchpoints.matrix.rows for c in cells)
    assert matrix_steps == len(steps)
    assert touchpoints.variants > 0  # the generator writes some touchpoints in lower case

    plan = models["actions"]
    assert plan.total == len(opportunities)
    assert plan.done == sum(o.status == "done" for o in opportunities)
    assert plan.overdue == sum(o.overdue(TODAY) for o in opportunities)

    board = models["kpis"]
    assert len(board.rows) == len(kpis)
    assert board.missed == sum(k.met() is False for k in kpis)

    assert len(models["matrix"].columns) == JOURNEYS
    overview = models["overview"]
    assert overview.steps == len(steps)
    assert overview.evidence.total == len(steps)
    assert [p.score for p in overview.lowest] == [1.0] * 5
    assert len(models["index_evidence"]) == JOURNEYS
    assert {s.journey.id for s in models["index_stale"]} == {
        j.id for j in catalogue.journeys.values() if j.stale(TODAY, options.stale_after_days)
    }
