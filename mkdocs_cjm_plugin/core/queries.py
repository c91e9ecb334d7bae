"""Questions asked of a journey or a catalogue by checks, pages and pictures alike
(who takes part in a journey); walking a journey is `core.walk`."""

from __future__ import annotations

from mkdocs_cjm_plugin.core.model import Journey
from mkdocs_cjm_plugin.core.walk import walk

CUSTOMER = "customer"


def stakeholders_of(j: Journey) -> list[str]:
    """Stakeholder ids a journey names, in order of first mention."""
    ids: list[str] = []
    if j.owner:
        ids.append(j.owner)
    ids.extend(j.stakeholders)
    for phase in walk(j):
        ids.extend(phase.phase.responsible)
        ids.extend(o.owner for o in phase.phase.opportunities if o.owner)
        for step in phase.steps:
            if step.step.owner:
                ids.append(step.step.owner)
            ids.extend(o.owner for o in step.step.opportunities if o.owner)
    return list(dict.fromkeys(ids))
