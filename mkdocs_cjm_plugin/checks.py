"""Checks across the whole catalogue: references, scales, phase model, hygiene.

Each check is a small function over the catalogue that yields diagnostics
pointing at the exact key or value in the YAML that needs a change.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path

from .diagnostics import Diagnostic, Severity, did_you_mean, make
from .loader import Catalogue, Source
from .model import Journey, Opportunity, SiteOptions

CUSTOMER = "customer"


def check_catalogue(
    catalogue: Catalogue, options: SiteOptions, *, docs_dir: Path | None = None
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for journey in catalogue.journeys.values():
        src = catalogue.source("journey", journey.id)
        found = [
            *_journey_refs(catalogue, journey, src),
            *_journey_phases(journey, src, options),
            *_journey_hygiene(journey, src, options),
        ]
        # Kept per journey too: its page shows a reviewer what is wrong with it.
        catalogue.issues[("journey", journey.id)] = [d for d in found if d.severity.rank < 2]
        out.extend(found)
    for sh in catalogue.stakeholders.values():
        src = catalogue.source("stakeholder", sh.id)
        for i, rel in enumerate(sh.relations):
            known = {*_ids(catalogue, "stakeholder"), *_ids(catalogue, "persona"), CUSTOMER}
            if rel.to not in known:
                p = src.value("relations", i, "to")
                out.append(
                    make("CJM021", src.path, p.line, p.col,
                         f"relation to '{rel.to}': no stakeholder or persona has this id"
                         f"{did_you_mean(rel.to, known)}; use a stakeholder id, a persona id "
                         "or `customer`")
                )
    for persona in catalogue.personas.values():
        out.extend(_persona_checks(catalogue, persona.id, options, docs_dir))
    out.extend(_unused_stakeholders(catalogue))
    return out


def _ids(catalogue: Catalogue, kind: str) -> set[str]:
    """Ids of one kind, with those that failed validation: they report their own errors,
    so a reference to one of them is not also reported as unknown."""
    tables: dict[str, Iterable[str]] = {
        "persona": catalogue.personas, "stakeholder": catalogue.stakeholders,
        "journey": catalogue.journeys,
    }
    return {*tables[kind], *(ident for k, ident in catalogue.invalid if k == kind)}


def _ref(
    src: Source, path: tuple[str | int, ...], value: str, kind: str, known: Iterable[str]
) -> Iterator[Diagnostic]:
    pool = set(known)
    if value in pool:
        return
    p = src.value(*path)
    yield make(
        "CJM021", src.path, p.line, p.col,
        f"unknown {kind} '{value}'{did_you_mean(value, pool)}; "
        f"define a {kind} with `id: {value}` or fix the spelling",
    )


def _journey_refs(catalogue: Catalogue, j: Journey, src: Source) -> Iterator[Diagnostic]:
    personas, stakeholders = _ids(catalogue, "persona"), _ids(catalogue, "stakeholder")
    if j.persona:
        yield from _ref(src, ("persona",), j.persona, "persona", personas)
    for i, pid in enumerate(j.personas):
        yield from _ref(src, ("personas", i), pid, "persona", personas)
    if j.owner:
        yield from _ref(src, ("owner",), j.owner, "stakeholder", stakeholders)
    for i, sid in enumerate(j.stakeholders):
        yield from _ref(src, ("stakeholders", i), sid, "stakeholder", stakeholders)
    for pi, phase in enumerate(j.phases):
        for i, sid in enumerate(phase.responsible):
            yield from _ref(src, ("phases", pi, "responsible", i), sid, "stakeholder", stakeholders)
        yield from _opportunity_refs(src, ("phases", pi), phase.opportunities, stakeholders)
        for si, step in enumerate(phase.steps):
            at = ("phases", pi, "steps", si)
            if step.owner:
                yield from _ref(src, (*at, "owner"), step.owner, "stakeholder", stakeholders)
            yield from _opportunity_refs(src, at, step.opportunities, stakeholders)
    yield from _comparison(catalogue, j, src)


def _opportunity_refs(
    src: Source, at: tuple[str | int, ...], opps: list[Opportunity], known: Iterable[str]
) -> Iterator[Diagnostic]:
    for oi, opp in enumerate(opps):
        if opp.owner:
            path = (*at, "opportunities", oi, "owner")
            yield from _ref(src, path, opp.owner, "stakeholder", known)


def _comparison(catalogue: Catalogue, j: Journey, src: Source) -> Iterator[Diagnostic]:
    if not j.compares_to:
        return
    p = src.value("compares_to")
    if j.state != "target":
        yield make("CJM022", src.path, p.line, p.col,
                   "only a `state: target` journey can use `compares_to`; set `state: target` "
                   "or remove `compares_to`")
        return
    if j.compares_to == j.id:
        yield make("CJM022", src.path, p.line, p.col, "a journey cannot compare to itself")
        return
    other = catalogue.journeys.get(j.compares_to)
    if other is None:
        yield from _ref(src, ("compares_to",), j.compares_to, "journey", _ids(catalogue, "journey"))
        return
    if other.state != "current":
        yield make("CJM022", src.path, p.line, p.col,
                   f"`compares_to` must name a `state: current` journey, but "
                   f"'{other.id}' is a target journey")


def _journey_phases(j: Journey, src: Source, options: SiteOptions) -> Iterator[Diagnostic]:
    model_ids = options.phase_ids()
    order = {pid: i for i, pid in enumerate(model_ids or [])}
    latest: str | None = None  # the phase furthest along the model so far
    seen: dict[str, int] = {}
    step_ids: dict[str, tuple[int, int]] = {}
    for pi, phase in enumerate(j.phases):
        where = ("phases", pi, "id") if phase.id else ("phases", pi, "name")
        if phase.key in order:
            if latest is not None and order[phase.key] < order[latest]:
                p = src.value(*where)
                yield make("CJM107", src.path, p.line, p.col,
                           f"phase '{phase.key}' comes after '{latest}' here, but before it in "
                           "the site's phase_model; order the phases as the model does")
            else:
                latest = phase.key
        if phase.key in seen:
            p = src.value(*where)
            yield make("CJM024", src.path, p.line, p.col,
                       f"phase id '{phase.key}' is used twice in this journey (also phase "
                       f"{seen[phase.key] + 1}); give one of them its own `id:`")
        seen.setdefault(phase.key, pi)
        if model_ids is not None and phase.key not in model_ids:
            p = src.value(*where)
            yield make("CJM023", src.path, p.line, p.col,
                       f"phase '{phase.key}' is not in the site's phase_model"
                       f"{did_you_mean(phase.key, model_ids)}; set `id:` to one of: "
                       f"{', '.join(model_ids)}")
        if not phase.steps and phase.emotion is None:
            p = src.value("phases", pi)
            yield make("CJM026", src.path, p.line, p.col,
                       f"phase '{phase.name}' has neither steps nor an `emotion`; add at least "
                       "one step, or an `emotion:` for the whole phase")
        if phase.emotion is not None:
            yield from _in_scale(src, ("phases", pi, "emotion"), phase.emotion, options)
        for si, step in enumerate(phase.steps):
            at = ("phases", pi, "steps", si)
            if step.emotion is not None:
                yield from _in_scale(src, (*at, "emotion"), step.emotion, options)
            if step.id:
                if step.id in step_ids:
                    p = src.value(*at, "id")
                    yield make("CJM024", src.path, p.line, p.col,
                               f"step id '{step.id}' is used twice in this journey")
                step_ids.setdefault(step.id, (pi, si))


def _in_scale(
    src: Source, path: tuple[str | int, ...], value: float, options: SiteOptions
) -> Iterator[Diagnostic]:
    scale = options.emotion_scale
    if scale.min <= value <= scale.max:
        return
    p = src.value(*path)
    yield make("CJM025", src.path, p.line, p.col,
               f"emotion {_num(value)} is outside the scale {_num(scale.min)}..{_num(scale.max)}; "
               "use a value inside it (or change the site's `emotion_scale`)")


def _num(value: float) -> str:
    # Whole numbers without ".0", but 1e308 as written, not as 309 digits.
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e16 else str(value)


def _journey_hygiene(j: Journey, src: Source, options: SiteOptions) -> Iterator[Diagnostic]:
    today = options.effective_today()
    for pi, phase in enumerate(j.phases):
        for si, step in enumerate(phase.steps):
            if not step.touchpoint and not step.channel:
                p = src.value("phases", pi, "steps", si)
                yield make("CJM102", src.path, p.line, p.col,
                           f"step '{step.name}' has neither `touchpoint` nor `channel`; say "
                           "where the customer meets you here")
    for path, opp in _all_opportunities(j):
        if opp.overdue(today):
            p = src.value(*path, "due")
            assert opp.due is not None
            yield make("CJM106", src.path, p.line, p.col,
                       f"opportunity '{opp.title}' was due {opp.due.isoformat()} and is "
                       f"'{opp.status}'; update its status or its date")
    if j.updated is None:
        yield make("CJM103", src.path, src.start.line, src.start.col,
                   f"journey '{j.id}' has no `updated` date; add `updated: YYYY-MM-DD` when it "
                   "was last reviewed", Severity.NOTE)
    elif j.stale(today, options.stale_after_days):
        p = src.value("updated")
        yield make("CJM103", src.path, p.line, p.col,
                   f"journey '{j.id}' last reviewed {j.updated.isoformat()}, more than "
                   f"{options.stale_after_days} days ago; review it and set `updated:` to "
                   "today's date", Severity.NOTE)


def _all_opportunities(j: Journey) -> Iterator[tuple[tuple[str | int, ...], Opportunity]]:
    for pi, phase in enumerate(j.phases):
        for oi, opp in enumerate(phase.opportunities):
            yield ("phases", pi, "opportunities", oi), opp
        for si, step in enumerate(phase.steps):
            for oi, opp in enumerate(step.opportunities):
                yield ("phases", pi, "steps", si, "opportunities", oi), opp


def photo_problem(photo: str) -> str | None:
    """Why a photo path is unsafe, or None. Paths are relative to the docs folder."""
    if photo.startswith("https://"):
        return None
    if photo.startswith(("/", "\\")) or (len(photo) > 1 and photo[1] == ":"):
        return "is absolute; write it relative to the docs folder (e.g. img/anna.jpg)"
    norm = posixpath.normpath(photo.replace("\\", "/"))
    if norm == ".." or norm.startswith("../"):
        return "leaves the docs folder; put the picture inside docs/ and write its path from there"
    return None


def _persona_checks(
    catalogue: Catalogue, pid: str, options: SiteOptions, docs_dir: Path | None
) -> Iterator[Diagnostic]:
    persona = catalogue.personas[pid]
    src = catalogue.source("persona", pid)
    if persona.photo:
        problem = photo_problem(persona.photo)
        p = src.value("photo")
        if problem:
            yield make("CJM027", src.path, p.line, p.col, f"photo '{persona.photo}' {problem}")
        elif (
            docs_dir is not None
            and not persona.photo.startswith("https://")
            and not (docs_dir / persona.photo).is_file()
        ):
            yield make("CJM104", src.path, p.line, p.col,
                       f"photo '{persona.photo}' not found in the docs folder; the page shows "
                       "initials instead")
    used = any(pid in j.persona_ids for j in catalogue.journeys.values())
    if not used and not _incomplete(catalogue, "journey"):
        yield make("CJM101", src.path, src.start.line, src.start.col,
                   f"persona '{pid}' is used by no journey; map a journey for it or remove it")


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


def _incomplete(catalogue: Catalogue, *kinds: str) -> bool:
    """Whether some definition that might name an entity was not loaded: an invalid
    entity of one of `kinds`, or a document that could not be read at all (its kind
    is unknown). Then "used by nothing" cannot be told."""
    return bool(catalogue.unloaded) or any(k in kinds for k, _ in catalogue.invalid)


def _unused_stakeholders(catalogue: Catalogue) -> Iterator[Diagnostic]:
    if _incomplete(catalogue, "journey", "stakeholder"):
        return  # a journey or stakeholder that failed may be the one that names them
    named: set[str] = set()
    for j in catalogue.journeys.values():
        named.update(stakeholders_of(j))
    for sh in catalogue.stakeholders.values():
        for rel in sh.relations:
            named.add(rel.to)
    for sid in catalogue.stakeholders:
        if sid not in named:
            src = catalogue.source("stakeholder", sid)
            yield make("CJM105", src.path, src.start.line, src.start.col,
                       f"stakeholder '{sid}' appears in no journey and no relation")
