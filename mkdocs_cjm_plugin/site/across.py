"""Page models across journeys: touchpoints and channels, the action plan, the KPI
board, the responsibility matrix, evidence and freshness, and the handbook overview.

Each model walks every journey once (through `core.queries`), so its cost grows with
the number of steps, not with journeys times stakeholders or touchpoints times steps.
Templates stay about layout; numbers, order and groups are decided here.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from mkdocs_cjm_plugin.core.load import Catalogue
from mkdocs_cjm_plugin.core.model import (
    Evidence,
    Journey,
    Kpi,
    Opportunity,
    SiteOptions,
    mean,
    slugify,
)
from mkdocs_cjm_plugin.core.queries import (
    EVIDENCE_LEVELS,
    ROLES,
    Place,
    Spot,
    StepUse,
    age_days,
    evidence_counts,
    kpi_gap,
    kpi_places,
    opportunity_places,
    roles,
    spelling_key,
    step_uses,
    usual_spelling,
)
from mkdocs_cjm_plugin.core.walk import PhaseAt, StepAt, walk

# --- evidence and freshness ---------------------------------------------------------------


@dataclass
class EvidenceBar:
    """How many steps are research-backed, partly backed and assumed."""

    counts: dict[Evidence, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def parts(self) -> list[tuple[Evidence, int, float]]:
        """(level, steps, share 0..1) for each level with steps, best backed first."""
        total = self.total
        return [
            (level, self.counts[level], self.counts[level] / total)
            for level in EVIDENCE_LEVELS
            if total and self.counts[level]
        ]


def evidence_bar(journeys: Iterable[Journey]) -> EvidenceBar:
    return EvidenceBar(evidence_counts(journeys))


@dataclass
class StaleJourney:
    journey: Journey
    age: int | None
    """Days since the last review; None when it was never reviewed."""


def stale_journeys(journeys: Iterable[Journey], options: SiteOptions) -> list[StaleJourney]:
    """Journeys past `stale_after_days` (or never reviewed), the longest unreviewed first."""
    today = options.effective_today()
    out = [
        StaleJourney(j, age_days(j, today))
        for j in journeys
        if j.stale(today, options.stale_after_days)
    ]
    # Never reviewed first, then by age; the sort is stable, so ties keep file order.
    out.sort(key=lambda s: -1 if s.age is None else -s.age - 1)
    return out


# --- touchpoints and channels ------------------------------------------------------------


@dataclass
class TouchpointRow:
    """A touchpoint (all spellings that differ only in case, spaces and dashes), or the
    steps of a channel that name no touchpoint (`name` None)."""

    name: str | None
    variants: list[str]
    """Other spellings of the name, as written."""
    uses: list[StepUse]
    online: bool | None
    journeys: list[Journey]
    mean: float | None
    lowest: float | None
    pains: list[str]
    moments: list[StepUse]
    owners: list[str]
    """Stakeholder ids owning its steps."""


@dataclass
class ChannelGroup:
    name: str | None
    """The channel as written most often; None for steps naming no channel."""
    online: bool | None
    rows: list[TouchpointRow]
    steps: int
    mean: float | None
    anchor: str = ""
    """`channel-<name>`, unique on the page."""


@dataclass
class MatrixCell:
    steps: int
    mean: float | None


@dataclass
class ChannelMatrix:
    """Channels as rows, phases as columns (of the phase model, else by position)."""

    columns: list[str]
    rows: list[tuple[str, list[MatrixCell]]]


@dataclass
class TouchpointsPage:
    sections: list[tuple[bool | None, list[ChannelGroup]]]
    """(online, offline, unknown) with their channels; empty sections left out."""
    matrix: ChannelMatrix
    journeys: int
    """How many journeys the handbook has (the scale of the usage bars)."""
    touchpoints: int
    """Different touchpoints (spelling aside), whichever channels they are used in."""
    variants: int
    """Touchpoints written in more than one way."""

    @property
    def channels(self) -> int:
        return sum(g.name is not None for _, groups in self.sections for g in groups)


def _worst_first(score: float | None) -> tuple[int, float]:
    return (1, 0.0) if score is None else (0, score)


def _scores(uses: list[StepUse]) -> list[float]:
    return [u.step.step.emotion for u in uses if u.step.step.emotion is not None]


class _Online:
    """Online or offline of a step: its own `online:`, else its channel's (looked up once
    per channel name: the site's list is searched by name)."""

    def __init__(self, options: SiteOptions) -> None:
        self.options = options
        self.channels: dict[str | None, bool | None] = {}

    def __call__(self, use: StepUse) -> bool | None:
        step = use.step.step
        if step.online is not None:
            return step.online
        if step.channel not in self.channels:
            self.channels[step.channel] = self.options.channel_online(step.channel)
        return self.channels[step.channel]

    def most(self, uses: list[StepUse]) -> bool | None:
        """As most of the steps say; unknown when they are evenly split or none says."""
        said = [value for u in uses if (value := self(u)) is not None]
        yes = sum(said)
        no = len(said) - yes
        return None if yes == no else yes > no


