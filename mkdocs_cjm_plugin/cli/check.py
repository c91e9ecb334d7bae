"""`cjm check`: read every journey file the way the build will and print every problem."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from mkdocs_cjm_plugin.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from mkdocs_cjm_plugin.core.diagnostics import (
    Diagnostic,
    counted,
    failing,
    sort_diagnostics,
    summary_line,
    to_json,
)
from mkdocs_cjm_plugin.core.load import LoadResult, display_path
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_catalogue
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.site.directives import problems_in_pages
from mkdocs_cjm_plugin.site.handbook import Handbook, collision_problem
from mkdocs_cjm_plugin.site.urls import Urls
from mkdocs_cjm_plugin.targets.mkdocs.files import markdown_pages, own_files_at
from mkdocs_cjm_plugin.targets.mkdocs.options_file import (
    ConfigFile,
    close_folder,
    find_config,
    read_config_file,
)

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


def run(args: argparse.Namespace) -> int:
    diags: list[Diagnostic] = []
    options = SiteOptions()
    docs_dir: Path | None = None
    source: Path | None = Path(args.source) if args.source else None

    if args.config:
        config_path: Path | None = Path(args.config)
        if not Path(args.config).is_file():
            print(f"cjm: config file not found: {args.config}", file=sys.stderr)
            return EXIT_USAGE
    else:
        config_path = find_config(source, Path.cwd())
        if config_path is None:
            print(
                "cjm: no mkdocs.yml found; checking with the default options (use --config)",
                file=sys.stderr,
            )
    config: ConfigFile | None = None
    if config_path is not None:
        config = read_config_file(config_path, display_path(config_path), diags)
        if config is not None:
            options, docs_dir = config.options, config.docs_dir
            if source is None and config.source_dir is None:  # refused or missing `source`
                _report(args.format, sort_diagnostics(diags), 0, 0, 0)
                return EXIT_ERRORS
            source = source or config.source_dir
    source = source or Path(options.source)
    if not source.exists():
        meant = close_folder(source)
        hint = f" (did you mean '{(source.parent / meant).as_posix()}'?)" if meant else ""
        print(f"cjm: source folder not found: {source}{hint}", file=sys.stderr)
        return EXIT_USAGE
    if args.today:
        options = options.model_copy(update={"today": args.today})

    if source.is_file():
        print(f"cjm: {source} is a file; give the folder that holds it", file=sys.stderr)
        return EXIT_USAGE
    result = load_catalogue(source, options, docs_dir=docs_dir)
    if config is not None and docs_dir is not None:  # the author's pages, as the build sees them
        pages = ((page, display_path(page)) for page in markdown_pages(docs_dir))
        diags.extend(problems_in_pages(pages, result.catalogue))
        diags.extend(_collisions(config, result))
    diags = sort_diagnostics([*diags, *result.diagnostics])
    cat = result.catalogue
    _report(args.format, diags, len(cat.files), len(cat.journeys), len(cat.personas))
    return EXIT_ERRORS if failing(diags, strict=args.strict) else EXIT_OK


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
