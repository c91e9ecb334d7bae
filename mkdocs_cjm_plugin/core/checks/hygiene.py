"""What is unfinished or worth a look (notes and warnings, never errors of shape):
steps without a channel or with one the site does not know, stale journeys, overdue
opportunities, lists written as one text, photos, personas and stakeholders nobody uses,
touchpoints written several ways."""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, Severity, closest, make
from mkdocs_cjm_plugin.core.files import leads_inside
from mkdocs_cjm_plugin.core.load import Catalogue, Source
from mkdocs_cjm_plugin.core.model import Journey, SiteOptions
from mkdocs_cjm_plugin.core.queries import (
    stakeholders_of,
    touchpoint_spellings,
    usual_spelling,
)
from mkdocs_cjm_plugin.core.suggest import comma_parts
from mkdocs_cjm_plugin.core.walk import opportunities, steps

_ENTRY_LISTS = ("tags", "channels", "systems")
"""Lists of short names, where a comma in the one entry given almost always separates
several (prose lists such as `pains` may well contain commas)."""


@functools.cache
def _field_names(model: type[BaseModel]) -> frozenset[str]:
    # Pydantic looks `model_fields` up anew on every access: once per model class.
    return frozenset(model.model_fields)


def entry_lists(
    src: Source, at: tuple[str | int, ...], entity: BaseModel
) -> Iterator[Diagnostic]:
    fields = _field_names(type(entity))
    for key in _ENTRY_LISTS:
        if key not in fields:  # cheaper than a failing getattr
            continue
        values = getattr(entity, key)
        if len(values) != 1:
            continue
        parts = comma_parts(values[0])
        # Text with brackets or YAML's special characters may use commas otherwise,
        # and would need quotes in a list. Where the file has a list is asked last: the
        # positions of a file from the cache are read again when first asked for.
        if len(parts) < 2 or any(c in values[0] for c in "()[]{}:#'\""):
            continue
        if src.written(*at, key, 0):
            continue
        p = src.value(*at, key)
        yield make("CJM109", src.path, p.line, p.col,
                   f"`{key}` has one entry, '{values[0]}'; for {len(parts)} entries write a "
                   f"list: `{key}: [{', '.join(parts)}]`")


def journey_hygiene(j: Journey, src: Source, options: SiteOptions) -> Iterator[Diagnostic]:
    today = options.effective_today()
    for at in steps(j):
        if not at.step.touchpoint and not at.step.channel:
            p = src.value(*at.at)
            yield make("CJM102", src.path, p.line, p.col,
                       f"step '{at.step.name}' has neither `touchpoint` nor `channel`; say "
                       "where the customer meets you here")
        elif at.step.channel and at.step.online is None:
            yield from _unknown_channel(at.step.name, at.step.channel, src, at.at, options)
    for path, opp in opportunities(j):
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


def _unknown_channel(
    step: str, channel: str, src: Source, at: tuple[str | int, ...], options: SiteOptions
) -> Iterator[Diagnostic]:
    """CJM110: a channel neither list knows, so the page cannot say online or offline."""
    if options.channel_online(channel) is not None:
        return
    known = {name.casefold(): name for name in options.channel_names()}
    close = closest(channel.strip().casefold(), known)
    hint = f"if you meant '{known[close]}', write that; else " if close else ""
    # The line to copy must be valid YAML whatever the name holds.
    key = channel if _PLAIN_KEY.fullmatch(channel) else json.dumps(channel, ensure_ascii=False)
    p = src.value(*at, "channel")
    yield make(
        "CJM110", src.path, p.line, p.col,
        f"step '{step}' has the channel '{channel}', which is not in the channel list, so "
        f"its page cannot say whether it is online; {hint}add it to the plugin's `channels` "
        f"option in mkdocs.yml (`channels: {{{key}: {{online: true}}}}`), or write "
        "`online: true` or `online: false` on the step",
        Severity.NOTE,
    )


_PLAIN_KEY = re.compile(r"[^\W\d_][\w .&/+-]*", re.UNICODE)


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


def photo_in_docs(photo: str, docs_dir: Path) -> bool:
    """Whether a photo path (relative, see `photo_problem`) names a file in the docs
    folder: one that is there, with no symbolic link on the way leading out of it.
    MkDocs publishes what such a link points to (`/etc/passwd`), so the plugin neither
    shows nor links it."""
    file = docs_dir / photo
    return file.is_file() and leads_inside(file, docs_dir)


def persona_checks(
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
                       f"photo '{persona.photo}' not found in the docs folder, so the page "
                       "shows initials instead; put the picture there (the path is relative "
                       "to the docs folder) or correct the path")
        elif (
            docs_dir is not None
            and not persona.photo.startswith("https://")
            and not photo_in_docs(persona.photo, docs_dir)
        ):
            yield make("CJM027", src.path, p.line, p.col,
                       f"photo '{persona.photo}' leads out of the docs folder through a "
                       "symbolic link, so the page shows initials instead (MkDocs still "
                       "copies what the link points to into the site); put the picture "
                       "itself in the docs folder instead of a link, or remove the link")
    used = any(pid in j.persona_ids for j in catalogue.journeys.values())
    if not used and not missed and not _incomplete(catalogue, "journey"):
        yield make("CJM101", src.path, src.start.line, src.start.col,
                   f"persona '{pid}' is used by no journey; map a journey for it or remove it")


def _incomplete(catalogue: Catalogue, *kinds: str) -> bool:
    """Whether some definition that might name an entity was not loaded: an invalid
    entity of one of `kinds`, or a document that could not be read at all (its kind
    is unknown). Then "used by nothing" cannot be told."""
    return bool(catalogue.unloaded) or any(k in kinds for k, _ in catalogue.invalid)


def unused_stakeholders(catalogue: Catalogue) -> Iterator[Diagnostic]:
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
                       f"stakeholder '{sid}' appears in no journey and no relation; name it "
                       "as `owner` or in `responsible` of a journey, give it a relation, "
                       "or remove it")


def touchpoint_variants(catalogue: Catalogue) -> Iterator[Diagnostic]:
    """CJM130 at each step that writes a touchpoint another way than most steps do
    (`Hotline-Vertrieb` beside `Hotline Vertrieb`): the touchpoints page counts them as
    one, but readers and the site search see two."""
    for uses in touchpoint_spellings(catalogue.journeys.values()).values():
        spellings = [u.step.step.touchpoint or "" for u in uses]
        if len(set(spellings)) < 2:
            continue
        usual = usual_spelling(spellings)
        first = next(u for u in uses if u.step.step.touchpoint == usual)
        first_src = catalogue.source("journey", first.journey.id)
        first_at = first_src.value(*first.step.at, "touchpoint")
        count = spellings.count(usual)
        for use in uses:
            written = use.step.step.touchpoint
            if written == usual:
                continue
            src = catalogue.source("journey", use.journey.id)
            p = src.value(*use.step.at, "touchpoint")
            yield make("CJM130", src.path, p.line, p.col,
                       f"touchpoint '{written}' is written '{usual}' elsewhere ({count} "
                       f"step{'s' * (count != 1)}, first at {first_src.path}:{first_at.line}); "
                       "the touchpoints page counts them as one, so write it the same way "
                       f"everywhere: `touchpoint: {usual}`")
