"""`cjm export`: the catalogue as JSON or CSV tables, each journey's pictures as SVG, or
each journey as a one-page PDF poster."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from mkdocs_cjm_plugin.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from mkdocs_cjm_plugin.cli.project import read_project
from mkdocs_cjm_plugin.core.diagnostics import (
    has_errors,
    printable,
    printable_json,
    sort_diagnostics,
    summary_line,
)
from mkdocs_cjm_plugin.core.interchange import catalogue_document, export_schema_json
from mkdocs_cjm_plugin.core.load import display_path
from mkdocs_cjm_plugin.core.pipeline import load_catalogue
from mkdocs_cjm_plugin.core.tables import SEPARATORS, tables
from mkdocs_cjm_plugin.site.handbook import TemplateProblem
from mkdocs_cjm_plugin.targets.files.export import (
    NoChromium,
    find_chromium,
    pdf_files,
    svg_files,
)
from mkdocs_cjm_plugin.targets.files.folder import folder_problems, write_folder
from mkdocs_cjm_plugin.targets.files.generate import SiteSetup, handbook_for

EXPORT_HELP = """\
Export every journey, persona and stakeholder, so the maps are never locked in:

  cjm export --format json > catalogue.json     one JSON document (schema: cjm schema --export)
  cjm export --format csv --out exports/tables  tables for Excel (UTF-8, `;`, ISO dates)
  cjm export --format svg --out exports/slides  each journey's curve and map, for slides
  cjm export --format pdf --out exports/posters each journey as a one-page poster (Chromium)

--out names a folder of cjm's own: it refuses one holding files it did not write and
removes files of journeys that no longer exist. Nothing is exported while a journey
file has errors (a partial export would silently miss a journey); run cjm check.

exit status: 0 exported, 1 errors in the journey files (nothing written), 2 could not run
"""


def register(sub: Any) -> None:
    """Add `export` to the subcommands of the `cjm` parser."""
    export = sub.add_parser(
        "export",
        help="export the journeys as JSON, CSV tables, SVG pictures or PDF posters",
        description=EXPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("source", nargs="?", metavar="SOURCE",
                        help="folder with the YAML files (default: the plugin's `source`)")
    export.add_argument("--format", required=True, choices=("json", "csv", "svg", "pdf"))
    export.add_argument("--out", "-o", metavar="DIR",
                        help="the folder to write (for json: default is the terminal)")
    export.add_argument(
        "--separator", choices=tuple(SEPARATORS), default="semicolon",
        help="CSV: semicolon (default; Excel in German and most European locales, numbers "
        "with a decimal comma), comma (Excel in English locales), or tab",
    )
    export.add_argument("--config", "-f", metavar="FILE",
                        help="the mkdocs.yml to read site options from")
    export.add_argument("--today", metavar="YYYY-MM-DD", type=dt.date.fromisoformat,
                        help="the date to judge overdue actions by (CSV)")


def run(args: argparse.Namespace) -> int:
    if args.out is None and args.format != "json":
        print(f"cjm: --format {args.format} writes several files: give --out DIR",
              file=sys.stderr)
        return EXIT_USAGE
    project = read_project(args.source, args.config, doing="exporting")
    if project is None:
        return EXIT_USAGE
    if project.source is None:
        for d in project.diagnostics:
            print(d.format(), file=sys.stderr)
        return EXIT_ERRORS
    options = project.options
    if args.today:
        options = options.model_copy(update={"today": args.today})
    result = load_catalogue(project.source, options, docs_dir=project.docs_dir)
    diags = sort_diagnostics([*project.diagnostics, *result.diagnostics])
    for d in diags:
        print(d.format(), file=sys.stderr)
    if has_errors(diags):
        print(f"cjm: nothing exported: {summary_line(diags)}; fix them first (cjm check)",
              file=sys.stderr)
        return EXIT_ERRORS
    catalogue = result.catalogue
    files: dict[str, bytes]
    if args.format == "json":
        document = json.dumps(catalogue_document(catalogue), indent=2, ensure_ascii=False)
        text = printable_json(document) + "\n"
        if args.out is None:
            sys.stdout.write(text)
            return EXIT_OK
        schema = export_schema_json()
        files = {"catalogue.json": text.encode("utf-8"),
                 "catalogue.schema.json": schema.encode("utf-8")}
    elif args.format == "csv":
        files = {name: text.encode("utf-8") for name, text in
                 tables(catalogue, options, SEPARATORS[args.separator]).items()}
    else:
        base = project.config.path.parent if project.config is not None else Path()
        setup = SiteSetup(
            options=options, language=project.language, prefix="",
            docs_dir=project.docs_dir,
            cache_dir=base / options.cache_dir if options.cache_dir else None,
            config_path=display_path(project.config.path) if project.config else "mkdocs.yml",
        )
        handbook = handbook_for(result, setup, {"output folder": Path(args.out)})
        try:
            if args.format == "svg":
                files = svg_files(handbook)
            else:
                files = pdf_files(handbook, find_chromium())
        except NoChromium as missing:
            print(f"cjm: {printable(str(missing))}", file=sys.stderr)
            return EXIT_USAGE
        except (OSError, TemplateProblem) as problem:
            print(f"cjm: {printable(str(problem))} (nothing written)", file=sys.stderr)
            return EXIT_ERRORS
        for d in handbook.problems:  # Graphviz missing: the maps are left out
            print(d.format(), file=sys.stderr)
    out = Path(args.out)
    refused = folder_problems(out, files, "cjm export",
                              owner=f"cjm export --format {args.format}")
    if refused:
        for d in refused:
            print(d.format(), file=sys.stderr)
        print(f"cjm: nothing written to {display_path(out)}", file=sys.stderr)
        return EXIT_ERRORS
    try:
        report = write_folder(out, files, f"cjm export --format {args.format}")
    except OSError as exc:  # a full disk, a folder without write permission
        print(f"cjm: cannot write {display_path(out)}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"cjm: {len(files)} files in {display_path(out)} ({len(report.written)} written, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed)",
        file=sys.stderr,
    )
    return EXIT_OK
