"""The `cjm` command: its parser, and the dispatch to one module per command.

Exit codes: 0 when no errors were found, 1 when there are errors (or, with
--strict, warnings), 2 for usage or I/O problems.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import Any, Protocol, TextIO, cast

from mkdocs_cjm_plugin import __version__
from mkdocs_cjm_plugin.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE


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


class OutputError(Exception):
    """Standard output cannot take what a command writes (a full disk, a closed pipe)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class _Output:
    """Standard output that tells its own write errors apart: an OSError from reading a
    journey is a command's business, one from writing the report ends the run."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError as error:
            raise OutputError(error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise OutputError(error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    stdout = sys.stdout
    sys.stdout = cast(TextIO, _Output(stdout))
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, not at exit: a full disk is said, not ignored
        return code
    except KeyboardInterrupt:
        print("cjm: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OutputError as problem:
        _discard_output(stdout)
        if isinstance(problem.error, BrokenPipeError):
            # `cjm check | head` closed our output early: what was wanted was read.
            return EXIT_OK
        reason = problem.error.strerror or str(problem.error)
        print(f"cjm: cannot write: {reason[:1].lower()}{reason[1:]}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        sys.stdout = stdout


def _discard_output(stdout: TextIO) -> None:
    """Point standard output at the null device: what is left in its buffer would
    fail again when Python flushes it at exit, with a message of its own."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):  # no file descriptor (a test's)
        pass


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
