"""References between entities: every id a journey or stakeholder names exists, with
the exact fix when it does not (a name for an id, a list written as one text, a typo),
and nothing is called unknown that an unreadable file may define."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, did_you_mean, make
from mkdocs_cjm_plugin.core.load import Catalogue, Source
from mkdocs_cjm_plugin.core.model import Journey, Opportunity
from mkdocs_cjm_plugin.core.queries import CUSTOMER
from mkdocs_cjm_plugin.core.suggest import ids_by_name
from mkdocs_cjm_plugin.core.walk import walk
from mkdocs_cjm_plugin.core.yaml_source import Pos


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


_RefCheck = Callable[[tuple[str | int, ...], str, str], Iterator[Diagnostic]]


@dataclass
class Refs:
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


def journey_refs(refs: Refs, j: Journey, src: Source) -> Iterator[Diagnostic]:
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
    for phase in walk(j):
        for i, sid in enumerate(phase.phase.responsible):
            yield from ref((*phase.at, "responsible", i), sid, "stakeholder")
        yield from _opportunity_refs(ref, phase.at, phase.phase.opportunities)
        for step in phase.steps:
            if step.step.owner:
                yield from ref((*step.at, "owner"), step.step.owner, "stakeholder")
            yield from _opportunity_refs(ref, step.at, step.step.opportunities)
    yield from _comparison(refs.catalogue, j, src, ref)


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

    def problem(message: str) -> Diagnostic:
        # Only a problem asks where `compares_to` stands (see `Located`).
        p = src.value("compares_to")
        return make("CJM022", src.path, p.line, p.col, message)

    if j.state != "target":
        yield problem("only a `state: target` journey can use `compares_to`; set "
                      "`state: target` or remove `compares_to`")
        return
    if j.compares_to == j.id:
        yield problem("a journey cannot compare to itself; set `compares_to` to the id of "
                      "the `state: current` journey this one improves on")
        return
    other = catalogue.journeys.get(j.compares_to)
    if other is None:
        yield from ref(("compares_to",), j.compares_to, "journey")
        return
    if other.state != "current":
        yield problem(f"`compares_to` must name a `state: current` journey, but "
                      f"'{other.id}' is a target journey; name the current journey "
                      "this one improves on")