def touchpoints_page(catalogue: Catalogue, options: SiteOptions) -> TouchpointsPage:
    journeys = list(catalogue.journeys.values())
    online = _Online(options)
    # None stands for "not named": a name of dashes only has an empty key, but a name.
    by_channel: dict[str | None, list[StepUse]] = {}
    channel_spellings: dict[str | None, list[str]] = {}
    spellings: dict[str, set[str]] = {}
    for use in step_uses(journeys):
        step = use.step.step
        if not step.touchpoint and not step.channel:
            continue  # CJM102 asks for one
        key = spelling_key(step.channel) if step.channel else None
        by_channel.setdefault(key, []).append(use)
        if step.channel:
            channel_spellings.setdefault(key, []).append(step.channel)
        if step.touchpoint:
            spellings.setdefault(spelling_key(step.touchpoint), set()).add(step.touchpoint)
    groups: list[ChannelGroup] = []
    for key, uses in by_channel.items():
        by_touchpoint: dict[str | None, list[StepUse]] = {}
        for use in uses:
            name = use.step.step.touchpoint
            by_touchpoint.setdefault(spelling_key(name) if name else None, []).append(use)
        rows = [_touchpoint_row(tp_uses, online) for tp_uses in by_touchpoint.values()]
        rows.sort(key=lambda r: (r.name is None, _worst_first(r.mean), -len(r.uses)))
        scores = _scores(uses)
        groups.append(
            ChannelGroup(
                usual_spelling(channel_spellings[key]) if key is not None else None,
                online.most(uses),
                rows,
                len(uses),
                mean(scores) if scores else None,
            )
        )
    groups.sort(key=lambda g: (g.name is None, _worst_first(g.mean)))
    taken = {"channel-matrix"}  # the heading of the matrix below the channels
    for g in groups:
        base = f"channel-{slugify(g.name)}" if g.name else "channel-none"
        g.anchor, n = base, 2
        while g.anchor in taken:
            g.anchor, n = f"{base}-{n}", n + 1
        taken.add(g.anchor)
    sections = [
        (online, [g for g in groups if g.online is online]) for online in (True, False, None)
    ]
    return TouchpointsPage(
        [(online, gs) for online, gs in sections if gs],
        _channel_matrix(groups, journeys, options),
        len(journeys),
        touchpoints=len(spellings),
        variants=sum(len(found) > 1 for found in spellings.values()),
    )


def _touchpoint_row(uses: list[StepUse], online: _Online) -> TouchpointRow:
    names = [u.step.step.touchpoint for u in uses if u.step.step.touchpoint]
    name = usual_spelling(names) if names else None
    scores = _scores(uses)
    return TouchpointRow(
        name=name,
        variants=[n for n in dict.fromkeys(names) if n != name],
        uses=uses,
        online=online.most(uses),
        journeys=list({id(u.journey): u.journey for u in uses}.values()),
        mean=mean(scores) if scores else None,
        lowest=min(scores) if scores else None,
        pains=list(dict.fromkeys(p for u in uses for p in u.step.step.pains)),
        moments=[u for u in uses if u.step.step.is_moment_of_truth],
        owners=list(dict.fromkeys(u.step.step.owner for u in uses if u.step.step.owner)),
    )


def _channel_matrix(
    groups: list[ChannelGroup], journeys: list[Journey], options: SiteOptions
) -> ChannelMatrix:
    if options.phase_model:
        columns = [p.name for p in options.phase_model]
        index = {p.id: i for i, p in enumerate(options.phase_model)}

        def column(phase: PhaseAt) -> int | None:
            return index.get(phase.key)
    else:
        columns = [str(n) for n in range(1, max((len(j.phases) for j in journeys), default=0) + 1)]

        def column(phase: PhaseAt) -> int | None:
            return phase.number - 1

    rows = []
    for group in groups:
        if group.name is None:
            continue
        uses: list[list[StepUse]] = [[] for _ in columns]
        for row in group.rows:
            for use in row.uses:
                i = column(use.phase)
                if i is not None:
                    uses[i].append(use)
        cells = []
        for found in uses:
            scores = _scores(found)
            cells.append(MatrixCell(len(found), mean(scores) if scores else None))
        rows.append((group.name, cells))
    return ChannelMatrix(columns, rows)


# --- the action plan -------------------------------------------------------------------


