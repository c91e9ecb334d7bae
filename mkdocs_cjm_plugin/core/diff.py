"""What a change does to the catalogue: the semantic diff behind `cjm diff`.

Two catalogues (loaded and checked by `core.pipeline`) are compared by meaning, not by
text: entities by kind and id, phases and steps by the stable keys of `core.walk`. A
file that was moved, reformatted or had its keys reordered compares equal.

Where a step has no `id:`, its key comes from its phase and name, so renaming a phase
or moving a step to another phase changes the key. Unmatched parts are therefore paired
once more: a step by its name (moved, or its phase renamed), a phase or step left over
at the same place of a matched phase as a rename. What is still unmatched is added or
removed.

The result is plain data (dataclasses with JSON-ready fields): `report/` turns it into
text, Markdown and JSON; pydantic derives the JSON Schema from these classes.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic
from mkdocs_cjm_plugin.core.load import Catalogue
from mkdocs_cjm_plugin.core.model import Journey, Kpi, Opportunity, Step, mean, slugify
from mkdocs_cjm_plugin.core.walk import PhaseAt, StepAt, walk

Kind = Literal["persona", "stakeholder", "journey"]
Value = str | float | bool | list[str] | None
"""A field's value as the report shows it: text, a number, a list of texts, or none."""

# Fields with a category of their own in a journey's diff; all others are `details`.
_STEP_OWN = frozenset(
    {
        "name",
        "id",
        "emotion",
        "pains",
        "gains",
        "moment_of_truth",
        "touchpoint",
        "channel",
        "owner",
        "evidence",
        "kpis",
        "opportunities",
    }
)
_PHASE_OWN = frozenset({"name", "id", "steps", "responsible", "kpis", "opportunities"})
_JOURNEY_OWN = frozenset({"id", "kind", "phases", "owner", "updated"})


@dataclass(frozen=True)
class FieldChange:
    """One field that changed, where it is (`""` for the entity itself)."""

    where: str
    """The phase or step it belongs to, by name; empty for the journey, persona or
    stakeholder itself."""
    field: str
    before: Value
    after: Value


@dataclass(frozen=True)
class EntityChange:
    """A persona or stakeholder (or a journey's existence) added, removed or changed."""

    kind: Kind
    id: str
    change: Literal["added", "removed", "renamed", "changed"]
    name_before: str | None
    name_after: str | None
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class PartChange:
    """A phase or step added, removed, renamed, moved to another phase or reordered."""

    part: Literal["phase", "step"]
    change: Literal["added", "removed", "renamed", "moved", "reordered"]
    key: str
    """The stable key after the change (before it, for a removed part)."""
    name_before: str | None
    name_after: str | None
    phase_before: str | None = None
    """A step's phase (by name) before the change."""
    phase_after: str | None = None


@dataclass(frozen=True)
class EmotionChange:
    key: str
    step: str
    """The step's name after the change."""
    before: float | None
    after: float | None
    delta: float | None
    """after - before; none for a step added or removed."""


def _emotion(key: str, step: str, before: float | None, after: float | None) -> EmotionChange:
    change = None if before is None or after is None else round(after - before, 6)
    return EmotionChange(key, step, before, after, change)


@dataclass(frozen=True)
class TextChange:
    """A pain or gain added or resolved, a moment of truth gained or lost."""

    where: str
    """The step it belongs to, by name."""
    text: str


@dataclass(frozen=True)
class OpportunityChange:
    title: str
    where: str
    change: Literal[
        "added",
        "removed",
        "closed",
        "reopened",
        "status",
        "reassigned",
        "postponed",
        "brought_forward",
    ]
    before: str | None = None
    after: str | None = None
    days: int | None = None
    """For a due date moved: by how many days (positive: later)."""
    was_overdue: bool = False
    """Closed (or removed) while it was overdue."""


@dataclass(frozen=True)
class KpiChange:
    name: str
    where: str
    target_before: float | None
    target_after: float | None
    actual_before: float | None
    actual_after: float | None
    met_before: bool | None
    met_after: bool | None
    now_missed: bool
    """The target was met before the change and is missed after it."""
    unit: str | None = None


