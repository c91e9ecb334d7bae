"""The handbook: every generated page as Markdown, with no MkDocs involved.

`Handbook.pages()` returns the source path and content of each page; the
MkDocs adapter only hands them over as generated files. Content is Markdown
(headings, so the table of contents works) around raw HTML blocks that we
build and escape ourselves.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import json
import posixpath
import re
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from mkdocs_cjm_plugin.core.checks.hygiene import photo_in_docs, photo_problem
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, make
from mkdocs_cjm_plugin.core.files import leads_inside
from mkdocs_cjm_plugin.core.history import HistoryEntry
from mkdocs_cjm_plugin.core.load import Catalogue, display_path
from mkdocs_cjm_plugin.core.model import Journey, Persona, SiteOptions
from mkdocs_cjm_plugin.core.queries import ROLES, stakeholders_of
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.pictures.curve import render_sparkline
from mkdocs_cjm_plugin.pictures.dot import MAX_MAP_RELATIONS, MAX_MAP_STAKEHOLDERS
from mkdocs_cjm_plugin.pictures.graphviz import (
    GraphvizRenderer,
    RenderResult,
    clean_svg,
    fallback_html,
)
from mkdocs_cjm_plugin.site import markup
from mkdocs_cjm_plugin.site.across import (
    ActionPlan,
    KpiBoard,
    TouchpointsPage,
    action_plan,
    actions_by_owner,
    evidence_bar,
    kpi_board,
    kpi_summary,
    overview,
    responsibility_matrix,
    stale_journeys,
    touchpoints_page,
)
from mkdocs_cjm_plugin.site.addresses import (
    SCRIPT,
    STYLESHEET,
    PagelessJourney,
    collision_problem,
    invalid_journey_ids,
    page_sources,
    pageless_journeys,
)
from mkdocs_cjm_plugin.site.directives import (
    Directive,
    directive_slips,
    find_directives,
    unknown_journeys,
)
from mkdocs_cjm_plugin.site.history import history_view
from mkdocs_cjm_plugin.site.memo import EntityDigests, JourneyPages, PageMemo
from mkdocs_cjm_plugin.site.pictures import (
    MapSource,
    all_stakeholders_dot,
    journey_curve,
    journey_map_dot,
    resolve_links,
)
from mkdocs_cjm_plugin.site.urls import Urls
from mkdocs_cjm_plugin.site.views import (
    LANES,
    JourneyStats,
    UnreadableFile,
    emotion_style,
    heatmap,
    involvement,
    journey_stats,
    journey_view,
    unreadable_files,
)

T = TypeVar("T")

ASSETS = ("cjm.css", "curve.css", "map.css")
# A directive counts only at the very start of a line: an indented one may be part of
# an indented code block (or a list item's), which shows the syntax rather than using it.
# Names Jinja gives the frames of template code in a traceback.
_TEMPLATE_FRAMES = ("top-level template code", "template")


class TemplateProblem(Exception):
    """A page template (usually a site's own, from `custom_templates`) cannot be used:
    it does not parse, uses an undefined variable, or the folder does not exist.
    The message names the file and line; the plugin reports it without a traceback."""


class _FolderLoader(jinja2.FileSystemLoader):
    """The templates of a `custom_templates` folder (printed as `shown`), without those
    that a symbolic link leads out of it: a link named `journey.md.jinja` to
    `/etc/hostname` would have been rendered into every journey page."""

    def __init__(self, folder: Path, shown: str) -> None:
        super().__init__(str(folder))
        self.folder, self.shown = folder, shown

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = template.split("/")
        path = self.folder.joinpath(*pieces)
        # A name with `..` is the base class's to refuse, as a template not found.
        if ".." not in pieces and path.is_file() and not leads_inside(path, self.folder):
            raise TemplateProblem(
                f"custom template '{posixpath.join(self.shown, template)}' leads out of the "
                f"custom_templates folder '{self.shown}' through a symbolic link, so it is "
                "not used; put the template itself in the folder instead of a link"
            )
        return super().get_source(environment, template)


def _template_frames(error: BaseException) -> list[traceback.FrameSummary]:
    """The frames of template code in the traceback of ``error``, outermost first."""
    return [
        f for f in traceback.extract_tb(error.__traceback__)
        if f.name in _TEMPLATE_FRAMES or f.name.startswith("block ")
    ]


def template_problem(error: Exception, template: str) -> TemplateProblem:
    """A TemplateProblem naming the file and line of ``error`` (raised rendering ``template``).

    A runtime error (``{{ 1/0 }}``, a filter raising) is named like a syntax error:
    the file and line of the innermost template frame, then what went wrong.
    """
    if isinstance(error, jinja2.TemplateError):
        message = error.message or type(error).__name__
    else:
        message = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = error.filename or error.name or template
        line: int | None = error.lineno
    elif isinstance(error, jinja2.TemplateNotFound):
        where, line = template, None
        message = f"template '{error.name}' not found"
    else:  # a runtime error: the innermost template frame of the traceback
        frames = _template_frames(error)
        where = frames[-1].filename if frames else template
        line = frames[-1].lineno if frames else None
    at = f"{display_path(Path(where))}, line {line}" if line else display_path(Path(where))
    return TemplateProblem(f"template error in {at} (rendering {template}): {message}")


# Characters that have no place in a one-line title: controls (C0, DEL, C1), line and
# paragraph separators, and what YAML front matter cannot carry (surrogates,
# U+FFFE/U+FFFF). Each becomes a space.
_NOT_IN_TITLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def plain_title(text: str) -> str:
    """``text`` on one line without control characters: front matter and ``<title>`` need it.
    The nav shows it too, so bidirectional overrides go as on every page."""
    return " ".join(str(markup.page_text(_NOT_IN_TITLE.sub(" ", text))).split())


@dataclass
class GeneratedPage:
    src_uri: str
    content: str
    title: str
    source: str | None = None
    """The YAML file the page is made from (for the edit link), if one."""
    in_nav: bool = True
    wide: bool = False
    """The page shows a map or a table that wants the whole screen: a target lets the
    navigation and table of contents step aside (MkDocs with Material: `hide`). The
    content carries `WIDE_MARKER`, which the plugin's CSS widens the page by, in any
    theme; `Handbook.pages()` sets both, following the `wide_pages` option."""


WIDE_MARKER = '<div class="cjm-wide-page" hidden></div>'
"""Marks a wide page in its HTML: the CSS (`body:has(.cjm-wide-page)`) widens only the
pages that carry it, never the author's own."""


def page_markdown(page: GeneratedPage) -> str:
    """The page with its title (HTML-escaped) and, on a wide page, Material's `hide`
    as front matter: what MkDocs, ProperDocs and Zensical all read.

    Themes print `page.title` as HTML; a title taken from the heading keeps the
    heading's entities, and Material unescapes those in `<title>` (`|striptags`), so a
    name with `</title><script>` would run there. A front-matter title is printed as is.
    """
    title = json.dumps(html.escape(plain_title(page.title)), ensure_ascii=False)
    # Material's own way to let the sidebars step aside; other themes ignore the key,
    # and the plugin's CSS widens them by the page's marker (site.handbook.WIDE_MARKER).
    hide = "hide: [navigation, toc]\n" if page.wide else ""
    return f"---\ntitle: {title}\n{hide}---\n\n{page.content}"


def collision(page: GeneratedPage, own: str, shown: str) -> str:
    """The CJM031 line for a generated page that an author's file `own` (a path in the
    docs folder, printed as `shown`) stands in the way of."""
    return collision_problem(page.src_uri, page.source, own, shown).format()


@dataclass
class Handbook:
    catalogue: Catalogue
    options: SiteOptions
    labels: Labels
    urls: Urls
    renderer: GraphvizRenderer | None = None
    custom_templates: Path | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    """Problems found while rendering (Graphviz missing, unknown directive ids)."""
    config_path: str = "mkdocs.yml"
    """Where site-wide problems (Graphviz missing) are reported."""
    cache_place: tuple[int, int] = (1, 1)
    """(line, column) of the `cache_dir` option in `config_path`, for its problems."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """What loading reported: the pages of files that could not be read list theirs."""
    docs_dir: Path | None = None
    """The docs folder: a photo that is not in it is shown as initials (CJM104, CJM027)."""
    place_html: Callable[[str], Markup] | None = None
    """How a block of finished HTML goes into a page's Markdown: as it is (the default,
    which any engine reads), or as the engine's target wants it (the MkDocs target parks
    it past Python-Markdown, see targets.mkdocs.pages)."""
    memo: PageMemo | None = None
    """Journey pages of the last build, reused where nothing they show changed
    (`site.memo`; `mkdocs serve` keeps one from build to build)."""
    history: Mapping[str, Sequence[HistoryEntry]] | None = None
    """Journey id -> the last changes to its file (the `history` option), newest first;
    None when the option is off."""
    repo_url: str | None = None
    """The repository's address (MkDocs' `repo_url`): the history links each change to
    its commit there, on GitHub and GitLab."""

    def __post_init__(self) -> None:
        loaders: list[jinja2.BaseLoader] = []
        if self.custom_templates is not None:
            if not Path(self.custom_templates).is_dir():
                raise TemplateProblem(
                    f"custom_templates folder '{display_path(Path(self.custom_templates))}' "
                    "not found"
                )
            shown = (self.options.custom_templates or "").rstrip("/") or display_path(
                Path(self.custom_templates))
            loaders.append(_FolderLoader(Path(self.custom_templates), shown))
        loaders.append(jinja2.PackageLoader("mkdocs_cjm_plugin.site", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
            finalize=markup.page_text,
            # `{#id}` sets heading anchors in Markdown, so Jinja comments are `{## ##}`.
            comment_start_string="{##",
            comment_end_string="##}",
            bytecode_cache=self.memo.templates if self.memo is not None else None,
        )
        if self.memo is not None:
            self.memo.parts.start()
        self.env.filters.update(
            md=markup.md_inline, mdb=markup.md_block, heading=markup.md_escape,
            date=self.labels.date, num=self.labels.number, qty=self.labels.quantity,
            htmlblock=self._html_block,
            extra_value=self._extra_value, persona_name=self._persona_name,
            message=markup.message_html, percent=self.labels.percent,
            stakeholder_name=self._stakeholder_name,
        )
        self.env.globals.update(
            t=self.labels, options=self.options, catalogue=self.catalogue, lanes=LANES,
            emotion_style=emotion_style(self.options), today=self.options.effective_today(),
            owner_name=self._owner_name, signed=self._signed, signed_percent=self._signed_percent,
            row_of=row_of,
        )
        self._maps: dict[str, RenderResult] | None = None
        self._map_sources: dict[str, str] = {}
        self._map_notes: dict[str, str] = {}
        """Maps cut down by the size limits, with the note the page shows."""
        self._broken_maps: dict[str, str] = {}
        """Maps whose SVG could not be cleaned, with the reason (reported once)."""
        self._unreadable: list[UnreadableFile] | None = None
        self._large: bool | None = None
        self._pageless: list[PagelessJourney] | None = None
        self._journey_pages: JourneyPages | None = None
        self._plan: ActionPlan | None = None
        self._board: KpiBoard | None = None
        self._touchpoints: TouchpointsPage | None = None
        self._site: str | None = None
        self._common: str | None = None
        self._entities = EntityDigests(self.catalogue)
        self._named: dict[str, str] = {}
        self._by_persona: dict[str, list[Journey]] | None = None
        self._journey_keys: dict[str, str] | None = None
        self.made_for: set[str] = set()
        """Journeys whose parts of pages or maps this build made anew (`mkdocs serve`)."""
        self._parts_key: str | None = None
        """`_common_key()` while `pages()` renders: parts of pages are kept meanwhile."""

    def _stakeholder_name(self, ident: str) -> str:
        sh = self.catalogue.stakeholders.get(ident)
        return sh.name if sh else ident

    def _owner_name(self, ident: str | None) -> str:
        """The name an action plan shows for an owner, or that nobody owns it yet."""
        return self._stakeholder_name(ident) if ident else self.labels("no_owner")

    def _signed(self, value: float, unit: str | None = None) -> str:
        """A difference with its sign, also `+`, and its unit (the KPI board says how far
        off)."""
        text = self.labels.quantity(value, unit)
        return f"+{text}" if value > 0 else text

    def _signed_percent(self, share: float) -> str:
        text = self.labels.percent(share)
        return f"+{text}" if share > 0 else text

    def _persona_name(self, ident: str) -> str:
        persona = self.catalogue.personas.get(ident)
        return persona.name if persona else ident

    def _extra_value(self, value: object) -> str:
        """Free `extra:` values as a reader expects them, not as Python prints them."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "✓" if value else "✗"
        if isinstance(value, dt.date):
            return self.labels.date(value)
        if isinstance(value, (int, float)):
            return self.labels.number(value)
        if isinstance(value, list):
            return ", ".join(self._extra_value(v) for v in value)
        if isinstance(value, dict):
            return "; ".join(f"{k}: {self._extra_value(v)}" for k, v in value.items())
        return str(value)

    # --- finished HTML in Markdown -------------------------------------------------

    def _html_block(self, text: str) -> Markup:
        """A block of finished HTML for a page's Markdown, as `place_html` wants it."""
        if self._journey_pages is not None and self.place_html is not None:
            return self._journey_pages.place(text)
        if self.place_html is not None:
            return self.place_html(text)
        return Markup("\n\n") + html_block(text) + Markup("\n")

    # --- pictures ----------------------------------------------------------------

    def _kept(self, key: tuple[Hashable, ...] | None, make: Callable[[], T], *journeys: str) -> T:
        """`make()`, or what it made in the last build under `key` (`mkdocs serve`);
        `key` must name everything the value is made from (None: not kept). What is
        made anew for `journeys` is noted in `made_for`, for the build's log."""
        if self.memo is None or key is None:
            return make()

        def made() -> T:
            self.made_for.update(journeys)
            return make()

        return self.memo.parts.get(key, made)

    def _journey_key(self, ident: str) -> str | None:
        """The content key of the file journey `ident` is read from (None: not known)."""
        if self._journey_keys is None:
            catalogue = self.catalogue
            self._journey_keys = {}
            for (kind, found), src in catalogue.sources.items():
                key = catalogue.file_keys.get(src.path) if kind == "journey" else None
                if key is not None:
                    self._journey_keys[found] = key
        return self._journey_keys.get(ident)

    def render_maps(self) -> None:
        """Lay out every stakeholder map at once (cached, in parallel); in `mkdocs
        serve`, the DOT of a journey's map is kept while its journey file, the personas
        and stakeholders it names (the map shows those and the relations among them)
        and the rest of the site did not change, the DOT of the map of all stakeholders
        while the site (`site_key`) did not."""
        common = self._common_key()
        sources = {}
        for j in self.catalogue.journeys.values():
            known = self._journey_key(j.id)
            sources[f"journey-{j.id}"] = self._kept(
                None if known is None else ("dot", j.id, known, common, self._named_key(j)),
                functools.partial(journey_map_dot, j, self.catalogue, self.labels), j.id,
            )
        if self.catalogue.stakeholders:
            sources["all"] = self._kept(
                ("dot-all", self.site_key()),
                lambda: all_stakeholders_dot(self.catalogue, self.labels))
        self._map_sources = {key: s.dot for key, s in sources.items() if s.dot is not None}
        self._map_notes = {}
        for key, source in sources.items():
            if source.simplified:
                self._too_large(key, source)
        renderer = self.renderer or GraphvizRenderer(None)
        cache_problem = renderer.claim_cache()
        if cache_problem:
            self.problems.append(make("CJM070", self.config_path, *self.cache_place, cache_problem))
        self._maps = renderer.render_many(self._map_sources)
        errors = sorted({r.error for r in self._maps.values() if r.error})
        for error in errors:
            self.problems.append(make("CJM032", self.config_path, 1, 1, error))

    def _too_large(self, key: str, source: MapSource) -> None:
        """A CJM071 note and the note shown with a map the size limits cut down."""
        journey = key.removeprefix("journey-") if key.startswith("journey-") else None
        what = f"the stakeholder map of journey '{journey}'" if journey else (
            "the map of all stakeholders"
        )
        fix = "name fewer stakeholders on the journey, or split it" if journey else (
            "the map of each journey shows its own stakeholders"
        )
        if source.dot is None:
            message = (
                f"{what} has {source.stakeholders} stakeholders, more than the "
                f"{MAX_MAP_STAKEHOLDERS} a map can show readably; it is not drawn, the page "
                f"lists the stakeholders instead ({fix})"
            )
            note = self.labels("map_too_large", n=source.stakeholders)
        else:
            message = (
                f"{what} has {source.relations} relations, more than the {MAX_MAP_RELATIONS} "
                "Graphviz can lay out readably and quickly; it shows only the "
                f"{source.drawn_relations} relations with the customer, and the stakeholders "
                "page lists every relation (record only the relations that matter for the "
                "customer)"
            )
            note = self.labels("map_simplified", n=source.relations, shown=source.drawn_relations)
        self._map_notes[key] = note
        src = self.catalogue.sources.get(("journey", journey)) if journey else None
        if src is not None:
            where = (src.path, src.start.line, src.start.col)
        else:
            where = (self.config_path, 1, 1)
        self.problems.append(make("CJM071", *where, message))

    def map_html(self, key: str, page_src: str, id_suffix: str = "") -> Markup:
        """The stakeholder map ``key`` for ``page_src``; ``id_suffix`` keeps the ids of a
        second embedding on the same page apart from the first one's."""
        if self._maps is None:
            self.render_maps()
        assert self._maps is not None
        note = self._map_notes.get(key)
        note_html = (
            f'<p class="cjm-map-note cjm-muted">{html.escape(note)}</p>' if note else ""
        )
        result = self._maps.get(key)
        if result is None:
            return Markup(note_html)
        if result.svg is None:
            title = self.labels("map_missing_graphviz" if result.missing else "map_failed")
            return Markup(fallback_html(self._map_sources[key], result.error or "", title=title))
        try:
            svg = self._clean_svg(result.svg, f"cjm-{key}{id_suffix}-")
        except (ET.ParseError, ValueError) as error:
            return Markup(self._broken_map(key, str(error)))
        svg = resolve_links(svg, lambda kind, ident: self._link(page_src, kind, ident))
        return Markup(
            f'<figure class="cjm-map-figure">{svg}{self._map_tools(key, page_src)}</figure>'
            f"{note_html}"
        )

    def _map_tools(self, key: str, page_src: str) -> str:
        """The link to the map's own SVG file: full size in a new view without JavaScript;
        cjm.js opens it in place with pan and zoom (the data- labels are its buttons')."""
        href = self.urls.file_href(page_src, self.urls.map_file(key))
        words = {
            name: html.escape(self.labels(name), quote=True)
            for name in ("open_full_size", "zoom_in", "zoom_out", "zoom_reset", "close")
        }
        return (
            f'<figcaption class="cjm-map-tools"><a class="cjm-map-open" '
            f'href="{html.escape(href, quote=True)}" data-cjm-zoom-in="{words["zoom_in"]}" '
            f'data-cjm-zoom-out="{words["zoom_out"]}" data-cjm-zoom-reset="{words["zoom_reset"]}" '
            f'data-cjm-close="{words["close"]}">⤢ {words["open_full_size"]}</a></figcaption>'
        )

    def map_files(self) -> dict[str, str]:
        """Each drawn stakeholder map as an SVG file of its own, by site path; its links
        lead to the pages from where the file is published."""
        if self._maps is None:
            return {}
        files = {}
        for key, result in sorted(self._maps.items()):
            if result.svg is None:
                continue
            path = self.urls.map_file(key)
            try:
                files[path] = self._kept(
                    ("map-file", _text_key(result.svg), path, self.urls),
                    functools.partial(self._map_file, result.svg, key, path),
                )
            except (ET.ParseError, ValueError):
                continue  # its page shows the DOT source instead, and says why
        return files

    def _map_file(self, svg: str, key: str, path: str) -> str:
        cleaned = self._clean_svg(svg, f"cjm-{key}-")
        return resolve_links(cleaned, functools.partial(self._link_from_file, path))

    def _clean_svg(self, svg: str, id_prefix: str) -> str:
        """`clean_svg`, kept from the last build for the same SVG (`mkdocs serve`)."""
        return self._kept(("svg", _text_key(svg), id_prefix),
                          functools.partial(clean_svg, svg, id_prefix))

    def _link_from_file(self, file: str, kind: str, ident: str) -> str:
        if kind == "stakeholder":
            return self.urls.href_from_file(file, self.urls.stakeholders_index, f"sh-{ident}")
        if kind == "persona":
            return self.urls.href_from_file(file, self.urls.persona(ident))
        return self.urls.href_from_file(file, self.urls.journey(ident))

    def _broken_map(self, key: str, reason: str) -> str:
        """The fallback box for a map whose SVG cannot be read; a CJM032 problem once."""
        if key not in self._broken_maps:
            self._broken_maps[key] = message = (
                f"the stakeholder map '{key}' drawn by Graphviz could not be read ({reason}); "
                "it is shown as DOT source instead"
            )
            source = self.catalogue.sources.get(("journey", key.removeprefix("journey-")))
            if key.startswith("journey-") and source is not None:
                where = (source.path, source.start.line, source.start.col)
            else:
                where = (self.config_path, 1, 1)
            self.problems.append(make("CJM032", *where, message))
        return fallback_html(
            self._map_sources[key], self._broken_maps[key], title=self.labels("map_failed")
        )

    def _link(self, page_src: str, kind: str, ident: str) -> str:
        if kind == "stakeholder":
            return self.urls.href(page_src, self.urls.stakeholders_index, f"sh-{ident}")
        if kind == "persona":
            return self.urls.href(page_src, self.urls.persona(ident))
        return self.urls.href(page_src, self.urls.journey(ident))

    def curve_html(self, journey: Journey, page_src: str, id_suffix: str = "") -> Markup:
        """The emotion curve, or a short note when no step or phase has an emotion yet.

        ``id_suffix`` keeps the ids of a second embedding on one page unique.
        """
        own = page_src == self.urls.journey(journey.id)
        link = None if own else (lambda jid, _a: self.urls.href(page_src, self.urls.journey(jid)))
        drawn = journey_curve(journey, self.catalogue, self.options, self.labels,
                              f"curve-{journey.id}{id_suffix}", link)
        if not drawn:
            note = html.escape(self.labels("no_emotions"))
            return Markup(f'<p class="cjm-curve-empty cjm-muted">{note}</p>')
        return Markup(drawn)

    def sparkline(self, journey: Journey) -> Markup:
        scale = self.options.emotion_scale
        return Markup(render_sparkline(journey.scores(), scale.min, scale.max,
                                       self.labels("emotion_curve_of", title=journey.title)))

    # --- pages -------------------------------------------------------------------

    def _render(self, template: str, page_src: str, **context: Any) -> str:
        def href(kind: str, ident: str = "", anchor: str | None = None) -> str:
            target = {
                "journey": lambda: self.urls.journey(ident),
                "persona": lambda: self.urls.persona(ident),
                "journeys": lambda: self.urls.journeys_index,
                "personas": lambda: self.urls.personas_index,
                "stakeholders": lambda: self.urls.stakeholders_index,
                "overview": lambda: self.urls.overview,
                "touchpoints": lambda: self.urls.touchpoints_index,
                "actions": lambda: self.urls.actions_index,
                "kpis": lambda: self.urls.kpis_index,
            }[kind]()
            return self.urls.href(page_src, target, anchor)

        try:
            return self.env.get_template(template).render(
                page_src=page_src, href=href, photo=self._photo(page_src),
                avatar_hue=avatar_hue, part=self._parts(template, page_src), **context,
            )
        except TemplateProblem:
            raise  # from a nested template (a partial rendered by a filter)
        except jinja2.TemplateError as error:
            raise template_problem(error, template) from None
        except Exception as error:  # {{ 1/0 }} in a custom template, a filter failing
            if not _template_frames(error):
                raise  # not in template code: a bug of ours, keep its traceback
            raise template_problem(error, template) from None

    def _parts(self, template: str, page_src: str) -> Callable[..., Markup]:
        """`part` for a template: `{% call part(name, journey, *more) %}...{% endcall %}`
        marks a part of a page across journeys that shows `journey` (or each of a list
        of journeys), the personas and stakeholders they name, and nothing of any other
        journey, persona or stakeholder; `more` names whatever else it shows that is not
        site-wide, such as the number of columns of a table. In `mkdocs serve`, a part
        whose journey files, the personas and stakeholders they name (`_named_key`) and
        the rest of the site (`_common_key`) did not change is taken from the last build
        instead of being rendered again; the n-th part of
        a name, journeys and `more` on a page stands for the n-th, in the order those
        journeys alone decide."""
        seen: dict[tuple[Hashable, ...], int] = {}
        # The parts a part is rendered in: parts within a kept part are not counted, so
        # the n-th is counted within the part around it.
        around: list[tuple[Hashable, ...]] = []

        def part(name: str, journey: Journey | Sequence[Journey], *more: Hashable,
                 caller: Callable[[], str]) -> Markup:
            if self._parts_key is None:  # not in `pages()`, or nothing is kept
                return Markup(caller())
            shown = [journey] if isinstance(journey, Journey) else list(journey)
            keys = tuple(self._journey_key(j.id) for j in shown)
            if not shown or None in keys:
                return Markup(caller())
            named = tuple(self._named_key(j) for j in shown)
            ids = tuple(j.id for j in shown)
            what = (tuple(around), name, ids, *more)
            seen[what] = n = seen.get(what, 0) + 1
            before = len(self.problems)
            made: list[bool] = []

            def render() -> tuple[str, list[Diagnostic]]:
                made.append(True)
                around.append((*what, n))
                try:
                    return str(caller()), self.problems[before:]
                finally:
                    around.pop()

            text, problems = self._kept(
                ("part", self._parts_key, template, page_src, keys, named, n, *what), render,
                *ids)
            if not made:
                self.problems.extend(problems)
            return Markup(text)

        return part

    def _part_key(self, name: str, ident: str) -> tuple[Hashable, ...] | None:
        """The key of what journey `ident` alone makes for the pages while `pages()`
        renders (None: not kept)."""
        known = self._journey_key(ident) if self._parts_key is not None else None
        journey = self.catalogue.journeys.get(ident)
        if known is None or journey is None:
            return None
        return (name, self._parts_key, ident, known, self._named_key(journey))

    def _named_key(self, journey: Journey) -> str:
        """A digest of the personas and stakeholders `journey` names, as they are (a
        name that names nobody counts too: it may come to). A part of a page across
        journeys shows its journeys and what they name, never another persona or
        stakeholder: its key holds this instead of every definition file, so that a
        persona's new role makes anew the parts of her journeys only."""
        found = self._named.get(journey.id)
        if found is not None:
            return found
        named = [("persona", pid) for pid in journey.persona_ids]
        named += [("stakeholder", sid) for sid in stakeholders_of(journey)]
        key = _digest([(kind, ident, self._entities.of(kind, ident)) for kind, ident in named])
        self._named[journey.id] = key
        return key

    def _photo(self, page_src: str) -> Callable[[Persona], str | None]:
        def photo(persona: Persona) -> str | None:
            if not persona.photo or photo_problem(persona.photo):
                return None
            if persona.photo.startswith("https://"):
                return persona.photo
            if self.docs_dir is not None and not photo_in_docs(persona.photo, self.docs_dir):
                return None  # CJM104 and CJM027 promised initials
            return self.urls.file_href(page_src, persona.photo)

        return photo

    def phase_table(self, journey: Journey, page_src: str) -> Markup:
        view = journey_view(journey, self.catalogue, self.options)
        return Markup(self._render("partials/phase-table.html.jinja", page_src, view=view))

    @property
    def large(self) -> bool:
        """Past `nav_max_journeys` entries of the journeys section (journeys, and the
        pages of journeys with errors and of files that cannot be read) the nav lists
        index pages only: every page carries the nav, so hundreds of entries make it
        unusable and the site grow with the square of their number. The journeys index
        lists them all."""
        if self._large is None:
            entries = len(self.catalogue.journeys) + len(self._invalid_ids()) + sum(
                1 for f in self.unreadable() if f.ident)
            self._large = entries > self.options.nav_max_journeys
        return self._large

    def pages(self) -> list[GeneratedPage]:
        if self.memo is not None:
            if self._maps is None:  # before any page: its problems are the build's
                self.render_maps()
            self._parts_key = self._common_key()
        try:
            return self._pages()
        finally:
            self._parts_key = None

    def _pages(self) -> list[GeneratedPage]:
        indexes = [
            self._overview(), self._journeys_index(), self._personas_index(),
            self._stakeholders(), self._touchpoints_page(), self._actions(), self._kpis(),
        ]
        entities = [
            *self._journey_pages_of_build(),
            *(self._persona(p) for p in self.catalogue.personas.values()),
            *self._invalid_journeys(),
            *self._unreadable_pages(),
        ]
        for page in entities:
            page.in_nav = not self.large
        pages = indexes + entities
        for page in pages:
            page.wide = page.wide and self.options.wide_pages
            if page.wide:
                page.content += str(self._html_block(WIDE_MARKER))
        return pages

    def page_sources(self) -> list[tuple[str, str | None]]:
        """(source path, definition file) of every page `pages()` makes, in its order,
        without rendering anything (see `site.addresses`)."""
        return page_sources(self.catalogue, self.urls, self.unreadable())

    def nav_section(self) -> dict[str, Any]:
        """The handbook's part of a MkDocs `nav`, in the site's language.

        Themes print section titles as HTML, and labels can be overridden: escaped.
        """
        urls = self.urls

        def t(key: str) -> str:
            return html.escape(self.labels(key))

        journeys: list[Any] = [urls.journeys_index]
        personas: list[Any] = [urls.personas_index]
        if not self.large:
            journeys += [urls.journey(j) for j in self.catalogue.journeys]
            # Their page titles carry the mark (see `_marked`).
            journeys += [urls.journey(ident) for ident in self._invalid_ids()]
            journeys += [urls.journey(f.ident) for f in self.unreadable() if f.ident]
            personas += [urls.persona(p) for p in self.catalogue.personas]
        return {t("section"): [
            {t("overview"): urls.overview},
            {t("journeys"): journeys},
            {t("personas"): personas},
            {t("stakeholders"): urls.stakeholders_index},
            {t("touchpoints"): urls.touchpoints_index},
            {t("action_plan"): urls.actions_index},
            {t("kpi_board"): urls.kpis_index},
        ]}

    def _journey_pages_of_build(self) -> list[GeneratedPage]:
        """Every journey's page: rendered, or kept from the last build (see `memo`)."""
        journeys = list(self.catalogue.journeys.values())
        if self.memo is None:
            return [self._journey(j) for j in journeys]
        if self._maps is None:  # before any page: its problems are the build's, not a page's
            self.render_maps()
        memo = self.memo
        memo.start()
        pages = JourneyPages(memo, self.catalogue, self.fingerprint(), self.place_html,
                             self.problems, self._entities)
        self._journey_pages = pages
        try:
            with pages.watching():
                out = []
                for journey in journeys:
                    src = self.urls.journey(journey.id)
                    drawn = self._maps.get(f"journey-{journey.id}") if self._maps else None
                    # What the page shows besides its file and the journeys it reads: its
                    # map (not whether it came from the cache), and its own problems,
                    # which checks across files change without a change to its file.
                    shown = (
                        (drawn.svg, drawn.error, drawn.missing) if drawn else None,
                        [d.format() for d in self._own_issues(journey)],
                    )
                    content, title, source = pages.page(
                        src, journey.id, functools.partial(self._journey_parts, journey),
                        hashlib.sha256(repr(shown).encode()).hexdigest(),
                    )
                    out.append(GeneratedPage(src, content, title, source, wide=True))
        finally:
            self._journey_pages = None
        memo.finish()
        return out

    def site_key(self) -> str:
        """Everything the map of all stakeholders shows: options, labels, templates,
        every file that holds more than valid journeys, the photos in the docs folder.
        Not the problems found, which journey pages and the log show, so that a note
        moving in one journey file does not draw the map anew."""
        if self._site is None:
            catalogue = self.catalogue
            self._site = _digest(self._common_key(), sorted(
                (path, key) for path, key in catalogue.file_keys.items()
                if path in catalogue.entity_files
            ))
        return self._site

    def _common_key(self) -> str:
        """`site_key` without the files that hold nothing but valid personas and
        stakeholders: a journey page depends on the ones it shows, which its memo
        watches (see `site.memo`), and a part of a page across journeys on the ones its
        journeys name (`_named_key`), so that a persona's new role renders the pages and
        parts of her journeys, not every journey's."""
        if self._common is not None:
            return self._common
        catalogue = self.catalogue
        digest = hashlib.sha256()

        def add(*values: object) -> None:
            digest.update(repr(values).encode("utf-8", "surrogatepass") + b"\0")

        add(self.options.model_dump_json(), self.options.effective_today(), self.urls)
        add(self.labels.language, sorted(self.labels.overrides.items()))
        add(self.config_path, self.cache_place, str(self.docs_dir), self.place_html is None)
        loader = self.env.loader
        assert loader is not None
        for name in sorted(loader.list_templates()):
            add(name, loader.get_source(self.env, name)[0])
        plain = catalogue.journey_files | catalogue.entity_files
        add(sorted((path, key) for path, key in catalogue.file_keys.items()
                   if path not in plain))
        add(sorted(catalogue.journey_files),
            [path for path in catalogue.files if path not in catalogue.entity_files],
            catalogue.unloaded, catalogue.unknown_ids, sorted(catalogue.invalid))
        for persona in catalogue.personas.values():
            if persona.photo and self.docs_dir is not None:
                add(persona.photo, photo_in_docs(persona.photo, self.docs_dir))
        self._common = digest.hexdigest()
        return self._common

    def fingerprint(self) -> str:
        """Everything a journey page shows that is neither a journey nor a persona or
        stakeholder it reads: the same fingerprint, the same page (for the same
        journeys, personas and stakeholders; see `site.memo`)."""
        return _digest(
            self._common_key(),
            self.repo_url, sorted((k, list(v)) for k, v in (self.history or {}).items()),
            sorted(
                (key, result.error, result.missing, result.svg is None)
                for key, result in (self._maps or {}).items()
            ), sorted(self._map_notes.items()), sorted(self._broken_maps.items()),
        )

    def _journey(self, journey: Journey) -> GeneratedPage:
        src = self.urls.journey(journey.id)
        return GeneratedPage(src, *self._journey_parts(journey), wide=True)

    def _journey_parts(self, journey: Journey) -> tuple[str, str, str | None]:
        """(content, title, definition file) of a journey's page."""
        src = self.urls.journey(journey.id)
        view = journey_view(journey, self.catalogue, self.options)
        content = self._render(
            "journey.md.jinja", src, view=view, journey=journey,
            curve=self.curve_html(journey, src),
            stakeholder_map=self.map_html(f"journey-{journey.id}", src),
            phase_table=self.phase_table(journey, src),
            issues=self._own_issues(journey),
            kpis=kpi_summary(journey), evidence=evidence_bar([journey]),
            history=self.history_html(journey, src),
        )
        return content, journey.title, self._source("journey", journey.id)

    def history_html(self, journey: Journey, page_src: str) -> Markup:
        """The history section's content, or nothing when the option is off."""
        if self.history is None:
            return Markup("")
        view = history_view(self.history.get(journey.id, ()), self.labels,
                            self.options.emotion_scale, self.repo_url)
        if view is None:
            return Markup("")
        return Markup(self._render("partials/history.html.jinja", page_src, history=view))

    def _persona(self, persona: Persona) -> GeneratedPage:
        src = self.urls.persona(persona.id)
        today = self.options.effective_today()
        journeys = [
            (j, *self._kept(self._part_key("persona-line", j.id),
                            functools.partial(self._persona_line, j, today), j.id))
            for j in self._journeys_of().get(persona.id, [])
        ]
        content = self._render("persona.md.jinja", src, persona=persona, journeys=journeys)
        return GeneratedPage(src, content, persona.name, self._source("persona", persona.id))

    def _persona_line(self, journey: Journey, today: dt.date) -> tuple[JourneyStats, Markup]:
        """What a persona's page shows of one of its journeys: its numbers and curve."""
        return journey_stats(journey, today), self.sparkline(journey)

    def _journeys_of(self) -> dict[str, list[Journey]]:
        """Persona id -> its journeys, in the catalogue's order (once per build: the
        persona pages and the journeys index all ask)."""
        if self._by_persona is None:
            self._by_persona = {}
            for j in self.catalogue.journeys.values():
                for pid in j.persona_ids:
                    self._by_persona.setdefault(pid, []).append(j)
        return self._by_persona

    def _journeys_index(self) -> GeneratedPage:
        src = self.urls.journeys_index
        today = self.options.effective_today()
        journeys = list(self.catalogue.journeys.values())
        rows = [(j, journey_stats(j, today)) for j in journeys]
        by_persona = [
            (p, self._journeys_of().get(p.id, [])) for p in self.catalogue.personas.values()
        ] if self.large else []
        stale = stale_journeys(journeys, self.options)
        content = self._render(
            "journeys-index.md.jinja", src, rows=rows, heat=heatmap(journeys, self.options),
            invalid=self._invalid_ids(), unreadable=self.unreadable(), pageless=self.pageless(),
            by_persona=by_persona,
            evidence={j.id: evidence_bar([j]) for j in journeys},
            journeys_total=evidence_bar(journeys),
            stale=stale,
        )
        return GeneratedPage(src, content, self.labels("journeys"), wide=True)

    def _personas_index(self) -> GeneratedPage:
        src = self.urls.personas_index
        content = self._render("personas-index.md.jinja", src,
                               personas=list(self.catalogue.personas.values()))
        return GeneratedPage(src, content, self.labels("personas"))

    def _stakeholders(self) -> GeneratedPage:
        src = self.urls.stakeholders_index
        content = self._render(
            "stakeholders.md.jinja", src,
            stakeholders=list(self.catalogue.stakeholders.values()),
            involvement=involvement(self.catalogue),
            stakeholder_map=self.map_html("all", src) if self.catalogue.stakeholders else "",
            actions=actions_by_owner(self.action_plan()),
            matrix=responsibility_matrix(self.catalogue), roles=ROLES,
        )
        return GeneratedPage(src, content, self.labels("stakeholders"), wide=True)

    # --- pages across journeys -------------------------------------------------------

    def action_plan(self) -> ActionPlan:
        if self._plan is None:
            self._plan = action_plan(self.catalogue, self.options)
        return self._plan

    def kpi_board(self) -> KpiBoard:
        if self._board is None:
            self._board = kpi_board(self.catalogue)
        return self._board

    def touchpoints(self) -> TouchpointsPage:
        if self._touchpoints is None:
            self._touchpoints = touchpoints_page(self.catalogue, self.options)
        return self._touchpoints

    def _left_out(self) -> int:
        """Journey files with errors, which the pages across journeys cannot count."""
        return len(self._invalid_ids()) + sum(1 for f in self.unreadable() if f.ident) + len(
            self.pageless())

    def _across(
        self, src: str, template: str, title: str, wide: bool = True, **context: Any
    ) -> GeneratedPage:
        """A page across journeys; those with tables take the whole screen, like a
        journey's (their jump lists stand in for the table of contents)."""
        content = self._render(template, src, left_out=self._left_out(), **context)
        return GeneratedPage(src, content, self.labels(title), wide=wide)

    def _overview(self) -> GeneratedPage:
        ov = overview(self.catalogue, self.options, self.action_plan(), self.kpi_board(),
                      self.touchpoints())
        return self._across(self.urls.overview, "overview.md.jinja", "overview", wide=False,
                            ov=ov)

    def _touchpoints_page(self) -> GeneratedPage:
        return self._across(self.urls.touchpoints_index, "touchpoints.md.jinja",
                            "touchpoints_title", page=self.touchpoints())

    def _actions(self) -> GeneratedPage:
        return self._across(self.urls.actions_index, "actions.md.jinja", "action_plan",
                            plan=self.action_plan())

    def _kpis(self) -> GeneratedPage:
        return self._across(self.urls.kpis_index, "kpis.md.jinja", "kpi_board",
                            board=self.kpi_board())

    def _invalid_ids(self) -> list[str]:
        return invalid_journey_ids(self.catalogue)

    def _invalid_journeys(self) -> list[GeneratedPage]:
        out = []
        for ident in self._invalid_ids():
            src = self.urls.journey(ident)
            errors = self.catalogue.invalid[("journey", ident)]
            content = self._render("invalid-journey.md.jinja", src, ident=ident, errors=errors)
            title = self._marked(ident, "has_errors")
            out.append(GeneratedPage(src, content, title, self._source("journey", ident)))
        return out

    def pageless(self) -> list[PagelessJourney]:
        """Journeys with errors that get no page: the journeys index lists them."""
        if self._pageless is None:
            self._pageless = pageless_journeys(self.catalogue)
        return self._pageless

    def unreadable(self) -> list[UnreadableFile]:
        """Files of which nothing could be read; each keeps a page in the journeys section."""
        if self._unreadable is None:
            taken = [*self.catalogue.journeys, *self._invalid_ids()]
            self._unreadable = unreadable_files(self.catalogue, self.diagnostics, taken)
        return self._unreadable

    def _unreadable_pages(self) -> list[GeneratedPage]:
        out = []
        for file in self.unreadable():
            if not file.ident:
                continue
            src = self.urls.journey(file.ident)
            content = self._render("unreadable-file.md.jinja", src, file=file)
            out.append(GeneratedPage(src, content, self._marked(file.name, "unreadable"),
                                     file.path))
        return out

    def _marked(self, name: str, label: str) -> str:
        """The title of a page that is not a finished map, for the nav and the browser
        tab: marked with a sign and a word, not colour alone."""
        return f"⚠ {name} ({self.labels(label)})"

    def _own_issues(self, journey: Journey) -> list[Diagnostic]:
        """The problems of the journey itself. While some file cannot be read, a
        reference to an unknown id may well point into that file: that is not this
        journey's fault, so its page does not show it (the log still does)."""
        issues = self.catalogue.issues.get(("journey", journey.id), [])
        if self.catalogue.unloaded:
            issues = [d for d in issues if d.code != "CJM021"]
        return issues

    def _source(self, kind: str, ident: str) -> str | None:
        src = self.catalogue.sources.get((kind, ident))
        return src.path if src else None

    # --- assets and directives ------------------------------------------------------

    def assets(self) -> dict[str, str]:
        """CSS (all parts in one file), the script, and each stakeholder map as an SVG
        file of its own (after `pages()`), by site path."""
        package = resources.files("mkdocs_cjm_plugin.site") / "assets"
        css = "\n".join(package.joinpath(name).read_text(encoding="utf-8") for name in ASSETS)
        js = package.joinpath(SCRIPT).read_text(encoding="utf-8")
        # At the places `addresses.published_files` keeps for them.
        return {self.urls.asset(STYLESHEET): css, self.urls.asset(SCRIPT): js,
                **self.map_files()}

    def expand_directives(self, markdown: str, page_src: str, page_path: str) -> str:
        """Replace `<!-- cjm:curve ID -->` (and :table, :map) lines in a page of the user
        (which lines count: `site.directives.find_directives`). The same picture embedded
        twice on a page gets ids with a counter (`_2`), so ids stay unique."""
        lines = markdown.split("\n")
        self.problems.extend(directive_slips(markdown, page_path))
        embedded: dict[tuple[str, str], int] = {}
        for found in find_directives(markdown):
            key = (found.what, found.ident)
            count = embedded[key] = embedded.get(key, 0) + 1
            suffix = f"_{count}" if count > 1 else ""
            where = (page_path, found.line, 1)
            html = self._directive(found.what, found.ident, page_src, where, suffix)
            if html is not None:
                lines[found.line - 1] = html
        return "\n".join(lines)

    def _directive(
        self, what: str, ident: str, page_src: str, where: tuple[str, int, int],
        id_suffix: str = "",
    ) -> str | None:
        journey = self.catalogue.journeys.get(ident)
        if journey is None:
            self.problems.extend(
                unknown_journeys([Directive(where[1], what, ident)], self.catalogue, where[0])
            )
            return None
        if what == "curve":
            html = self.curve_html(journey, page_src, id_suffix)
        elif what == "table":
            html = self.phase_table(journey, page_src)
        else:
            html = self.map_html(f"journey-{journey.id}", page_src, id_suffix)
        return str(self._html_block(f'<div class="cjm-embed cjm-embed-{what}">{html}</div>'))


