"""One walk through a journey: every phase and step with its stable key.

Checks, pages, pictures and (later) `cjm diff` and `cjm export` name the parts of a
journey the same way, through this walk:

- `key` is what stays when the file changes elsewhere: a step's own `id:` where it has
  one, else its phase's key and its name as a slug, made unique within the journey
  (`beratung-ruft-an`, `beratung-ruft-an-2`). Page anchors are `phase-<key>` and
  `step-<key>`.
- `path` says where the part stands today (`journey/kauf/phase/2/step/1`, counted from
  1), and `at` is the same place in the YAML (`("phases", 1, "steps", 0)`), for messages.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

from mkdocs_cjm_plugin.core.model import Journey, Opportunity, Phase, Step, slugify

YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class StepAt:
    phase: Phase
    step: Step
    key: str
    """Stable within the journey: the step's `id:`, else phase key + name slug."""
    path: str
    """`journey/<id>/phase/<n>/step/<m>`, counted from 1."""
    at: YamlPath
    """Where the step stands in its file: `("phases", pi, "steps", si)`."""

    @property
    def anchor(self) -> str:
        return f"step-{self.key}"


@dataclass(frozen=True)
class PhaseAt:
    phase: Phase
    number: int
    """1 for the first phase."""
    path: str
    at: YamlPath
    steps: tuple[StepAt, ...]

    @property
    def key(self) -> str:
        return self.phase.key

    @property
    def anchor(self) -> str:
        return f"phase-{self.phase.key}"


# Walks made so far, by journey object: checks, pages and pictures each walk every
# journey, several times over, and `mkdocs serve` keeps unchanged journeys from build to
# build. An entry goes when its journey does (models are never changed once made).
_WALKS: dict[int, tuple[weakref.ref[Journey], list[PhaseAt]]] = {}


def walk(journey: Journey) -> list[PhaseAt]:
    """The phases of `journey` in order, each with its steps."""
    ident = id(journey)
    known = _WALKS.get(ident)
    if known is None or known[0]() is not journey:
        gone = functools.partial(_forget, ident)
        known = _WALKS[ident] = (weakref.ref(journey, gone), _walk(journey))
    return list(known[1])


def _forget(ident: int, _ref: object) -> None:
    _WALKS.pop(ident, None)


def _walk(journey: Journey) -> list[PhaseAt]:
    seen: set[str] = set()
    out: list[PhaseAt] = []
    for pi, phase in enumerate(journey.phases):
        phase_path = f"journey/{journey.id}/phase/{pi + 1}"
        phase_key = phase.key  # a slug made from the name: once per phase, not per step
        steps: list[StepAt] = []
        for si, step in enumerate(phase.steps):
            base = step.id or f"{phase_key}-{slugify(step.name)}"
            key, n = base, 2
            while key in seen:
                key, n = f"{base}-{n}", n + 1
            seen.add(key)
            steps.append(StepAt(
                phase, step, key, f"{phase_path}/step/{si + 1}", ("phases", pi, "steps", si)
            ))
        out.append(PhaseAt(phase, pi + 1, phase_path, ("phases", pi), tuple(steps)))
    return out


def steps(journey: Journey) -> Iterator[StepAt]:
    """Every step of `journey`, in order."""
    for phase in walk(journey):
        yield from phase.steps


def opportunities(journey: Journey) -> Iterator[tuple[YamlPath, Opportunity]]:
    """Every opportunity of `journey` (the phase's first, then its steps'), with its place
    in the file."""
    for phase in walk(journey):
        for oi, opp in enumerate(phase.phase.opportunities):
            yield (*phase.at, "opportunities", oi), opp
        for step in phase.steps:
            for oi, opp in enumerate(step.step.opportunities):
                yield (*step.at, "opportunities", oi), opp