@dataclass
class ActionItem:
    opportunity: Opportunity
    place: Place
    overdue: bool
    anchor: str
    """The item's id on the action plan: `action-<journey>-<n>`, counted in the journey."""


@dataclass
class OwnerGroup:
    owner: str | None
    """Stakeholder id; None for actions nobody owns yet."""
    open: list[ActionItem]
    done: list[ActionItem]

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.open)

    @property
    def anchor(self) -> str:
        return f"owner-{self.owner}" if self.owner else "no-owner"


@dataclass
class ActionPlan:
    groups: list[OwnerGroup]
    open: int
    overdue: int
    done: int
    statuses: list[str]
    """The statuses that occur, in the format's order (the filter offers these)."""

    @property
    def total(self) -> int:
        return self.open + self.done


_STATUSES = ("idea", "planned", "doing", "done")


def action_plan(catalogue: Catalogue, options: SiteOptions) -> ActionPlan:
    """Every opportunity by owner: open ones by due date (undated last), done ones apart.
    Owners in the order of their names; actions without an owner last."""
    today = options.effective_today()
    groups: dict[str | None, OwnerGroup] = {}
    counter: Counter[str] = Counter()
    for place, opp in opportunity_places(catalogue.journeys.values()):
        counter[place.journey.id] += 1
        item = ActionItem(
            opp, place, opp.overdue(today), f"action-{place.journey.id}-{counter[place.journey.id]}"
        )
        group = groups.setdefault(opp.owner, OwnerGroup(opp.owner, [], []))
        (group.done if opp.status == "done" else group.open).append(item)
    for group in groups.values():
        group.open.sort(key=lambda i: (i.opportunity.due is None, i.opportunity.due or dt.date.min))

    def owner_order(group: OwnerGroup) -> tuple[bool, str]:
        if group.owner is None:
            return (True, "")
        sh = catalogue.stakeholders.get(group.owner)
        return (False, (sh.name if sh else group.owner).casefold())

    ordered = sorted(groups.values(), key=owner_order)
    seen = {item.opportunity.status for g in ordered for item in (*g.open, *g.done)}
    return ActionPlan(
        ordered,
        open=sum(len(g.open) for g in ordered),
        overdue=sum(g.overdue for g in ordered),
        done=sum(len(g.done) for g in ordered),
        statuses=[s for s in _STATUSES if s in seen],
    )


# --- the KPI board ----------------------------------------------------------------------


@dataclass
class KpiRow:
    kpi: Kpi
    place: Place
    met: bool | None
    gap: float | None
    """How far the actual value is on the good side of the target (negative: missed)."""
    share: float | None
    """`gap` as a share of the target (None when the target is 0)."""

    @property
    def difference(self) -> float | None:
        """Actual minus target, as a reader compares them."""
        k = self.kpi
        return None if k.actual is None or k.target is None else k.actual - k.target

    @property
    def difference_share(self) -> float | None:
        """`difference` as a share of the target (None when the target is 0)."""
        k, diff = self.kpi, self.difference
        return None if diff is None or not k.target else diff / abs(k.target)


@dataclass
class KpiBoard:
    rows: list[KpiRow]
    """Missed first (the furthest from target first), then met, then not measured."""
    missed: int
    met: int
    open: int


@dataclass
class KpiSummary:
    missed: int = 0
    met: int = 0
    open: int = 0

    @property
    def total(self) -> int:
        return self.missed + self.met + self.open


def _kpi_row(place: Place, kpi: Kpi) -> KpiRow:
    gap = kpi_gap(kpi)
    share = gap / abs(kpi.target) if gap is not None and kpi.target else None
    return KpiRow(kpi, place, kpi.met(), gap, share)


def kpi_board(catalogue: Catalogue) -> KpiBoard:
    rows = [_kpi_row(place, kpi) for place, kpi in kpi_places(catalogue.journeys.values())]
    group = {False: 0, True: 1, None: 2}

    def order(row: KpiRow) -> tuple[int, float]:
        # Missed ones by how far they are off, relative where a target allows it.
        far = row.share if row.share is not None else (row.gap or 0.0)
        return (group[row.met], far if row.met is False else 0.0)

    rows.sort(key=order)
    return KpiBoard(
        rows,
        missed=sum(r.met is False for r in rows),
        met=sum(r.met is True for r in rows),
        open=sum(r.met is None for r in rows),
    )


def kpi_summary(journey: Journey) -> KpiSummary:
    """Met, missed and unmeasured KPIs of one journey (the line on its page)."""
    out = KpiSummary()
    for _, kpi in kpi_places([journey]):
        met = kpi.met()
        if met is None:
            out.open += 1
        elif met:
            out.met += 1
        else:
            out.missed += 1
    return out


