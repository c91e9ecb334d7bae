"""The whole of `cjm check`: read mkdocs.yml, load and check every file, look at the
author's pages. `cli.check` runs it when its memo (`cli.check_memo`) cannot answer; it
is a module of its own so that a run the memo answers never imports the model, MkDocs
or the pages."""

from __future__ import annotations

import argparse
from pathlib import Path

from mkdocs_cjm_plugin.cli.check_memo import Answer, Folders
from mkdocs_cjm_plugin.cli.project import read_project
from mkdocs_cjm_plugin.core.cache import FILES, ReadCache
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, sort_diagnostics
from mkdocs_cjm_plugin.core.load import LoadResult, ReadAhead, display_path
from mkdocs_cjm_plugin.core.pipeline import load_catalogue
from mkdocs_cjm_plugin.site.addresses import (
    collision_problem,
    file_collision,
    invalid_journey_ids,
    page_sources,
    published_files,
)
from mkdocs_cjm_plugin.site.directives import problems_in_pages
from mkdocs_cjm_plugin.site.urls import Urls
from mkdocs_cjm_plugin.site.views import unreadable_files
from mkdocs_cjm_plugin.targets.mkdocs.files import (
    markdown_pages,
    own_file_at,
    own_files_at,
    unpublishable_files,
    unpublishable_problem,
)
from mkdocs_cjm_plugin.targets.mkdocs.options_file import ConfigFile


def check_project(
    args: argparse.Namespace, ahead: ReadAhead | None = None
) -> tuple[Answer, Path | None, Folders | None] | None:
    """What the check finds, with the source folder and all the folders it read (None
    when it used no cache folder: nothing to keep); None when it cannot run (the reason
    is printed). `ahead`: files already being read (see `ReadAhead`)."""
    project = read_project(args.source, args.config)
    if project is None:
        return None
    diags: list[Diagnostic] = list(project.diagnostics)
    config, source, docs_dir = project.config, project.source, project.docs_dir
    if source is None:  # mkdocs.yml refused or misses `source`
        return Answer(sort_diagnostics(diags), 0, 0, 0), None, None
    options = project.options
    if args.today:
        options = options.model_copy(update={"today": args.today})
    # The build's cache of read files (`cache_dir`): a file unchanged since the last check
    # or build is not read again.
    cache = config.cache_dir / FILES if config is not None and config.cache_dir else None
    result = load_catalogue(source, options, docs_dir=docs_dir, cache=ReadCache(cache),
                            ahead=ahead)
    if config is not None and docs_dir is not None:  # the author's pages, as the build sees them
        pages = ((page, display_path(page)) for page in markdown_pages(docs_dir))
        diags.extend(problems_in_pages(pages, result.catalogue))
        diags.extend(
            problem for path in unpublishable_files(docs_dir)
            if (problem := unpublishable_problem(path)) is not None
        )
        diags.extend(_collisions(config, result))
    cat = result.catalogue
    answer = Answer(sort_diagnostics([*diags, *result.diagnostics]), len(cat.files),
                    len(cat.journeys), len(cat.personas))
    used = None
    if config is not None and config.cache_dir is not None and docs_dir is not None:
        templates = config.options.custom_templates
        used = Folders(source=source, docs=docs_dir, cache=config.cache_dir,
                       templates=config.path.parent / templates if templates else None)
    return answer, source, used


def _collisions(config: ConfigFile, result: LoadResult) -> list[Diagnostic]:
    """CJM031 for each file of the author's where the build would put a generated page
    or file: their addresses come from the catalogue, nothing is rendered."""
    options, catalogue, docs_dir = config.options, result.catalogue, config.docs_dir
    urls = Urls(options.prefix.strip("/"), config.use_directory_urls)
    taken = [*catalogue.journeys, *invalid_journey_ids(catalogue)]
    unreadable = unreadable_files(catalogue, result.diagnostics, taken)
    pages = [
        collision_problem(src, source, own, display_path(docs_dir / own))
        for src, source in page_sources(catalogue, urls, unreadable)
        for own in own_files_at(src, docs_dir, config.use_directory_urls)
    ]
    return pages + [
        file_collision(file, display_path(docs_dir / file.path))
        for file in published_files(catalogue, urls) if own_file_at(file.path, docs_dir)
    ]
