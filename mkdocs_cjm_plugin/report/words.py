"""The diff in words: the verdict line and one list of lines per journey.

The terminal text and the Markdown comment say the same things in the same order; this
module decides what they are, the two formats only how they look. The report speaks
English (the words of the people's own files, such as step names, stay as written).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mkdocs_cjm_plugin.core.diagnostics import number_text
from mkdocs_cjm_plugin.core.diff import (
    CatalogueDiff,
    EntityChange,
    FieldChange,
    JourneyDiff,
    KpiChange,
    NotCompared,
    OpportunityChange,
    Summary,
    Value,
)


def number(value: float | None) -> str:
    """A score or figure as messages write it (`2`, `2.5`; means are rounded to two
    decimals in the diff already); `–` for none."""
    return "–" if value is None else number_text(value)


def delta(value: float | None) -> str:
    """A change with its sign: `+2`, `-0.5`, `±0`."""
    if value is None:
        return ""
    text = number(value)
    return "±0" if text == "0" else text if text.startswith("-") else f"+{text}"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def verdict(summary: Summary) -> str:
    """One line on top of the report: `3 journeys changed: mean emotion +0.4, ...`."""
    s = summary
    head = []
    if s.journeys_changed:
        head.append(f"{_count(s.journeys_changed, 'journey')} changed")
    if s.journeys_added:
        head.append(f"{_count(s.journeys_added, 'journey')} added")
    if s.journeys_removed:
        head.append(f"{_count(s.journeys_removed, 'journey')} removed")
    if s.personas_changed:
        head.append(f"{_count(s.personas_changed, 'persona')} changed")
    if s.stakeholders_changed:
        head.append(f"{_count(s.stakeholders_changed, 'stakeholder')} changed")
    facts = []
    if s.mean_emotion_delta:  # unchanged (0) says nothing
        facts.append(f"mean emotion {delta(s.mean_emotion_delta)}")
    if s.pains_resolved and s.pains_added:
        facts.append(f"{_count(s.pains_resolved, 'pain')} resolved, {s.pains_added} new")
    elif s.pains_resolved:
        facts.append(f"{_count(s.pains_resolved, 'pain')} resolved")
    elif s.pains_added:
        facts.append(f"{s.pains_added} new {'pain' if s.pains_added == 1 else 'pains'}")
    if s.moments_gained:
        facts.append(f"{_count(s.moments_gained, 'moment')} of truth gained")
    if s.moments_lost:
        facts.append(f"{_count(s.moments_lost, 'moment')} of truth lost")
    if s.opportunities_added:
        facts.append(f"{_count(s.opportunities_added, 'new action')}")
    if s.overdue_closed:
        facts.append(f"{_count(s.overdue_closed, 'overdue action')} closed")
    other_closed = s.opportunities_closed - s.overdue_closed
    if other_closed:
        facts.append(f"{_count(other_closed, 'action')} closed")
    if s.kpis_now_missed:
        facts.append(
            f"{_count(s.kpis_now_missed, 'KPI')} now missing its target"
            if s.kpis_now_missed == 1
            else f"{s.kpis_now_missed} KPIs now missing their targets"
        )
    if s.problems_after:
        facts.append(f"{_count(s.problems_after, 'error')} after the change")
    if not head and not facts:
        return "No change to the journey maps."
    line = ", ".join(head) or "No journey changed"
    return f"{line}: {', '.join(facts)}" if facts else line


@dataclass(frozen=True)
class Section:
    title: str
    lines: list[str]


def _value(value: Value) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value)
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def _field(change: FieldChange) -> str:
    where = f"{change.where}: " if change.where else ""
    return f"{where}{change.field} {_value(change.before)} -> {_value(change.after)}"


def entity_line(change: EntityChange) -> str:
    """A persona, stakeholder or journey added, removed, renamed or changed."""
    name = change.name_after or change.name_before or change.id
    if change.change == "added":
        return f"{change.kind} {change.id} added: {name}"
    if change.change == "removed":
        return f"{change.kind} {change.id} removed: {name}"
    fields = "; ".join(_field(f) for f in change.fields)
    if change.change == "renamed":
        text = f"{change.kind} {change.id} renamed: {change.name_before} -> {change.name_after}"
        return f"{text}; {fields}" if fields else text
    return f"{change.kind} {change.id} ({name}) changed: {fields}"


def headline(journey: JourneyDiff) -> str:
    """What one journey's section is called, with its mean emotion before and after."""
    if journey.change == "added":
        return (
            f"{journey.title} ({journey.id}): new journey, "
            f"mean emotion {number(journey.mean_after)}"
        )
    if journey.change == "removed":
        return f"{journey.title} ({journey.id}): removed"
    text = f"{journey.title} ({journey.id})"
    if journey.mean_delta:
        text += (
            f": mean emotion {number(journey.mean_before)} -> "
            f"{number(journey.mean_after)} ({delta(journey.mean_delta)})"
        )
    return text


def _part(
    change: str,
    part: str,
    before: str | None,
    after: str | None,
    phase_before: str | None,
    phase_after: str | None,
) -> str:
    if change == "added":
        where = f" (in {phase_after})" if part == "step" else ""
        return f"+ {part} {after}{where}"
    if change == "removed":
        where = f" (was in {phase_before})" if part == "step" else ""
        return f"- {part} {before}{where}"
    if change == "renamed":
        return f"~ {part} renamed: {before} -> {after}"
    if change == "moved":
        return f"> step {after} moved: {phase_before} -> {phase_after}"
    return f"~ {part} {after} changed place"


