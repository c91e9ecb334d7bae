"""Checks across the whole catalogue: references, scales, phase model, hygiene.

Each check is a small function over the catalogue that yields diagnostics
pointing at the exact key or value in the YAML that needs a change; the modules
here hold them by concern, and `check_catalogue` runs them all.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs_cjm_plugin.core.checks.hygiene import (
    entry_lists,
    journey_hygiene,
    persona_checks,
    touchpoint_variants,
    unused_stakeholders,
)
from mkdocs_cjm_plugin.core.checks.phases import journey_phases
from mkdocs_cjm_plugin.core.checks.references import Refs, journey_refs
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic
from mkdocs_cjm_plugin.core.load import Catalogue
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.core.walk import walk


def check_catalogue(
    catalogue: Catalogue, options: SiteOptions, *, docs_dir: Path | None = None
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    refs = Refs(catalogue)
    for journey in catalogue.journeys.values():
        src = catalogue.source("journey", journey.id)
        found = [
            *journey_refs(refs, journey, src),
            *journey_phases(journey, src, options),
            *journey_hygiene(journey, src, options),
            *entry_lists(src, (), journey),
        ]
        for phase in walk(journey):
            found.extend(entry_lists(src, phase.at, phase.phase))
            for step in phase.steps:
                found.extend(entry_lists(src, step.at, step.step))
        # Kept per journey too: its page shows a reviewer what is wrong with it.
        catalogue.issues[("journey", journey.id)] = [d for d in found if d.severity.rank < 2]
        out.extend(found)
    for sh in catalogue.stakeholders.values():
        src = catalogue.source("stakeholder", sh.id)
        for i, rel in enumerate(sh.relations):
            out.extend(refs.check(src, ("relations", i, "to"), rel.to, "relation", sh.id))
        out.extend(entry_lists(src, (), sh))
    for persona in catalogue.personas.values():
        out.extend(entry_lists(catalogue.source("persona", persona.id), (), persona))
        out.extend(persona_checks(catalogue, persona.id, docs_dir, "persona" in refs.missed))
    if "stakeholder" not in refs.missed:
        out.extend(unused_stakeholders(catalogue))
    out.extend(touchpoint_variants(catalogue))
    out.extend(refs.unchecked())
    return out
