"""Checks across the whole catalogue: references, scales, phase model, hygiene.

Each check is a small function over the catalogue that yields diagnostics
pointing at the exact key or value in the YAML that needs a change.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, Severity, did_you_mean, make
from mkdocs_cjm_plugin.core.load import Catalogue, Source
from mkdocs_cjm_plugin.core.model import Journey, Opportunity, SiteOptions
from mkdocs_cjm_plugin.core.suggest import comma_parts, ids_by_name
from mkdocs_cjm_plugin.core.yaml_source import Pos

CUSTOMER = "customer"


def check_catalogue(
    catalogue: Catalogue, options: SiteOptions, *, docs_dir: Path | None = None
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    refs = _Refs(catalogue)
    for journey in catalogue.journeys.values():
        src = catalogue.source("journey", journey.id)
        found = [
            *_journey_refs(refs, journey, src),
            *_journey_phases(journey, src, options),
            *_journey_hygiene(journey, src, options),
            *_entry_lists(src, (), journey),
        ]
        for pi, phase in enumerate(journey.phases):
            found.extend(_entry_lists(src, ("phases", pi), phase))
            for si, step in enumerate(phase.steps):
                found.extend(_entry_lists(src, ("phases", pi, "steps", si), step))
        # Kept per journey too: its page shows a reviewer what is wrong with it.
        catalogue.issues[("journey", journey.id)] = [d for d in found if d.severity.rank < 2]
        out.extend(found)
    for sh in catalogue.stakeholders.values():
        src = catalogue.source("stakeholder", sh.id)
        for i, rel in enumerate(sh.relations):
            out.extend(refs.check(src, ("relations", i, "to"), rel.to, "relation", sh.id))
        out.extend(_entry_lists(src, (), sh))
    for persona in catalogue.personas.values():
        out.extend(_entry_lists(catalogue.source("persona", persona.id), (), persona))
        out.extend(_persona_checks(catalogue, persona.id, docs_dir, "persona" in refs.missed))
    if "stakeholder" not in refs.missed:
        out.extend(_unused_stakeholders(catalogue))
    out.extend(refs.unchecked())
    return out


def _ids(catalogue: Catalogue, kind: str) -> set[str]:
    """Ids of one kind, with those that failed validation: they report their own errors,
    so a reference to one of them is not also reported as unknown."""
    tables: dict[str, Iterable[str]] = {
        "persona": catalogue.personas, "stakeholder": catalogue.stakeholders,
        "journey": catalogue.journeys,
    }
    return {*tables[kind], *(ident for k, ident in catalogue.invalid if k == kind)}


_FEW = 8
"""Up to this many known ids are listed when nothing close to an unknown one exists."""

_SHOWN_UNCHECKED = 5


@dataclass
class _Refs:
    """Resolves references, and holds back those that cannot be told while a file that
    may define the missing id could not be read: one note then says so."""

    catalogue: Catalogue
    skipped: list[tuple[str, Pos, str]] = field(default_factory=list)
    missed: set[str] = field(default_factory=set)
    """Kinds with a reference reported as unknown: it may have meant an entity that
    looks unused, so no entity of that kind is called unused (no follow-on note)."""
    _pools: dict[str, frozenset[str]] = field(default_factory=dict)

    def _known(self, kind: str, kinds: tuple[str, ...]) -> frozenset[str]:
        # Once per kind, not per reference: the catalogue does not change while checking.
        if kind not in self._pools:
            extra = {CUSTOMER} if kind == "relation" else set()
            self._pools[kind] = frozenset(
                {ident for k in kinds for ident in _ids(self.catalogue, k)} | extra
            )
        return self._pools[kind]

    def check(
        self, src: Source, path: tuple[str | int, ...], value: str, kind: str, referrer: str
    ) -> Iterator[Diagnostic]:
        """`kind` is persona, stakeholder, journey or relation (any of the first two, or
        `customer`); `referrer` is the id of the entity that holds the reference."""
        kinds = ("stakeholder", "persona") if kind == "relation" else (kind,)
        known = self._known(kind, kinds)
        if value in known:
            return
        p = src.value(*path)
        if self.catalogue.unknown_ids:
            self.skipped.append((src.path, p, value))
            return
        # The entity that refers is never the one it meant: a journey that compares to
        # a missing journey is not told to compare to itself.
        pool = known - {referrer} if kind in ("journey", "relation") else known
        hint = _by_name(self.catalogue, kinds, value) or did_you_mean(value, pool)
        if not hint and len(pool) <= _FEW:
            listed = ", ".join(sorted(pool)) or "none yet"
            hint = f" (known {'ids' if kind == 'relation' else kind + 's'}: {listed})"
        if kind == "relation":
            message = (f"relation to '{value}': no stakeholder or persona has this id{hint}; "
                       "use a stakeholder id, a persona id or `customer`")
        else:
            message = (f"unknown {kind} '{value}'{hint}; define a {kind} with `id: {value}` "
                       "or fix the spelling")
        self.missed.update(kinds)
        yield make("CJM021", src.path, p.line, p.col, message)

    def unchecked(self) -> Iterator[Diagnostic]:
        if not self.skipped:
            return
        failed = self.catalogue.unknown_ids
        shown = [f"'{value}' ({path}:{p.line}:{p.col})"
                 for path, p, value in sorted(self.skipped)[:_SHOWN_UNCHECKED]]
        more = len(self.skipped) - len(shown)
        if more:
            shown.append(f"and {more} more")
        n = len(self.skipped)
        others = f" (nor {', '.join(failed[1:])})" if len(failed) > 1 else ""
        yield make("CJM108", failed[0], 1, 1,
                   f"{n} reference{'s' * (n != 1)} could not be checked because this "
                   f"file{others} could not be read and may define what "
                   f"{'they name' if n != 1 else 'it names'}: {', '.join(shown)}; fix the "
                   "errors in this file and check again")


def _by_name(catalogue: Catalogue, kinds: tuple[str, ...], written: str) -> str:
    """A did-you-mean for a display name written where an id belongs."""
    ids = [i for k in kinds for i in ids_by_name(catalogue.names.get(k, {}), written)]
    if not ids:
        return ""
    return f" (did you mean '{ids[0]}'? '{written}' is its name)" if len(ids) == 1 else (
        f" (did you mean one of {', '.join(repr(i) for i in ids)}? '{written}' is their name)"
    )


def _journey_refs(refs: _Refs, j: Journey, src: Source) -> Iterator[Diagnostic]:
    def ref(path: tuple[str | int, ...], value: str, kind: str) -> Iterator[Diagnostic]:
        return refs.check(src, path, value, kind, j.id)

    if j.persona:
        yield from ref(("persona",), j.persona, "persona")
    for i, pid in enumerate(j.personas):
        yield from ref(("personas", i), pid, "persona")
    if j.owner:
        yield from ref(("owner",), j.owner, "stakeholder")
    for i, sid in enumerate(j.stakeholders):
        yield from ref(("stakeholders", i), sid, "stakeholder")
    for pi, phase in enumerate(j.phases):
        for i, sid in enumerate(phase.responsible):
            yield from ref(("phases", pi, "responsible", i), sid, "stakeholder")
        yield from _opportunity_refs(ref, ("phases", pi), phase.opportunities)
        for si, step in enumerate(phase.steps):
            at = ("phases", pi, "steps", si)
            if step.owner:
                yield from ref((*at, "owner"), step.owner, "stakeholder")
            yield from _opportunity_refs(ref, at, step.opportunities)
    yield from _comparison(refs.catalogue, j, src, ref)


_RefCheck = Callable[[tuple[str | int, ...], str, str], Iterator[Diagnostic]]


def _opportunity_refs(
    ref: _RefCheck, at: tuple[str | int, ...], opps: list[Opportunity]
) -> Iterator[Diagnostic]:
    for oi, opp in enumerate(opps):
        if opp.owner:
            yield from ref((*at, "opportunities", oi, "owner"), opp.owner, "stakeholder")


def _comparison(
    catalogue: Catalogue, j: Journey, src: Source, ref: _RefCheck
) -> Iterator[Diagnostic]:
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
        yield from ref(("compares_to",), j.compares_to, "journey")
        return
    if other.state != "current":
        yield make("CJM022", src.path, p.line, p.col,
                   f"`compares_to` must name a `state: current` journey, but "
                   f"'{other.id}' is a target journey")


_ENTRY_LISTS = ("tags", "channels", "systems")
"""Lists of short names, where a comma in the one entry given almost always separates
several (prose lists such as `pains` may well contain commas)."""


def _entry_lists(
    src: Source, at: tuple[str | int, ...], entity: BaseModel
) -> Iterator[Diagnostic]:
    for key in _ENTRY_LISTS:
        if key not in type(entity).model_fields:  # cheaper than a failing getattr
            continue
        values = getattr(entity, key)
        if len(values) != 1 or src.written(*at, key, 0):
            continue
        parts = comma_parts(values[0])
        # Text with brackets or YAML's special characters may use commas otherwise,
        # and would need quotes in a list.
        if len(parts) < 2 or any(c in values[0] for c in "()[]{}:#'\""):
            continue
        p = src.value(*at, key)
        yield make("CJM109", src.path, p.line, p.col,
                   f"`{key}` has one entry, '{values[0]}'; for {len(parts)} entries write a "
                   f"list: `{key}: [{', '.join(parts)}]`")


def _journey_phases(j: Journey, src: Source, options: SiteOptions) -> Iterator[Diagnostic]:
    model_ids = options.phase_ids()
    order = {pid: i for i, pid in enumerate(model_ids or [])}
    latest: str | None = None  # the phase furthest along the model so far
    seen: dict[str, int] = {}
    step_ids: dict[str, tuple[int, int]] = {}
    for pi, phase in enumerate(j.phases):
        where = ("phases", pi, "id") if phase.id else ("phases", pi, "name")
        if phase.key in order and phase.key not in seen:  # a repeat is CJM024, not also this
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
    catalogue: Catalogue, pid: str, docs_dir: Path | None, missed: bool
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
    if not used and not missed and not _incomplete(catalogue, "journey"):
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
        if sh.relations:  # drawn on the map of all stakeholders with its relations
            named.add(sh.id)
        for rel in sh.relations:
            named.add(rel.to)
    for sid in catalogue.stakeholders:
        if sid not in named:
            src = catalogue.source("stakeholder", sid)
            yield make("CJM105", src.path, src.start.line, src.start.col,
                       f"stakeholder '{sid}' appears in no journey and no relation")
