"""Load, then check: the one way the command line, the plugin and the tests read a handbook.

`core.load` reads each file and validates each document's shape; `core.checks` looks
across the whole catalogue (references, scales, phase model, hygiene). Neither knows
the other; this module composes them, so every caller gets the same diagnostics in the
same order.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs_cjm_plugin.core.cache import ReadCache
from mkdocs_cjm_plugin.core.checks import check_catalogue
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, sort_diagnostics
from mkdocs_cjm_plugin.core.load import (
    LoadResult,
    ReadAhead,
    Source,
    read_catalogue,
    read_entities,
    read_texts,
)
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.core.revisions import Repo
from mkdocs_cjm_plugin.core.yaml_source import gc_paused


def load_catalogue(
    folder: Path,
    options: SiteOptions | None = None,
    *,
    docs_dir: Path | None = None,
    base: Path | None = None,
    cache: ReadCache | None = None,
    ahead: ReadAhead | None = None,
) -> LoadResult:
    """Read every definition file below `folder` and check the whole catalogue; files
    that `cache` holds unchanged are not read again (see `core.cache`), nor are those
    `ahead` read already."""
    with gc_paused():  # a third faster for large handbooks; see gc_paused
        result = read_catalogue(folder, base=base, cache=cache, ahead=ahead)
        if result.catalogue.files or folder.is_dir():
            result.diagnostics.extend(
                check_catalogue(result.catalogue, options or SiteOptions(), docs_dir=docs_dir)
            )
    return LoadResult(result.catalogue, sort_diagnostics(result.diagnostics))


def load_texts(
    files: dict[str, str | bytes], options: SiteOptions | None = None
) -> LoadResult:
    """Load and check definitions from memory (path -> content): for tests and editors."""
    result = read_texts(files)
    result.diagnostics.extend(check_catalogue(result.catalogue, options or SiteOptions()))
    return LoadResult(result.catalogue, sort_diagnostics(result.diagnostics))


def load_entities(
    entities: list[tuple[str, dict[str, Any], Source]], options: SiteOptions | None = None,
    unread: str | None = None,
) -> LoadResult:
    """Load and check entities given as data with where each was written (the entries
    of a JSON export; see `read_entities`), as `cjm check` checks files."""
    result = read_entities(entities, unread)
    result.diagnostics.extend(check_catalogue(result.catalogue, options or SiteOptions()))
    return LoadResult(result.catalogue, sort_diagnostics(result.diagnostics))


def load_revision(
    repo: Repo, commit: str, prefix: str, options: SiteOptions | None = None, *,
    only: Callable[[str, str], bool] | None = None, check: bool = True,
) -> tuple[LoadResult, dict[str, str]]:
    """Load and check the definitions below `prefix` (a folder inside the repository) as
    they were at `commit`, without touching the working tree; with each file's blob hash.
    Paths in diagnostics are relative to the repository's top folder.

    `only(path, blob)` picks the files to read; without `check`, nothing across files is
    checked (for part of a catalogue, where references would point into files not read).
    """
    too_large: list[Diagnostic] = []
    files, blobs = repo.files_at(commit, prefix, too_large, only)
    with gc_paused():
        result = read_texts(dict(files))
        for diag in too_large:  # refused unread, as `read_catalogue` refuses them
            result.catalogue.files.append(diag.path)
            result.catalogue.unloaded.append(diag.path)
            result.catalogue.unknown_ids.append(diag.path)
        result.diagnostics.extend(too_large)
        if check:
            result.diagnostics.extend(
                check_catalogue(result.catalogue, options or SiteOptions()))
    return LoadResult(result.catalogue, sort_diagnostics(result.diagnostics)), blobs
