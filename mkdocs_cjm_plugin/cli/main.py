"""The `cjm` command: its parser, and the dispatch to one module per command.

Exit codes: 0 when no errors were found, 1 when there are errors (or, with
--strict, warnings), 2 for usage or I/O problems.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, Protocol, cast

from mkdocs_cjm_plugin import __version__
from mkdocs_cjm_plugin.cli.common import EXIT_OK, EXIT_USAGE


class Command(Protocol):
    """A command is a module with these two functions."""

    def register(self, sub: Any) -> None: ...
    def run(self, args: argparse.Namespace) -> int: ...


COMMANDS: dict[str, str] = {
    "check": "check", "diff": "diff", "generate": "generate", "export": "export",
    "import": "importing", "schema": "schema",
}
"""Each command's module in `mkdocs_cjm_plugin.cli`. A run imports only the module of
its command: `cjm check` in a pre-commit hook does not pay for the imports of `cjm
diff` or `cjm export`."""


def command(name: str) -> Command:
    return cast(Command, importlib.import_module(f"mkdocs_cjm_plugin.cli.{COMMANDS[name]}"))

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

def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, one that knows just that command (all: for help and
    for mistakes, which list every command)."""
    parser = argparse.ArgumentParser(
        prog="cjm",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mkdocs-cjm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    for name in [only] if only else COMMANDS:
        command(name).register(sub)
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
    words = list(sys.argv[1:] if argv is None else argv)
    first = next((w for w in words if not w.startswith("-")), None)
    # The first word names the command only when no option stands before it.
    only = first if first in COMMANDS and words[0] == first else None
    parser = _parser(only)
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command in COMMANDS:
        return command(args.command).run(args)
    parser.print_help()
    return EXIT_USAGE




if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
