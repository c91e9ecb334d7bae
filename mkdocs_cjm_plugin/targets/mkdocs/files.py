"""How MkDocs publishes files: which of the author's files would stand at the address
of a generated page or file, and the "edit this page" path of a generated page."""

from __future__ import annotations

import os
import posixpath
import stat
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.utils import markdown_extensions

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, make
from mkdocs_cjm_plugin.core.files import special_kind
from mkdocs_cjm_plugin.core.load import display_path
from mkdocs_cjm_plugin.site.urls import page_url
from mkdocs_cjm_plugin.targets.files.folder import written_by_cjm


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
    """The author's files in `docs_dir` that the generated page `src_uri` would replace.
    A page `cjm generate` wrote there is not the author's (see `written_by_cjm`)."""
    folder = str(docs_dir)  # os.path, not Path: asked for every address of every page
    return [
        candidate for candidate in same_address(src_uri, use_directory_urls)
        if os.path.isfile(os.path.join(folder, candidate))  # noqa: PTH113, PTH118
        and not written_by_cjm(docs_dir / candidate, docs_dir)
    ]


def own_file_at(path: str, docs_dir: Path) -> bool:
    """Whether the author has a file at `path` of `docs_dir`, where the plugin publishes
    a file of its own (a stylesheet, a map; MkDocs publishes files other than pages at
    their path). A file `cjm generate` wrote there is not the author's."""
    file = docs_dir / path
    return file.is_file() and not written_by_cjm(file, docs_dir)


def edit_path(source: Path, docs_dir: Path) -> str:
    """A definition file as the "edit this page" link's path, relative to the docs folder.

    MkDocs joins it to `repo_url` and `edit_uri` as it is, and themes print the result
    into an `href`: a file name is URL-encoded here, so `"`, `#` or `?` in it stay part
    of the name instead of ending the attribute or the path.
    """
    return quote(Path(os.path.relpath(source, docs_dir)).as_posix(), safe="/")


def markdown_pages(docs_dir: Path) -> list[Path]:
    """The author's Markdown pages below `docs_dir`, as MkDocs finds them by default
    (its Markdown suffixes; files and folders starting with `.` left out), sorted."""
    if not docs_dir.is_dir():
        return []
    return sorted(
        path for path in docs_dir.rglob("*")
        if path.suffix.lower() in markdown_extensions and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(docs_dir).parts)
    )


def nav_mentions(nav: Any, paths: set[str]) -> bool:
    """Whether a MkDocs `nav` (nested lists and maps of paths) names any of `paths`."""
    if isinstance(nav, str):
        return nav.lstrip("/") in paths
    if isinstance(nav, dict):
        return any(nav_mentions(v, paths) for v in nav.values())
    if isinstance(nav, list):
        return any(nav_mentions(v, paths) for v in nav)
    return False


def unpublishable_problem(path: Path, base: Path | None = None) -> Diagnostic | None:
    """CJM036 when `path`, a file MkDocs would publish, is a named pipe, socket or device
    (reading one may wait forever or never end) or a symbolic link that leads nowhere:
    MkDocs would hang on it, or stop with a traceback. None for a regular file, and for
    one gone meanwhile. `base`: what the message's path is relative to (`display_path`)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        if not path.is_symlink():
            return None
        why = (
            "this symbolic link leads nowhere (what it points to is missing, or links go "
            "round in a circle): MkDocs would stop with an error copying it, so the site "
            "leaves it out; remove the link or point it at a file"
        )
    else:
        if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
            return None
        why = (
            f"this is {special_kind(mode)}, not a file: MkDocs would wait for it forever "
            "or stop, so the site leaves it out; move it out of the docs folder, or name it "
            "in MkDocs' `exclude_docs`"
        )
    return make("CJM036", display_path(path, base), 1, 1, why)


def unpublishable_files(docs_dir: Path) -> list[Path]:
    """What `unpublishable_problem` refuses below `docs_dir`, of what MkDocs would publish
    by default (files and folders starting with `.` left out), sorted; never opened."""
    if not docs_dir.is_dir():
        return []
    found = []
    for path in docs_dir.rglob("*"):
        if any(part.startswith(".") for part in path.relative_to(docs_dir).parts):
            continue
        try:
            mode = path.stat().st_mode
        except OSError:
            if path.is_symlink():
                found.append(path)
            continue
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            found.append(path)
    return sorted(found)
