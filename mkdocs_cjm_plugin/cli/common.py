"""What every command shares: its exit codes, and where its output goes."""

import json
import sys
from collections.abc import Callable
from pathlib import Path

from mkdocs_cjm_plugin.core.diagnostics import printable
from mkdocs_cjm_plugin.core.files import THEIRS, InTheWay, in_the_way, write_own

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
"""0: nothing failed; 1: problems found (errors, or warnings with --strict); 2: the
command could not run (usage, a missing file, output that cannot be written)."""
EXIT_INTERRUPTED = 130
"""Stopped by Ctrl-C: 128 + SIGINT, what a shell reports for a program the key stopped."""


def write_output(
    text: str, output: str | None, command: str, ours: Callable[[bytes], bool]
) -> int:
    """`text` into the file `output`, or to standard output when there is none; the exit
    code. Like every file cjm writes, `output` must be new (or empty) or one that
    `command` wrote before (`ours` knows it by its content), and never a link: anything
    else is named and left as it is. A file that cannot be written is said in one line."""
    if not output:
        sys.stdout.write(text)
        return EXIT_OK
    shown = printable(output)
    try:
        write_own(Path(output), text, ours)
    except InTheWay as refused:
        print(f"cjm: {refused_line(shown, refused.kind, command, '--output')}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"cjm: cannot write {shown}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def output_refused(output: str | None, command: str, ours: Callable[[bytes], bool]) -> bool:
    """Whether `write_output` would leave `output` as it is (said on stderr): asked
    before a command does its work or writes anything else."""
    kind = in_the_way(Path(output), ours) if output else None
    if kind is not None:
        print(f"cjm: {refused_line(printable(str(output)), kind, command, '--output')}",
              file=sys.stderr)
    return kind is not None


def refused_line(shown: str, kind: str, command: str, option: str) -> str:
    """Why `command` leaves the file `shown` as it is, and what to do instead."""
    if kind == THEIRS:
        return (f"{shown} exists and was not written by {command}; it is left as it is. "
                f"Give {option} another file (nothing was written)")
    if kind == "a link":
        return (f"{shown} is a link; {command} never writes through a link: give "
                f"{option} the file itself or a new name (nothing was written)")
    return f"{shown} is {kind}, not a file; give {option} a file (nothing was written)"


def schema_id(data: bytes) -> str | None:
    """The `$id` of a JSON Schema (by which a command knows the schema it wrote)."""
    try:
        schema = json.loads(data)
    except ValueError:
        return None
    found = schema.get("$id") if isinstance(schema, dict) else None
    return found if isinstance(found, str) else None