def row_of(cell: Callable[[list[str]], str], columns: Sequence[Any], key: str) -> Markup:
    """A row of a table with a column per journey: `cell(column.cells.get(key) or [])`
    for each column, joined, the cell of each distinct value rendered once (the
    responsibility matrix of a large handbook has tens of thousands of cells, most of
    them empty)."""
    made: dict[tuple[str, ...], str] = {}
    out = []
    for column in columns:
        found = column.cells.get(key) or []
        value = tuple(found)
        html = made.get(value)
        if html is None:
            html = made[value] = str(cell(found))
        out.append(html)
    return Markup("".join(out))


def _digest(*values: object) -> str:
    """A key of `values` (their repr, which names every field of the models)."""
    return hashlib.sha256(repr(values).encode("utf-8", "surrogatepass")).hexdigest()


def _text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


# A line of the HTML that starts like a code fence (a step named "A\n```\nB") would open
# one: Python-Markdown looks for fences before it sets raw HTML aside. As a character
# reference the backtick or tilde reads the same, in text, attributes and <pre> alike.
_FENCE_START = re.compile(r"^([ \t]*)([`~])(?=\2\2)", re.MULTILINE)


def html_block(text: str) -> Markup:
    """A raw HTML block for Markdown: no blank line may end it early, one must follow it,
    and no line in it opens a code fence."""
    lines = "\n".join(line for line in str(text).split("\n") if line.strip())
    return Markup(_FENCE_START.sub(lambda m: f"{m[1]}&#{ord(m[2])};", lines) + "\n")





def avatar_hue(ident: str) -> int:
    """A stable colour per persona for the initials avatar."""
    return int(hashlib.sha256(ident.encode()).hexdigest()[:4], 16) % 360