# --- responsibilities ---------------------------------------------------------------------


@dataclass
class PhaseColumn:
    phase: PhaseAt
    cells: dict[str, list[str]]
    """Stakeholder id -> roles in this phase."""

    @property
    def gap(self) -> bool:
        """Nobody is responsible: no `responsible` and no step with an owner."""
        return not any(
            role in ("as_responsible", "as_step_owner")
            for found in self.cells.values()
            for role in found
        )


@dataclass
class JourneyColumn:
    journey: Journey
    cells: dict[str, list[str]]
    """Stakeholder id -> roles anywhere in the journey, in the order of `ROLES`."""
    phases: list[PhaseColumn]

    @property
    def gaps(self) -> list[PhaseColumn]:
        return [p for p in self.phases if p.gap]


@dataclass
class ResponsibilityMatrix:
    stakeholders: list[str]
    """Rows: the handbook's stakeholders, then ids named but not defined."""
    columns: list[JourneyColumn]

    @property
    def gaps(self) -> int:
        return sum(len(c.gaps) for c in self.columns)


def _ordered_roles(found: Iterable[str]) -> list[str]:
    seen = set(found)
    return [r for r in ROLES if r in seen]


def responsibility_matrix(catalogue: Catalogue) -> ResponsibilityMatrix:
    columns = []
    named: dict[str, None] = dict.fromkeys(catalogue.stakeholders)
    for j in catalogue.journeys.values():
        whole: dict[str, set[str]] = {}
        per_phase: dict[int, dict[str, set[str]]] = {}
        for phase, sid, role in roles(j):
            named.setdefault(sid)
            whole.setdefault(sid, set()).add(role)
            if phase is not None:
                per_phase.setdefault(phase.number, {}).setdefault(sid, set()).add(role)
        phase_columns = []
        for phase in walk(j):
            found = per_phase.get(phase.number, {})
            phase_columns.append(
                PhaseColumn(phase, {sid: _ordered_roles(rs) for sid, rs in found.items()})
            )
        columns.append(
            JourneyColumn(j, {sid: _ordered_roles(rs) for sid, rs in whole.items()}, phase_columns)
        )
    return ResponsibilityMatrix(list(named), columns)


@dataclass
class StakeholderActions:
    """A stakeholder's open actions, for the stakeholders page."""

    open: list[ActionItem] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.open)


def actions_by_owner(plan: ActionPlan) -> dict[str, StakeholderActions]:
    return {g.owner: StakeholderActions(list(g.open)) for g in plan.groups if g.owner is not None}


# --- the overview ----------------------------------------------------------------------


@dataclass(frozen=True)
class LowPoint(Spot):
    """A step, or a phase without steps that has a score of its own, and its score."""

    score: float


@dataclass
class Overview:
    journeys: int
    personas: int
    stakeholders: int
    steps: int
    touchpoints: int
    open_actions: int
    overdue_actions: int
    kpis: int
    missed_kpis: int
    evidence: EvidenceBar
    stale: list[StaleJourney]
    lowest: list[LowPoint]


LOWEST = 5


def lowest_points(journeys: Iterable[Journey], n: int = LOWEST) -> list[LowPoint]:
    """The `n` lowest emotions across all journeys: steps, and phases without steps that
    have a score of their own (as the emotion curve draws them); ties in file order."""

    def scored() -> Iterator[tuple[float, int, Journey, PhaseAt, StepAt | None]]:
        order = 0  # keeps ties in file order, and tuples from comparing journeys
        for j in journeys:
            for phase in walk(j):
                for step in phase.steps:
                    if step.step.emotion is not None:
                        order += 1
                        yield step.step.emotion, order, j, phase, step
                if not phase.steps and phase.phase.score is not None:
                    order += 1
                    yield phase.phase.score, order, j, phase, None

    return [
        LowPoint(j, phase, step, score)
        for score, _, j, phase, step in heapq.nsmallest(n, scored(), key=lambda t: t[:2])
    ]


def overview(
    catalogue: Catalogue,
    options: SiteOptions,
    plan: ActionPlan,
    board: KpiBoard,
    touchpoints: TouchpointsPage,
) -> Overview:
    journeys = list(catalogue.journeys.values())
    return Overview(
        journeys=len(journeys),
        personas=len(catalogue.personas),
        stakeholders=len(catalogue.stakeholders),
        steps=sum(len(p.steps) for j in journeys for p in j.phases),
        touchpoints=touchpoints.touchpoints,
        open_actions=plan.open,
        overdue_actions=plan.overdue,
        kpis=len(board.rows),
        missed_kpis=board.missed,
        evidence=evidence_bar(journeys),
        stale=stale_journeys(journeys, options),
        lowest=lowest_points(journeys),
    )
