"""The `cjm` command: its parser, and the dispatch to one module per command.

Exit codes: 0 when no errors were found, 1 when there are errors (or, with
--strict, warnings), 2 for usage or I/O problems.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, Protocol

from mkdocs_cjm_plugin import __version__
from mkdocs_cjm_plugin.cli import check, diff, export, generate, importing, schema
from mkdocs_cjm_plugin.cli.common import EXIT_OK, EXIT_USAGE


class Command(Protocol):
    """A command is a module with these two functions."""

    def register(self, sub: Any) -> None: ...
    def run(self, args: argparse.Namespace) -> int: ...


COMMANDS: dict[str, Command] = {
    "check": check, "diff": diff, "generate": generate, "export": export, "import": importing,
    "schema": schema,
}

DESCRIPTION = """\
Check customer journey maps written as YAML, the way the handbook build will; write
the handbook for other site engines; export and import the maps.

Typical use, in the folder that holds mkdocs.yml:

  cjm check                 check every file in journeys/ (or the plugin's `source`)
  cjm check journeys/kauf   check one folder
  cjm diff                  what your change does to the maps (against the default branch)
  cjm schema > schema.json  write the JSON Schema for your editor
  cjm generate --out docs/handbook          the handbook's pages, for Zensical
  cjm export --format csv --out tables      tables for Excel (also json, svg, pdf)
  cjm import mermaid day.mmd --out journeys/day.yml   a Mermaid journey diagram

Every problem is printed as  file:line:column: error[CODE]: what is wrong; how to fix it.
"""

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cjm",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mkdocs-cjm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    for command in COMMANDS.values():
        command.register(sub)
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
    command = COMMANDS.get(args.command or "")
    if command is not None:
        return command.run(args)
    parser.print_help()
    return EXIT_USAGE




if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
