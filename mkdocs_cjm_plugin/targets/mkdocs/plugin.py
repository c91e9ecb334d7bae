"""The MkDocs plugin `cjm`: a thin adapter over the loader and the handbook renderer.

on_config loads and checks the journey files (before MkDocs cleans the site
folder, so a failing build leaves the previous site untouched); on_files adds
the generated pages; on_page_markdown expands `<!-- cjm:... -->` directives
in the author's own pages; on_serve watches the source folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths

from mkdocs_cjm_plugin.core.cache import ReadCache
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, Severity, failing
from mkdocs_cjm_plugin.core.history import site_history
from mkdocs_cjm_plugin.core.load import Catalogue, LoadResult, display_path
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_catalogue
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.pictures.graphviz import GraphvizRenderer, read_cache
from mkdocs_cjm_plugin.site.addresses import (
    SCRIPT,
    STYLESHEET,
    PublishedFile,
    file_collision,
    published_files,
)
from mkdocs_cjm_plugin.site.directives import may_hold_directives, problems_in_pages
from mkdocs_cjm_plugin.site.handbook import (
    GeneratedPage,
    Handbook,
    TemplateProblem,
    collision,
)
from mkdocs_cjm_plugin.site.memo import PageMemo
from mkdocs_cjm_plugin.site.urls import Urls
from mkdocs_cjm_plugin.targets.files.folder import written_by_cjm
from mkdocs_cjm_plugin.targets.mkdocs.config import CjmConfig, site_options
from mkdocs_cjm_plugin.targets.mkdocs.files import (
    edit_path,
    nav_mentions,
    own_file_at,
    own_files_at,
    unpublishable_problem,
)
from mkdocs_cjm_plugin.targets.mkdocs.options_file import (
    folder_problems,
    left_out_of_site,
    option_place,
    read_places,
    source_place_problems,
)
from mkdocs_cjm_plugin.targets.mkdocs.pages import HtmlParking, page_markdown

log = get_plugin_logger("cjm")

# Pages a build leaves out (`exclude_docs`, `draft_docs`): their directives are not read.
_LEFT_OUT = (InclusionLevel.EXCLUDED, InclusionLevel.DRAFT)


class CjmPlugin(BasePlugin[CjmConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.handbook: Handbook | None = None
        self.options = SiteOptions()
        self.strict = False
        self.source_dir: Path | None = None
        self.base = Path()
        self.parking = HtmlParking()
        self.generated: set[str] = set()
        self.pages: list[GeneratedPage] | None = None
        self.memo = PageMemo()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Having this hook makes MkDocs keep the plugin from one build to the next in
        `mkdocs serve`, and with it the journey pages that need not be rendered again."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Each build (mkdocs serve) starts empty; only the memo of pages and the parked
        # HTML they hand over again are kept.
        self.parking.start()
        self.generated, self.pages = set(), None
        # Not resolved: docs_dir and the page paths MkDocs gives are not either.
        self.base = base = (Path.cwd() / (config.config_file_path or "mkdocs.yml")).parent
        self.options = options = site_options(self.config, base)
        self.strict = options.strict if options.strict is not None else bool(config.strict)
        self.source_dir = base / options.source
        # Paths relative to the project, not the working directory: pages show them.
        config_file = Path(config.config_file_path or "mkdocs.yml")
        shown = display_path(config_file, base)
        places = read_places(config_file, shown)  # MkDocs keeps no lines: for messages
        folders = folder_problems(places, shown, options, base)
        if any(d.code == "CJM029" for d in folders):  # no templates, no pages
            raise PluginError("\n".join(d.format() for d in folders))
        # `mkdocs serve` builds into a folder of its own: the source is safe from it there.
        placed = source_place_problems(
            options, base, Path(config.docs_dir), Path(config.site_dir),
            left_out_of_site(config.exclude_docs, config.draft_docs), shown,
            option_place(places, "source"),
        )
        if any(d.code == "CJM065" for d in placed):  # before MkDocs empties the site folder
            raise PluginError("\n".join(d.format() for d in placed))
        cache = None if not options.cache_dir else base / options.cache_dir
        forbidden = {"docs folder": Path(config.docs_dir), "site folder": Path(config.site_dir)}
        files_cache = read_cache(cache, forbidden)
        result = (
            LoadResult(Catalogue(), folders) if folders  # no source folder: nothing to read
            else load_catalogue(self.source_dir, options, docs_dir=Path(config.docs_dir),
                                base=base, cache=files_cache)
        )
        _log_cache(files_cache)
        self._report([*placed, *result.diagnostics], config)

        theme_language = config.theme.get("language") or config.theme.get("locale")
        language = options.language or (str(theme_language) if theme_language else "en")
        handbook = _templated(lambda: Handbook(
            catalogue=result.catalogue, options=options,
            labels=Labels(language, options.labels),
            urls=Urls(options.prefix.strip("/"), config.use_directory_urls),
            renderer=GraphvizRenderer(cache, forbidden=forbidden),
            custom_templates=base / options.custom_templates if options.custom_templates else None,
            config_path=shown,
            cache_place=option_place(places, "cache_dir"),
            diagnostics=result.diagnostics,
            docs_dir=Path(config.docs_dir),
            place_html=self.parking.park,
            memo=self.memo,
        ))
        self.handbook = handbook
        if options.history:
            self._history(handbook, base, shown, option_place(places, "history"), config)
        # Headings of generated pages carry stable anchors: `## Name {#phase-id}`.
        if "attr_list" not in config.markdown_extensions:
            config.markdown_extensions.append("attr_list")
        config.extra_css.append(self.handbook.urls.asset(STYLESHEET))
        config.extra_javascript.append(self.handbook.urls.asset(SCRIPT))
        return config

    def _history(
        self, handbook: Handbook, base: Path, shown: str, place: tuple[int, int],
        config: MkDocsConfig,
    ) -> None:
        """The `history` option: each journey's last changes, from git, cached beside the
        maps (only in a cache folder the renderer may use)."""
        renderer = handbook.renderer
        cache = renderer.cache_dir if renderer and renderer.claim_cache() is None else None
        found, notes = site_history(
            handbook.catalogue, base, self.options.history_limit, cache, shown, place)
        handbook.history = found.journeys
        handbook.repo_url = config.repo_url
        self._log(notes, config)
        if found.left_out:
            log.info(f"history: {found.left_out} older changes not read within the time "
                     "budget; the next build reads them (they are cached)")

    def _report(self, diags: list[Diagnostic], config: MkDocsConfig) -> None:
        """Errors stop a strict build before anything is written; else they are warnings."""
        if self.strict and failing(diags, strict=bool(config.strict)):
            lines = "\n".join(d.format() for d in diags if d.severity is not Severity.NOTE)
            raise PluginError(f"invalid journey definitions:\n{lines}")
        self._log(diags, config)

    def _log(self, diags: list[Diagnostic], config: MkDocsConfig) -> None:
        # `strict: false` under `mkdocs build --strict` means "do not fail on definitions":
        # MkDocs counts every warning, so they are shown at info level there.
        quiet = self.options.strict is False and bool(config.strict)
        for d in diags:
            if d.severity is Severity.NOTE or quiet:
                log.info(d.format())
            else:
                log.warning(d.format())

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Render the pages and refuse to overwrite a file of the author's here, before
        MkDocs cleans the site folder: a failing build leaves the previous site untouched."""
        assert self.handbook is not None
        self.pages = _templated(self.handbook.pages)
        docs_dir = Path(config.docs_dir)
        collisions = [
            self._collision(page, own, docs_dir)
            for page in self.pages
            for own in own_files_at(page.src_uri, docs_dir, config.use_directory_urls)
        ]
        collisions += [
            file_collision(file, display_path(docs_dir / file.path, self.base)).format()
            for file in published_files(self.handbook.catalogue, self.handbook.urls)
            if own_file_at(file.path, docs_dir)
        ]
        if collisions:
            raise PluginError("\n".join(collisions))
        if self.strict:  # a directive naming no journey: stop before cleaning too
            self.handbook.problems.extend(self._directive_problems(config))
        self._problems(config)  # Graphviz missing in a strict build: stop before cleaning too

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.handbook is not None
        self._leave_out_unpublishable_files(files)
        pages = self.pages if self.pages is not None else _templated(self.handbook.pages)
        self.pages = None
        docs_dir = Path(config.docs_dir)
        # `nav: false` keeps the pages out of MkDocs' automatic nav too; the user's own
        # `nav` can still place them.
        hidden = not self.options.nav and config.nav is None
        # The author's files by address: another plugin or the theme may have added some
        # since on_pre_build looked at the docs folder.
        taken = {f.dest_uri: f for f in files}
        made = [
            (page, File.generated(
                config, page.src_uri, content=page_markdown(page),
                inclusion=InclusionLevel.UNDEFINED if page.in_nav and not hidden
                else InclusionLevel.NOT_IN_NAV,
            ))
            for page in pages
        ]
        assets = self.handbook.assets()
        # A page or file `cjm generate` wrote gives way to the plugin's.
        for uri in [*(file.dest_uri for _, file in made), *assets]:
            there = taken.get(uri)
            if there is not None and there.abs_src_path and written_by_cjm(
                Path(there.abs_src_path), docs_dir
            ):
                files.remove(there)
                del taken[uri]
        collisions = [
            self._collision(page, taken[file.dest_uri].src_uri, docs_dir)
            for page, file in made if file.dest_uri in taken
        ]
        described = {
            file.path: file
            for file in published_files(self.handbook.catalogue, self.handbook.urls)
        }
        collisions += [
            file_collision(
                described.get(path) or PublishedFile(path, "a file of its own"),
                display_path(docs_dir / taken[path].src_uri, self.base),
            ).format()
            for path in assets if path in taken
        ]
        if collisions:
            raise PluginError("\n".join(collisions))
        self._problems(config)
        log.debug(f"journey pages: {self.memo.rendered} rendered, {self.memo.reused} unchanged "
                  "since the last build")
        parts, made_for = self.memo.parts, sorted(self.handbook.made_for)
        shown = ", ".join(made_for[:5]) + (
            f" and {len(made_for) - 5} more journeys" if made_for[5:] else "")
        log.debug(f"parts of pages across journeys and maps: {parts.made} made anew"
                  f"{f' for {shown}' if shown else ''}, {parts.reused} unchanged since the "
                  "last build")
        renderer = self.handbook.renderer
        if renderer is not None and (renderer.rendered or renderer.cached):
            log.info(
                f"stakeholder maps: {renderer.rendered} drawn by Graphviz, "
                f"{renderer.cached} unchanged from the cache"
            )
        self.generated = set()
        for page, file in made:
            if page.source:
                file.edit_uri = edit_path(self.base / page.source, docs_dir)
            files.append(file)
            self.generated.add(page.src_uri)
        for path, text in assets.items():
            files.append(File.generated(config, path, content=text))
        if self.options.nav:
            self._place_in_nav(files, config)
        return files

    def _leave_out_unpublishable_files(self, files: Files) -> None:
        """Named pipes, sockets, devices and links that lead nowhere leave the site
        (CJM036): MkDocs would wait forever reading a pipe as a page, or stop copying
        one with a traceback."""
        assert self.handbook is not None
        for file in list(files):
            if not file.abs_src_path or file.inclusion is InclusionLevel.EXCLUDED:
                continue
            problem = unpublishable_problem(Path(file.abs_src_path), self.base)
            if problem is not None:
                files.remove(file)
                self.handbook.problems.append(problem)

    def _directive_problems(self, config: MkDocsConfig) -> list[Diagnostic]:
        """Directive problems in the author's pages, as MkDocs will read them (its own
        file list, without the pages it leaves out)."""
        assert self.handbook is not None
        pages = (
            (Path(file.abs_src_path), display_path(Path(file.abs_src_path), self.base))
            for file in get_files(config)
            if file.is_documentation_page() and file.inclusion not in _LEFT_OUT
            and file.abs_src_path
        )
        return problems_in_pages(pages, self.handbook.catalogue)

    def _collision(self, page: GeneratedPage, own: str, docs_dir: Path) -> str:
        return collision(page, own, display_path(docs_dir / own, self.base))

    def _place_in_nav(self, files: Files, config: MkDocsConfig) -> None:
        """Add the handbook section unless the user's `nav` already places a generated page."""
        assert self.handbook is not None
        if config.nav is not None and nav_mentions(config.nav, self.generated):
            return
        section = self.handbook.nav_section()
        if config.nav is None:  # MkDocs' own automatic nav, then ours
            own = [
                f.src_uri for f in files.documentation_pages()
                if f.src_uri not in self.generated
                and f.inclusion.is_in_nav()  # type: ignore[no-untyped-call]
            ]
            config.nav = [*nest_paths(own), section]  # type: ignore[no-untyped-call]
        else:
            config.nav = [*config.nav, section]

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.handbook is None or page.file.src_uri in self.generated:
            return markdown
        if not may_hold_directives(markdown):
            return markdown
        shown = display_path(Path(page.file.abs_src_path or page.file.src_uri), self.base)
        handbook = self.handbook
        out = _templated(lambda: handbook.expand_directives(markdown, page.file.src_uri, shown))
        self._problems(config)
        return out

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.handbook is None or "<!-- cjm-html-" not in html:
            return html
        return self.parking.restore(html)

    def _problems(self, config: MkDocsConfig) -> None:
        assert self.handbook is not None
        problems, self.handbook.problems = self.handbook.problems, []
        if not problems:
            return
        if self.strict:
            raise PluginError("\n".join(d.format() for d in problems))
        self._log(problems, config)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        if self.source_dir is not None and self.source_dir.is_dir():
            server.watch(str(self.source_dir))
        return server


def _log_cache(cache: ReadCache) -> None:
    """What the build read anew (`mkdocs build -v` shows it): in `mkdocs serve`, only the
    files changed since the last build."""
    unchanged = cache.from_memory + cache.from_disk
    log.debug(
        f"definition files: {cache.read} read, {unchanged} unchanged "
        f"({cache.from_memory} kept in memory, {cache.from_disk} from the cache folder)"
    )
    if cache.problem:
        log.info(f"the cache of definition files was not updated: {cache.problem}")


T = TypeVar("T")


def _templated(work: Callable[[], T]) -> T:
    """Run rendering work; a broken template of the user's becomes a clear build error."""
    try:
        return work()
    except TemplateProblem as problem:
        raise PluginError(str(problem)) from None


