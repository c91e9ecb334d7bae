"""Where the generated pages and files go, found without rendering anything (and
without the templates, Jinja or the pictures): `cjm check` finds the author's files in
their way (CJM031) from here, and the handbook lists its pages in the same order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, make
from mkdocs_cjm_plugin.core.load import Catalogue
from mkdocs_cjm_plugin.core.model import ID_PATTERN, page_id_problem
from mkdocs_cjm_plugin.site.urls import Urls
from mkdocs_cjm_plugin.site.views import UnreadableFile


def invalid_journey_ids(catalogue: Catalogue) -> list[str]:
    """Journeys with errors that still get a page (listing them) at their id's address."""
    return sorted(
        ident for kind, ident in catalogue.invalid
        if kind == "journey" and ident not in catalogue.journeys
        and re.fullmatch(ID_PATTERN, ident) and page_id_problem(ident) is None
    )


@dataclass(frozen=True)
class PagelessJourney:
    """A journey with errors that has no page: its id cannot name one (CJM060, or it is
    no id at all), or another journey has its id (CJM020). The journeys index lists it
    by its file, with its problems, and links nowhere."""

    name: str
    """Its id as written, cut short when long."""
    path: str
    errors: list[Diagnostic]


def pageless_journeys(catalogue: Catalogue) -> list[PagelessJourney]:
    """Every journey with errors that `invalid_journey_ids` gives no page, one per file,
    sorted by file: without this, it would be in the build log only."""
    paged = set(invalid_journey_ids(catalogue))
    found: list[PagelessJourney] = []
    for (kind, ident), errors in catalogue.invalid.items():
        if kind != "journey" or ident in paged:
            continue
        by_file: dict[str, list[Diagnostic]] = {}
        for d in errors:
            by_file.setdefault(d.path, []).append(d)
        source = catalogue.sources.get((kind, ident))
        if not by_file and source is not None and ident not in catalogue.journeys:
            by_file[source.path] = []
        found += [PagelessJourney(_short(ident), path, ds) for path, ds in by_file.items()]
    found += [
        PagelessJourney(_short(ident), d.path, [d])
        for kind, ident, d in catalogue.duplicates if kind == "journey"
    ]
    return sorted(found, key=lambda j: (j.path, j.name))


def _short(ident: str) -> str:
    # As CJM060 shows it: an id of hundreds of characters would push the list sideways.
    return ident if len(ident) <= 40 else ident[:37] + "..."


def page_sources(
    catalogue: Catalogue, urls: Urls, unreadable: list[UnreadableFile]
) -> list[tuple[str, str | None]]:
    """(source path, definition file) of every page the handbook makes, in its order;
    `unreadable`: the files that keep a page of their own (`views.unreadable_files`)."""

    def source(kind: str, ident: str) -> str | None:
        src = catalogue.sources.get((kind, ident))
        return src.path if src else None

    return [
        (urls.overview, None), (urls.journeys_index, None), (urls.personas_index, None),
        (urls.stakeholders_index, None), (urls.touchpoints_index, None),
        (urls.actions_index, None), (urls.kpis_index, None),
        *((urls.journey(j), source("journey", j)) for j in catalogue.journeys),
        *((urls.persona(p), source("persona", p)) for p in catalogue.personas),
        *((urls.journey(i), source("journey", i)) for i in invalid_journey_ids(catalogue)),
        *((urls.journey(f.ident), f.path) for f in unreadable if f.ident),
    ]


STYLESHEET = "cjm.css"
SCRIPT = "cjm.js"
"""The names of the plugin's CSS (all its parts in one file) and script in the site,
in `assets/cjm/` (`Urls.asset`)."""


@dataclass(frozen=True)
class PublishedFile:
    """A file besides the pages that the plugin publishes."""

    path: str
    """Its path in the site, the same as in the docs folder."""
    what: str
    """What it is, in the words of a message."""
    source: str | None = None
    """The definition file it is made from, if one."""
    under_prefix: bool = True
    """Whether the `prefix` option moves it."""


def published_files(catalogue: Catalogue, urls: Urls) -> list[PublishedFile]:
    """The stylesheet, the script and the stakeholder maps as files of their own
    (`Handbook.assets`): a map of each journey, and of all stakeholders if there are
    any. A map's place is kept whether Graphviz draws it or not: a file of the
    author's there would be in the way as soon as it does."""
    out = [
        PublishedFile(urls.asset(STYLESHEET), "its stylesheet", under_prefix=False),
        PublishedFile(urls.asset(SCRIPT), "its script", under_prefix=False),
    ]
    if catalogue.stakeholders:
        out.append(PublishedFile(urls.map_file("all"), "the map of all stakeholders"))
    for ident in catalogue.journeys:
        src = catalogue.sources.get(("journey", ident))
        out.append(PublishedFile(urls.map_file(f"journey-{ident}"), "a stakeholder map",
                                 src.path if src else None))
    return out


def collision_problem(
    src_uri: str, source: str | None, own: str, shown: str, what: str | None = None,
    *, under_prefix: bool = True,
) -> Diagnostic:
    """CJM031 for the generated page or file `src_uri` (`what` it is, made from
    `source`): an author's file `own` (a path in the docs folder, printed as `shown`)
    stands in its way."""
    about = ", ".join(part for part in (what, source and f"made from {source}") if part)
    made_from = f" ({about})" if about else ""
    same = "" if own == src_uri else ", which MkDocs would publish at the same address"
    fix = (
        "rename or move your file, or set the plugin's `prefix` option" if under_prefix
        else "rename or move your file (the plugin's stylesheet and script are in "
        "`assets/cjm/` whatever the `prefix`)"
    )
    return make(
        "CJM031", shown, 1, 1,
        f"the plugin generates '{src_uri}'{made_from}, but this file of yours "
        f"is there{same}; {fix} (your file was not changed)",
    )


def file_collision(file: PublishedFile, shown: str) -> Diagnostic:
    """CJM031 for a file of the author's (printed as `shown`) at the place of `file`."""
    return collision_problem(file.path, file.source, file.path, shown, file.what,
                             under_prefix=file.under_prefix)
