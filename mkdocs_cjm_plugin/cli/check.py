"""`cjm check`: read every journey file the way the build will and print every problem."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from mkdocs_cjm_plugin.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from mkdocs_cjm_plugin.cli.project import read_project
from mkdocs_cjm_plugin.core.diagnostics import (
    Diagnostic,
    counted,
    failing,
    printable,
    sort_diagnostics,
    summary_line,
    to_json,
)
from mkdocs_cjm_plugin.core.load import LoadResult, display_path
from mkdocs_cjm_plugin.core.pipeline import load_catalogue
from mkdocs_cjm_plugin.core.revisions import GitProblem, Repo
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.site.directives import problems_in_pages
from mkdocs_cjm_plugin.site.handbook import Handbook, collision_problem
from mkdocs_cjm_plugin.site.urls import Urls
from mkdocs_cjm_plugin.targets.mkdocs.files import markdown_pages, own_files_at
from mkdocs_cjm_plugin.targets.mkdocs.options_file import ConfigFile

CHECK_HELP = """\
Read every .yml/.yaml file below SOURCE and report all problems at once.

The site options (emotion scale, phase model, channels) are read from
mkdocs.yml, so the check agrees with the build: without --config, the one in the
current folder, else the first one found upward from SOURCE or from the current
folder (up to the home folder). A cjm plugin
entry that the build would refuse is reported at its line in mkdocs.yml.

exit status: 0 no errors, 1 errors found, 2 the command could not run
"""



def register(sub: Any) -> None:
    """Add `check` to the subcommands of the `cjm` parser."""
    check = sub.add_parser(
        "check",
        help="check journey files and print every problem",
        description=CHECK_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "source", nargs="?", metavar="SOURCE",
        help="folder with the YAML files (default: the plugin's `source` in mkdocs.yml, "
        "else journeys/)",
    )
    check.add_argument(
        "--config", "-f", metavar="FILE",
        help="the mkdocs.yml to read site options from (default: ./mkdocs.yml, else the "
        "nearest one upward from SOURCE or the current folder)",
    )
    check.add_argument(
        "--format", choices=("text", "json", "github"), default="text",
        help="text for people (default), json for tools, github for GitHub Actions annotations",
    )
    check.add_argument(
        "--strict", action="store_true", help="also fail (exit 1) when there are warnings",
    )
    check.add_argument(
        "--today", metavar="YYYY-MM-DD", type=dt.date.fromisoformat,
        help="the date to judge stale maps and overdue actions by (default: today)",
    )
    check.add_argument(
        "--changed-only", nargs="?", const="", metavar="BASE",
        help="report only problems in files changed since BASE (default: the merge base "
        "with the default branch), uncommitted changes included; the checks across files "
        "still read every file. Give SOURCE before this option",
    )


def run(args: argparse.Namespace) -> int:
    project = read_project(args.source, args.config)
    if project is None:
        return EXIT_USAGE
    diags: list[Diagnostic] = list(project.diagnostics)
    config, source, docs_dir = project.config, project.source, project.docs_dir
    if source is None:  # mkdocs.yml refused or misses `source`
        _report(args.format, sort_diagnostics(diags), 0, 0, 0)
        return EXIT_ERRORS
    options = project.options
    if args.today:
        options = options.model_copy(update={"today": args.today})
    result = load_catalogue(source, options, docs_dir=docs_dir)
    if config is not None and docs_dir is not None:  # the author's pages, as the build sees them
        pages = ((page, display_path(page)) for page in markdown_pages(docs_dir))
        diags.extend(problems_in_pages(pages, result.catalogue))
        diags.extend(_collisions(config, result))
    diags = sort_diagnostics([*diags, *result.diagnostics])
    if args.changed_only is not None:
        try:
            diags = _in_changed_files(diags, source, args.changed_only)
        except GitProblem as problem:
            print(f"cjm: {printable(str(problem))}", file=sys.stderr)
            return EXIT_USAGE
    cat = result.catalogue
    _report(args.format, diags, len(cat.files), len(cat.journeys), len(cat.personas))
    return EXIT_ERRORS if failing(diags, strict=args.strict) else EXIT_OK


def _in_changed_files(diags: list[Diagnostic], source: Path, base: str) -> list[Diagnostic]:
    """The problems in files that differ from `base` (a revision; empty: the merge base
    with the default branch) in the working tree."""
    repo = Repo.find(source)
    commit = repo.commit(base) if base else repo.default_base()[0]
    changed = {(repo.root / path).resolve() for path in repo.changed_files(
        commit, "", definitions=False)}
    return [d for d in diags if (Path.cwd() / d.path).resolve() in changed]


def _report(fmt: str, diags: list[Diagnostic], files: int, journeys: int, personas: int) -> None:
    if fmt == "json":
        print(to_json(diags))
        return
    for d in diags:
        print(d.github() if fmt == "github" else d.format())
    what = ", ".join(
        [counted(files, "file"), counted(journeys, "journey"), counted(personas, "persona")]
    )
    print(f"cjm: checked {what}: {summary_line(diags)}", file=sys.stderr)


def _collisions(config: ConfigFile, result: LoadResult) -> list[Diagnostic]:
    """CJM031 for each file of the author's where the build would put a generated page:
    the page addresses come from the catalogue, nothing is rendered."""
    options = config.options
    handbook = Handbook(
        catalogue=result.catalogue, options=options,
        labels=Labels(options.language or config.theme_language or "en", options.labels),
        urls=Urls(options.prefix.strip("/"), config.use_directory_urls),
        diagnostics=result.diagnostics,
    )
    return [
        collision_problem(src, source, own, display_path(config.docs_dir / own))
        for src, source in handbook.page_sources()
        for own in own_files_at(src, config.docs_dir, config.use_directory_urls)
    ]