@dataclass(frozen=True)
class JourneyDiff:
    """Everything that changed in one journey (present on at least one side)."""

    id: str
    title: str
    """The title after the change (before it, for a removed journey)."""
    change: Literal["added", "removed", "changed"]
    title_before: str | None = None
    parts: list[PartChange] = field(default_factory=list)
    emotions: list[EmotionChange] = field(default_factory=list)
    mean_before: float | None = None
    mean_after: float | None = None
    mean_delta: float | None = None
    """mean_after - mean_before, when the journey has scores on both sides."""
    lowest_before: float | None = None
    lowest_after: float | None = None
    curve_before: list[CurvePointData] = field(default_factory=list)
    """Every scored step (or step-less phase) before the change, in journey order."""
    curve_after: list[CurvePointData] = field(default_factory=list)
    pains_added: list[TextChange] = field(default_factory=list)
    pains_resolved: list[TextChange] = field(default_factory=list)
    gains_added: list[TextChange] = field(default_factory=list)
    gains_removed: list[TextChange] = field(default_factory=list)
    moments_gained: list[TextChange] = field(default_factory=list)
    moments_lost: list[TextChange] = field(default_factory=list)
    touchpoints: list[FieldChange] = field(default_factory=list)
    """`touchpoint`, `channel` and `online` of steps."""
    opportunities: list[OpportunityChange] = field(default_factory=list)
    owners: list[FieldChange] = field(default_factory=list)
    """The journey's `owner`, steps' `owner`, phases' `responsible`."""
    kpis: list[KpiChange] = field(default_factory=list)
    evidence: list[FieldChange] = field(default_factory=list)
    updated_before: str | None = None
    updated_after: str | None = None
    details: list[FieldChange] = field(default_factory=list)
    """Every other field that changed (texts, goals, systems, tags, ...)."""

    def is_empty(self) -> bool:
        return self.change == "changed" and not any(
            (
                self.title_before,
                self.parts,
                self.emotions,
                self.pains_added,
                self.pains_resolved,
                self.gains_added,
                self.gains_removed,
                self.moments_gained,
                self.moments_lost,
                self.touchpoints,
                self.opportunities,
                self.owners,
                self.kpis,
                self.evidence,
                self.updated_before != self.updated_after,
                self.details,
            )
        )


@dataclass(frozen=True)
class CurvePointData:
    key: str
    label: str
    phase: str
    score: float


@dataclass(frozen=True)
class NotCompared:
    """An entity that cannot be compared: its file fails to load on one side."""

    kind: Kind
    id: str
    side: Literal["before", "after"]
    path: str


@dataclass(frozen=True)
class Summary:
    """The numbers of the verdict line, for the report and for tools."""

    journeys_changed: int = 0
    journeys_added: int = 0
    journeys_removed: int = 0
    personas_changed: int = 0
    stakeholders_changed: int = 0
    mean_emotion_delta: float | None = None
    """The mean of the change of each journey's mean emotion (journeys on both sides)."""
    pains_resolved: int = 0
    pains_added: int = 0
    moments_gained: int = 0
    moments_lost: int = 0
    opportunities_added: int = 0
    opportunities_closed: int = 0
    overdue_closed: int = 0
    kpis_now_missed: int = 0
    problems_before: int = 0
    problems_after: int = 0


@dataclass(frozen=True)
class CatalogueDiff:
    """The whole comparison: what `cjm diff` reports."""

    base: str
    """What was compared: a revision, `working tree`, or a folder."""
    head: str
    summary: Summary
    entities: list[EntityChange] = field(default_factory=list)
    """Personas and stakeholders added, removed, renamed or changed; journeys added or
    removed (their content is in `journeys`)."""
    journeys: list[JourneyDiff] = field(default_factory=list)
    not_compared: list[NotCompared] = field(default_factory=list)
    problems_before: list[Diagnostic] = field(default_factory=list)
    """Errors of the files the change touches, before it (of every file, comparing two
    folders)."""
    problems_after: list[Diagnostic] = field(default_factory=list)
    """Errors of every file after the change."""

    @property
    def empty(self) -> bool:
        return not (
            self.entities
            or self.journeys
            or self.not_compared
            or self.problems_before
            or self.problems_after
        )


