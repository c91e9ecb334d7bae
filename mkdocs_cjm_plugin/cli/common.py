"""What every command shares: its exit codes, and where its output goes."""

import sys
from pathlib import Path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
"""0: nothing failed; 1: problems found (errors, or warnings with --strict); 2: the
command could not run (usage, a missing file, output that cannot be written)."""
EXIT_INTERRUPTED = 130
"""Stopped by Ctrl-C: 128 + SIGINT, what a shell reports for a program the key stopped."""


def write_output(text: str, output: str | None) -> int:
    """`text` into the file `output`, or to standard output when there is none; the exit
    code (a file that cannot be written is said in one line, not a traceback)."""
    if not output:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"cjm: cannot write {output}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
