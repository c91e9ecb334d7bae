"""Questions asked of a journey or a catalogue by checks, pages and pictures alike:
who takes part in a journey, which opportunities it has."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_cjm_plugin.core.model import Journey, Opportunity

CUSTOMER = "customer"


def stakeholders_of(j: Journey) -> list[str]:
    """Stakeholder ids a journey names, in order of first mention."""
    ids: list[str] = []
    if j.owner:
        ids.append(j.owner)
    ids.extend(j.stakeholders)
    for phase in j.phases:
        ids.extend(phase.responsible)
        ids.extend(o.owner for o in phase.opportunities if o.owner)
        for step in phase.steps:
            if step.owner:
                ids.append(step.owner)
            ids.extend(o.owner for o in step.opportunities if o.owner)
    return list(dict.fromkeys(ids))


def all_opportunities(j: Journey) -> Iterator[tuple[tuple[str | int, ...], Opportunity]]:
    for pi, phase in enumerate(j.phases):
        for oi, opp in enumerate(phase.opportunities):
            yield ("phases", pi, "opportunities", oi), opp
        for si, step in enumerate(phase.steps):
            for oi, opp in enumerate(step.opportunities):
                yield ("phases", pi, "steps", si, "opportunities", oi), opp
