"""A journey's phases against the site: the phase model, its order, duplicate phase and
step ids, phases without content, emotions on the site's scale."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, did_you_mean, make, number_text
from mkdocs_cjm_plugin.core.load import Source
from mkdocs_cjm_plugin.core.model import Journey, SiteOptions
from mkdocs_cjm_plugin.core.walk import walk


def journey_phases(j: Journey, src: Source, options: SiteOptions) -> Iterator[Diagnostic]:
    model_ids = options.phase_ids()
    order = {pid: i for i, pid in enumerate(model_ids or [])}
    latest: str | None = None  # the phase furthest along the model so far
    seen: dict[str, int] = {}
    step_ids: dict[str, tuple[int, int]] = {}
    for walked in walk(j):
        phase, pi = walked.phase, walked.number - 1
        where = (*walked.at, "id") if phase.id else (*walked.at, "name")
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
        for si, at_step in enumerate(walked.steps):
            step, at = at_step.step, at_step.at
            if step.emotion is not None:
                yield from _in_scale(src, (*at, "emotion"), step.emotion, options)
            if step.id:
                if step.id in step_ids:
                    p = src.value(*at, "id")
                    yield make("CJM024", src.path, p.line, p.col,
                               f"step id '{step.id}' is used twice in this journey; give "
                               "one of the steps its own `id:`")
                step_ids.setdefault(step.id, (pi, si))


def _in_scale(
    src: Source, path: tuple[str | int, ...], value: float, options: SiteOptions
) -> Iterator[Diagnostic]:
    scale = options.emotion_scale
    if scale.min <= value <= scale.max:
        return
    p = src.value(*path)
    low, high = number_text(scale.min), number_text(scale.max)
    yield make("CJM025", src.path, p.line, p.col,
               f"emotion {number_text(value)} is outside the scale {low}..{high}; "
               "use a value inside it (or change the site's `emotion_scale`)")