@dataclass
class Side:
    """One side of the comparison: a loaded and checked catalogue."""

    label: str
    """What it is: a revision, `working tree`, or a folder."""
    catalogue: Catalogue
    diagnostics: list[Diagnostic]
    prefix: str = ""
    """How its file paths start (the source folder, as shown): the same file on both
    sides has the same path after it."""

    def inside(self, path: str) -> str:
        return path.removeprefix(self.prefix)


# --------------------------------------------------------------------------- comparing


def compare(
    before: Side, after: Side, today: dt.date, scope: set[str] | None = None
) -> CatalogueDiff:
    """The semantic difference between two catalogues; `today` decides what is overdue.

    With a `scope` (file paths after the sides' prefixes), only what is defined in those
    files is compared: the files that differ between the sides, when the side before the
    change was read only in part (what is in an unchanged file is the same on both)."""
    entities: list[EntityChange] = []
    not_compared: list[NotCompared] = []
    b, a = before.catalogue, after.catalogue

    def in_scope(kind: str, ident: str) -> bool:
        if scope is None:
            return True
        return any(
            (source := side.catalogue.sources.get((kind, ident))) is not None
            and side.inside(source.path) in scope
            for side in (before, after)
        )

    sides: list[tuple[Kind, dict[str, Any], dict[str, Any]]] = [
        ("persona", b.personas, a.personas),
        ("stakeholder", b.stakeholders, a.stakeholders),
    ]
    for kind, old, new in sides:
        for ident in sorted(old.keys() | new.keys()):
            if not in_scope(kind, ident) or _unknown(kind, ident, before, after, not_compared):
                continue
            change = _entity_change(kind, ident, old.get(ident), new.get(ident))
            if change is not None:
                entities.append(change)
    journeys: list[JourneyDiff] = []
    for ident in sorted(b.journeys.keys() | a.journeys.keys()):
        if not in_scope("journey", ident) or _unknown(
            "journey", ident, before, after, not_compared
        ):
            continue
        old_j, new_j = b.journeys.get(ident), a.journeys.get(ident)
        if old_j is None or new_j is None:
            entities.append(
                EntityChange(
                    "journey",
                    ident,
                    "added" if old_j is None else "removed",
                    old_j.title if old_j else None,
                    new_j.title if new_j else None,
                )
            )
        diff = compare_journeys(old_j, new_j, today)
        if not diff.is_empty():
            journeys.append(diff)
    problems_before = _load_errors(before.diagnostics)
    problems_after = _load_errors(after.diagnostics)
    return CatalogueDiff(
        before.label,
        after.label,
        _summary(entities, journeys, problems_before, problems_after),
        entities,
        journeys,
        not_compared,
        problems_before,
        problems_after,
    )


def _unknown(kind: Kind, ident: str, before: Side, after: Side, out: list[NotCompared]) -> bool:
    """Whether the entity is missing or invalid on one side because its file fails
    there: then it is neither added nor removed, but not compared."""
    stores = {"persona": "personas", "stakeholder": "stakeholders", "journey": "journeys"}
    for side, other, name in ((before, after, "before"), (after, before, "after")):
        cat = side.catalogue
        if ident in getattr(cat, stores[kind]):
            continue
        if (kind, ident) in cat.invalid:
            path = _invalid_path(cat, kind, ident)
            out.append(NotCompared(kind, ident, name, path))  # type: ignore[arg-type]
            return True
        source = other.catalogue.sources.get((kind, ident))
        if source is None:
            continue
        there = side.prefix + other.inside(source.path)
        if there in cat.unknown_ids:
            out.append(NotCompared(kind, ident, name, there))  # type: ignore[arg-type]
            return True
    return False


