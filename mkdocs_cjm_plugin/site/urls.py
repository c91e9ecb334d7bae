"""Where generated pages live and how pages link to each other.

Links inside generated HTML are not rewritten by MkDocs, so we compute them
ourselves, relative to the page that holds them, the same way MkDocs turns a
source path into a URL (with and without `use_directory_urls`).
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from urllib.parse import quote


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """The site URL of a Markdown page, as MkDocs computes it."""
    stem, _ = posixpath.splitext(src_uri)
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        if use_directory_urls:
            return f"{folder}/" if folder else "./"
        return posixpath.join(folder, "index.html")
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


@functools.lru_cache(maxsize=16384)
def _page_link(from_src: str, to_src: str, use_directory_urls: bool) -> str:
    """The link between two pages: pages across journeys link every step of a handbook,
    most of them into the same few journey pages."""
    target = page_url(to_src, use_directory_urls)
    return relative_url(target, page_url(from_src, use_directory_urls))


def relative_url(target: str, base: str) -> str:
    """`target` (a site URL) as seen from the page at `base` (a site URL)."""
    head, tail = posixpath.split(base)
    base_dir = head if "." in tail else base
    rel = posixpath.relpath("/" + target, "/" + base_dir)
    return rel + "/" if target.endswith("/") else rel


@dataclass(frozen=True)
class Urls:
    """Source paths of the generated pages, and links between any two pages."""

    prefix: str = ""
    use_directory_urls: bool = True
    source_links: bool = False
    """Link to the pages' source files (`../personas/anna.md`) instead of their site
    URLs: for engines that resolve links in HTML as they resolve Markdown links, from
    the page's source file (Zensical); MkDocs publishes HTML links as they are."""

    def _join(self, *parts: str) -> str:
        return posixpath.join(*(p for p in (self.prefix.strip("/"), *parts) if p))

    @property
    def journeys_index(self) -> str:
        return self._join("journeys", "index.md")

    @property
    def personas_index(self) -> str:
        return self._join("personas", "index.md")

    @property
    def stakeholders_index(self) -> str:
        return self._join("stakeholders", "index.md")

    @property
    def overview(self) -> str:
        return self._join("overview", "index.md")

    @property
    def touchpoints_index(self) -> str:
        return self._join("touchpoints", "index.md")

    @property
    def actions_index(self) -> str:
        return self._join("actions", "index.md")

    @property
    def kpis_index(self) -> str:
        return self._join("kpis", "index.md")

    def journey(self, ident: str) -> str:
        return self._join("journeys", f"{ident}.md")

    def persona(self, ident: str) -> str:
        return self._join("personas", f"{ident}.md")

    def asset(self, name: str) -> str:
        return posixpath.join("assets", "cjm", name)

    def map_file(self, key: str) -> str:
        """A stakeholder map as an SVG file of its own (the full-size view without
        JavaScript)."""
        return self._join("maps", f"{key}.svg")

    def href_from_file(self, file: str, to_src: str, anchor: str | None = None) -> str:
        """Link from a published file (such as a map's SVG) to the page `to_src`."""
        fragment = f"#{quote(anchor)}" if anchor else ""
        return relative_url(page_url(to_src, self.use_directory_urls), file) + fragment

    def href(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        """Link from the page `from_src` to the page `to_src` (source paths)."""
        fragment = f"#{quote(anchor)}" if anchor else ""
        if from_src == to_src and anchor:
            return fragment
        if self.source_links:
            return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".") + fragment
        return _page_link(from_src, to_src, self.use_directory_urls) + fragment

    def file_href(self, from_src: str, path: str) -> str:
        """Link from a page to a static file given relative to the docs folder."""
        if self.source_links:
            return quote(posixpath.relpath(path.lstrip("/"), posixpath.dirname(from_src) or "."))
        base = page_url(from_src, self.use_directory_urls)
        return relative_url(quote(path.lstrip("/")), base)
