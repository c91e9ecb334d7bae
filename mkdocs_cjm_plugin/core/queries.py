"""Questions asked of a journey or a catalogue by checks, pages and pictures alike
(who takes part in a journey and where, which touchpoints are the same, where each
opportunity and KPI stands, how well the steps are backed); walking a journey is
`core.walk`.

Every question walks each journey once, so that pages across a large handbook cost
time in proportion to its steps.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from mkdocs_cjm_plugin.core.model import Evidence, Journey, Kpi, Opportunity
from mkdocs_cjm_plugin.core.walk import PhaseAt, StepAt, YamlPath, walk

CUSTOMER = "customer"

EVIDENCE_LEVELS: tuple[Evidence, ...] = ("research", "partial", "assumption")
"""Best backed first: the order of the evidence bars."""

ROLES = ("as_owner", "as_responsible", "as_step_owner", "as_action_owner", "as_named")
"""What a stakeholder can be in a journey, in the order pages list them."""


def stakeholders_of(j: Journey) -> list[str]:
    """Stakeholder ids a journey names, in order of first mention."""
    return list(dict.fromkeys(sid for _, sid, _ in roles(j)))


def roles(j: Journey) -> Iterator[tuple[PhaseAt | None, str, str]]:
    """(phase, stakeholder id, role) for every mention of a stakeholder in `j`, in the
    order of the file; the phase is None for the journey's own `owner` and
    `stakeholders`. Roles are the keys of `ROLES`."""
    if j.owner:
        yield None, j.owner, "as_owner"
    for sid in j.stakeholders:
        yield None, sid, "as_named"
    for phase in walk(j):
        for sid in phase.phase.responsible:
            yield phase, sid, "as_responsible"
        for opp in phase.phase.opportunities:
            if opp.owner:
                yield phase, opp.owner, "as_action_owner"
        for step in phase.steps:
            if step.step.owner:
                yield phase, step.step.owner, "as_step_owner"
            for opp in step.step.opportunities:
                if opp.owner:
                    yield phase, opp.owner, "as_action_owner"


# --- touchpoints and channels ------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/.]+")


def spelling_key(text: str) -> str:
    """What stays of a touchpoint's or channel's name when case, spaces and dashes are
    ignored: `Hotline-Vertrieb`, `hotline vertrieb` and `Hotline  Vertrieb` are one."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_SEPARATORS.sub(" ", text).split())


def usual_spelling(spellings: Iterable[str]) -> str:
    """The spelling written most often; on a tie the one written first."""
    counts = Counter(spellings)
    return max(counts, key=lambda s: counts[s])  # max keeps the first of equals


@dataclass(frozen=True)
class StepUse:
    """A step of a journey, with where it stands (for links and messages)."""

    journey: Journey
    phase: PhaseAt
    step: StepAt


def step_uses(journeys: Iterable[Journey]) -> Iterator[StepUse]:
    """Every step of every journey, in order."""
    for j in journeys:
        for phase in walk(j):
            for step in phase.steps:
                yield StepUse(j, phase, step)


def touchpoint_spellings(journeys: Iterable[Journey]) -> dict[str, list[StepUse]]:
    """Steps naming a touchpoint, by `spelling_key` of the touchpoint, in order."""
    out: dict[str, list[StepUse]] = {}
    for use in step_uses(journeys):
        name = use.step.step.touchpoint
        if name:
            out.setdefault(spelling_key(name), []).append(use)
    return out


# --- opportunities and KPIs -----------------------------------------------------------------


@dataclass(frozen=True)
class Spot:
    """A phase of a journey, or a step in it (`step` None: the phase itself)."""

    journey: Journey
    phase: PhaseAt
    step: StepAt | None

    @property
    def anchor(self) -> str:
        return self.step.anchor if self.step else self.phase.anchor

    @property
    def name(self) -> str:
        return self.step.step.name if self.step else self.phase.phase.name


@dataclass(frozen=True)
class Place(Spot):
    """Where an opportunity or a KPI was written: its journey, phase and step (None for
    one of the phase), and its place in the file."""

    at: YamlPath


def opportunity_places(journeys: Iterable[Journey]) -> Iterator[tuple[Place, Opportunity]]:
    """Every opportunity of every journey (a phase's first, then its steps')."""
    return _places(journeys, "opportunities")


def kpi_places(journeys: Iterable[Journey]) -> Iterator[tuple[Place, Kpi]]:
    """Every KPI of every journey (a phase's first, then its steps')."""
    return _places(journeys, "kpis")


def _places(journeys: Iterable[Journey], key: str) -> Iterator[tuple[Place, Any]]:
    """Every entry of the list `key` of each phase and step, where it stands."""
    for j in journeys:
        for phase in walk(j):
            for i, entry in enumerate(getattr(phase.phase, key)):
                yield Place(j, phase, None, (*phase.at, key, i)), entry
            for step in phase.steps:
                for i, entry in enumerate(getattr(step.step, key)):
                    yield Place(j, phase, step, (*step.at, key, i)), entry


def kpi_gap(kpi: Kpi) -> float | None:
    """How far the actual value is on the good side of the target (negative: short of
    it, in the KPI's unit), or None when a number is missing."""
    if kpi.target is None or kpi.actual is None:
        return None
    gap = kpi.actual - kpi.target
    return gap if kpi.higher_is_better else -gap


# --- evidence and freshness -----------------------------------------------------------------


def evidence_counts(journeys: Iterable[Journey]) -> dict[Evidence, int]:
    """How many steps are research-backed, partly backed and assumed."""
    counts: dict[Evidence, int] = dict.fromkeys(EVIDENCE_LEVELS, 0)
    for use in step_uses(journeys):
        counts[use.step.step.evidence] += 1
    return counts


def age_days(j: Journey, today: dt.date) -> int | None:
    """Days since the journey was last reviewed, or None when it never was."""
    return None if j.updated is None else (today - j.updated).days
