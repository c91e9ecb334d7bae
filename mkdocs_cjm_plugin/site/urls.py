"""Where generated pages live and how pages link to each other.

Links inside generated HTML are not rewritten by MkDocs, so we compute them
ourselves, relative to the page that holds them, the same way MkDocs turns a
source path into a URL (with and without `use_directory_urls`).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from mkdocs.utils import markdown_extensions


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """The site URL of a Markdown page, as MkDocs computes it."""
    stem, _ = posixpath.splitext(src_uri)
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        if use_directory_urls:
            return f"{folder}/" if folder else "./"
        return posixpath.join(folder, "index.html")
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def same_address(src_uri: str, use_directory_urls: bool) -> list[str]:
    """Paths in the docs folder that MkDocs would publish where the page `src_uri` goes.

    With directory URLs `journeys/x.md`, `journeys/x/index.md` and `journeys/x/README.md`
    are all `journeys/x/`; any Markdown suffix counts, and so does an HTML file of the
    author's at the place MkDocs writes the page.
    """
    stem, _ = posixpath.splitext(src_uri)
    folder, name = posixpath.split(stem)
    stems = {stem, posixpath.join(stem, "index"), posixpath.join(stem, "README")}
    if name in ("index", "README"):
        stems |= {posixpath.join(folder, "index"), posixpath.join(folder, "README")}
        if folder:
            stems.add(folder)
    url = page_url(src_uri, use_directory_urls)
    out = [
        candidate
        for candidate in (s + ext for s in sorted(stems) for ext in markdown_extensions)
        if page_url(candidate, use_directory_urls) == url
    ]
    out.append(posixpath.join(url, "index.html").removeprefix("./") if url.endswith("/") else url)
    return out


def own_files_at(src_uri: str, docs_dir: Path, use_directory_urls: bool) -> list[str]:
    """The author's files in `docs_dir` that the generated page `src_uri` would replace."""
    return [
        candidate for candidate in same_address(src_uri, use_directory_urls)
        if (docs_dir / candidate).is_file()
    ]


def edit_path(source: Path, docs_dir: Path) -> str:
    """A definition file as the "edit this page" link's path, relative to the docs folder.

    MkDocs joins it to `repo_url` and `edit_uri` as it is, and themes print the result
    into an `href`: a file name is URL-encoded here, so `"`, `#` or `?` in it stay part
    of the name instead of ending the attribute or the path.
    """
    return quote(Path(os.path.relpath(source, docs_dir)).as_posix(), safe="/")


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

    def journey(self, ident: str) -> str:
        return self._join("journeys", f"{ident}.md")

    def persona(self, ident: str) -> str:
        return self._join("personas", f"{ident}.md")

    def asset(self, name: str) -> str:
        return posixpath.join("assets", "cjm", name)

    def href(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        """Link from the page `from_src` to the page `to_src` (source paths)."""
        fragment = f"#{quote(anchor)}" if anchor else ""
        if from_src == to_src and anchor:
            return fragment
        target = page_url(to_src, self.use_directory_urls)
        base = page_url(from_src, self.use_directory_urls)
        return relative_url(target, base) + fragment

    def file_href(self, from_src: str, path: str) -> str:
        """Link from a page to a static file given relative to the docs folder."""
        base = page_url(from_src, self.use_directory_urls)
        return relative_url(quote(path.lstrip("/")), base)
