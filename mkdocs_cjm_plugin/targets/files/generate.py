"""`cjm generate`: the handbook's pages as files, for any site engine that reads Markdown.

The pages are the ones the MkDocs plugin builds (`site.handbook`), each with its title
as front matter and its finished HTML in place (no parking: every engine reads raw
HTML blocks). Pictures are inline SVG inside the pages, as in the plugin build. Beside
the pages go the CSS and JavaScript and `cjm-nav.yml`, the lines to add to the site's
configuration.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from pathlib import Path

from mkdocs_cjm_plugin.core import yaml_writer
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic
from mkdocs_cjm_plugin.core.load import LoadResult
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.pictures.graphviz import GraphvizRenderer
from mkdocs_cjm_plugin.site.handbook import Handbook, page_markdown
from mkdocs_cjm_plugin.site.memo import PageMemo
from mkdocs_cjm_plugin.site.urls import Urls

NAV_FILE = "cjm-nav.yml"
ENGINES = ("mkdocs", "zensical")
"""`mkdocs` stands for every engine that publishes HTML in Markdown as it is written
(MkDocs and ProperDocs without the plugin, most others)."""
SOURCE_LINKS = ("zensical",)


@dataclass
class SiteSetup:
    """What the pages depend on besides the catalogue, from the site's configuration."""

    options: SiteOptions
    language: str
    prefix: str
    """Where the output folder lies inside the docs folder (`handbook`): the pages'
    links to photos and assets go through it."""
    use_directory_urls: bool = True
    engine: str = "mkdocs"
    """`zensical` resolves links in HTML from the page's source file, as it does Markdown
    links: the pages link to source files there, to site URLs for every other engine."""
    docs_dir: Path | None = None
    cache_dir: Path | None = None
    custom_templates: Path | None = None
    config_path: str = "mkdocs.yml"


@dataclass
class Generated:
    files: dict[str, bytes]
    """Path inside the output folder -> bytes."""
    problems: list[Diagnostic]
    """What rendering found (Graphviz missing, a map too large)."""
    snippet: str
    """The text of `cjm-nav.yml`."""


def handbook_for(
    result: LoadResult, setup: SiteSetup, forbidden: dict[str, Path],
    memo: PageMemo | None = None,
) -> Handbook:
    """The handbook as the plugin would make it for the same options; with the `memo`
    of the last run of the same setup (`cjm generate --watch`), pages and parts that
    show nothing that changed are taken from it, as `mkdocs serve` takes them."""
    return Handbook(
        catalogue=result.catalogue, options=setup.options,
        labels=Labels(setup.language, setup.options.labels),
        urls=Urls(setup.prefix, setup.use_directory_urls,
                  source_links=setup.engine in SOURCE_LINKS),
        renderer=GraphvizRenderer(setup.cache_dir, forbidden=forbidden),
        custom_templates=setup.custom_templates,
        config_path=setup.config_path,
        diagnostics=result.diagnostics,
        docs_dir=setup.docs_dir,
        memo=memo,
    )


def generate(
    result: LoadResult, setup: SiteSetup, forbidden: dict[str, Path],
    memo: PageMemo | None = None,
) -> Generated:
    """Every file `cjm generate` writes, in memory: nothing is written when a template
    fails (TemplateProblem propagates). `memo`: see `handbook_for`."""
    handbook = handbook_for(result, setup, forbidden, memo)
    prefix = setup.prefix.strip("/")

    def inside(src_uri: str) -> str:
        """A path of the docs folder as a path in the output folder: pages and map files
        live under the prefix, the CSS and script at `assets/cjm/` of the output folder."""
        return src_uri[len(prefix) + 1:] if prefix and src_uri.startswith(prefix + "/") else (
            src_uri
        )

    files: dict[str, bytes] = {}
    pages = handbook.pages()
    for page in pages:
        files[inside(page.src_uri)] = page_markdown(page).encode("utf-8")
    for path, text in handbook.assets().items():
        files[inside(path)] = text.encode("utf-8")
    snippet = nav_snippet(handbook, prefix)
    files[NAV_FILE] = snippet.encode("utf-8")
    return Generated(files, handbook.problems, snippet)


def nav_snippet(handbook: Handbook, prefix: str) -> str:
    """The configuration the generated pages need, as YAML for mkdocs.yml."""
    def at(path: str) -> str:
        return posixpath.join(prefix, path) if prefix else path

    section = _unescaped(handbook.nav_section())
    config = {
        "extra_css": [at(handbook.urls.asset("cjm.css"))],
        "extra_javascript": [at(handbook.urls.asset("cjm.js"))],
        "markdown_extensions": ["attr_list", "md_in_html"],
        "nav": [section],
    }
    body = yaml_writer.dump(config, width=1000)  # a title's line separator stays one
    return (
        "# Written by `cjm generate`: what the handbook needs in mkdocs.yml (Zensical and\n"
        "# ProperDocs read the same keys). Add these entries to yours; without a `nav:` of\n"
        "# your own the engine finds the pages by itself and `nav:` can be left out.\n"
        + body
    )


def _unescaped(value: object) -> object:
    """The nav section with its titles as text: YAML is not HTML (the plugin's nav is
    escaped for the theme, the engine escapes a title read from its own file itself)."""
    if isinstance(value, dict):
        return {html.unescape(str(k)): _unescaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unescaped(v) for v in value]
    return value