def _invalid_path(cat: Catalogue, kind: str, ident: str) -> str:
    errors = cat.invalid.get((kind, ident)) or []
    return errors[0].path if errors else ""


def _load_errors(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diags if d.is_error]


def _summary(
    entities: Sequence[EntityChange],
    journeys: Sequence[JourneyDiff],
    problems_before: Sequence[Diagnostic],
    problems_after: Sequence[Diagnostic],
) -> Summary:
    deltas = [d for j in journeys if (d := j.mean_delta) is not None]
    return Summary(
        journeys_changed=sum(j.change == "changed" for j in journeys),
        journeys_added=sum(j.change == "added" for j in journeys),
        journeys_removed=sum(j.change == "removed" for j in journeys),
        personas_changed=sum(e.kind == "persona" for e in entities),
        stakeholders_changed=sum(e.kind == "stakeholder" for e in entities),
        mean_emotion_delta=round(mean(deltas), 2) if deltas else None,
        pains_resolved=sum(len(j.pains_resolved) for j in journeys),
        pains_added=sum(len(j.pains_added) for j in journeys),
        moments_gained=sum(len(j.moments_gained) for j in journeys),
        moments_lost=sum(len(j.moments_lost) for j in journeys),
        opportunities_added=sum(o.change == "added" for j in journeys for o in j.opportunities),
        opportunities_closed=sum(o.change == "closed" for j in journeys for o in j.opportunities),
        overdue_closed=sum(
            o.change == "closed" and o.was_overdue for j in journeys for o in j.opportunities
        ),
        kpis_now_missed=sum(k.now_missed for j in journeys for k in j.kpis),
        problems_before=len(problems_before),
        problems_after=len(problems_after),
    )


# --------------------------------------------------------------------------- entities