def _opportunity(o: OpportunityChange) -> str:
    head = f"{o.title} ({o.where})"
    if o.change == "added":
        return f"+ {head}, {o.after}"
    if o.change == "removed":
        return f"- {head}" + (", was overdue" if o.was_overdue else "")
    if o.change == "closed":
        return f"closed: {head}" + (", was overdue" if o.was_overdue else "")
    if o.change == "reopened":
        return f"reopened: {head}, {o.before} -> {o.after}"
    if o.change == "status":
        return f"{head}: {o.before} -> {o.after}"
    if o.change == "reassigned":
        return f"re-assigned: {head}, {_value(o.before)} -> {_value(o.after)}"
    days = f" ({o.days:+d} days)" if o.days is not None else ""
    word = "postponed" if o.change == "postponed" else "brought forward"
    return f"{word}: {head}, due {_value(o.before)} -> {_value(o.after)}{days}"


def _kpi(k: KpiChange) -> str:
    unit = f" {k.unit}" if k.unit else ""
    parts = []
    if k.target_before != k.target_after:
        parts.append(f"target {number(k.target_before)} -> {number(k.target_after)}{unit}")
    if k.actual_before != k.actual_after:
        parts.append(f"actual {number(k.actual_before)} -> {number(k.actual_after)}{unit}")
    text = f"{k.name} ({k.where}): " + (", ".join(parts) or "direction changed")
    if k.now_missed:
        text += "; target met -> MISSED"
    elif k.met_before is False and k.met_after is True:
        text += "; target missed -> met"
    return text


def emotion_rows(journey: JourneyDiff) -> list[tuple[str, str, str]]:
    """(step, `before -> after`, change) for each emotion that changed."""
    rows = []
    for e in journey.emotions:
        rows.append(
            (
                e.step,
                f"{number(e.before)} -> {number(e.after)}",
                f"({delta(e.delta)})"
                if e.delta is not None
                else "(new)"
                if e.before is None
                else "(removed)",
            )
        )
    return rows


def sections(journey: JourneyDiff) -> list[Section]:
    """The changes of one journey, by subject; subjects without a change are left out."""
    j = journey
    out: list[Section] = []
    if j.title_before:
        out.append(Section("Title", [f"{j.title_before} -> {j.title}"]))
    if j.parts:
        out.append(
            Section(
                "Phases and steps",
                [
                    _part(
                        p.change, p.part, p.name_before, p.name_after, p.phase_before, p.phase_after
                    )
                    for p in j.parts
                ],
            )
        )
    lowest = (
        f"lowest {number(j.lowest_before)} -> {number(j.lowest_after)}"
        if j.lowest_before != j.lowest_after
        else f"lowest {number(j.lowest_after)}"
    )
    if j.emotions or j.mean_before != j.mean_after:
        width = max((len(step) for step, _, _ in emotion_rows(j)), default=0)
        lines = [
            f"mean {number(j.mean_before)} -> {number(j.mean_after)}"
            f" ({delta(j.mean_delta) or 'new'}), {lowest}"
        ]
        lines += [
            f"{step.ljust(width)}  {change}  {size}" for step, change, size in emotion_rows(j)
        ]
        out.append(Section("Emotion", lines))
    pains = [f"resolved: {p.text} ({p.where})" for p in j.pains_resolved]
    pains += [f"new: {p.text} ({p.where})" for p in j.pains_added]
    if pains:
        out.append(Section("Pains", pains))
    gains = [f"new: {g.text} ({g.where})" for g in j.gains_added]
    gains += [f"gone: {g.text} ({g.where})" for g in j.gains_removed]
    if gains:
        out.append(Section("Gains", gains))
    moments = [
        f"gained: {m.where}" + (f" ({m.text})" if m.text != m.where else "")
        for m in j.moments_gained
    ]
    moments += [
        f"lost: {m.where}" + (f" ({m.text})" if m.text != m.where else "") for m in j.moments_lost
    ]
    if moments:
        out.append(Section("Moments of truth", moments))
    _fields(out, "Touchpoints and channels", j.touchpoints)
    if j.opportunities:
        out.append(Section("Opportunities", [_opportunity(o) for o in j.opportunities]))
    _fields(out, "Owners and responsibilities", j.owners)
    if j.kpis:
        out.append(Section("KPIs", [_kpi(k) for k in j.kpis]))
    _fields(out, "Evidence", j.evidence)
    if j.change == "changed" and j.updated_before != j.updated_after:
        out.append(
            Section(
                "Reviewed", [f"updated {_value(j.updated_before)} -> {_value(j.updated_after)}"]
            )
        )
    _fields(out, "Other changes", j.details)
    return out


def _fields(out: list[Section], title: str, changes: Sequence[FieldChange]) -> None:
    if changes:
        out.append(Section(title, [_field(c) for c in changes]))


def compared(diff: CatalogueDiff) -> str:
    return f"{diff.base} -> {diff.head}"


def not_compared_line(item: NotCompared) -> str:
    return f"{item.kind} {item.id}: not compared, {item.path} fails to load {item.side} the change"
