"""`cjm check`: read every journey file the way the build will and print every problem."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
from pathlib import Path
from typing import Any

from mkdocs_cjm_plugin.cli.check_memo import CheckMemo
from mkdocs_cjm_plugin.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from mkdocs_cjm_plugin.core.diagnostics import (
    Diagnostic,
    counted,
    failing,
    printable,
    summary_line,
    to_json,
)

# What a check over an unchanged handbook needs is imported above; the model, MkDocs and
# the pages only when there is something to read (in `run`), which is most of the time
# of a run the memo answers.

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
    # A check is a short process whose memory is bounded by the handbook, and reference
    # counting frees what it drops: the cyclic collector would only walk everything
    # loaded again and again (a tenth of a large check), and once more at the end if it
    # were turned on again, so it stays off for the rest of the process.
    gc.disable()
    memo = CheckMemo.open(args.source, args.config, args.today)
    inputs = memo.inputs() if memo is not None else None
    answer = memo.recall(inputs) if memo is not None and inputs is not None else None
    source = memo.folders.source if memo is not None else None
    if answer is None:
        # The files go to the workers first: they read while MkDocs is imported and
        # mkdocs.yml is read, which is a fifth of a large cold check.
        from mkdocs_cjm_plugin.core.cache import FILES
        from mkdocs_cjm_plugin.core.files import source_problem
        from mkdocs_cjm_plugin.core.load import ReadAhead

        # Not for a source the check refuses (CJM061: one that holds the project, the
        # home or the root folder): it would walk far more than journeys.
        ahead = ReadAhead.start(memo.folders.source, memo.folders.cache / FILES) if (
            memo is not None and source_problem(str(memo.folders.source), memo.base) is None
        ) else None
        try:
            from mkdocs_cjm_plugin.cli.check_project import check_project

            checked = check_project(args, ahead)
        finally:
            if ahead is not None:
                ahead.close()
        if checked is None:
            return EXIT_USAGE
        answer, source, used = checked
        if memo is not None and inputs is not None and used is not None:
            memo.keep(inputs, answer, used)
    diags = answer.diagnostics
    if args.changed_only is not None and source is not None:
        changed = _in_changed_files(diags, source, args.changed_only)
        if changed is None:
            return EXIT_USAGE
        diags = changed
    _report(args.format, diags, answer.files, answer.journeys, answer.personas)
    return EXIT_ERRORS if failing(diags, strict=args.strict) else EXIT_OK


def _in_changed_files(
    diags: list[Diagnostic], source: Path, base: str
) -> list[Diagnostic] | None:
    """The problems in files that differ from `base` (a revision; empty: the merge base
    with the default branch) in the working tree; None after saying why git cannot tell."""
    from mkdocs_cjm_plugin.core.revisions import GitProblem, Repo

    try:
        repo = Repo.find(source)
        commit = repo.commit(base) if base else repo.default_base()[0]
        changed = {(repo.root / path).resolve() for path in repo.changed_files(
            commit, "", definitions=False)}
    except GitProblem as problem:
        print(f"cjm: {printable(str(problem))}", file=sys.stderr)
        return None
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