def _plain(value: Any) -> Value:
    """A field's value as the report shows it."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    if isinstance(value, (list, dict)) and not value:
        return None
    # Structured values (relations, extra maps, KPI lists) are compared whole and shown
    # as a count of entries: their content has categories of its own where it matters.
    if isinstance(value, list):
        return f"{len(value)} entries"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _field_changes(
    old: dict[str, Any], new: dict[str, Any], where: str, skip: frozenset[str] = frozenset()
) -> list[FieldChange]:
    out = []
    for name in dict.fromkeys([*old, *new]):
        if name in skip:
            continue
        before, after = old.get(name), new.get(name)
        if before != after:
            out.append(FieldChange(where, name, _plain(before), _plain(after)))
    return out


def _entity_change(kind: Kind, ident: str, old: Any, new: Any) -> EntityChange | None:
    if old is None:
        return EntityChange(kind, ident, "added", None, new.name)
    if new is None:
        return EntityChange(kind, ident, "removed", old.name, None)
    fields = _field_changes(old.model_dump(), new.model_dump(), "", frozenset({"id", "kind"}))
    if not fields:
        return None
    renamed = old.name != new.name
    rest = [f for f in fields if f.field != "name"]
    return EntityChange(
        kind,
        ident,
        "renamed" if renamed else "changed",
        old.name,
        new.name,
        rest,
    )


# --------------------------------------------------------------------------- journeys


def _curve(journey: Journey | None) -> list[CurvePointData]:
    """The scored points of the emotion curve, as `site.pictures` draws them."""
    out: list[CurvePointData] = []
    for phase in walk(journey) if journey else []:
        scored = [at for at in phase.steps if at.step.emotion is not None]
        for at in scored:
            assert at.step.emotion is not None
            out.append(CurvePointData(at.key, at.step.name, phase.phase.name, at.step.emotion))
        if not scored and phase.phase.score is not None:
            out.append(
                CurvePointData(
                    f"phase-{phase.key}", phase.phase.name, phase.phase.name, phase.phase.score
                )
            )
    return out


def _stats(journey: Journey | None) -> tuple[float | None, float | None]:
    scores = journey.scores() if journey else []
    if not scores:
        return None, None
    return mean(scores), min(scores)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def compare_journeys(old: Journey | None, new: Journey | None, today: dt.date) -> JourneyDiff:
    """What changed in one journey; `old` or `new` is None for an added or removed one."""
    mean_before, lowest_before = _stats(old)
    mean_after, lowest_after = _stats(new)
    shown = new or old
    assert shown is not None
    diff = JourneyDiff(
        id=shown.id,
        title=shown.title,
        change="added" if old is None else "removed" if new is None else "changed",
        title_before=old.title if old and new and old.title != new.title else None,
        # Rounded for people, and the change is that of the numbers they see: 2.92 ->
        # 3.15 is +0.23, whatever the third decimals were.
        mean_before=_round(mean_before),
        mean_after=_round(mean_after),
        mean_delta=None
        if mean_before is None or mean_after is None
        else round(round(mean_after, 2) - round(mean_before, 2), 2),
        lowest_before=lowest_before,
        lowest_after=lowest_after,
        curve_before=_curve(old),
        curve_after=_curve(new),
        updated_before=old.updated.isoformat() if old and old.updated else None,
        updated_after=new.updated.isoformat() if new and new.updated else None,
    )
    if old is None or new is None:  # its curve is all there is to compare
        return diff
    phases_old, phases_new = walk(old), walk(new)
    phase_pairs = _match_phases(phases_old, phases_new, diff)
    step_pairs = _match_steps(phases_old, phases_new, phase_pairs, diff)
    if old.owner != new.owner:
        diff.owners.append(FieldChange("", "owner", old.owner, new.owner))
    diff.details.extend(
        _field_changes(old.model_dump(), new.model_dump(), "", _JOURNEY_OWN | {"title"})
    )
    # The curve before names each step by its key after the change: a renamed step is
    # one point of the axis, not two.
    renamed = {so.key: sn.key for so, sn in step_pairs}
    renamed.update({f"phase-{po.key}": f"phase-{pn.key}" for po, pn in phase_pairs})
    diff.curve_before[:] = [
        CurvePointData(renamed.get(p.key, p.key), p.label, p.phase, p.score)
        for p in diff.curve_before
    ]
    for po, pn in phase_pairs:
        _compare_phase(po, pn, diff)
    for so, sn in step_pairs:
        _compare_step(so, sn, diff)
    for sn in _unpaired(phases_new, step_pairs, 1):  # new steps bring their pains
        where = sn.step.name
        diff.pains_added.extend(TextChange(where, p) for p in sn.step.pains)
        diff.gains_added.extend(TextChange(where, g) for g in sn.step.gains)
        if sn.step.is_moment_of_truth:
            diff.moments_gained.append(TextChange(where, _mot_text(sn.step)))
        if sn.step.emotion is not None:
            diff.emotions.append(_emotion(sn.key, sn.step.name, None, sn.step.emotion))
    for so in _unpaired(phases_old, step_pairs, 0):
        if so.step.is_moment_of_truth:
            diff.moments_lost.append(TextChange(so.step.name, _mot_text(so.step)))
        if so.step.emotion is not None:
            diff.emotions.append(_emotion(so.key, so.step.name, so.step.emotion, None))
    _compare_kpis(old, new, diff)
    _compare_opportunities(old, new, today, diff)
    return diff


def _unpaired(
    phases: Sequence[PhaseAt], pairs: Sequence[tuple[StepAt, StepAt]], side: int
) -> list[StepAt]:
    paired = {id(pair[side]) for pair in pairs}
    return [s for p in phases for s in p.steps if id(s) not in paired]


def _mot_text(step: Step) -> str:
    return step.moment_of_truth_text or step.name


def _match_phases(
    old: Sequence[PhaseAt], new: Sequence[PhaseAt], diff: JourneyDiff
) -> list[tuple[PhaseAt, PhaseAt]]:
    by_key = {p.key: p for p in old}
    pairs: list[tuple[PhaseAt, PhaseAt]] = []
    for p in new:
        if p.key in by_key:
            pairs.append((by_key.pop(p.key), p))
    # A phase without `id:` is keyed by its name: renamed, it is paired by its place.
    paired_new = {id(n) for _, n in pairs}
    left_old = {p.number: p for p in old if p.key in by_key}
    for p in new:
        if id(p) not in paired_new and p.number in left_old:
            pairs.append((left_old.pop(p.number), p))
            paired_new.add(id(p))
    for po, pn in pairs:
        if po.phase.name != pn.phase.name:
            diff.parts.append(PartChange("phase", "renamed", pn.key, po.phase.name, pn.phase.name))
    for p in new:
        if id(p) not in paired_new:
            diff.parts.append(PartChange("phase", "added", p.key, None, p.phase.name))
    for p in left_old.values():
        diff.parts.append(PartChange("phase", "removed", p.key, p.phase.name, None))
    order_old = [po.key for po, _ in sorted(pairs, key=lambda pair: pair[0].number)]
    paired = {id(n) for _, n in pairs}
    order_new = [pn.key for pn in new if id(pn) in paired]
    renamed_key = {po.key: pn.key for po, pn in pairs}
    by_new_key = {pn.key: pn for _, pn in pairs}
    for key in _reordered([renamed_key[k] for k in order_old], order_new):
        pn = by_new_key[key]
        diff.parts.append(PartChange("phase", "reordered", key, pn.phase.name, pn.phase.name))
    return sorted(pairs, key=lambda pair: pair[1].number)


def _reordered(before: list[str], after: list[str]) -> list[str]:
    """The keys that changed places: those outside the longest common order."""
    kept: set[str] = set()
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for block in matcher.get_matching_blocks():
        kept.update(after[block.b : block.b + block.size])
    return [k for k in after if k not in kept]


def _match_steps(
    old: Sequence[PhaseAt],
    new: Sequence[PhaseAt],
    phase_pairs: Sequence[tuple[PhaseAt, PhaseAt]],
    diff: JourneyDiff,
) -> list[tuple[StepAt, StepAt]]:
    old_steps = [s for p in old for s in p.steps]
    new_steps = [s for p in new for s in p.steps]
    by_key = {s.key: s for s in old_steps}
    pairs: list[tuple[StepAt, StepAt]] = []
    left_new: list[StepAt] = []
    for s in new_steps:
        if s.key in by_key:
            pairs.append((by_key.pop(s.key), s))
        else:
            left_new.append(s)
    # Without `id:`, a step moved to another phase (or in a renamed phase) has a new
    # key: pair it by its name when the name is unique among the unpaired steps.
    by_name: dict[str, list[StepAt]] = {}
    for s in by_key.values():
        by_name.setdefault(slugify(s.step.name), []).append(s)
    still_new: list[StepAt] = []
    new_names = [slugify(s.step.name) for s in left_new]
    name_count = Counter(new_names)
    for s, name in zip(left_new, new_names, strict=True):
        match = by_name.get(name, [])
        if len(match) == 1 and name_count[name] == 1:
            pairs.append((match[0], s))
            del by_key[match[0].key]
        else:
            still_new.append(s)
    # Renamed without `id:`: left over at the same place of a phase that is paired.
    phase_of = {id(pn.phase): po.phase for po, pn in phase_pairs}
    place_old = {(id(s.phase), s.at[-1]): s for s in by_key.values()}
    left_new = []
    for s in still_new:
        old_phase = phase_of.get(id(s.phase))
        spot = place_old.pop((id(old_phase), s.at[-1]), None) if old_phase else None
        if spot is not None:
            pairs.append((spot, s))
            del by_key[spot.key]
        else:
            left_new.append(s)
    same_phase = {id(pn.phase): id(po.phase) for po, pn in phase_pairs}
    for so, sn in pairs:
        if so.step.name != sn.step.name:
            diff.parts.append(
                PartChange(
                    "step",
                    "renamed",
                    sn.key,
                    so.step.name,
                    sn.step.name,
                    so.phase.name,
                    sn.phase.name,
                )
            )
        if same_phase.get(id(sn.phase)) != id(so.phase):
            diff.parts.append(
                PartChange(
                    "step",
                    "moved",
                    sn.key,
                    so.step.name,
                    sn.step.name,
                    so.phase.name,
                    sn.phase.name,
                )
            )
    for s in left_new:
        diff.parts.append(PartChange("step", "added", s.key, None, s.step.name, None, s.phase.name))
    for s in by_key.values():
        diff.parts.append(
            PartChange("step", "removed", s.key, s.step.name, None, s.phase.name, None)
        )
    # Reordered: within a phase, among the steps that stayed in it.
    by_phases: dict[tuple[int, int], list[tuple[StepAt, StepAt]]] = {}
    for so, sn in pairs:
        by_phases.setdefault((id(so.phase), id(sn.phase)), []).append((so, sn))
    for po, pn in phase_pairs:
        stayed = by_phases.get((id(po.phase), id(pn.phase)), [])
        before = [sn.key for so, sn in sorted(stayed, key=lambda p: p[0].at[-1])]
        after = [sn.key for so, sn in sorted(stayed, key=lambda p: p[1].at[-1])]
        stayed_by_key = {sn.key: sn for _, sn in stayed}
        for key in _reordered(before, after):
            sn = stayed_by_key[key]
            diff.parts.append(
                PartChange(
                    "step",
                    "reordered",
                    key,
                    sn.step.name,
                    sn.step.name,
                    pn.phase.name,
                    pn.phase.name,
                )
            )
    place = {id(s): n for n, s in enumerate(new_steps)}
    return sorted(pairs, key=lambda pair: place[id(pair[1])])


def _compare_phase(po: PhaseAt, pn: PhaseAt, diff: JourneyDiff) -> None:
    where = pn.phase.name
    old, new = po.phase, pn.phase
    if old.responsible != new.responsible:
        diff.owners.append(FieldChange(where, "responsible", old.responsible, new.responsible))
    diff.details.extend(_field_changes(old.model_dump(), new.model_dump(), where, _PHASE_OWN))


def _compare_step(so: StepAt, sn: StepAt, diff: JourneyDiff) -> None:
    old, new = so.step, sn.step
    where = new.name
    if old.emotion != new.emotion:
        diff.emotions.append(_emotion(sn.key, where, old.emotion, new.emotion))
    for text in _added(old.pains, new.pains):
        diff.pains_added.append(TextChange(where, text))
    for text in _added(new.pains, old.pains):
        diff.pains_resolved.append(TextChange(where, text))
    for text in _added(old.gains, new.gains):
        diff.gains_added.append(TextChange(where, text))
    for text in _added(new.gains, old.gains):
        diff.gains_removed.append(TextChange(where, text))
    if new.is_moment_of_truth and not old.is_moment_of_truth:
        diff.moments_gained.append(TextChange(where, _mot_text(new)))
    elif old.is_moment_of_truth and not new.is_moment_of_truth:
        diff.moments_lost.append(TextChange(where, _mot_text(old)))
    for name in ("touchpoint", "channel", "online"):
        if getattr(old, name) != getattr(new, name):
            diff.touchpoints.append(
                FieldChange(where, name, getattr(old, name), getattr(new, name))
            )
    if old.owner != new.owner:
        diff.owners.append(FieldChange(where, "owner", old.owner, new.owner))
    if old.evidence != new.evidence:
        diff.evidence.append(FieldChange(where, "evidence", old.evidence, new.evidence))
    same_moment = old.is_moment_of_truth == new.is_moment_of_truth
    if old.moment_of_truth != new.moment_of_truth and same_moment:  # its reason rewritten
        diff.details.append(
            FieldChange(
                where, "moment_of_truth", _plain(old.moment_of_truth), _plain(new.moment_of_truth)
            )
        )
    diff.details.extend(_field_changes(old.model_dump(), new.model_dump(), where, _STEP_OWN))


def _added(before: Sequence[str], after: Sequence[str]) -> list[str]:
    """Entries of `after` that `before` does not have (as many times as they are new)."""
    left = list(before)
    out = []
    for text in after:
        if text in left:
            left.remove(text)
        else:
            out.append(text)
    return out


# --------------------------------------------------------------------------- KPIs, actions


def _kpis(journey: Journey) -> dict[tuple[str, str], tuple[str, Kpi]]:
    out: dict[tuple[str, str], tuple[str, Kpi]] = {}
    for phase in walk(journey):
        for kpi in phase.phase.kpis:
            out.setdefault((f"phase-{phase.key}", kpi.name), (phase.phase.name, kpi))
        for step in phase.steps:
            for kpi in step.step.kpis:
                out.setdefault((step.key, kpi.name), (step.step.name, kpi))
    return out


def _compare_kpis(old: Journey, new: Journey, diff: JourneyDiff) -> None:
    before, after = _kpis(old), _kpis(new)
    for key in dict.fromkeys([*after, *before]):
        o, n = before.get(key), after.get(key)
        ko, kn = (o[1] if o else None), (n[1] if n else None)
        if (
            ko is not None
            and kn is not None
            and (ko.target, ko.actual, ko.higher_is_better)
            == (kn.target, kn.actual, kn.higher_is_better)
        ):
            continue
        shown = kn or ko
        assert shown is not None
        diff.kpis.append(
            KpiChange(
                shown.name,
                (n or o)[0],  # type: ignore[index]
                ko.target if ko else None,
                kn.target if kn else None,
                ko.actual if ko else None,
                kn.actual if kn else None,
                ko.met() if ko else None,
                kn.met() if kn else None,
                bool(ko and kn and ko.met() is True and kn.met() is False),
                shown.unit,
            )
        )


def _opportunities(journey: Journey) -> dict[str, tuple[str, Opportunity]]:
    """Opportunities by title (an opportunity has no id): moved within the journey, it
    is the same one."""
    out: dict[str, tuple[str, Opportunity]] = {}
    for phase in walk(journey):
        for opp in phase.phase.opportunities:
            out.setdefault(opp.title.casefold(), (phase.phase.name, opp))
        for step in phase.steps:
            for opp in step.step.opportunities:
                out.setdefault(opp.title.casefold(), (step.step.name, opp))
    return out


def _compare_opportunities(old: Journey, new: Journey, today: dt.date, diff: JourneyDiff) -> None:
    before, after = _opportunities(old), _opportunities(new)
    out = diff.opportunities
    for key in dict.fromkeys([*after, *before]):
        o, n = before.get(key), after.get(key)
        if o is None and n is not None:
            out.append(OpportunityChange(n[1].title, n[0], "added", after=n[1].status))
            continue
        if n is None and o is not None:
            out.append(
                OpportunityChange(
                    o[1].title, o[0], "removed", before=o[1].status, was_overdue=o[1].overdue(today)
                )
            )
            continue
        assert o is not None and n is not None
        (_, oo), (where, on) = o, n
        if oo.status != on.status:
            change: Literal["closed", "reopened", "status"] = (
                "closed" if on.status == "done" else "reopened" if oo.status == "done" else "status"
            )
            out.append(
                OpportunityChange(
                    on.title, where, change, oo.status, on.status, was_overdue=oo.overdue(today)
                )
            )
        if oo.owner != on.owner:
            out.append(OpportunityChange(on.title, where, "reassigned", oo.owner, on.owner))
        if oo.due != on.due:
            days = (on.due - oo.due).days if oo.due and on.due else None
            moved: Literal["postponed", "brought_forward"] = (
                "brought_forward" if days is not None and days < 0 else "postponed"
            )
            out.append(
                OpportunityChange(
                    on.title,
                    where,
                    moved,
                    oo.due.isoformat() if oo.due else None,
                    on.due.isoformat() if on.due else None,
                    days,
                )
            )
