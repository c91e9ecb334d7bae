"""View models: what each generated page shows, prepared for the templates.

Templates stay about layout; decisions (which lanes have content, what is
overdue, which journeys a stakeholder works on) are made here in plain Python.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic
from mkdocs_cjm_plugin.core.load import Catalogue
from mkdocs_cjm_plugin.core.model import (
    ID_PATTERN,
    Journey,
    Kpi,
    Opportunity,
    Phase,
    SiteOptions,
    Step,
    mean,
    page_id_problem,
    shorter_id,
    slugify,
    stem_id,
)
from mkdocs_cjm_plugin.core.queries import roles, stakeholders_of
from mkdocs_cjm_plugin.core.walk import steps as walk_steps
from mkdocs_cjm_plugin.core.walk import walk

LANES = (
    "customer_goals", "steps", "touchpoints", "thoughts", "emotion", "pains", "gains",
    "moments", "company_goals", "backstage", "responsible", "systems", "kpis", "evidence",
    "opportunities",
)


@dataclass
class StepView:
    step: Step
    anchor: str
    online: bool | None


@dataclass
class OpportunityView:
    opportunity: Opportunity
    overdue: bool
    phase: Phase
    step: StepView | None = None


@dataclass
class PhaseView:
    phase: Phase
    index: int
    anchor: str
    steps: list[StepView]
    score: float | None
    systems: list[str]
    kpis: list[Kpi]
    opportunities: list[OpportunityView]

    def lane_has_content(self, lane: str) -> bool:
        p, steps = self.phase, [s.step for s in self.steps]
        return {
            "customer_goals": bool(p.customer_goals),
            "steps": bool(steps),
            "touchpoints": any(s.touchpoint or s.channel for s in steps),
            "thoughts": any(s.thoughts for s in steps),
            "emotion": self.score is not None,
            "pains": any(s.pains for s in steps),
            "gains": any(s.gains for s in steps),
            "moments": any(s.is_moment_of_truth for s in steps),
            "company_goals": bool(p.company_goals),
            "backstage": bool(p.backstage),
            "responsible": bool(p.responsible),
            "systems": bool(self.systems),
            "kpis": bool(self.kpis),
            "evidence": bool(steps),
            "opportunities": bool(self.opportunities),
        }[lane]


@dataclass
class JourneyView:
    journey: Journey
    phases: list[PhaseView]
    lanes: list[str]
    stale: bool
    compares_to: Journey | None
    compared_by: list[Journey]
    opportunities: list[OpportunityView]
    stakeholders: list[str]
    stats: JourneyStats


@dataclass
class JourneyStats:
    phases: int
    steps: int
    mean: float | None
    lowest: float | None
    moments: int
    open: int
    overdue: int
    scores: list[float] = field(default_factory=list)


def journey_stats(j: Journey, today: dt.date) -> JourneyStats:
    scores = j.scores()
    opps = j.opportunities()
    return JourneyStats(
        phases=len(j.phases),
        steps=sum(len(p.steps) for p in j.phases),
        mean=mean(scores) if scores else None,
        lowest=min(scores) if scores else None,
        moments=sum(s.is_moment_of_truth for _, s in j.steps()),
        open=sum(o.status != "done" for o in opps),
        overdue=sum(o.overdue(today) for o in opps),
        scores=scores,
    )


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def journey_view(j: Journey, catalogue: Catalogue, options: SiteOptions) -> JourneyView:
    today = options.effective_today()
    phases: list[PhaseView] = []
    all_opps: list[OpportunityView] = []
    for walked in walk(j):
        phase, index = walked.phase, walked.number
        steps = [
            StepView(at.step, at.anchor, at.step.online if at.step.online is not None
                     else options.channel_online(at.step.channel))
            for at in walked.steps
        ]
        opps = [OpportunityView(o, o.overdue(today), phase) for o in phase.opportunities]
        for sv in steps:
            opps.extend(OpportunityView(o, o.overdue(today), phase, sv)
                        for o in sv.step.opportunities)
        systems = _dedupe([*phase.systems, *(x for s in phase.steps for x in s.systems)])
        kpis = [*phase.kpis, *(k for s in phase.steps for k in s.kpis)]
        phases.append(PhaseView(phase, index, walked.anchor, steps, phase.score,
                                systems, kpis, opps))
        all_opps.extend(opps)
    lanes = [lane for lane in LANES if any(p.lane_has_content(lane) for p in phases)]
    compares_to = catalogue.journeys.get(j.compares_to or "")
    compared_by = [catalogue.journeys[i] for i in catalogue.compared_by.get(j.id, ())]
    return JourneyView(
        journey=j, phases=phases, lanes=lanes,
        stale=j.stale(today, options.stale_after_days),
        compares_to=compares_to, compared_by=compared_by, opportunities=all_opps,
        stakeholders=[s for s in stakeholders_of(j) if s in catalogue.stakeholders],
        stats=journey_stats(j, today),
    )


@dataclass
class Involvement:
    journey: Journey
    roles: list[str]
    steps: list[tuple[str, str]]
    """(step name, anchor) where the stakeholder owns the step."""


def involvement(catalogue: Catalogue) -> dict[str, list[Involvement]]:
    """Per stakeholder: the journeys it works on, in which roles and at which steps."""
    out: dict[str, list[Involvement]] = {sid: [] for sid in catalogue.stakeholders}
    for j in catalogue.journeys.values():
        found: dict[str, list[str]] = {}
        steps: dict[str, list[tuple[str, str]]] = {}
        for _, sid, role in roles(j):
            found.setdefault(sid, [])
            if role not in found[sid]:
                found[sid].append(role)
        for at in walk_steps(j):
            if at.step.owner:
                steps.setdefault(at.step.owner, []).append((at.step.name, at.anchor))
        for sid, rs in found.items():
            if sid in out:
                out[sid].append(Involvement(j, rs, steps.get(sid, [])))
    return out


@dataclass
class HeatCell:
    journey: Journey
    phase: Phase | None
    score: float | None


@dataclass
class Heatmap:
    columns: list[str]
    rows: list[tuple[Journey, list[HeatCell]]]


def heatmap(journeys: list[Journey], options: SiteOptions) -> Heatmap:
    """Journeys as rows, phases as columns: by the phase model, else by position."""
    if options.phase_model:
        columns = [p.name for p in options.phase_model]
        order = [p.id for p in options.phase_model]
        rows = []
        for j in journeys:
            by_key = {p.key: p for p in j.phases}
            rows.append((j, [HeatCell(j, by_key.get(k), _score(by_key.get(k))) for k in order]))
        return Heatmap(columns, rows)
    width = max((len(j.phases) for j in journeys), default=0)
    columns = [str(i) for i in range(1, width + 1)]
    rows = []
    for j in journeys:
        cells = [
            HeatCell(j, j.phases[i] if i < len(j.phases) else None,
                     _score(j.phases[i]) if i < len(j.phases) else None)
            for i in range(width)
        ]
        rows.append((j, cells))
    return Heatmap(columns, rows)


def _score(phase: Phase | None) -> float | None:
    return phase.score if phase is not None else None


def emotion_style(options: SiteOptions) -> Callable[[float | None], str]:
    """`--cjm-t` for a score: 0 (worst, red) to 1 (best, green); CSS turns it into colour."""
    scale = options.emotion_scale

    def style(score: float | None) -> str:
        if score is None:
            return ""
        return f"--cjm-t:{scale.fraction(score):.2f}"

    return style


@dataclass
class UnreadableFile:
    """A definition file of which nothing could be read (bad YAML, bad encoding, too
    large, no `kind`...): it keeps a page in the journeys section, named after the file,
    that lists its problems until it is fixed."""

    ident: str
    """The journey id the file name gives (as for a file without `id:`)."""
    path: str
    name: str
    errors: list[Diagnostic]


def unreadable_files(
    catalogue: Catalogue, diagnostics: Iterable[Diagnostic], taken: Iterable[str]
) -> list[UnreadableFile]:
    """Files in `catalogue.unloaded` that gave no persona, stakeholder or journey at all.

    A file that gave some definitions is reported by its problems alone: its other
    parts have their pages. `taken` are page ids already in use (journeys, valid or
    not). Each file gets a page of its own, so that its problems appear somewhere: a
    file whose name gives an id in use (`ist/kauf.yml` beside `soll/kauf.yml`) gets
    the next free one, `kauf-2`, `kauf-3`, in the order of the files (sorted by path),
    so the addresses stay the same from build to build.
    """
    loaded = {src.path for src in catalogue.sources.values()}
    used = set(taken)
    errors: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.is_error:
            errors.setdefault(d.path, []).append(d)
    out = []
    # The last number given to each name: a thousand `x.yml` in as many folders would
    # otherwise try `x-2`, `x-3`, ... anew each, in time square in their number.
    last: dict[str, int] = {}
    for path in dict.fromkeys(catalogue.unloaded):
        if path in loaded:
            continue
        ident = stem_id(path)
        if not re.fullmatch(ID_PATTERN, ident):  # `Übergabe.yml`: `uebergabe`, as `id:` would
            ident = slugify(PurePosixPath(path).stem) or "file"
        if page_id_problem(ident):  # `index` would be the journeys overview itself
            ident = shorter_id(ident)
        candidate, n = ident, last.get(ident, 1)
        if n > 1:
            candidate = f"{ident}-{n}"
        while candidate in used or page_id_problem(candidate):
            n += 1
            candidate = f"{ident}-{n}"
        last[ident] = n
        ident = candidate
        used.add(ident)
        out.append(UnreadableFile(ident, path, PurePosixPath(path).name, errors.get(path, [])))
    return out
