"""The `cjm` command: check journey files and print the JSON Schema.

Exit codes: 0 when no errors were found, 1 when there are errors (or, with
--strict, warnings), 2 for usage or I/O problems.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from mkdocs_cjm_plugin import __version__
from mkdocs_cjm_plugin.core.diagnostics import (
    Diagnostic,
    Severity,
    sort_diagnostics,
    summary_line,
    to_json,
)
from mkdocs_cjm_plugin.core.load import display_path
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_catalogue
from mkdocs_cjm_plugin.core.schema import schema_json
from mkdocs_cjm_plugin.targets.mkdocs.options_file import read_config_file

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
Check customer journey maps written as YAML, the way the handbook build will.

Typical use, in the folder that holds mkdocs.yml:

  cjm check                 check every file in journeys/ (or the plugin's `source`)
  cjm check journeys/kauf   check one folder
  cjm schema > schema.json  write the JSON Schema for your editor

Every problem is printed as  file:line:column: error[CODE]: what is wrong; how to fix it.
"""

CHECK_HELP = """\
Read every .yml/.yaml file below SOURCE and report all problems at once.

The site options (emotion scale, phase model, channels) are read from
mkdocs.yml when it exists, so the check agrees with the build. A cjm plugin
entry that the build would refuse is reported at its line in mkdocs.yml.

exit status: 0 no errors, 1 errors found, 2 the command could not run
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cjm",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mkdocs-cjm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

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
        help="the mkdocs.yml to read site options from (default: ./mkdocs.yml if present)",
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

    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of a journey file (for editor completion)",
        description="Print the JSON Schema that describes one YAML document of a journey "
        "file. Point your editor's YAML extension at it for completion and checking "
        "while you type.",
    )
    schema.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # `cjm check | head` closed our output early: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command == "check":
        return _check(args)
    if args.command == "schema":
        return _schema(args)
    parser.print_help()
    return EXIT_USAGE


def _schema(args: argparse.Namespace) -> int:
    text = schema_json()
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"cjm: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    diags: list[Diagnostic] = []
    options = SiteOptions()
    docs_dir: Path | None = None
    source: Path | None = Path(args.source) if args.source else None

    config_path = Path(args.config) if args.config else Path("mkdocs.yml")
    if args.config and not config_path.is_file():
        print(f"cjm: config file not found: {args.config}", file=sys.stderr)
        return EXIT_USAGE
    if config_path.is_file():
        config = read_config_file(config_path, display_path(config_path), diags)
        if config is not None:
            options, docs_dir = config.options, config.docs_dir
            if source is None and config.source_dir is None:  # a refused `source` (CJM061)
                _report(args.format, sort_diagnostics(diags), 0, 0, 0)
                return EXIT_ERRORS
            source = source or config.source_dir
    source = source or Path(options.source)
    if not source.exists():
        print(f"cjm: source folder not found: {source}", file=sys.stderr)
        return EXIT_USAGE
    if args.today:
        options = options.model_copy(update={"today": args.today})

    if source.is_file():
        print(f"cjm: {source} is a file; give the folder that holds it", file=sys.stderr)
        return EXIT_USAGE
    result = load_catalogue(source, options, docs_dir=docs_dir)
    diags = sort_diagnostics([*diags, *result.diagnostics])
    cat = result.catalogue
    _report(args.format, diags, len(cat.files), len(cat.journeys), len(cat.personas))
    failing = [
        d for d in diags
        if d.severity is Severity.ERROR or (args.strict and d.severity is Severity.WARNING)
    ]
    return EXIT_ERRORS if failing else EXIT_OK


def _report(fmt: str, diags: list[Diagnostic], files: int, journeys: int, personas: int) -> None:
    if fmt == "json":
        print(to_json(diags))
        return
    for d in diags:
        print(d.github() if fmt == "github" else d.format())
    counted = f"{files} file{'s' * (files != 1)}, {journeys} journeys, {personas} personas"
    print(f"cjm: checked {counted}: {summary_line(diags)}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
